package io.jlvs.daemon;

import io.jlvs.fastpath.DropReason;
import io.jlvs.fastpath.PacketCounters;
import io.jlvs.fastpath.PuntReason;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.fastpath.worker.WorkerCounters;
import io.jlvs.fastpath.worker.WorkerThread;
import io.jlvs.sched.PersistenceTemplates;
import io.jlvs.slowpath.ControlPlane;
import io.jlvs.slowpath.stats.StatsSource;
import io.jlvs.slowpath.config.MetricsConfig;
import io.jlvs.slowpath.health.HealthState;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.model.Ipv4Text;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.VirtualService;
import io.jlvs.slowpath.failover.Failover;
import io.jlvs.slowpath.sync.SyncCounters;
import io.jlvs.slowpath.sync.SyncDaemon;
import io.jlvs.slowpath.vrrp.VrrpCheck;
import io.jlvs.slowpath.vrrp.VrrpState;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code GET /metrics} in Prometheus's text format, through the Prometheus Java client (its registry
 * and HTTP server). Every value is read when scraped, from what is already published for other
 * readers: the workers' opaque per-core counters and connection-table sizes, the published rule set,
 * the health monitor's states. A scrape takes no lock a worker takes and writes nothing a worker
 * reads, so it never blocks or slows one. Its one thread is started from the control core's thread
 * and inherits its CPU.
 *
 * <p>Names and labels: {@code service="TCP 10.0.0.1:80"} (ipvsadm's spelling, {@code FWM 7} for a
 * firewall mark), {@code server="192.168.1.11:80"}, {@code worker="0"}, {@code reason} for drops and
 * punts. Counters are totals since start ({@code -Z} does not reset them: Prometheus's rate() wants
 * monotonic counters).
 */
public final class MetricsExporter implements AutoCloseable {

    /** What the data plane exposes; empty lists when the control plane runs without one. */
    public record DataPlaneView(List<WorkerThread> workers, PersistenceTemplates templates, Failover failover) {
        public static final DataPlaneView NONE = new DataPlaneView(List.of(), null, null);

        public DataPlaneView(List<WorkerThread> workers, PersistenceTemplates templates) { this(workers, templates, null); }
    }

    private final HTTPServer server;
    private final ExecutorService executor;

    private MetricsExporter(HTTPServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code http://address:port/metrics}. */
    public static MetricsExporter start(MetricsConfig config, ControlPlane plane, StatsSource stats, DataPlaneView data,
                                        Path journalDir) throws IOException {
        PrometheusRegistry registry = registry(plane, stats, data, journalDir);
        // One thread: scrapes are serialised, and nothing beside the control core's budget is spent on them.
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jlvs-metrics");
            t.setDaemon(true);
            return t;
        });
        HTTPServer server = HTTPServer.builder()
                .inetAddress(InetAddress.getByName(config.address().toString()))
                .port(config.port())
                .registry(registry)
                .executorService(executor)
                .buildAndStart();
        return new MetricsExporter(server, executor);
    }

    /** The port actually bound (the config's, or the one the system chose for port 0 in tests). */
    public int port() { return server.getPort(); }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }

    static PrometheusRegistry registry(ControlPlane plane, StatsSource stats, DataPlaneView data, Path journalDir) {
        PrometheusRegistry registry = new PrometheusRegistry();
        services(registry, plane, stats);
        servers(registry, plane, stats);
        workers(registry, data.workers());
        if (data.templates() != null) {
            gauge(registry, "jlvs_persistence_templates", "Live persistence templates (a scan of the template table)",
                    () -> data.templates().size());
        }
        if (data.failover() != null) failover(registry, data.failover());
        gauge(registry, "jlvs_journal_bytes", "Bytes of the rule journal's files on disk", () -> directorySize(journalDir));
        return registry;
    }

    // ------------------------------------------------------------------ services and servers

    private static void services(PrometheusRegistry registry, ControlPlane plane, StatsSource stats) {
        serviceCounter(registry, plane, stats, "jlvs_service_connections", "Connections scheduled (ipvsadm --stats Conns)", StatsSource.Counters::conns);
        serviceCounter(registry, plane, stats, "jlvs_service_in_packets", "Packets from clients", StatsSource.Counters::inPackets);
        serviceCounter(registry, plane, stats, "jlvs_service_out_packets", "Packets to clients", StatsSource.Counters::outPackets);
        serviceCounter(registry, plane, stats, "jlvs_service_in_bytes", "Bytes from clients", StatsSource.Counters::inBytes);
        serviceCounter(registry, plane, stats, "jlvs_service_out_bytes", "Bytes to clients", StatsSource.Counters::outBytes);
        GaugeWithCallback.builder().name("jlvs_service_real_servers").help("Real servers forwarded to (health checks' removals left out)")
                .labelNames("service")
                .callback(callback -> {
                    for (VirtualService s : plane.published().services()) callback.call(s.servers().size(), name(s.key()));
                })
                .register(registry);
    }

    private static void serviceCounter(PrometheusRegistry registry, ControlPlane plane, StatsSource stats, String name, String help,
                                       ToDoubleFunction<StatsSource.Counters> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("service")
                .callback(callback -> {
                    for (VirtualService s : plane.rules().services()) {
                        callback.call(value.applyAsDouble(stats.service(s.serviceId())), name(s.key()));
                    }
                })
                .register(registry);
    }

    private static void servers(PrometheusRegistry registry, ControlPlane plane, StatsSource stats) {
        serverCounter(registry, plane, stats, "jlvs_real_server_connections", "Connections scheduled to the server", StatsSource.Counters::conns);
        serverCounter(registry, plane, stats, "jlvs_real_server_in_packets", "Packets from clients to the server", StatsSource.Counters::inPackets);
        serverCounter(registry, plane, stats, "jlvs_real_server_out_packets", "Packets from the server to clients", StatsSource.Counters::outPackets);
        serverCounter(registry, plane, stats, "jlvs_real_server_in_bytes", "Bytes from clients to the server", StatsSource.Counters::inBytes);
        serverCounter(registry, plane, stats, "jlvs_real_server_out_bytes", "Bytes from the server to clients", StatsSource.Counters::outBytes);
        serverGauge(registry, plane, "jlvs_real_server_active_connections", "ActiveConn: connections in ESTABLISHED",
                (s, r, health) -> stats.connections(r.destId()).active());
        serverGauge(registry, plane, "jlvs_real_server_inactive_connections", "InActConn: connections in any other state",
                (s, r, health) -> stats.connections(r.destId()).inactive());
        serverGauge(registry, plane, "jlvs_real_server_persistent_connections", "PersistConn: persistence templates bound to the server",
                (s, r, health) -> stats.connections(r.destId()).persistent());
        serverGauge(registry, plane, "jlvs_real_server_weight", "Configured weight (-w)",
                (s, r, health) -> r.weight());
        serverGauge(registry, plane, "jlvs_real_server_effective_weight",
                "Weight forwarded with: 0 while quiesced by its health check, absent from the service while removed",
                (s, r, health) -> effectiveWeight(plane.published(), s.key(), r));
        serverGauge(registry, plane, "jlvs_real_server_up", "1 while the server is forwarded to, 0 while its health check holds it out",
                (s, r, health) -> health == HealthState.DOWN ? 0 : 1);
        serverGauge(registry, plane, "jlvs_real_server_health_checked", "1 when the server has a health check",
                (s, r, health) -> health == null || health == HealthState.UNCHECKED ? 0 : 1);
    }

    private interface ServerValue {
        double of(VirtualService service, RealServer server, HealthState health);
    }

    private static void serverGauge(PrometheusRegistry registry, ControlPlane plane, String name, String help, ServerValue value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("service", "server")
                .callback(callback -> {
                    Map<ServerRef, HealthState> health = plane.healthStates();
                    for (VirtualService s : plane.rules().services()) {
                        for (RealServer r : s.servers()) {
                            callback.call(value.of(s, r, health.get(ServerRef.of(s.key(), r))), name(s.key()), r.endpoint());
                        }
                    }
                })
                .register(registry);
    }

    private static void serverCounter(PrometheusRegistry registry, ControlPlane plane, StatsSource stats, String name, String help,
                                      ToDoubleFunction<StatsSource.Counters> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("service", "server")
                .callback(callback -> {
                    for (VirtualService s : plane.rules().services()) {
                        for (RealServer r : s.servers()) {
                            callback.call(value.applyAsDouble(stats.destination(r.destId())), name(s.key()), r.endpoint());
                        }
                    }
                })
                .register(registry);
    }

    private static double effectiveWeight(RuleSet published, ServiceKey key, RealServer configured) {
        return published.service(key).flatMap(s -> s.server(configured.address(), configured.port()))
                .map(RealServer::weight).orElse(0);
    }

    // ------------------------------------------------------------------ workers

    private static void workers(PrometheusRegistry registry, List<WorkerThread> threads) {
        workerCounter(registry, threads, "jlvs_worker_rx_packets", "Frames taken from the device's rx queues",
                w -> w.worker().counters().get(WorkerCounters.RX));
        workerCounter(registry, threads, "jlvs_worker_tx_packets", "Frames handed to a device's tx queue",
                w -> w.worker().counters().get(WorkerCounters.TX));
        workerCounter(registry, threads, "jlvs_worker_processed_packets", "Frames the worker's packet processor looked at",
                w -> w.worker().processor().counters().get(PacketCounters.RECEIVED));
        workerCounter(registry, threads, "jlvs_worker_handed_off_packets", "Frames sent to the worker that owns their flow",
                w -> w.worker().counters().get(WorkerCounters.HANDED_OFF));
        workerCounter(registry, threads, "jlvs_worker_tx_failed_packets", "Frames the device did not take after retries (freed)",
                w -> w.worker().counters().get(WorkerCounters.TX_FAILED));
        workerCounter(registry, threads, "jlvs_worker_busy_seconds", "Time in loop rounds that did work; rate over jlvs_worker_loop_seconds is the busy fraction",
                w -> w.busyNanos() / 1e9);
        workerCounter(registry, threads, "jlvs_worker_loop_seconds", "Time the worker's loop has run",
                w -> w.loopNanos() / 1e9);
        CounterWithCallback.builder().name("jlvs_worker_ring_full_drops").help("Frames lost because a ring was full")
                .labelNames("worker", "ring")
                .callback(callback -> {
                    for (WorkerThread t : threads) {
                        String worker = String.valueOf(t.worker().index());
                        callback.call(t.worker().counters().get(WorkerCounters.HANDOFF_RING_FULL), worker, "handoff");
                        callback.call(t.worker().counters().get(WorkerCounters.PUNT_RING_FULL), worker, "punt");
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("jlvs_worker_drops").help("Frames dropped, by reason").labelNames("worker", "reason")
                .callback(callback -> {
                    for (WorkerThread t : threads) {
                        for (int r = 0; r < DropReason.COUNT; r++) {
                            callback.call(t.worker().processor().counters().drops(r), String.valueOf(t.worker().index()), label(DropReason.name(r)));
                        }
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("jlvs_worker_punts").help("Frames punted to the slow path, by reason").labelNames("worker", "reason")
                .callback(callback -> {
                    for (WorkerThread t : threads) {
                        for (int r = 0; r < PuntReason.COUNT; r++) {
                            callback.call(t.worker().processor().counters().punts(r), String.valueOf(t.worker().index()), label(PuntReason.name(r)));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder().name("jlvs_worker_connections").help("Entries in the worker's connection table").labelNames("worker")
                .callback(callback -> {
                    // The table's size is a plain int its worker writes: read as is, at most a round old.
                    for (WorkerThread t : threads) callback.call(table(t.worker()).size(), String.valueOf(t.worker().index()));
                })
                .register(registry);
        GaugeWithCallback.builder().name("jlvs_worker_connections_capacity").help("Capacity of the worker's connection table").labelNames("worker")
                .callback(callback -> {
                    for (WorkerThread t : threads) callback.call(table(t.worker()).capacity(), String.valueOf(t.worker().index()));
                })
                .register(registry);
    }

    private static ConnectionTable table(Worker worker) {
        return worker.processor().connections();
    }

    private static void workerCounter(PrometheusRegistry registry, List<WorkerThread> threads, String name, String help,
                                      ToDoubleFunction<WorkerThread> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("worker")
                .callback(callback -> {
                    for (WorkerThread t : threads) callback.call(value.applyAsDouble(t), String.valueOf(t.worker().index()));
                })
                .register(registry);
    }

    // ------------------------------------------------------------------ VRRP and connection sync

    /**
     * VRRP per instance (state, priority, adverts) and frames by check; the sync daemons' counters.
     * All read from what the slow path's thread publishes (a copied list, atomic counters).
     */
    static void failover(PrometheusRegistry registry, Failover failover) {
        // "vrrp_instance", not "instance": Prometheus gives every scraped series its target's "instance".
        GaugeWithCallback.builder().name("jlvs_vrrp_state").help("1 for the state the VRRP instance is in (INIT, BACKUP, MASTER), 0 for the others")
                .labelNames("vrrp_instance", "vrid", "port", "state")
                .callback(callback -> {
                    for (Failover.InstanceMetrics i : failover.instanceMetrics()) {
                        for (VrrpState st : VrrpState.values()) {
                            callback.call(i.state() == st ? 1 : 0, i.name(), String.valueOf(i.vrid()), i.port(), st.name());
                        }
                    }
                })
                .register(registry);
        instanceGauge(registry, failover, "jlvs_vrrp_priority", "Configured priority (a master says 0 when it stops)", Failover.InstanceMetrics::priority);
        instanceCounter(registry, failover, "jlvs_vrrp_adverts_sent", "Adverts this instance sent", Failover.InstanceMetrics::advertsSent);
        instanceCounter(registry, failover, "jlvs_vrrp_adverts_received", "Adverts of another router accepted for this instance",
                Failover.InstanceMetrics::advertsReceived);
        instanceCounter(registry, failover, "jlvs_vrrp_transitions", "State changes of this instance", Failover.InstanceMetrics::transitions);
        instanceCounter(registry, failover, "jlvs_vrrp_address_list_mismatches", "Adverts whose address list differs from ours (RFC 5798 7.1)",
                Failover.InstanceMetrics::addressListMismatches);
        CounterWithCallback.builder().name("jlvs_vrrp_frames").help("VRRP frames received, by what the checks found (ok, or why ignored)")
                .labelNames("check")
                .callback(callback -> {
                    java.util.Map<VrrpCheck, Long> checks = failover.vrrpChecks();
                    for (VrrpCheck c : VrrpCheck.values()) callback.call(checks.getOrDefault(c, 0L), trimmedLabel(c.text()));
                })
                .register(registry);
        GaugeWithCallback.builder().name("jlvs_sync_daemon_running").help("1 while the sync daemon of the mode runs (jlvsadm --start-daemon)")
                .labelNames("mode")
                .callback(callback -> {
                    for (SyncDaemon.Mode m : SyncDaemon.Mode.values()) {
                        callback.call(failover.daemonRunning(m) ? 1 : 0, m.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        SyncCounters sync = failover.syncCounters();
        syncCounter(registry, sync, "jlvs_sync_messages_sent", "Sync messages the master sent", SyncCounters.Counter.MESSAGES_SENT);
        syncCounter(registry, sync, "jlvs_sync_records_sent", "Connection and template records the master sent", SyncCounters.Counter.RECORDS_SENT);
        syncCounter(registry, sync, "jlvs_sync_messages_received", "Sync messages the backup received", SyncCounters.Counter.MESSAGES_RECEIVED);
        CounterWithCallback.builder().name("jlvs_sync_records_applied").help("Records the backup handed to its workers, by kind")
                .labelNames("kind")
                .callback(callback -> {
                    callback.call(sync.get(SyncCounters.Counter.RECORDS_APPLIED), "connection");
                    callback.call(sync.get(SyncCounters.Counter.TEMPLATES_APPLIED), "template");
                })
                .register(registry);
        java.util.Set<SyncCounters.Counter> shown = java.util.EnumSet.of(SyncCounters.Counter.MESSAGES_SENT, SyncCounters.Counter.RECORDS_SENT,
                SyncCounters.Counter.MESSAGES_RECEIVED, SyncCounters.Counter.RECORDS_APPLIED, SyncCounters.Counter.TEMPLATES_APPLIED);
        CounterWithCallback.builder().name("jlvs_sync_problems")
                .help("Sync messages or records not used, by reason (malformed kinds, other syncid, rings full, send failed)")
                .labelNames("reason")
                .callback(callback -> {
                    for (SyncCounters.Counter c : SyncCounters.Counter.values()) {
                        if (!shown.contains(c)) callback.call(sync.get(c), trimmedLabel(c.text()));
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("jlvs_sync_export_ring_full").help("Records a worker could not hand to the sync master (its ring full)")
                .labelNames("worker")
                .callback(callback -> {
                    List<Long> full = failover.exportRingFull();
                    for (int w = 0; w < full.size(); w++) callback.call(full.get(w), String.valueOf(w));
                })
                .register(registry);
    }

    private static void instanceGauge(PrometheusRegistry registry, Failover failover, String name, String help,
                                      ToDoubleFunction<Failover.InstanceMetrics> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("vrrp_instance", "vrid", "port")
                .callback(callback -> {
                    for (Failover.InstanceMetrics i : failover.instanceMetrics()) {
                        callback.call(value.applyAsDouble(i), i.name(), String.valueOf(i.vrid()), i.port());
                    }
                })
                .register(registry);
    }

    private static void instanceCounter(PrometheusRegistry registry, Failover failover, String name, String help,
                                        ToDoubleFunction<Failover.InstanceMetrics> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("vrrp_instance", "vrid", "port")
                .callback(callback -> {
                    for (Failover.InstanceMetrics i : failover.instanceMetrics()) {
                        callback.call(value.applyAsDouble(i), i.name(), String.valueOf(i.vrid()), i.port());
                    }
                })
                .register(registry);
    }

    private static void syncCounter(PrometheusRegistry registry, SyncCounters sync, String name, String help, SyncCounters.Counter c) {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(sync.get(c))).register(registry);
    }

    // ------------------------------------------------------------------ helpers

    private static void gauge(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsDouble())).register(registry);
    }

    /** ipvsadm's spelling of a service: {@code TCP 10.0.0.1:80}, {@code UDP ...}, {@code FWM 7}. */
    static String name(ServiceKey key) {
        return switch (key.kind()) {
            case TCP -> "TCP " + Ipv4Text.endpoint(key.address(), key.port());
            case UDP -> "UDP " + Ipv4Text.endpoint(key.address(), key.port());
            case FWMARK -> "FWM " + key.fwmark();
        };
    }

    /** {@link #label} without the underscores a closing parenthesis leaves: "other syncid (ignored)" -> "other_syncid_ignored". */
    private static String trimmedLabel(String name) {
        return label(name).replaceAll("^_+|_+$", "");
    }

    /** A counter name as a label value: "no service" -> "no_service". */
    private static String label(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
