package io.jlvs.slowpath;

import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.config.HealthCheckConfig.Type;
import io.jlvs.slowpath.journal.ChronicleJournal;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.stats.Statistics;
import io.jlvs.slowpath.stats.StatsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health checks as rules: jlvsadm adds, changes and removes them, each journaled and replayed at start;
 * a check belongs to its server, so it goes with it; refusals change nothing.
 */
class HealthCheckRulesTest {

    private static final ServiceKey WEB = ServiceKey.tcp(0x0a000001, 80);
    private static final ServerRef RS1 = new ServerRef(WEB, 0xc0a8010b, 80);
    private static final HealthCheckConfig TCP = new HealthCheckConfig(Type.TCP_CONNECT, null, null, null, null, null, null, null, null);

    @TempDir
    Path dir;

    private ControlPlane start(List<Operation> config) throws IOException, RuleException {
        return ControlPlane.start(new ChronicleJournal(dir), 64, config, RulePublisher.NONE, new Statistics(StatsSource.NONE), Clock.systemUTC());
    }

    private static List<Operation> ops(String... lines) throws RuleException {
        List<Operation> ops = new ArrayList<>();
        for (String line : lines) ops.add(RuleText.parse(line));
        return ops;
    }

    @Test
    void checksAddedChangedAndRemovedByJlvsadmAreJournaledAndReplayed() throws Exception {
        try (ControlPlane plane = start(ops("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 192.168.1.11", "-a -t 10.0.0.1:80 -r 192.168.1.12"))) {
            plane.submit("cli:root", ops("--add-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type tcp-connect"));
            plane.submit("cli:root", ops("--add-check -t 10.0.0.1:80 -r 192.168.1.12 --check-type tcp-connect"));
            plane.submit("cli:root", ops("--edit-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type http-get --check-path /ok --check-on-failure quiesce"));
            plane.submit("cli:root", ops("--del-check -t 10.0.0.1:80 -r 192.168.1.12"));
        }
        try (ControlPlane plane = start(List.of())) {
            assertEquals(Map.of(RS1, new HealthCheckConfig(Type.HTTP_GET, null, "/ok", null, null, null, null, OnFailure.QUIESCE, null)),
                    plane.rules().checks());
            List<String> lines = plane.history().stream().flatMap(e -> e.operations().stream()).map(RuleText::format)
                    .filter(l -> l.contains("-check")).toList();
            assertEquals(List.of(
                    "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect --check-interval-ms 5000 --check-timeout-ms 2000 --check-retries 3 --check-on-failure remove",
                    "--add-check -t 10.0.0.1:80 -r 192.168.1.12:80 --check-type tcp-connect --check-interval-ms 5000 --check-timeout-ms 2000 --check-retries 3 --check-on-failure remove",
                    "--edit-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type http-get --check-path /ok --check-status 200 --check-interval-ms 5000 --check-timeout-ms 2000 --check-retries 3 --check-on-failure quiesce",
                    "--del-check -t 10.0.0.1:80 -r 192.168.1.12:80"), lines);
        }
    }

    @Test
    void aCheckNeedsItsServerAndGoesWithIt() throws Exception {
        try (ControlPlane plane = start(ops("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 192.168.1.11", "-A -t 10.0.0.1:0 -s rr -p",
                "-a -t 10.0.0.1:0 -r 192.168.1.13"))) {
            assertRefused(plane, "No such destination", "--add-check -t 10.0.0.1:80 -r 192.168.1.99 --check-type tcp-connect");
            assertRefused(plane, "Service not defined", "--add-check -t 10.0.0.2:80 -r 192.168.1.11 --check-type tcp-connect");
            assertRefused(plane, "jlvs: the server has no health check (--add-check adds one)",
                    "--edit-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type tcp-connect");
            assertRefused(plane, "jlvs: the server has no health check", "--del-check -t 10.0.0.1:80 -r 192.168.1.11");
            assertRefused(plane, "jlvs: the server has port 0 (a port-0 service), so its health check needs --check-port",
                    "--add-check -t 10.0.0.1:0 -r 192.168.1.13 --check-type tcp-connect");
            plane.submit("cli:root", ops("--add-check -t 10.0.0.1:0 -r 192.168.1.13 --check-type tcp-connect --check-port 22"));
            plane.submit("cli:root", ops("--add-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type tcp-connect"));
            assertRefused(plane, "jlvs: the server already has a health check (--edit-check changes it)",
                    "--add-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type http-get");
            assertEquals(TCP, plane.rules().checks().get(RS1), "a refused change changes nothing");

            plane.submit("cli:root", ops("-e -t 10.0.0.1:80 -r 192.168.1.11 -w 5"));
            assertEquals(TCP, plane.rules().checks().get(RS1), "-e keeps the server, and its check");
            plane.submit("cli:root", ops("-d -t 10.0.0.1:80 -r 192.168.1.11"));
            assertEquals(null, plane.rules().checks().get(RS1), "-d takes the check with the server");
            plane.submit("cli:root", ops("-a -t 10.0.0.1:80 -r 192.168.1.11"));
            assertEquals(null, plane.rules().checks().get(RS1), "added back: a new server, unchecked");
            plane.submit("cli:root", ops("-D -t 10.0.0.1:0"));
            assertEquals(Map.of(), plane.rules().checks(), "-D takes its servers' checks");
        }
        try (ControlPlane plane = start(List.of())) {
            assertEquals(Map.of(), plane.rules().checks(), "the replay agrees");
        }
    }

    @Test
    void theConfigsChecksAreJournaledOnFirstStartWithItsServices() throws Exception {
        List<Operation> config = ops("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 192.168.1.11",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type tcp-connect");
        try (ControlPlane plane = start(config)) {
            assertEquals(Map.of(RS1, TCP), plane.rules().checks());
            plane.submit("cli:root", ops("--del-check -t 10.0.0.1:80 -r 192.168.1.11"));
        }
        try (ControlPlane plane = start(config)) {
            assertEquals(Map.of(), plane.rules().checks(), "after the first start the journal is the truth, as for services");
        }
    }

    /**
     * A journal from before checks were journaled holds none: its daemon took the config's checks at
     * every start. It takes them once, journaled, for the servers still in its rules.
     */
    @Test
    void aJournalFromBeforeJournaledChecksTakesTheConfigsOnce() throws Exception {
        try (ControlPlane plane = start(ops("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 192.168.1.11", "-a -t 10.0.0.1:80 -r 192.168.1.12"))) {
            plane.submit("cli:root", ops("-d -t 10.0.0.1:80 -r 192.168.1.12"));
        }
        List<Operation> configWithChecks = ops("-A -t 10.0.0.1:80 -s rr",
                "-a -t 10.0.0.1:80 -r 192.168.1.11", "--add-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type tcp-connect",
                "-a -t 10.0.0.1:80 -r 192.168.1.12", "--add-check -t 10.0.0.1:80 -r 192.168.1.12 --check-type tcp-connect");
        try (ControlPlane plane = start(configWithChecks)) {
            assertEquals(Map.of(RS1, TCP), plane.rules().checks(), "the deleted server's check is not taken");
            JournalEntry last = plane.history().getLast();
            assertEquals(JournalEntry.ORIGIN_CONFIG, last.origin());
            assertEquals(ops("--add-check -t 10.0.0.1:80 -r 192.168.1.11 --check-type tcp-connect"), last.operations());
            plane.submit("cli:root", ops("--del-check -t 10.0.0.1:80 -r 192.168.1.11"));
        }
        try (ControlPlane plane = start(configWithChecks)) {
            assertEquals(Map.of(), plane.rules().checks(), "taken once: the journal now has checks of its own");
        }
    }

    private static void assertRefused(ControlPlane plane, String message, String line) throws RuleException {
        RuleException e = org.junit.jupiter.api.Assertions.assertThrows(RuleException.class, () -> plane.submit("cli:root", ops(line)), line);
        assertEquals(message, e.getMessage(), line);
        assertTrue(e.exitStatus() == RuleException.REFUSED, line);
    }
}
