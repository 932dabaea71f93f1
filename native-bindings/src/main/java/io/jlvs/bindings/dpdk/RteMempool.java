package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Bindings for rte_mempool.h (DPDK 22.11), in the shape jextract generates. */
public final class RteMempool {
    private RteMempool() {}

    /** struct rte_mempool_memhdr (56 bytes): one memory chunk of a mempool. */
    public static final StructLayout rte_mempool_memhdr = MemoryLayout.structLayout(
            JAVA_LONG.withName("next"),
            JAVA_LONG.withName("mp"),
            JAVA_LONG.withName("addr"),
            JAVA_LONG.withName("iova"),
            JAVA_LONG.withName("len"),
            JAVA_LONG.withName("free_cb"),
            JAVA_LONG.withName("opaque")).withName("rte_mempool_memhdr");
    /** void *addr: the chunk's virtual address */
    public static final long rte_mempool_memhdr$addr = 16;
    /** size_t len: the chunk's length in bytes */
    public static final long rte_mempool_memhdr$len = 32;

    /**
     * typedef void (rte_mempool_mem_cb_t)(struct rte_mempool *mp, void *opaque,
     * struct rte_mempool_memhdr *memhdr, unsigned mem_idx)
     */
    public interface rte_mempool_mem_cb_t {
        FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER, C_INT);

        void apply(MemorySegment mp, MemorySegment opaque, MemorySegment memhdr, int mem_idx);

        /** An upcall stub for {@code fi}, valid while {@code arena} is alive. */
        static MemorySegment allocate(rte_mempool_mem_cb_t fi, Arena arena) {
            try {
                MethodHandle target = MethodHandles.lookup().findVirtual(rte_mempool_mem_cb_t.class, "apply",
                        DESC.toMethodType()).bindTo(fi);
                return Linker.nativeLinker().upcallStub(target, DESC, arena);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    // uint32_t rte_mempool_mem_iter(struct rte_mempool *mp, rte_mempool_mem_cb_t *mem_cb, void *mem_cb_arg)
    private static final class rte_mempool_mem_iter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_mempool_mem_iter", DESC);
    }

    public static MethodHandle rte_mempool_mem_iter$handle() {
        return rte_mempool_mem_iter.HANDLE;
    }

    /** uint32_t rte_mempool_mem_iter(struct rte_mempool *mp, rte_mempool_mem_cb_t *mem_cb, void *mem_cb_arg): calls mem_cb for each memory chunk; returns the number of chunks */
    public static int rte_mempool_mem_iter(MemorySegment mp, MemorySegment mem_cb, MemorySegment mem_cb_arg) {
        try {
            return (int) rte_mempool_mem_iter.HANDLE.invokeExact(mp, mem_cb, mem_cb_arg);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // void rte_mempool_free(struct rte_mempool *mp)
    private static final class rte_mempool_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_mempool_free", DESC);
    }

    public static MethodHandle rte_mempool_free$handle() {
        return rte_mempool_free.HANDLE;
    }

    /** void rte_mempool_free(struct rte_mempool *mp) */
    public static void rte_mempool_free(MemorySegment mp) {
        try {
            rte_mempool_free.HANDLE.invokeExact(mp);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int rte_mempool_avail_count(const struct rte_mempool *mp)
    private static final class rte_mempool_avail_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_mempool_avail_count", DESC);
    }

    public static MethodHandle rte_mempool_avail_count$handle() {
        return rte_mempool_avail_count.HANDLE;
    }

    /** unsigned int rte_mempool_avail_count(const struct rte_mempool *mp) */
    public static int rte_mempool_avail_count(MemorySegment mp) {
        try {
            return (int) rte_mempool_avail_count.HANDLE.invokeExact(mp);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int rte_mempool_in_use_count(const struct rte_mempool *mp)
    private static final class rte_mempool_in_use_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_mempool_in_use_count", DESC);
    }

    public static MethodHandle rte_mempool_in_use_count$handle() {
        return rte_mempool_in_use_count.HANDLE;
    }

    /** unsigned int rte_mempool_in_use_count(const struct rte_mempool *mp) */
    public static int rte_mempool_in_use_count(MemorySegment mp) {
        try {
            return (int) rte_mempool_in_use_count.HANDLE.invokeExact(mp);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // struct rte_mempool *rte_mempool_lookup(const char *name)
    private static final class rte_mempool_lookup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_mempool_lookup", DESC);
    }

    public static MethodHandle rte_mempool_lookup$handle() {
        return rte_mempool_lookup.HANDLE;
    }

    /** struct rte_mempool *rte_mempool_lookup(const char *name) */
    public static MemorySegment rte_mempool_lookup(MemorySegment name) {
        try {
            return (MemorySegment) rte_mempool_lookup.HANDLE.invokeExact(name);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
