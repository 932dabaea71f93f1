package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The servers health checks hold out of service, laid over the configured rule set when it is
 * published. The control plane keeps two things apart: the configured rule set (what operations and
 * the journal make; what the next operation is checked against) and this overlay (what health events
 * make; never replayed). Published = {@code overlay.applyTo(configured)}.
 *
 * <p>Keeping them apart is what makes replay safe: if a removal by health check were applied to the
 * rule set itself, an operator's later {@code -a} of that server would be journaled, and on replay
 * (where the removal is not re-applied) it would meet the server still there and be refused.
 * It also gives the restore its weight: the configured weight as it is then, operator edits included.
 * Immutable.
 */
public record HealthOverlay(Map<ServerRef, OnFailure> down) {

    public static final HealthOverlay NONE = new HealthOverlay(Map.of());

    public HealthOverlay {
        down = Map.copyOf(down);
    }

    /** The overlay after {@code event}. */
    public HealthOverlay with(HealthEvent event) {
        Map<ServerRef, OnFailure> next = new HashMap<>(down);
        if (event.to() == HealthState.DOWN) {
            next.put(event.server(), event.onFailure());
        } else {
            next.remove(event.server());
        }
        return new HealthOverlay(next);
    }

    /**
     * {@code configured} with every down server quiesced (weight 0; last weight kept for mh, as IPVS
     * keeps last_weight) or removed. Only for publishing: do not edit the result.
     */
    public RuleSet applyTo(RuleSet configured) {
        if (down.isEmpty()) return configured;
        List<VirtualService> services = new ArrayList<>(configured.services().size());
        for (VirtualService service : configured.services()) {
            List<RealServer> servers = new ArrayList<>(service.servers().size());
            for (RealServer server : service.servers()) {
                OnFailure action = down.get(ServerRef.of(service.key(), server));
                if (action == null) {
                    servers.add(server);
                } else if (action == OnFailure.QUIESCE) {
                    servers.add(quiesced(server));
                }
            }
            services.add(new VirtualService(service.serviceId(), service.key(), service.settings(), servers));
        }
        return configured.withServices(services);
    }

    private static RealServer quiesced(RealServer s) {
        int lastWeight = s.weight() > 0 ? s.weight() : s.lastWeight();
        return new RealServer(s.destId(), s.address(), s.port(), s.method(), 0, s.upperThreshold(), s.lowerThreshold(), lastWeight);
    }
}
