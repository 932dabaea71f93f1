package io.jlvs.slowpath.health;

import io.jlvs.model.ForwardMethod;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.VirtualService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which servers to check. Checks are defined per real server (the config file; later perhaps
 * jlvsadm), and apply to the servers that are in the configured rule set now: a checked server that
 * an operator deletes stops being checked, and is checked again if added back.
 */
public final class HealthTargets {

    private static final System.Logger LOG = System.getLogger(HealthTargets.class.getName());

    private HealthTargets() {}

    /** The checks the config's services define, by the server they watch. */
    public static Map<ServerRef, HealthCheckConfig> checksFromConfig(List<ServiceConfig> services) {
        Map<ServerRef, HealthCheckConfig> checks = new LinkedHashMap<>();
        for (ServiceConfig service : services) {
            ServiceKey key = service.protocol() == ServiceConfig.Protocol.UDP
                    ? ServiceKey.udp(service.vip().bits(), service.port())
                    : ServiceKey.tcp(service.vip().bits(), service.port());
            for (RealServerConfig server : service.realServers()) {
                if (server.healthCheck() != null) {
                    // As ConfigServices adds it: -g/-i servers take the service's port (ipvsadm does the same).
                    int port = server.method() == ForwardMethod.NAT ? server.port() : service.port();
                    checks.put(new ServerRef(key, server.address().bits(), port), server.healthCheck());
                }
            }
        }
        return checks;
    }

    /**
     * The checks for the servers in {@code configured} (the rule set before the overlay: a server held
     * out by its check must stay checked). A check whose server has port 0 and which names no port of
     * its own cannot run: it is logged and left out.
     */
    public static List<CheckTarget> of(RuleSet configured, Map<ServerRef, HealthCheckConfig> checks) {
        List<CheckTarget> targets = new ArrayList<>();
        for (VirtualService service : configured.services()) {
            for (RealServer server : service.servers()) {
                ServerRef ref = ServerRef.of(service.key(), server);
                HealthCheckConfig check = checks.get(ref);
                if (check == null) continue;
                try {
                    targets.add(new CheckTarget(ref, check));
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "health check not started: " + e.getMessage());
                }
            }
        }
        return targets;
    }
}
