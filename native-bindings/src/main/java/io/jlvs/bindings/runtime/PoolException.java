package io.jlvs.bindings.runtime;

/** A mempool could not be created or mapped. */
public final class PoolException extends DpdkException {
    private static final long serialVersionUID = 1L;

    public PoolException(String message, int errno) {
        super(message, errno);
    }

    public PoolException(String message, int errno, String advice) {
        super(message, errno, advice);
    }
}
