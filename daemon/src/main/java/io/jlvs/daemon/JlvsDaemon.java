package io.jlvs.daemon;

import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.fastpath.stats.TrafficStats;
import io.jlvs.fastpath.stats.TrafficTotals;
import io.jlvs.fastpath.worker.WorkerThread;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.config.IdleConfig;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.stats.StatsSource;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jlvs run}: EAL (main lcore = the control core), the data plane, the control plane
 * (journal and jlvsadm socket, {@link ControlPlaneDaemon}), one pinned thread per
 * worker core, the slow-path thread on the control core; a "ready" line naming each worker and its
 * CPU; on SIGTERM or SIGINT: workers stop, slow path stops, ports stop, EAL is cleaned up, exit 0.
 */
public final class JlvsDaemon {

    private final JlvsConfig config;
    private final PrintStream log;
    private final CountDownLatch stop = new CountDownLatch(1);

    public JlvsDaemon(JlvsConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /** Asks a running daemon to stop (what SIGTERM does). */
    public void requestStop() { stop.countDown(); }

    /** Runs with the control plane: the journal (config services on first start) and the jlvsadm socket. */
    public void run() throws Exception {
        run(null);
    }

    /** Runs with {@code rules} as the rule source, or with the control plane when null. */
    public void run(RuleSnapshots rules) throws Exception {
        int control = config.cores().control();
        List<Integer> cpus = config.cores().workers();
        List<String> eal = Capture.daemonEal(config);
        eal.add("-l");
        eal.add(String.valueOf(control));
        try (DpdkRuntime dpdk = DpdkRuntime.start(eal)) {
            // A restarted director announces nothing until it is ready again.
            io.jlvs.slowpath.bgp.VipAnnouncer announcer = config.bgp() == null ? null
                    : io.jlvs.slowpath.bgp.VipAnnouncer.of(config.bgp(), line -> log.println("jlvs: " + line));
            if (announcer != null) announcer.withdrawAll();
            DataPlane plane = new DataPlane(config, dpdk, cpus.size(), false, Map.of(), SystemEpochClock.INSTANCE);
            plane.neighbours.onChange(v -> log.println("jlvs: neighbour " + v));
            ControlPlaneDaemon controlPlane = null;
            LoadStats stats = new LoadStats(plane.load, plane.trafficTotals());
            if (rules != null) {
                plane.startRules(rules);
            } else {
                // The control plane's rule sets carry the timeouts (config, then --set): the snapshots take them to the workers.
                controlPlane = ControlPlaneDaemon.start(config, DataPlane.DEST_CAPACITY, plane.publisher,
                        stats, new WorkerConnections(plane.workers, plane.state, plane.clock));
                log.println("jlvs: control plane: journal " + config.journalDir() + ", jlvsadm socket "
                        + config.controlSocket().path());
                controlPlane.adminService().useFailover(plane.failover);
            }
            // VRRP transitions: a log line with the epoch ms (the lab measures takeovers from it), and a
            // journal event written off the slow path's thread (the journal syncs to disk).
            java.util.concurrent.ExecutorService journaling = java.util.concurrent.Executors.newSingleThreadExecutor(
                    r -> Thread.ofPlatform().name("jlvs-vrrp-journal").daemon().unstarted(r));
            ControlPlaneDaemon events = controlPlane;
            plane.transitions = t -> {
                log.println("jlvs: vrrp: " + t.time() + " " + t.describe());
                if (events != null) {
                    journaling.execute(() -> events.plane().journalEvent(java.time.Instant.ofEpochMilli(t.time()),
                            io.jlvs.slowpath.journal.JournalEntry.ORIGIN_VRRP, t.describe()));
                }
            };
            List<WorkerThread> threads = new ArrayList<>();
            for (int w = 0; w < cpus.size(); w++) {
                threads.add(new WorkerThread(plane.workers[w], cpus.get(w), idleStrategy(config.idle()), dpdk));
            }
            SlowPathThread slow = new SlowPathThread(plane.slowPath, control, dpdk);
            threads.forEach(WorkerThread::start);
            slow.start();
            awaitRunning(threads);
            // Started from this thread, which EAL pinned to the control core: its thread inherits that CPU.
            MetricsExporter metrics = config.metrics() == null || controlPlane == null ? null
                    : MetricsExporter.start(config.metrics(), controlPlane.plane(), stats,
                            new MetricsExporter.DataPlaneView(threads, plane.state.templates(), plane.failover), config.journalDir());
            if (metrics != null) {
                log.println("jlvs: metrics on http://" + config.metrics().address() + ":" + metrics.port() + "/metrics");
            }
            log.println(dpdk.capturePrefix() != null
                    ? "jlvs: packet capture: bin/jlvs capture --config FILE (dpdk-dumpcap --file-prefix=" + dpdk.capturePrefix() + ")"
                    : "jlvs: packet capture unavailable: DPDK runs without a shared configuration (" + String.join(" ", dpdk.ealArguments()) + ")");
            log.println(readyLine(plane, threads, control));
            StatusReport status = StatusReport.startIfAsked(plane, threads, log, control);
            java.util.concurrent.ScheduledExecutorService announcing = null;
            if (announcer != null) {
                announcing = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        r -> Thread.ofPlatform().name("jlvs-bgp").daemon().unstarted(r));
                announcing.scheduleWithFixedDelay(() -> announcer.update(
                        io.jlvs.slowpath.bgp.VipAnnouncer.healthyVips(plane.state.services())),
                        0, config.bgp().intervalMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            stop.await();
            if (status != null) status.close();
            log.println("jlvs: stopping");
            if (announcing != null) {
                // Withdrawn while the workers still forward: the peers move the flows away first.
                announcing.shutdown();
                announcing.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
                announcer.withdrawAll();
            }
            // Before the workers stop: they carry the slow path's frames out, the goodbye adverts too.
            if (!plane.slowPath.shutdownFailover(2_000)) log.println("jlvs: vrrp: priority-0 adverts not confirmed sent");
            if (metrics != null) metrics.close();
            for (WorkerThread t : threads) t.stop();
            slow.stop();
            journaling.shutdown();
            journaling.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            if (controlPlane != null) controlPlane.close();
            plane.counterLines().forEach(line -> log.println("jlvs:   " + line));
            plane.close();
            for (EthPort p : plane.ports) p.stop();
            for (EthPort p : plane.exceptions) if (p != null) p.stop();
        } // EAL cleanup
        log.println("jlvs: stopped");
    }

    private static void awaitRunning(List<WorkerThread> threads) throws InterruptedException {
        for (WorkerThread t : threads) {
            while (t.tid() == 0 && t.failure() == null && t.thread().isAlive()) Thread.sleep(1);
            if (t.failure() != null) throw new IllegalStateException("worker on cpu " + t.cpu() + " failed to start: " + t.failure(), t.failure());
        }
    }

    private String readyLine(DataPlane plane, List<WorkerThread> threads, int control) {
        StringBuilder s = new StringBuilder("jlvs: ready:");
        for (WorkerThread t : threads) {
            s.append(" worker ").append(t.worker().index()).append(" on cpu ").append(t.cpu()).append(" (tid ").append(t.tid()).append("),");
        }
        s.append(" slow path on cpu ").append(control).append(";");
        for (PortInfo p : plane.portInfos) {
            s.append(" port ").append(p.name()).append(' ').append(plane.ports[p.index()].name())
                    .append(" mac ").append(macText(p.mac())).append(';');
        }
        s.append(' ').append(plane.state.services().serviceCount()).append(" service(s); jvm uptime ")
                .append(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()).append(" ms");
        return s.toString();
    }

    /**
     * What jlvsadm's listings read from the workers without locks: ActiveConn/InActConn/PersistConn
     * (DestinationLoad) and --stats counters (each processor's TrafficStats, summed).
     */
    record LoadStats(DestinationLoad load, TrafficTotals traffic) implements StatsSource {
        public Counters service(int serviceId) { return counters(traffic.service(serviceId)); }

        public Counters destination(int destId) { return counters(traffic.destination(destId)); }

        private static Counters counters(long[] v) {
            return new Counters(v[TrafficStats.CONNS], v[TrafficStats.IN_PACKETS], v[TrafficStats.OUT_PACKETS],
                    v[TrafficStats.IN_BYTES], v[TrafficStats.OUT_BYTES]);
        }

        public ConnectionCounts connections(int destId) {
            return destId < load.capacity()
                    ? new ConnectionCounts(load.active(destId), load.inactive(destId), load.persistent(destId))
                    : ConnectionCounts.NONE;
        }
    }

    static String macText(long mac) {
        StringBuilder s = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) s.append(':');
            s.append(String.format("%02x", (mac >>> shift) & 0xff));
        }
        return s.toString();
    }

    static IdleStrategy idleStrategy(IdleConfig idle) {
        return switch (idle.strategy()) {
            case BUSY_SPIN -> new BusySpinIdleStrategy();
            case BACKOFF -> new BackoffIdleStrategy(idle.maxSpins(), idle.maxYields(), idle.minParkNs(), idle.maxParkNs());
            case SLEEP -> new SleepingIdleStrategy(idle.sleepNs());
        };
    }

    /** The slow path's loop on the control core: punts answered within a millisecond when idle. */
    static final class SlowPathThread {
        private final SlowPathAgent agent;
        private final int cpu;
        private final DpdkRuntime dpdk;
        private final Thread thread;
        private volatile boolean running = true;

        SlowPathThread(SlowPathAgent agent, int cpu, DpdkRuntime dpdk) {
            this.agent = agent;
            this.cpu = cpu;
            this.dpdk = dpdk;
            this.thread = new Thread(this::run, "jlvs-slow-path");
        }

        void start() { thread.start(); }

        private void run() {
            IdleStrategy idle = new BackoffIdleStrategy(10, 5, 1_000, 1_000_000);
            try {
                dpdk.registerCurrentThread(cpu);
                while (running) idle.idle(agent.doWork());
            } catch (Throwable t) {
                System.err.println("jlvs: slow path failed: " + t);
                t.printStackTrace();
            } finally {
                try {
                    dpdk.unregisterCurrentThread();
                } catch (RuntimeException ignored) {
                    // closing
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
