package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a real server's health, as the control plane journals it. An event, not a rule
 * change: replaying the journal does not re-apply it (after a restart every server starts {@link
 * HealthState#UP} and the checks learn its state again).
 *
 * @param onFailure what being {@link HealthState#DOWN} does to the server: what {@code to == DOWN}
 *                  applies and what a transition from DOWN undoes
 * @param reason    why, for the log and {@code jlvsadm --journal}: the checks' own words
 */
public record HealthEvent(Instant time, ServerRef server, HealthState from, HealthState to, OnFailure onFailure, String reason) {

    public HealthEvent {
        Objects.requireNonNull(time);
        Objects.requireNonNull(server);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(onFailure);
        Objects.requireNonNull(reason);
    }

    /** True when the server is out of (new) service after this event. */
    public boolean takesOut() { return to == HealthState.DOWN; }

    /**
     * One line for the log and the journal listing, e.g.
     * {@code -t 10.0.0.1:80 -r 192.168.1.11:80: UP -> DOWN, quiesced (weight 0): 3 checks failed in a row, last: ...}.
     */
    public String describe() {
        return server + ": " + from + " -> " + to + ", " + effect() + ": " + reason;
    }

    /** What the transition does to the server in the published rule set. */
    public String effect() {
        boolean quiesce = onFailure == OnFailure.QUIESCE;
        if (from == HealthState.DOWN && to == HealthState.DOWN) return quiesce ? "now quiesced (weight 0)" : "now removed";
        if (to == HealthState.DOWN) return quiesce ? "quiesced (weight 0)" : "removed";
        return quiesce ? "weight restored" : "added back";
    }
}
