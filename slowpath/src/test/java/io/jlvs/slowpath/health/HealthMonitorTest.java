package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.rules.RealServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jlvs.slowpath.health.Fixtures.INTERVAL;
import static io.jlvs.slowpath.health.Fixtures.rules;
import static io.jlvs.slowpath.health.Fixtures.server;
import static io.jlvs.slowpath.health.Fixtures.tcpCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks against real TCP servers on 127.0.0.1, with time driven by the test: each
 * {@code advance(INTERVAL)} is one more check.
 */
class HealthMonitorTest {

    private final ManualScheduler time = new ManualScheduler();
    private LoopbackTcpServer realServer;
    private RulesWithOverlay controlPlane;
    private HealthMonitor monitor;
    private ServerRef ref;

    private void checkWith(int weight, int retries, OnFailure onFailure) throws Exception {
        realServer = LoopbackTcpServer.onAnyPort();
        ref = server(realServer.port());
        controlPlane = new RulesWithOverlay(rules(weight, realServer.port()));
        monitor = new HealthMonitor(time, ProbeFactory.KERNEL_SOCKETS, controlPlane);
        monitor.update(List.of(new CheckTarget(ref, tcpCheck(retries, onFailure))));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (monitor != null) monitor.close();
        if (realServer != null) realServer.close();
    }

    private int publishedWeight() { return controlPlane.published(ref).orElseThrow().weight(); }

    @Test
    void aServerThatAnswersStaysUpWithItsWeight() throws Exception {
        checkWith(3, 2, OnFailure.QUIESCE);
        time.runDue();
        for (int i = 0; i < 10; i++) time.advance(INTERVAL);

        assertEquals(Map.of(ref, HealthState.UP), monitor.states());
        assertEquals(List.of(), controlPlane.events());
        assertEquals(3, publishedWeight());
    }

    @Test
    void aStoppedServerIsQuiescedAfterRetriesFailuresInARowAndComesBackWithItsWeight() throws Exception {
        checkWith(3, 3, OnFailure.QUIESCE);
        time.runDue();
        realServer.stop();

        time.advance(INTERVAL);
        time.advance(INTERVAL);
        assertEquals(List.of(), controlPlane.events(), "two failures of three: still up");
        assertEquals(3, publishedWeight());

        time.advance(INTERVAL);
        HealthEvent down = controlPlane.events().getFirst();
        assertEquals(List.of(HealthState.UP, HealthState.DOWN, OnFailure.QUIESCE), List.of(down.from(), down.to(), down.onFailure()));
        assertTrue(down.reason().startsWith("3 checks failed in a row, last: tcp connect to 127.0.0.1:" + realServer.port()), down.reason());
        assertEquals(0, publishedWeight(), "quiesced: still listed, weight 0");
        assertEquals(3, controlPlane.published(ref).orElseThrow().lastWeight(), "mh keeps its slots by the last weight");

        for (int i = 0; i < 5; i++) time.advance(INTERVAL);
        assertEquals(1, controlPlane.events().size(), "a down server failing again is no news");

        realServer.start();
        time.advance(INTERVAL);
        HealthEvent up = controlPlane.events().getLast();
        assertEquals(List.of(HealthState.DOWN, HealthState.UP), List.of(up.from(), up.to()));
        assertEquals(3, publishedWeight());
    }

    @Test
    void aStoppedServerIsRemovedWhenSoConfiguredAndAddedBackWithItsWeightAndId() throws Exception {
        checkWith(2, 2, OnFailure.REMOVE);
        time.runDue();
        RealServer before = controlPlane.published(ref).orElseThrow();
        realServer.stop();

        time.advance(INTERVAL);
        assertTrue(controlPlane.published(ref).isPresent(), "one failure of two");
        time.advance(INTERVAL);
        assertTrue(controlPlane.published(ref).isEmpty(), "removed from the service");
        assertEquals(Map.of(ref, HealthState.DOWN), monitor.states());

        realServer.start();
        time.advance(INTERVAL);
        assertEquals(before, controlPlane.published(ref).orElseThrow(), "back as configured, same destination id");
    }

    @Test
    void aServerThatFailsOnceAndRecoversIsNeverTakenOut() throws Exception {
        checkWith(1, 2, OnFailure.REMOVE);
        time.runDue();
        realServer.stop();
        time.advance(INTERVAL);
        realServer.start();
        time.advance(INTERVAL);
        realServer.stop();
        time.advance(INTERVAL);
        realServer.start();
        time.advance(INTERVAL);

        assertEquals(List.of(), controlPlane.events(), "failures that are not in a row do not add up");
    }

    @Test
    void theRestoredWeightIsTheConfiguredWeightAtThatMomentIncludingAnOperatorsEdit() throws Exception {
        checkWith(3, 1, OnFailure.QUIESCE);
        time.runDue();
        realServer.stop();
        time.advance(INTERVAL);
        assertEquals(0, publishedWeight());

        controlPlane.configure(rules(7, realServer.port()));   // jlvsadm -e ... -w 7 while it is down
        assertEquals(0, publishedWeight(), "an edit does not bring a down server back");

        realServer.start();
        time.advance(INTERVAL);
        assertEquals(7, publishedWeight());
    }
}
