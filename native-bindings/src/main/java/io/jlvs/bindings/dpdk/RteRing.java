package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings for rte_ring.h (DPDK 22.11), in the shape jextract generates. The enqueue and dequeue
 * calls are {@code static inline}: see {@link JlvsShim}.
 */
public final class RteRing {
    private RteRing() {}

    /** RING_F_SP_ENQ: the default enqueue is single-producer. */
    public static final int RING_F_SP_ENQ = 0x0001;
    /** RING_F_SC_DEQ: the default dequeue is single-consumer. */
    public static final int RING_F_SC_DEQ = 0x0002;
    /** RING_F_EXACT_SZ: the ring holds exactly count entries (rounded up internally). */
    public static final int RING_F_EXACT_SZ = 0x0004;

    // struct rte_ring *rte_ring_create(const char *name, unsigned int count, int socket_id, unsigned int flags)
    private static final class rte_ring_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_ring_create", DESC);
    }

    public static MethodHandle rte_ring_create$handle() {
        return rte_ring_create.HANDLE;
    }

    /** struct rte_ring *rte_ring_create(const char *name, unsigned int count, int socket_id, unsigned int flags): count is a power of two unless RING_F_EXACT_SZ; NULL with rte_errno set on failure */
    public static MemorySegment rte_ring_create(MemorySegment name, int count, int socket_id, int flags) {
        try {
            return (MemorySegment) rte_ring_create.HANDLE.invokeExact(name, count, socket_id, flags);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // void rte_ring_free(struct rte_ring *r)
    private static final class rte_ring_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_ring_free", DESC);
    }

    public static MethodHandle rte_ring_free$handle() {
        return rte_ring_free.HANDLE;
    }

    /** void rte_ring_free(struct rte_ring *r) */
    public static void rte_ring_free(MemorySegment r) {
        try {
            rte_ring_free.HANDLE.invokeExact(r);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // struct rte_ring *rte_ring_lookup(const char *name)
    private static final class rte_ring_lookup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_ring_lookup", DESC);
    }

    public static MethodHandle rte_ring_lookup$handle() {
        return rte_ring_lookup.HANDLE;
    }

    /** struct rte_ring *rte_ring_lookup(const char *name) */
    public static MemorySegment rte_ring_lookup(MemorySegment name) {
        try {
            return (MemorySegment) rte_ring_lookup.HANDLE.invokeExact(name);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
