package io.jlvs.daemon;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/jlvs run} on a virtual device at full speed: net_pcap looping a capture of DR
 * connections forever (infinite_rx), every frame forwarded to a real server and dropped by the
 * driver's tx: the ready line names the worker and its CPU, jlvsadm lists the config's service through the
 * embedded control plane, the worker thread's affinity read from
 * /proc/PID/task/TID/status is the core the config names, the GC log shows no collection after
 * warm-up while the worker runs, and SIGTERM stops it cleanly (exit 0, ports stopped, EAL cleaned
 * up). Runs {@code jlvs.daemon.seconds} (default 10) after the ready line; the acceptance run is
 * {@code mvn -pl slowpath test -Dtest=DaemonRunTest -Djlvs.daemon.seconds=60}.
 */
class DaemonRunTest {

    /** GCs in the first seconds after "ready" belong to warm-up (JIT, class loading, first snapshots). */
    static final long WARM_UP_MS = 3_000;

    @Test
    void runsPinnedWithoutGcAfterWarmUpAndStopsCleanlyOnSigterm() throws Exception {
        long seconds = Long.getLong("jlvs.daemon.seconds", 10);
        Path dir = ReplayGoldenTest.fresh("daemon");
        Path gcLog = dir.resolve("gc.log");
        // DR connections from two clients through the router, looped forever by the pcap driver
        // (infinite_rx; no tx file: what the worker transmits is dropped by the driver).
        Path capture = dir.resolve("dr-connections.pcap");
        io.jlvs.bindings.pcap.PcapFile.write(capture, ReplayGoldenTest.clientOnlyConnections());
        Path config = ReplayGoldenTest.write(dir.resolve("jlvs.yaml"), """
                eal:
                  - "--vdev=net_pcap0,rx_pcap=%s,infinite_rx=1"
                """.formatted(capture) + ReplayGoldenTest.common(dir) + """
                ports:
                  - name: lan
                    device: net_pcap0
                    role: one-arm
                    addresses: [192.0.2.1/24]
                    gateway: 192.0.2.254
                    mac: "02:00:00:00:02:01"
                neighbours:
                  192.0.2.11: "02:00:00:00:01:11"
                  192.0.2.12: "02:00:00:00:01:12"
                services:
                  - protocol: tcp
                    vip: 192.0.2.100
                    port: 80
                    scheduler: rr
                    real-servers:
                      - address: 192.0.2.11
                        method: dr
                      - address: 192.0.2.12
                        method: dr
                """);

        Path log = dir.resolve("jlvs.out");
        Process p = startJlvs(config, log, "-Xlog:gc*:file=" + gcLog + ":uptimemillis");
        try {
            String ready = awaitReady(p, log);
            Matcher m = Pattern.compile("worker 0 on cpu (\\d+) \\(tid (\\d+)\\)").matcher(ready);
            assertTrue(m.find(), ready);
            assertEquals("1", m.group(1), "the ready line names the configured core: " + ready);
            String status = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "task", m.group(2), "status"));
            assertTrue(status.contains("Cpus_allowed_list:\t1\n"), "worker thread pinned to cpu 1:\n" + status);
            Matcher up = Pattern.compile("jvm uptime (\\d+) ms").matcher(ready);
            assertTrue(up.find(), ready);
            long readyUptime = Long.parseLong(up.group(1));

            String rules = jlvsadm(dir, "-L", "-n");
            assertTrue(rules.contains("TCP  192.0.2.100:80 rr") && rules.contains("192.0.2.11:80"),
                    "jlvsadm -L -n through the daemon's embedded control plane:\n" + rules);

            // The run the GC claim covers; the counters are then polled, since a loaded machine may
            // need longer than that for the worker to reach a million packets.
            Thread.sleep(seconds * 1000);
            Pattern serviceLine = Pattern.compile("TCP  192\\.0\\.2\\.100:80 +(\\d+) +(\\d+)");
            long statsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String stats = jlvsadm(dir, "-L", "-n", "--stats", "--exact");
            Matcher service = serviceLine.matcher(stats);
            while (!(service.find() && service.group(1).equals("8") && Long.parseLong(service.group(2)) > 1_000_000)
                    && System.nanoTime() < statsDeadline) {
                Thread.sleep(500);
                stats = jlvsadm(dir, "-L", "-n", "--stats", "--exact");
                service = serviceLine.matcher(stats);
            }
            service = serviceLine.matcher(stats);
            assertTrue(service.find(), stats);
            assertEquals("8", service.group(1), "the capture's 8 connections, counted by the workers:\n" + stats);
            assertTrue(Long.parseLong(service.group(2)) > 1_000_000, "InPkts from the workers' counters:\n" + stats);
            assertTrue(p.isAlive(), "still running: " + Files.readString(log));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s of SIGTERM");
            String output = Files.readString(log);
            assertEquals(0, p.exitValue(), "exit status after SIGTERM; output: " + output);
            assertTrue(output.contains("jlvs: stopped"), output);
            Matcher processed = Pattern.compile("worker 0: processed (\\d+)").matcher(output);
            assertTrue(processed.find(), output);
            assertTrue(Long.parseLong(processed.group(1)) > 1_000_000, "the worker ran at full speed: " + processed.group());
            Matcher transmitted = Pattern.compile("jlvs:   transmitted (\\d+)").matcher(output);
            assertTrue(transmitted.find(), output);
            assertEquals(processed.group(1), transmitted.group(1), "every frame forwarded to a real server: " + output);

            List<String> lateGcs = new ArrayList<>();
            Pattern pause = Pattern.compile("^\\[(\\d+)ms\\].*(Pause|GC\\()");
            for (String line : Files.readAllLines(gcLog)) {
                Matcher g = pause.matcher(line);
                if (g.find() && Long.parseLong(g.group(1)) > readyUptime + WARM_UP_MS) lateGcs.add(line);
            }
            assertEquals(List.of(), lateGcs, "no GC after warm-up (ready at " + readyUptime + " ms, " + seconds + " s run)");
            System.out.println("DaemonRunTest: " + processed.group() + " in " + seconds + " s, ready at " + readyUptime
                    + " ms, GC log lines " + Files.readAllLines(gcLog).size() + ", test JVM " + ManagementFactory.getRuntimeMXBean().getName());
        } finally {
            if (p.isAlive()) p.destroyForcibly().waitFor();
        }
    }

    /** {@code bin/jlvs run --config CONFIG} with this JVM's classpath and JDK, its output in {@code log}. */
    static Process startJlvs(Path config, Path log, String javaOpts) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of("..", "bin", "jlvs").toAbsolutePath().normalize().toString(),
                "run", "--config", config.toString());
        pb.environment().put("JLVS_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (javaOpts != null) pb.environment().put("JLVS_JAVA_OPTS", javaOpts);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    /** The daemon's ready line, within 120 s (a JVM, EAL and ports on a loaded machine). */
    static String awaitReady(Process p, Path log) throws Exception {
        String ready = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (ready == null && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(100);
            ready = Files.readAllLines(log).stream().filter(l -> l.startsWith("jlvs: ready:")).findFirst().orElse(null);
        }
        assertNotNull(ready, "no ready line within 120 s; output: " + Files.readString(log));
        return ready;
    }

    /** bin/jlvsadm against the daemon's control socket under {@code dir}. */
    static String jlvsadm(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "bin", "jlvsadm").toAbsolutePath().normalize().toString()));
        command.addAll(List.of(args));
        ProcessBuilder admin = new ProcessBuilder(command);
        admin.environment().put("JLVS_CLASSPATH", System.getProperty("java.class.path"));
        admin.environment().put("JAVA_HOME", System.getProperty("java.home"));
        admin.environment().put("JLVS_CONTROL_SOCKET", dir.resolve("control.sock").toString());
        admin.redirectErrorStream(true);
        Process listing = admin.start();
        String output = new String(listing.getInputStream().readAllBytes());
        assertTrue(listing.waitFor(30, TimeUnit.SECONDS));
        return output;
    }
}
