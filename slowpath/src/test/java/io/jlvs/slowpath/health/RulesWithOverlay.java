package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the control plane does with health events, in miniature: keeps every event (its journal) and
 * the overlay, and publishes overlay over configured rules.
 */
final class RulesWithOverlay implements HealthActions {

    final List<HealthEvent> journal = new ArrayList<>();
    private RuleSet configured;
    private HealthOverlay overlay = HealthOverlay.NONE;

    RulesWithOverlay(RuleSet configured) {
        this.configured = configured;
    }

    @Override
    public synchronized void apply(HealthEvent event) {
        journal.add(event);
        overlay = overlay.with(event);
    }

    synchronized void configure(RuleSet rules) { configured = rules; }

    synchronized RuleSet published() { return overlay.applyTo(configured); }

    synchronized List<HealthEvent> events() { return List.copyOf(journal); }

    /** The published server, empty when it is out of the service. */
    Optional<RealServer> published(ServerRef ref) {
        return published().service(ref.service()).flatMap(s -> s.server(ref.address(), ref.port()));
    }
}
