package io.jlvs.bindings.dpdk;

/**
 * DPDK cannot be used in this process: the jlvs shim or one of DPDK's shared libraries could not be
 * loaded. The message names the Debian package to install.
 */
public final class DpdkUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DpdkUnavailableException(String message) {
        super(message);
    }
}
