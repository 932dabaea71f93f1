package io.jlvs.daemon;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.ConfigServices;
import io.jlvs.slowpath.ControlPlane;
import io.jlvs.slowpath.admin.AdminServer;
import io.jlvs.slowpath.admin.AdminService;
import io.jlvs.slowpath.admin.ConnectionSource;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.health.ExecutorCheckScheduler;
import io.jlvs.slowpath.health.HealthMonitor;
import io.jlvs.slowpath.health.HealthTargets;
import io.jlvs.slowpath.health.ProbeFactory;
import io.jlvs.slowpath.journal.ChronicleJournal;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.snapshot.ServiceTableBuilder;
import io.jlvs.slowpath.snapshot.SnapshotPublisher;
import io.jlvs.slowpath.stats.RateEstimator;
import io.jlvs.slowpath.stats.Statistics;
import io.jlvs.slowpath.stats.StatsSource;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;

/**
 * The control plane as a running service: journal replay, snapshot publishing, rate estimation every
 * 2 s, the admin socket and the health checks the config's real servers name (kernel sockets: see
 * slowpath/README.md, "Where the probes cannot reach"). {@code jlvs control-plane} runs it alone; the data-plane daemon embeds it,
 * passing its workers' {@link DestinationLoad}, counters, connection tables and port MACs.
 */
public final class ControlPlaneDaemon implements AutoCloseable {
    /** Destination ids the fast path has counters for. */
    public static final int DESTINATION_CAPACITY = 1 << 16;

    private final ControlPlane plane;
    private final AdminServer admin;
    private final ScheduledExecutorService estimator;
    private final ForwardingState forwarding;
    private final HealthMonitor health;

    private ControlPlaneDaemon(ControlPlane plane, AdminServer admin, ScheduledExecutorService estimator, ForwardingState forwarding,
                               HealthMonitor health) {
        this.plane = plane;
        this.admin = admin;
        this.estimator = estimator;
        this.forwarding = forwarding;
        this.health = health;
    }

    /**
     * Runs the control plane over its own {@link ForwardingState} (see {@link #forwarding()}).
     *
     * @param load        the workers' connection counts; its capacity bounds the destination ids
     * @param portMac     MAC of DPDK port i (the config's mac overrides it)
     */
    public static ControlPlaneDaemon start(JlvsConfig config, DestinationLoad load, IntToLongFunction portMac,
                                           StatsSource stats, ConnectionSource connections) throws IOException, RuleException {
        ServiceTableBuilder tables = new ServiceTableBuilder(config.ports(), portMac, load);
        Map<Integer, Long> neighbours = new HashMap<>();
        config.neighbours().forEach((ip, mac) -> neighbours.put(ip.bits(), mac.bits()));
        ForwardingState forwarding = new ForwardingState(tables.build(RuleSet.EMPTY, null), NeighbourTable.of(neighbours));
        return start(config, Math.min(DESTINATION_CAPACITY, load.capacity()), new SnapshotPublisher(tables, forwarding, load),
                stats, connections, forwarding);
    }

    /**
     * Runs the control plane publishing through {@code publisher}: the data-plane daemon passes its own
     * {@link SnapshotPublisher} (and gets null from {@link #forwarding()}).
     */
    public static ControlPlaneDaemon start(JlvsConfig config, int destCapacity, RulePublisher publisher,
                                           StatsSource stats, ConnectionSource connections) throws IOException, RuleException {
        return start(config, destCapacity, publisher, stats, connections, null);
    }

    private static ControlPlaneDaemon start(JlvsConfig config, int destCapacity, RulePublisher publisher, StatsSource stats,
                                            ConnectionSource connections, ForwardingState forwarding) throws IOException, RuleException {
        Statistics statistics = new Statistics(stats);
        ChronicleJournal journal = new ChronicleJournal(config.journalDir());
        ControlPlane plane;
        try {
            plane = ControlPlane.start(journal, destCapacity, ConfigServices.timeouts(config.timeouts()),
                    ConfigServices.operations(config.services()),
                    publisher, statistics, Clock.systemUTC());
        } catch (IOException | RuleException | RuntimeException e) {
            journal.close();
            throw e;
        }
        int tableSize = config.tables().connectionsPerWorker() * Math.max(1, config.cores().workers().size());
        AdminServer admin;
        AdminService service = new AdminService(plane, connections, tableSize);
        try {
            admin = AdminServer.start(config.controlSocket().path(), config.controlSocket().group(), service);
        } catch (IOException e) {
            plane.close();
            throw e;
        }
        ScheduledExecutorService estimator = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("jlvs-rate-estimator").daemon().unstarted(r));
        estimator.scheduleAtFixedRate(statistics::estimate, RateEstimator.PERIOD_SECONDS, RateEstimator.PERIOD_SECONDS, TimeUnit.SECONDS);
        // Checks start after the socket is up: a change (jlvsadm) and a health event may come in any order from here on.
        HealthMonitor health = new HealthMonitor(new ExecutorCheckScheduler(Clock.systemUTC()), ProbeFactory.KERNEL_SOCKETS, plane);
        plane.startHealthChecks(health);
        ControlPlaneDaemon daemon = new ControlPlaneDaemon(plane, admin, estimator, forwarding, health);
        daemon.service = service;
        return daemon;
    }

    private AdminService service;

    /** What the admin socket runs commands against (the daemon connects its failover half here). */
    public AdminService adminService() { return service; }

    public ControlPlane plane() { return plane; }

    /** Where the workers read the current snapshots; null when the caller brought its own publisher. */
    public ForwardingState forwarding() { return forwarding; }

    @Override
    public void close() throws IOException {
        estimator.shutdownNow();
        try {
            admin.close();
        } finally {
            // Before the control plane: transitions already found are still delivered and journaled.
            health.close();
            plane.close();
        }
    }
}
