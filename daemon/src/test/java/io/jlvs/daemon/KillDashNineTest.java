package io.jlvs.daemon;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The control-plane daemon as a real process, updated through the real bin/jlvsadm, killed with
 * SIGKILL in the middle of the stream, restarted on the same journal: jlvsadm -S -n must print the
 * rule set of the acknowledged updates. The one update in flight at the kill was not acknowledged;
 * it may or may not have reached the journal, so the restarted rule set is the acknowledged one, or
 * the acknowledged one plus that update, never anything else.
 */
class KillDashNineTest {

    private static final Path JLVSADM = Path.of("..", "bin", "jlvsadm").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
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

    private Process startDaemon(Path config) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.stream(System.getProperty("jlvs.daemonFlags", "").split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JlvsMain.class.getName(),
                "control-plane", "--config", config.toString()));
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile()).start();
        processes.add(daemon);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("daemon.log")).contains("jlvsadm on")) {
            if (!daemon.isAlive()) fail("daemon exited: " + Files.readString(dir.resolve("daemon.log")));
            if (System.nanoTime() > deadline) fail("daemon did not start: " + Files.readString(dir.resolve("daemon.log")));
            Thread.sleep(50);
        }
        return daemon;
    }

    private record Result(int exit, String stdout, String stderr) {}

    private Result jlvsadm(String commandLine) throws IOException, InterruptedException {
        return jlvsadm(commandLine, "");
    }

    private Result jlvsadm(String commandLine, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JLVSADM.toString()));
        command.addAll(List.of(commandLine.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JLVS_CONTROL_SOCKET", dir.resolve("control.sock").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The launcher with this build's classes: build/jlvs/lib is made only when the daemon module is packaged, after its tests.
        builder.environment().put("JLVS_CLASSPATH", System.getProperty("java.class.path"));
        Process client = builder.start();
        processes.add(client);
        try (var in = client.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(client.waitFor(), out, err);
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
                Result r = jlvsadm(update);
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
        Result saved = jlvsadm("-S -n");
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

        Result more = jlvsadm("-a -t 192.0.2.100:80 -r 192.0.2.22");
        assertEquals(0, more.exit(), more.stderr());
        assertEquals(new Result(255, "", "Destination already exists\n"), jlvsadm("-a -t 192.0.2.100:80 -r 192.0.2.22"),
                "the launcher passes ipvsadm's message and exit status through");

        assertEquals(new Result(0, "", ""), jlvsadm("-R", "-C\n-A -u 192.0.2.100:53 -s sh\n-a -u 192.0.2.100:53 -r 192.0.2.23\n"));
        assertEquals(new Result(0, "-A -u 192.0.2.100:53 -s sh\n-a -u 192.0.2.100:53 -r 192.0.2.23:53 -g -w 1\n", ""),
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
