package io.jlvs.daemon;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control-plane daemon as a real process, updated through the real bin/jlvsadm, killed with
 * SIGKILL in the middle of the stream, restarted on the same journal: jlvsadm -S -n must print the
 * rule set of the acknowledged updates. The one update in flight at the kill was not acknowledged;
 * it may or may not have reached the journal, so the restarted rule set is the acknowledged one, or
 * the acknowledged one plus that update, never anything else.
 */
class KillDashNineTest {

    @TempDir
    Path dir;

    private ControlPlaneProcess processes;

    @BeforeEach
    void processes() { processes = new ControlPlaneProcess(dir); }

    @AfterEach
    void stopEverything() throws InterruptedException {
        processes.close();
    }

    private Path config() throws IOException {
        Path config = dir.resolve("jlvs.yaml");
        Files.writeString(config, TestDirectorConfig.header(dir) + """
                services:
                  - protocol: tcp
                    vip: 192.0.2.100
                    port: 80
                    scheduler: rr
                    real-servers:
                      - address: 192.0.2.21
                """);
        return config;
    }

    private Process startDaemon(Path config) throws IOException, InterruptedException { return processes.start(config); }

    private ControlPlaneProcess.Result jlvsadm(String commandLine) throws IOException, InterruptedException {
        return processes.jlvsadm(commandLine);
    }

    private ControlPlaneProcess.Result jlvsadm(String commandLine, String stdin) throws IOException, InterruptedException {
        return processes.jlvsadm(commandLine, stdin);
    }

    /** Updates that each succeed when applied in order: services, servers, weight edits, deletions. */
    private static List<String> updates() {
        List<String> updates = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            String vip = "-t 192.0.2." + (100 + s) + ":80";
            updates.add("-A " + vip + " -s wlc");
            for (int r = 1; r <= 6; r++) updates.add("-a " + vip + " -r 10.0." + s + "." + r + ":8080 -m -w " + r);
            for (int r = 1; r <= 6; r += 2) updates.add("-e " + vip + " -r 10.0." + s + "." + r + ":8080 -m -w 0");
            updates.add("-d " + vip + " -r 10.0." + s + ".2:8080");
        }
        return updates;
    }

    @Test
    void restartShowsExactlyTheAcknowledgedRules() throws Exception {
        Path config = config();
        Process daemon = startDaemon(config);

        AtomicInteger acknowledged = new AtomicInteger();
        Thread killer = Thread.ofPlatform().start(() -> {
            try {
                while (acknowledged.get() < 12) Thread.sleep(5);
                Thread.sleep(137);   // somewhere inside a later request
                daemon.destroyForcibly();   // SIGKILL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> acked = new ArrayList<>();
        String inFlight = null;
        try {
            for (String update : updates()) {
                ControlPlaneProcess.Result r = jlvsadm(update);
                if (r.exit() != 0) {
                    assertTrue(acked.size() >= 12, "refused before the kill: " + update + ": " + r.stderr());
                    inFlight = update;
                    break;
                }
                acked.add(update);
                acknowledged.incrementAndGet();
            }
        } finally {
            killer.interrupt();
            killer.join();
        }
        assertTrue(daemon.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, daemon.exitValue(), "killed by SIGKILL");
        assertTrue(inFlight != null, "the kill came before the stream ended");

        startDaemon(config);
        ControlPlaneProcess.Result saved = jlvsadm("-S -n");
        assertEquals(0, saved.exit(), saved.stderr());

        String expected = savedAfter(acked);
        List<String> withInFlight = new ArrayList<>(acked);
        withInFlight.add(inFlight);
        if (!saved.stdout().equals(expected)) {
            assertEquals(savedAfter(withInFlight), saved.stdout(),
                    "neither the acknowledged rules nor those plus the unacknowledged " + inFlight);
        }
        System.out.printf("kill -9 after %d acknowledged updates; in flight: %s (%s)%n", acked.size(), inFlight,
                saved.stdout().equals(expected) ? "not journaled" : "journaled before the kill");

        ControlPlaneProcess.Result more = jlvsadm("-a -t 192.0.2.100:80 -r 192.0.2.22");
        assertEquals(0, more.exit(), more.stderr());
        assertEquals(new ControlPlaneProcess.Result(255, "", "Destination already exists\n"), jlvsadm("-a -t 192.0.2.100:80 -r 192.0.2.22"),
                "the launcher passes ipvsadm's message and exit status through");

        assertEquals(new ControlPlaneProcess.Result(0, "", ""), jlvsadm("-R", "-C\n-A -u 192.0.2.100:53 -s sh\n-a -u 192.0.2.100:53 -r 192.0.2.23\n"));
        assertEquals(new ControlPlaneProcess.Result(0, "-A -u 192.0.2.100:53 -s sh\n-a -u 192.0.2.100:53 -r 192.0.2.23:53 -g -w 1\n", ""),
                jlvsadm("-S -n"), "-R read the launcher's standard input");
    }

    /** What ipvsadm -S -n would print after the config's service and {@code updates}, computed in-process. */
    private static String savedAfter(List<String> updates) {
        Jlvsadm reference = new Jlvsadm();
        reference.ok("-A -t 192.0.2.100:80 -s rr");
        reference.ok("-a -t 192.0.2.100:80 -r 192.0.2.21:80 -g -w 1");
        updates.forEach(reference::ok);
        return reference.ok("-S -n");
    }
}
