package io.jlvs.slowpath.rules;

import io.jlvs.model.Ipv4Text;

/**
 * A real server as IPVS identifies it: its service, address and port. A health check and its state
 * belong to this pair, so the same machine in two services is checked, and can fail, separately (as
 * in keepalived).
 */
public record ServerRef(ServiceKey service, int address, int port) {

    public static ServerRef of(ServiceKey service, RealServer server) {
        return new ServerRef(service, server.address(), server.port());
    }

    public boolean is(RealServer server) { return server.sameEndpoint(address, port); }

    /** ipvsadm's way of naming a real server: {@code -t 10.0.0.1:80 -r 192.168.1.11:80}. */
    @Override
    public String toString() { return service.option() + " -r " + Ipv4Text.endpoint(address, port); }
}
