package io.jlvs.slowpath.health;

import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.jlvs.slowpath.health.Fixtures.rules;
import static io.jlvs.slowpath.health.Fixtures.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The published rule set: configured rules with down servers quiesced or removed. */
class HealthOverlayTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static HealthEvent event(int port, HealthState from, HealthState to, OnFailure onFailure) {
        return new HealthEvent(T, server(port), from, to, onFailure, "test");
    }

    private static List<String> servers(RuleSet rules) {
        return rules.services().getFirst().servers().stream()
                .map(r -> r.destId() + "=" + r.port() + "/w" + r.weight() + "/last" + r.lastWeight()).toList();
    }

    @Test
    void nothingDownPublishesTheConfiguredRulesThemselves() throws Exception {
        RuleSet configured = rules(2, 8001, 8002);
        assertSame(configured, HealthOverlay.NONE.applyTo(configured));
    }

    @Test
    void aQuiescedServerKeepsItsPlaceIdAndThresholdsWithWeightZero() throws Exception {
        RuleSet configured = rules(2, 8001, 8002, 8003);
        HealthOverlay overlay = HealthOverlay.NONE.with(event(8002, HealthState.UP, HealthState.DOWN, OnFailure.QUIESCE));
        assertEquals(List.of("2=8003/w2/last2", "1=8002/w0/last2", "0=8001/w2/last2"), servers(overlay.applyTo(configured)));
        assertEquals(configured.nextDestId(), overlay.applyTo(configured).nextDestId());
    }

    @Test
    void aRemovedServerIsLeftOutAndEveryTransitionFromDownPutsItBack() throws Exception {
        RuleSet configured = rules(2, 8001, 8002);
        HealthOverlay removed = HealthOverlay.NONE.with(event(8001, HealthState.UP, HealthState.DOWN, OnFailure.REMOVE));
        assertEquals(List.of("1=8002/w2/last2"), servers(removed.applyTo(configured)));

        for (HealthState back : List.of(HealthState.UP, HealthState.UNCHECKED)) {
            HealthOverlay restored = removed.with(event(8001, HealthState.DOWN, back, OnFailure.REMOVE));
            assertSame(configured, restored.applyTo(configured));
        }
    }

    @Test
    void aDownServerThatIsNotInTheRulesChangesNothing() throws Exception {
        RuleSet configured = rules(2, 8001);
        HealthOverlay overlay = HealthOverlay.NONE.with(event(9999, HealthState.UP, HealthState.DOWN, OnFailure.REMOVE));
        assertEquals(configured.services(), overlay.applyTo(configured).services());
    }

    @Test
    void anOperatorsWeightZeroStaysZeroAndKeepsItsLastWeight() throws Exception {
        RuleSet configured = rules(0, 8001);
        RealServer quiesced = HealthOverlay.NONE.with(event(8001, HealthState.UP, HealthState.DOWN, OnFailure.QUIESCE))
                .applyTo(configured).services().getFirst().servers().getFirst();
        assertEquals(List.of(0, 0), List.of(quiesced.weight(), quiesced.lastWeight()));
    }
}
