package io.jlvs.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An operator adds health checks to a running {@code jlvs control-plane} with the real bin/jlvsadm (the
 * config has none), stops a real server on 127.0.0.1 and sees it taken out of {@code -L -n}, DOWN in
 * {@code -L -n --health}; removes the check and sees the server back; restarts the daemon on the same
 * journal and finds the remaining check replayed.
 */
class HealthCheckJlvsadmTest {

    @TempDir
    Path dir;

    private ControlPlaneProcess processes;

    @AfterEach
    void stop() throws InterruptedException {
        if (processes != null) processes.close();
    }

    /** A TCP server on 127.0.0.1 that accepts and closes (what a tcp-connect check needs). */
    private static ServerSocket listen() throws Exception { return ControlPlaneDaemonHealthTest.listen(0); }

    private String ok(String commandLine) throws Exception {
        ControlPlaneProcess.Result r = processes.jlvsadm(commandLine);
        assertEquals(0, r.exit(), "jlvsadm " + commandLine + ": " + r.stderr());
        return r.stdout();
    }

    /** Polls {@code jlvsadm commandLine} until its output satisfies {@code wanted} (30 s at most: a loaded 2-core machine). */
    private String await(String what, String commandLine, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String out = ok(commandLine);
            if (wanted.test(out)) return out;
            if (System.nanoTime() > deadline) fail(what + "; jlvsadm " + commandLine + ":\n" + out);
            Thread.sleep(100);
        }
    }

    private static Predicate<String> line(String regex) {
        return out -> out.lines().anyMatch(l -> l.matches(regex));
    }

    @Test
    void aCheckAddedToTheRunningDaemonTakesAStoppedServerOut() throws Exception {
        ServerSocket stopped = listen();
        ServerSocket running = listen();
        int a = stopped.getLocalPort();
        int b = running.getLocalPort();
        try {
            Path config = dir.resolve("jlvs.yaml");
            Files.writeString(config, TestDirectorConfig.header(dir) + """
                    services:
                      - protocol: tcp
                        vip: 192.0.2.100
                        port: 80
                        scheduler: rr
                        real-servers:
                          - address: 127.0.0.1
                            port: %d
                            method: nat
                          - address: 127.0.0.1
                            port: %d
                            method: nat
                    """.formatted(a, b));
            processes = new ControlPlaneProcess(dir);
            processes.start(config);
            String check = " --check-type tcp-connect --check-interval-ms 50 --check-timeout-ms 1000 --check-retries 2";
            ok("--add-check -t 192.0.2.100:80 -r 127.0.0.1:" + a + check);
            ok("--add-check -t 192.0.2.100:80 -r 127.0.0.1:" + b + check);
            await("both checked and up", "-L -n --health", line("  -> 127\\.0\\.0\\.1:" + a + " +Masq +1 +UP +tcp-connect")
                    .and(line("  -> 127\\.0\\.0\\.1:" + b + " +Masq +1 +UP +tcp-connect")));

            stopped.close();
            String list = await("the stopped server taken out", "-L -n", out -> !out.contains("127.0.0.1:" + a));
            assertTrue(list.contains("127.0.0.1:" + b), list);
            await("its state shown", "-L -n --health", line("  -> 127\\.0\\.0\\.1:" + a + " +Masq +1 +DOWN:removed +tcp-connect"));

            ok("--del-check -t 192.0.2.100:80 -r 127.0.0.1:" + a);
            await("an unchecked server is in service", "-L -n", out -> out.contains("127.0.0.1:" + a));
            String journal = ok("--journal");
            assertTrue(journal.lines().anyMatch(l -> l.contains(" --add-check -t 192.0.2.100:80 -r 127.0.0.1:" + a + " --check-type tcp-connect")), journal);
            assertTrue(journal.lines().anyMatch(l -> l.contains(" --del-check -t 192.0.2.100:80 -r 127.0.0.1:" + a)), journal);
        } finally {
            running.close();
        }
        processes.close();

        processes = new ControlPlaneProcess(dir);
        processes.start(dir.resolve("jlvs.yaml"));
        // Neither server listens any more: b's replayed check finds it down; a has no check left.
        await("the replayed check at work", "-L -n --health", line("  -> 127\\.0\\.0\\.1:" + b + " +Masq +1 +DOWN:removed +tcp-connect")
                .and(line("  -> 127\\.0\\.0\\.1:" + a + " +Masq +1 +-")));
    }
}
