package io.jlvs.slowpath.health;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One kind of check, over one transport. The kernel-socket probes ({@link TcpConnectProbe}, {@link
 * HttpGetProbe}) reach a server only where the control core's kernel has a route to it; a probe that
 * speaks TCP through the DPDK ports would implement this same interface (see {@link ProbeFactory}).
 */
public interface Probe {

    /**
     * Checks {@code target} once, blocking for about {@code timeout} at most. An unhealthy server is a
     * result, never an exception. Called from one thread at a time per server; may be interrupted when
     * the monitor shuts down.
     */
    ProbeResult check(InetSocketAddress target, Duration timeout);
}
