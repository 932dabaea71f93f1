package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine alone: results in, transitions and delays out. */
class ServerHealthTest {

    private static final ServerRef SERVER = Fixtures.server(8080);
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProbeResult PASS = ProbeResult.healthy("answered 200");
    private static final ProbeResult FAIL = ProbeResult.failed("connection refused");
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private static ServerHealth health(int retries, int rise, HealthState initial) {
        return new ServerHealth(SERVER, new CheckPolicy(INTERVAL, Duration.ofSeconds(2), retries, RETRY_DELAY, rise, true, OnFailure.QUIESCE), initial);
    }

    @Test
    void retriesFailuresInARowTakeAServerDownAndOnePassBringsItBack() {
        ServerHealth health = health(3, 1, HealthState.UP);
        assertEquals(Optional.empty(), health.record(FAIL, T));
        assertEquals(Optional.empty(), health.record(FAIL, T));
        HealthEvent down = health.record(FAIL, T.plusSeconds(2)).orElseThrow();
        assertEquals(new HealthEvent(T.plusSeconds(2), SERVER, HealthState.UP, HealthState.DOWN, OnFailure.QUIESCE,
                "3 checks failed in a row, last: connection refused"), down);
        assertEquals(HealthState.DOWN, health.state());

        HealthEvent up = health.record(PASS, T.plusSeconds(7)).orElseThrow();
        assertEquals(new HealthEvent(T.plusSeconds(7), SERVER, HealthState.DOWN, HealthState.UP, OnFailure.QUIESCE, "answered 200"), up);
    }

    @Test
    void aPassInBetweenStartsTheFailureCountAgain() {
        ServerHealth health = health(2, 1, HealthState.UP);
        health.record(FAIL, T);
        health.record(PASS, T);
        assertEquals(Optional.empty(), health.record(FAIL, T));
        assertTrue(health.record(FAIL, T).isPresent());
    }

    @Test
    void withRetriesOneTheFirstFailureTakesItDownAndSaysWhy() {
        ServerHealth health = health(1, 1, HealthState.UP);
        assertEquals("connection refused", health.record(FAIL, T).orElseThrow().reason());
    }

    @Test
    void aFailedCheckOfAnUpServerIsRetriedSoonerThanTheIntervalAsKeepalivedDoes() {
        ServerHealth health = health(3, 1, HealthState.UP);
        assertEquals(INTERVAL, health.nextDelay());
        health.record(FAIL, T);
        assertEquals(RETRY_DELAY, health.nextDelay(), "retrying toward down");
        health.record(FAIL, T);
        health.record(FAIL, T);
        assertEquals(INTERVAL, health.nextDelay(), "down: routine checks");
        health.record(PASS, T);
        assertEquals(INTERVAL, health.nextDelay());
    }

    @Test
    void riseAboveOneNeedsThatManyPassesInARow() {
        ServerHealth health = health(1, 2, HealthState.DOWN);
        assertEquals(Optional.empty(), health.record(PASS, T));
        assertEquals(Optional.empty(), health.record(FAIL, T), "a failure restarts the count; down is still down");
        assertEquals(Optional.empty(), health.record(PASS, T));
        assertEquals("2 checks passed in a row, last: answered 200", health.record(PASS, T).orElseThrow().reason());
    }

    @Test
    void aDownServerFailingAgainOrAnUpServerPassingIsNoTransition() {
        ServerHealth down = health(1, 1, HealthState.DOWN);
        assertEquals(Optional.empty(), down.record(FAIL, T));
        ServerHealth up = health(1, 1, HealthState.UP);
        assertEquals(Optional.empty(), up.record(PASS, T));
    }

    @Test
    void theConfigMeansStartUpRetryEachIntervalAndComeBackAfterOnePass() {
        HealthCheckConfig configured = new HealthCheckConfig(HealthCheckConfig.Type.TCP_CONNECT, null, null, null, 3000, 1000, 4, null, null);
        CheckPolicy policy = CheckPolicy.of(configured);
        assertEquals(new CheckPolicy(Duration.ofSeconds(3), Duration.ofSeconds(1), 4, Duration.ofSeconds(3), 1, true, OnFailure.REMOVE), policy);
    }

    @Test
    void eventsSayWhatTheyDoToTheServer() {
        HealthEvent quiesced = new HealthEvent(T, SERVER, HealthState.UP, HealthState.DOWN, OnFailure.QUIESCE, "3 checks failed in a row, last: x");
        assertEquals("-t 10.0.0.1:80 -r 127.0.0.1:8080: UP -> DOWN, quiesced (weight 0): 3 checks failed in a row, last: x", quiesced.describe());
        assertEquals("added back", new HealthEvent(T, SERVER, HealthState.DOWN, HealthState.UP, OnFailure.REMOVE, "ok").effect());
        assertEquals("weight restored", new HealthEvent(T, SERVER, HealthState.DOWN, HealthState.UNCHECKED, OnFailure.QUIESCE, "no longer checked").effect());
    }
}
