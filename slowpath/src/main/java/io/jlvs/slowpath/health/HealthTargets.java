package io.jlvs.slowpath.health;

import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.VirtualService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which servers to check: the configured rule set's checks (the config's health-checks, journaled on
 * first start, and jlvsadm's --add-check/--edit-check/--del-check). A check belongs to its server, so
 * a server that an operator deletes stops being checked and its check is gone with it.
 */
public final class HealthTargets {

    private static final System.Logger LOG = System.getLogger(HealthTargets.class.getName());

    private HealthTargets() {}

    /** The checks of the configured rule set, for the servers in it. */
    public static List<CheckTarget> of(RuleSet configured) {
        return of(configured, configured.checks());
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
