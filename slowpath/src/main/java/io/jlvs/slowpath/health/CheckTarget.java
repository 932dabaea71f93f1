package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.model.Ipv4Text;
import io.jlvs.slowpath.config.HealthCheckConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A real server with the check that watches it.
 *
 * @param check as configured; its port (when given) replaces the server's port as the place to check
 */
public record CheckTarget(ServerRef server, HealthCheckConfig check) {

    public CheckTarget {
        Objects.requireNonNull(server);
        Objects.requireNonNull(check);
        if (checkPort(server, check) == 0) {
            throw new IllegalArgumentException(server + ": the server has port 0 (a port-0 service), so its health check needs a port");
        }
    }

    /** Where the probe connects: the server's address, the check's port or else the server's. */
    public InetSocketAddress endpoint() {
        try {
            return new InetSocketAddress(InetAddress.getByName(Ipv4Text.format(server.address())), checkPort(server, check));
        } catch (UnknownHostException e) {
            throw new AssertionError("a dotted quad always parses", e);
        }
    }

    private static int checkPort(ServerRef server, HealthCheckConfig check) {
        return check.port() != null ? check.port() : server.port();
    }
}
