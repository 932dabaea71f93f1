package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jlvs.slowpath.health.Fixtures.INTERVAL;
import static io.jlvs.slowpath.health.Fixtures.LOOPBACK;
import static io.jlvs.slowpath.health.Fixtures.VIP_80;
import static io.jlvs.slowpath.health.Fixtures.httpCheck;
import static io.jlvs.slowpath.health.Fixtures.rules;
import static io.jlvs.slowpath.health.Fixtures.server;
import static io.jlvs.slowpath.health.Fixtures.tcpCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servers and checks come and go with the rules: checkers start, carry their state over, stop. */
class HealthMonitorReconfigurationTest {

    private final ManualScheduler time = new ManualScheduler();
    private final List<LoopbackTcpServer> realServers = new ArrayList<>();
    /** Checks run per port, counted around the real kernel-socket probes. */
    private final Map<Integer, AtomicInteger> checksByPort = new ConcurrentHashMap<>();
    private final ProbeFactory countingProbes = check -> {
        Probe real = ProbeFactory.KERNEL_SOCKETS.probeFor(check);
        return (target, timeout) -> {
            checksByPort.computeIfAbsent(target.getPort(), p -> new AtomicInteger()).incrementAndGet();
            return real.check(target, timeout);
        };
    };
    private RulesWithOverlay controlPlane;
    private HealthMonitor monitor;

    private LoopbackTcpServer realServer() throws Exception {
        LoopbackTcpServer s = LoopbackTcpServer.onAnyPort();
        realServers.add(s);
        return s;
    }

    private void startMonitor(RuleSet configured) {
        controlPlane = new RulesWithOverlay(configured);
        monitor = new HealthMonitor(time, countingProbes, controlPlane);
    }

    /** Checks {@code a} (weight 1, quiesce after one failure), stops it and lets the check find that out. */
    private void quiescedAfterOneFailure(LoopbackTcpServer a) throws Exception {
        startMonitor(rules(1, a.port()));
        monitor.update(List.of(new CheckTarget(server(a.port()), tcpCheck(1, OnFailure.QUIESCE))));
        a.stop();
        time.runDue();
        assertEquals(Map.of(server(a.port()), HealthState.DOWN), monitor.states());
    }

    private int checks(LoopbackTcpServer s) { return checksByPort.getOrDefault(s.port(), new AtomicInteger()).get(); }

    @AfterEach
    void tearDown() throws Exception {
        if (monitor != null) monitor.close();
        for (LoopbackTcpServer s : realServers) s.close();
    }

    @Test
    void anAddedServerIsCheckedAndARemovedOneIsNotCheckedAnyMore() throws Exception {
        LoopbackTcpServer a = realServer();
        LoopbackTcpServer b = realServer();
        startMonitor(rules(1, a.port()));
        monitor.update(List.of(new CheckTarget(server(a.port()), tcpCheck(2, OnFailure.REMOVE))));
        time.runDue();
        assertEquals(1, checks(a));
        assertEquals(0, checks(b));

        monitor.update(List.of(new CheckTarget(server(a.port()), tcpCheck(2, OnFailure.REMOVE)),
                new CheckTarget(server(b.port()), tcpCheck(2, OnFailure.REMOVE))));
        time.advance(INTERVAL);
        assertEquals(2, checks(a), "kept: not restarted by the update");
        assertEquals(2, checks(b), "its first check at once, then one interval later");

        monitor.update(List.of(new CheckTarget(server(b.port()), tcpCheck(2, OnFailure.REMOVE))));
        for (int i = 0; i < 3; i++) time.advance(INTERVAL);
        assertEquals(2, checks(a), "stopped");
        assertEquals(5, checks(b));
        assertEquals(Map.of(server(b.port()), HealthState.UP), monitor.states());

        monitor.update(List.of());
        assertEquals(0, time.pending(), "nothing left scheduled");
        assertEquals(Map.of(), monitor.states());
    }

    @Test
    void aDownServerThatIsNoLongerCheckedComesBackIntoService() throws Exception {
        LoopbackTcpServer a = realServer();
        startMonitor(rules(4, a.port()));
        monitor.update(List.of(new CheckTarget(server(a.port()), tcpCheck(1, OnFailure.REMOVE))));
        a.stop();
        time.runDue();
        assertTrue(controlPlane.published(server(a.port())).isEmpty());

        monitor.update(List.of());   // its health check was taken out of the config
        HealthEvent last = controlPlane.events().getLast();
        assertEquals(List.of(HealthState.DOWN, HealthState.UNCHECKED, "no longer checked"), List.of(last.from(), last.to(), last.reason()));
        assertEquals(4, controlPlane.published(server(a.port())).orElseThrow().weight(), "an unchecked server is always in service");
    }

    @Test
    void aServerDeletedByTheOperatorAndAddedBackIsNotHeldOutByItsOldState() throws Exception {
        LoopbackTcpServer a = realServer();
        ServerRef ref = server(a.port());
        RuleSet configured = rules(2, a.port());
        Map<ServerRef, HealthCheckConfig> checks = Map.of(ref, tcpCheck(1, OnFailure.QUIESCE));
        startMonitor(configured);
        monitor.update(HealthTargets.of(configured, checks));
        a.stop();
        time.runDue();
        assertEquals(0, controlPlane.published(ref).orElseThrow().weight());

        RuleSet deleted = Fixtures.apply(configured, new Operation.DeleteServer(VIP_80, LOOPBACK, a.port()));
        controlPlane.configure(deleted);
        monitor.update(HealthTargets.of(deleted, checks));
        assertEquals(Map.of(), monitor.states());

        a.start();
        controlPlane.configure(configured);
        monitor.update(HealthTargets.of(configured, checks));
        assertEquals(2, controlPlane.published(ref).orElseThrow().weight(), "a new server starts up, as in keepalived");
        time.runDue();
        assertEquals(Map.of(ref, HealthState.UP), monitor.states());
    }

    @Test
    void aChangedCheckReplacesTheCheckerButKeepsTheServerDown() throws Exception {
        LoopbackTcpServer a = realServer();
        ServerRef ref = server(a.port());
        quiescedAfterOneFailure(a);
        int eventsWhenDown = controlPlane.events().size();

        monitor.update(List.of(new CheckTarget(ref, tcpCheck(5, OnFailure.QUIESCE))));
        assertEquals(Map.of(ref, HealthState.DOWN), monitor.states());
        assertEquals(eventsWhenDown, controlPlane.events().size(), "no news: it is still down");
        assertEquals(1, time.pending(), "only the new checker is scheduled");

        a.start();
        time.runDue();
        assertEquals(HealthState.UP, controlPlane.events().getLast().to());
    }

    @Test
    void changingOnFailureWhileDownSwitchesFromQuiescedToRemoved() throws Exception {
        LoopbackTcpServer a = realServer();
        ServerRef ref = server(a.port());
        quiescedAfterOneFailure(a);
        assertEquals(0, controlPlane.published(ref).orElseThrow().weight());

        monitor.update(List.of(new CheckTarget(ref, tcpCheck(1, OnFailure.REMOVE))));
        HealthEvent last = controlPlane.events().getLast();
        assertEquals("now removed", last.effect());
        assertTrue(controlPlane.published(ref).isEmpty());
    }

    @Test
    void aCheckOnItsOwnPortWatchesThatPortNotTheServers() throws Exception {
        LoopbackTcpServer service = realServer();
        LoopbackTcpServer status = realServer();
        startMonitor(rules(1, service.port()));
        HealthCheckConfig onStatusPort = new HealthCheckConfig(HealthCheckConfig.Type.TCP_CONNECT, status.port(), null, null,
                Fixtures.INTERVAL_MS, Fixtures.TIMEOUT_MS, 1, OnFailure.REMOVE, null);
        monitor.update(List.of(new CheckTarget(server(service.port()), onStatusPort)));
        time.runDue();
        assertEquals(List.of(0, 1), List.of(checks(service), checks(status)));
    }

    @Test
    void aServerCanHaveOnlyOneCheck() throws Exception {
        startMonitor(rules(1, 8080));
        assertThrows(IllegalArgumentException.class, () -> monitor.update(List.of(
                new CheckTarget(server(8080), tcpCheck(1, OnFailure.REMOVE)),
                new CheckTarget(server(8080), httpCheck("/", 200, 1, OnFailure.REMOVE)))));
    }

    @Test
    void closeStopsEveryCheckAndTheScheduler() throws Exception {
        LoopbackTcpServer a = realServer();
        startMonitor(rules(1, a.port()));
        monitor.update(List.of(new CheckTarget(server(a.port()), tcpCheck(1, OnFailure.REMOVE))));
        time.runDue();
        monitor.close();

        assertEquals(0, time.pending());
        assertTrue(time.closed);
        assertThrows(IllegalStateException.class, () -> monitor.update(List.of()));
    }
}
