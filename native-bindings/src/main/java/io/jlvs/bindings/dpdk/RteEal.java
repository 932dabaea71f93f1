package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings for rte_eal.h, rte_lcore.h and rte_errno.h (DPDK 22.11), in the shape jextract generates:
 * one holder class per function with its {@code static final} descriptor and handle, resolved on first use.
 * rte_errno is thread-local in DPDK: read it through {@link JlvsShim#jlvs_rte_errno()} on the failing thread.
 */
public final class RteEal {
    private RteEal() {}

    /** LCORE_ID_ANY: rte_lcore_id() of a thread without an lcore. */
    public static final int LCORE_ID_ANY = -1;
    /** RTE_MAX_LCORE of Debian's build. */
    public static final int RTE_MAX_LCORE = 128;

    // int rte_eal_init(int argc, char **argv)
    private static final class rte_eal_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eal_init", DESC);
    }

    public static MethodHandle rte_eal_init$handle() {
        return rte_eal_init.HANDLE;
    }

    /** int rte_eal_init(int argc, char **argv): the number of arguments parsed, or -1 with rte_errno set. */
    public static int rte_eal_init(int argc, MemorySegment argv) {
        try {
            return (int) rte_eal_init.HANDLE.invokeExact(argc, argv);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eal_cleanup(void)
    private static final class rte_eal_cleanup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eal_cleanup", DESC);
    }

    public static MethodHandle rte_eal_cleanup$handle() {
        return rte_eal_cleanup.HANDLE;
    }

    /** int rte_eal_cleanup(void) */
    public static int rte_eal_cleanup() {
        try {
            return (int) rte_eal_cleanup.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_thread_register(void)
    private static final class rte_thread_register {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_thread_register", DESC);
    }

    public static MethodHandle rte_thread_register$handle() {
        return rte_thread_register.HANDLE;
    }

    /** int rte_thread_register(void): 0, or -1 with rte_errno set. */
    public static int rte_thread_register() {
        try {
            return (int) rte_thread_register.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // void rte_thread_unregister(void)
    private static final class rte_thread_unregister {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_thread_unregister", DESC);
    }

    public static MethodHandle rte_thread_unregister$handle() {
        return rte_thread_unregister.HANDLE;
    }

    /** void rte_thread_unregister(void) */
    public static void rte_thread_unregister() {
        try {
            rte_thread_unregister.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int rte_socket_id(void)
    private static final class rte_socket_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_socket_id", DESC);
    }

    public static MethodHandle rte_socket_id$handle() {
        return rte_socket_id.HANDLE;
    }

    /** unsigned int rte_socket_id(void): the NUMA socket of the calling thread's lcore. */
    public static int rte_socket_id() {
        try {
            return (int) rte_socket_id.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eal_has_hugepages(void)
    private static final class rte_eal_has_hugepages {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eal_has_hugepages", DESC);
    }

    public static MethodHandle rte_eal_has_hugepages$handle() {
        return rte_eal_has_hugepages.HANDLE;
    }

    /** int rte_eal_has_hugepages(void): non-zero when EAL runs on hugepages. */
    public static int rte_eal_has_hugepages() {
        try {
            return (int) rte_eal_has_hugepages.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // const char *rte_strerror(int errnum)
    private static final class rte_strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_strerror", DESC);
    }

    public static MethodHandle rte_strerror$handle() {
        return rte_strerror.HANDLE;
    }

    /** const char *rte_strerror(int errnum) */
    public static MemorySegment rte_strerror(int errnum) {
        try {
            return (MemorySegment) rte_strerror.HANDLE.invokeExact(errnum);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** rte_strerror(errnum) as a Java string (not jextract's: a convenience for messages). */
    public static String strerror(int errnum) {
        MemorySegment s = rte_strerror(errnum);
        return s.equals(MemorySegment.NULL) ? "error " + errnum : s.reinterpret(256).getString(0);
    }
}
