package io.jlvs.bindings.runtime;

/** An ethdev call on a named port failed, or the port does not exist. */
public final class PortException extends DpdkException {
    private static final long serialVersionUID = 1L;

    public PortException(String message, int errno) {
        super(message, errno);
    }

    public PortException(String message, int errno, String advice) {
        super(message, errno, advice);
    }
}
