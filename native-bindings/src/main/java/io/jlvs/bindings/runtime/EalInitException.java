package io.jlvs.bindings.runtime;

/** rte_eal_init failed: the message quotes the arguments, rte_errno and what EAL logged about it. */
public final class EalInitException extends DpdkException {
    private static final long serialVersionUID = 1L;

    public EalInitException(String message, int errno) {
        super(message, errno);
    }

    public EalInitException(String message, int errno, String advice) {
        super(message, errno, advice);
    }
}
