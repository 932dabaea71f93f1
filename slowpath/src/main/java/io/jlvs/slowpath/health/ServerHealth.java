package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One real server's health as a state machine over check results; no I/O and no clock of its own.
 * Not thread-safe: its {@link ServerChecker} calls it from one check at a time.
 *
 * <ul>
 *   <li>UP: a failure counts; {@code retries} in a row make it DOWN (retried after delayBeforeRetry).
 *       A pass resets the count.</li>
 *   <li>DOWN: checked every interval; {@code rise} passes in a row make it UP. A failure resets that count.</li>
 * </ul>
 */
final class ServerHealth {

    private final ServerRef server;
    private final CheckPolicy policy;
    private HealthState state;
    private int failuresInARow;
    private int passesInARow;

    ServerHealth(ServerRef server, CheckPolicy policy, HealthState initial) {
        if (initial == HealthState.UNCHECKED) throw new IllegalArgumentException("a checked server is UP or DOWN");
        this.server = server;
        this.policy = policy;
        this.state = initial;
    }

    HealthState state() { return state; }

    /** Takes one check's result; returns the transition it caused, if any. */
    Optional<HealthEvent> record(ProbeResult result, Instant now) {
        if (result.healthy()) {
            failuresInARow = 0;
            if (state == HealthState.UP) return Optional.empty();
            passesInARow++;
            if (passesInARow < policy.rise()) return Optional.empty();
            passesInARow = 0;
            String why = policy.rise() == 1 ? result.detail() : policy.rise() + " checks passed in a row, last: " + result.detail();
            return Optional.of(change(HealthState.UP, now, why));
        }
        passesInARow = 0;
        if (state == HealthState.DOWN) return Optional.empty();
        failuresInARow++;
        if (failuresInARow < policy.retries()) return Optional.empty();
        failuresInARow = 0;
        String why = policy.retries() == 1 ? result.detail() : policy.retries() + " checks failed in a row, last: " + result.detail();
        return Optional.of(change(HealthState.DOWN, now, why));
    }

    /** How long to wait before the next check: a retry comes sooner than a routine check (keepalived). */
    Duration nextDelay() {
        return state == HealthState.UP && failuresInARow > 0 ? policy.delayBeforeRetry() : policy.interval();
    }

    private HealthEvent change(HealthState to, Instant now, String why) {
        HealthEvent event = new HealthEvent(now, server, state, to, policy.onFailure(), why);
        state = to;
        return event;
    }
}
