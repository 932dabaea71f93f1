package io.jlvs.bindings.runtime;

import io.jlvs.bindings.dpdk.RteEal;

/**
 * A DPDK call failed. The message names what was being done (the argument, port or pool) and DPDK's
 * reason (rte_strerror of rte_errno, or of the negative errno the call returned).
 */
public class DpdkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public DpdkException(String message, int errno) {
        this(message, errno, "");
    }

    /** "message: rte_strerror(errno) (rte_errno N)" followed by {@code advice} (which starts with its own separator). */
    public DpdkException(String message, int errno, String advice) {
        super((errno == 0 ? message : message + ": " + describe(errno)) + advice);
        this.errno = errno;
    }

    /** The DPDK or system errno (positive), or 0 when none applies. */
    public int errno() {
        return errno;
    }

    /** "No such device (rte_errno 19)". */
    static String describe(int errno) {
        String text;
        try {
            text = RteEal.strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            text = "error";
        }
        return text + " (rte_errno " + errno + ")";
    }
}
