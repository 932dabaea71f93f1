package io.jlvs.slowpath.health;

import java.net.InetSocketAddress;
import java.time.Duration;

/** Small helpers the kernel-socket probes share. */
final class Probes {
    private Probes() {}

    /** A socket timeout in ms: at least 1, because 0 means "wait forever" to java.net. */
    static int millis(Duration timeout) {
        return (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    static String endpoint(InetSocketAddress target) {
        return target.getAddress().getHostAddress() + ":" + target.getPort();
    }
}
