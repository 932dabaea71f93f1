package io.jlvs.slowpath.health;

import io.jlvs.model.Ipv4Text;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.text.RuleText;

/**
 * A real server as IPVS identifies it: its service, address and port. Health state belongs to this
 * pair, so the same machine in two services is checked, and can fail, separately (as in keepalived).
 */
public record ServerRef(ServiceKey service, int address, int port) {

    public static ServerRef of(ServiceKey service, RealServer server) {
        return new ServerRef(service, server.address(), server.port());
    }

    public boolean is(RealServer server) { return server.sameEndpoint(address, port); }

    /** ipvsadm's way of naming a real server: {@code -t 10.0.0.1:80 -r 192.168.1.11:80}. */
    @Override
    public String toString() { return RuleText.service(service) + " -r " + Ipv4Text.endpoint(address, port); }
}
