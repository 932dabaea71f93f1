package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * Bindings for rte_pdump.h (DPDK 22.11, librte_pdump), in the shape jextract generates. The primary
 * process only initialises the framework: a secondary process (dpdk-dumpcap, dpdk-pdump) asks over
 * EAL's multi-process channel to enable capture, and the primary's rx/tx callbacks then copy matching
 * packets into the secondary's ring. Both calls return 0, or -1 with rte_errno set.
 */
public final class RtePdump {
    private RtePdump() {}

    // int rte_pdump_init(void)
    private static final class rte_pdump_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_pdump_init", DESC);
    }

    public static MethodHandle rte_pdump_init$handle() {
        return rte_pdump_init.HANDLE;
    }

    /** int rte_pdump_init(void): registers the pdump request handler on the multi-process channel. */
    public static int rte_pdump_init() {
        try {
            return (int) rte_pdump_init.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_pdump_uninit(void)
    private static final class rte_pdump_uninit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_pdump_uninit", DESC);
    }

    public static MethodHandle rte_pdump_uninit$handle() {
        return rte_pdump_uninit.HANDLE;
    }

    /** int rte_pdump_uninit(void): unregisters the handler (call before rte_eal_cleanup). */
    public static int rte_pdump_uninit() {
        try {
            return (int) rte_pdump_uninit.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
