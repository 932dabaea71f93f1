package io.jlvs.slowpath.health;

import io.jlvs.slowpath.ControlPlane;
import io.jlvs.slowpath.admin.AdminService;
import io.jlvs.slowpath.admin.ConnectionSource;
import io.jlvs.slowpath.admin.Response;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.journal.ChronicleJournal;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.stats.Statistics;
import io.jlvs.slowpath.stats.StatsSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.jlvs.slowpath.health.Fixtures.INTERVAL;
import static io.jlvs.slowpath.health.Fixtures.VIP_80;
import static io.jlvs.slowpath.health.Fixtures.server;
import static io.jlvs.slowpath.health.Fixtures.tcpCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane with its health checks wired in, against two real TCP servers on 127.0.0.1 and a
 * Chronicle journal; time is the test's ({@link ManualScheduler}), so each {@code advance(INTERVAL)}
 * is one more check. What jlvsadm shows is asked of the {@link AdminService} the socket serves.
 */
class ControlPlaneHealthTest {

    private static final int RETRIES = 2;

    @TempDir
    Path journalDir;

    private final List<RuleSet> published = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private LoopbackTcpServer failing;
    private LoopbackTcpServer healthy;

    private ManualScheduler time;
    private HealthMonitor monitor;
    private ControlPlane plane;
    private AdminService jlvsadm;

    @AfterEach
    void tearDown() throws Exception {
        stopControlPlane();
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    /** Starts (or restarts, on the same journal) the control plane and its checks (the journal's, none at first). */
    private void startControlPlane() throws IOException, RuleException {
        plane = ControlPlane.start(new ChronicleJournal(journalDir), 64, List.of(
                        op("-A -t 10.0.0.1:80 -s rr"),
                        op("-a -t 10.0.0.1:80 -r 127.0.0.1:" + failing.port() + " -m -w 3"),
                        op("-a -t 10.0.0.1:80 -r 127.0.0.1:" + healthy.port() + " -m -w 2")),
                rules -> () -> published.add(rules), new Statistics(StatsSource.NONE), Clock.systemUTC());
        jlvsadm = new AdminService(plane, ConnectionSource.NONE, 4096, PortNames.NONE);
        time = new ManualScheduler();
        monitor = new HealthMonitor(time, ProbeFactory.KERNEL_SOCKETS, plane);
        plane.startHealthChecks(monitor);
        time.runDue();
    }

    /** Both servers checked, through jlvsadm as an operator would: journaled like any rule. */
    private void addChecks(OnFailure onFailure) {
        for (int port : new int[] {failing.port(), healthy.port()}) {
            run("--add-check -t 10.0.0.1:80 -r 127.0.0.1:" + port + " --check-type tcp-connect --check-interval-ms "
                    + Fixtures.INTERVAL_MS + " --check-timeout-ms " + Fixtures.TIMEOUT_MS + " --check-retries " + RETRIES
                    + " --check-on-failure " + onFailure.configName());
        }
        assertEquals(tcpCheck(RETRIES, onFailure), plane.rules().checks().get(server(failing.port())));
        time.runDue();
    }

    private void stopControlPlane() {
        if (monitor != null) monitor.close();   // the monitor first, as ControlPlaneDaemon does
        if (plane != null) plane.close();
        monitor = null;
        plane = null;
    }

    private static Operation op(String line) throws RuleException { return RuleText.parse(line); }

    private String run(String commandLine) {
        Response r = jlvsadm.execute(List.of(commandLine.split(" ")), "", "cli:test");
        assertEquals(0, r.exitStatus(), commandLine + ": " + r.stderr());
        return r.stdout();
    }

    /** The failing server as published to the workers: its weight, or empty when it is out of the service. */
    private Optional<Integer> publishedWeight() {
        return published.getLast().service(VIP_80).orElseThrow().server(Fixtures.LOOPBACK, failing.port()).map(RealServer::weight);
    }

    /** The weight column of the failing server in {@code jlvsadm -L -n}, or empty when it is not listed. */
    private Optional<Integer> listedWeight() {
        var line = Pattern.compile("  -> 127\\.0\\.0\\.1:" + failing.port() + " +Masq +(\\d+) ").matcher(run("-L -n"));
        return line.find() ? Optional.of(Integer.parseInt(line.group(1))) : Optional.empty();
    }

    private List<JournalEntry> healthEntries() throws IOException {
        return plane.history().stream().filter(e -> e.origin().equals(JournalEntry.ORIGIN_HEALTH_CHECK)).toList();
    }

    @ParameterizedTest
    @EnumSource(OnFailure.class)
    void aStoppedServerIsTakenOutAsConfiguredJournaledNotReplayedAndRestoredOnRecovery(OnFailure onFailure) throws Exception {
        failing = LoopbackTcpServer.onAnyPort();
        healthy = LoopbackTcpServer.onAnyPort();
        toClose.add(failing);
        toClose.add(healthy);
        startControlPlane();
        addChecks(onFailure);
        String saved = run("-S -n");
        assertEquals(Optional.of(3), publishedWeight());
        assertEquals(Optional.of(3), listedWeight());

        failing.stop();
        time.advance(INTERVAL);
        assertEquals(Optional.of(3), publishedWeight(), "one failure of " + RETRIES + " leaves it in");

        time.advance(INTERVAL);
        Optional<Integer> out = onFailure == OnFailure.QUIESCE ? Optional.of(0) : Optional.empty();
        assertEquals(out, publishedWeight(), "taken out after " + RETRIES + " failures in a row");
        assertEquals(out, listedWeight(), "-L -n shows what is published");
        String downState = onFailure == OnFailure.QUIESCE ? "DOWN:quiesced" : "DOWN:removed";
        String health = run("-L -n --health");
        assertTrue(health.lines().anyMatch(l -> l.matches("  -> 127\\.0\\.0\\.1:" + failing.port() + " +Masq +3 +" + downState + " +tcp-connect")),
                "--health lists the configured server with its state: " + health);
        assertTrue(health.lines().anyMatch(l -> l.matches("  -> 127\\.0\\.0\\.1:" + healthy.port() + " +Masq +2 +UP +tcp-connect")), health);
        assertEquals(saved, run("-S -n"), "-S -n shows the configured rules, untouched by health");
        assertEquals(3, plane.rules().service(VIP_80).orElseThrow().server(Fixtures.LOOPBACK, failing.port()).orElseThrow().weight());
        List<JournalEntry> events = healthEntries();
        assertEquals(1, events.size());
        assertEquals(List.of(), events.getFirst().operations(), "an event: nothing for replay to apply");
        String effect = onFailure == OnFailure.QUIESCE ? "quiesced (weight 0)" : "removed";
        assertTrue(events.getFirst().text().startsWith("-t 10.0.0.1:80 -r 127.0.0.1:" + failing.port() + ": UP -> DOWN, " + effect + ": "),
                events.getFirst().text());

        // An operator's change while the server is down: the overlay stays over the new configured rules.
        run("-e -t 10.0.0.1:80 -r 127.0.0.1:" + healthy.port() + " -m -w 5");
        assertEquals(out, publishedWeight(), "still out after a submit");

        // Restart on the same journal: the health event is not re-applied, the checks are (journaled rules),
        // and they start from UP, as keepalived's do: one failure so far.
        stopControlPlane();
        startControlPlane();
        assertEquals(Optional.of(3), publishedWeight(), "back at its configured weight after replay");
        assertEquals(Optional.of(3), listedWeight());
        assertEquals(1, healthEntries().size());
        assertEquals(tcpCheck(RETRIES, onFailure), plane.rules().checks().get(server(failing.port())), "the check replayed");

        // Checked again: it is still stopped, so out again; then it recovers and is restored.
        time.advance(INTERVAL);
        assertEquals(out, publishedWeight(), "found down again by the restarted checks");
        failing.start();
        time.advance(INTERVAL);
        assertEquals(Optional.of(3), publishedWeight(), "restored with its configured weight");
        assertEquals(Optional.of(3), listedWeight());
        assertEquals(saved.replace("-w 2", "-w 5"), run("-S -n"));

        List<JournalEntry> all = healthEntries();
        assertEquals(3, all.size());
        assertTrue(all.get(2).text().contains(": DOWN -> UP, " + (onFailure == OnFailure.QUIESCE ? "weight restored" : "added back")),
                all.get(2).text());

        String journal = run("--journal");
        long healthLines = journal.lines().filter(l -> l.matches("\\S+ \\S+ healthcheck -t 10\\.0\\.0\\.1:80 -r 127\\.0\\.0\\.1:"
                + failing.port() + ": (UP -> DOWN|DOWN -> UP), .*")).count();
        assertEquals(3, healthLines, journal);
        assertTrue(journal.lines().anyMatch(l -> l.matches("\\S+ \\S+ cli:test -e -t 10\\.0\\.0\\.1:80 -r 127\\.0\\.0\\.1:\\d+ -m -w 5 .*")), journal);
        assertTrue(journal.lines().anyMatch(l -> l.matches("\\S+ \\S+ cli:test --add-check -t 10\\.0\\.0\\.1:80 -r 127\\.0\\.0\\.1:"
                + failing.port() + " --check-type tcp-connect .* --check-retries 2 --check-on-failure " + onFailure.configName())), journal);
    }
}
