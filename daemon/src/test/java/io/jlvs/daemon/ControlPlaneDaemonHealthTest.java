package io.jlvs.daemon;

import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.admin.AdminService;
import io.jlvs.slowpath.admin.ConnectionSource;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.stats.StatsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What {@code jlvs run} and {@code jlvs control-plane} get from {@link ControlPlaneDaemon}: the config's health
 * checks running in real time (20 ms interval; a 10 s check timeout, since a stopped server refuses at once)
 * against real servers on 127.0.0.1, with their effect
 * in the published snapshot, in {@code jlvsadm -L -n} and in the journal.
 */
class ControlPlaneDaemonHealthTest {

    @TempDir
    Path dir;

    /** A TCP server on 127.0.0.1:{@code port} (0: any) that accepts and closes each connection. */
    static ServerSocket listen(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread.ofVirtual().start(() -> {
            while (true) {
                try (Socket ignored = s.accept()) {
                    // a TCP check only needs the connection to open
                } catch (Exception closed) {
                    return;
                }
            }
        });
        return s;
    }

    private Path config(int quiescedPort, int removedPort) throws Exception {
        Path config = dir.resolve("jlvs.yaml");
        String check = """
                        health-check:
                          type: tcp-connect
                          interval-ms: 20
                          timeout-ms: 10000
                          retries: 2
                          on-failure: %s
                """;
        Files.writeString(config, TestDirectorConfig.header(dir) + """
                services:
                  - protocol: tcp
                    vip: 192.0.2.100
                    port: 80
                    scheduler: wrr
                    real-servers:
                      - address: 127.0.0.1
                        port: %d
                        method: nat
                        weight: 3
                %s      - address: 127.0.0.1
                        port: %d
                        method: nat
                        weight: 2
                %s""".formatted(quiescedPort, check.formatted("quiesce"), removedPort, check.formatted("remove")));
        return config;
    }

    private static void await(String what, ControlPlaneDaemon daemon, Predicate<RuleSet> published) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!published.test(daemon.plane().published())) {
            if (System.nanoTime() > deadline) fail(what + "; published: " + daemon.plane().published());
            Thread.sleep(10);
        }
    }

    private static String listing(ControlPlaneDaemon daemon, String args) {
        return new AdminService(daemon.plane(), ConnectionSource.NONE, 4096, PortNames.NONE)
                .execute(List.of(args.split(" ")), "", "cli:test").stdout();
    }

    @Test
    void theConfigsChecksTakeStoppedServersOutAndPutThemBack() throws Exception {
        ServerSocket quiesced = listen(0);
        ServerSocket removed = listen(0);
        int q = quiesced.getLocalPort();
        int r = removed.getLocalPort();
        var config = ConfigLoader.load(config(q, r));
        try (ControlPlaneDaemon daemon = ControlPlaneDaemon.start(config, new DestinationLoad(1, ControlPlaneDaemon.DESTINATION_CAPACITY),
                port -> 0, StatsSource.NONE, ConnectionSource.NONE)) {
            String saved = listing(daemon, "-S -n");
            quiesced.close();
            removed.close();
            await("both servers out", daemon, rules -> {
                var service = rules.services().getFirst();
                return service.servers().size() == 1 && service.servers().getFirst().port() == q && service.servers().getFirst().weight() == 0;
            });
            String list = listing(daemon, "-L -n");
            assertTrue(list.matches("(?s).*\n  -> 127\\.0\\.0\\.1:" + q + " +Masq +0 .*"), list);
            assertTrue(!list.contains("127.0.0.1:" + r), list);
            assertEquals(saved, listing(daemon, "-S -n"), "-S -n: the configured rules");
            var configured = daemon.plane().rules().services().getFirst();
            int quiescedId = configured.server(0x7f00_0001, q).orElseThrow().destId();
            int removedId = configured.server(0x7f00_0001, r).orElseThrow().destId();
            var table = daemon.forwarding().services();
            assertTrue(table.hasDestination(quiescedId), "the fast path keeps the quiesced server");
            assertTrue(!table.hasDestination(removedId), "and has no removed one");

            quiesced = listen(q);
            removed = listen(r);
            await("both servers back", daemon, rules -> rules.equals(daemon.plane().rules()));
            String journal = listing(daemon, "--journal");
            assertEquals(4, journal.lines().filter(l -> l.contains(" healthcheck -t 192.0.2.100:80 -r 127.0.0.1:")).count(), journal);
            assertEquals(4, daemon.plane().history().stream().filter(e -> e.origin().equals(JournalEntry.ORIGIN_HEALTH_CHECK)).count());
        } finally {
            quiesced.close();
            removed.close();
        }
    }
}
