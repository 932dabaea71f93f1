package io.jlvs.slowpath.health;

import io.jlvs.slowpath.config.HealthCheckConfig;

/** Makes the probe for a configured check: where a different transport plugs in. */
@FunctionalInterface
public interface ProbeFactory {

    Probe probeFor(HealthCheckConfig check);

    /** Checks through the kernel's sockets from the control core's network namespace. */
    ProbeFactory KERNEL_SOCKETS = check -> switch (check.type()) {
        case TCP_CONNECT -> new TcpConnectProbe();
        case HTTP_GET -> new HttpGetProbe(check.path(), check.status(), check.host());
    };
}
