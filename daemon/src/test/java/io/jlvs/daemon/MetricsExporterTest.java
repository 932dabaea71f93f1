package io.jlvs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.stats.StatsSource.ConnectionCounts;
import io.jlvs.slowpath.stats.StatsSource.Counters;
import io.jlvs.slowpath.config.Ipv4Address;
import io.jlvs.slowpath.config.MetricsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} over HTTP from the control plane's rules and the stats source: the values a scrape
 * shows are the counters behind jlvsadm's listings, and promtool (Debian's prometheus package)
 * accepts the text. The lab test (lab/test-e2e.sh, metrics) checks them against real traffic.
 */
class MetricsExporterTest {
    @TempDir
    Path dir;

    @Test
    void aScrapeShowsEachServiceAndServerWithItsCountersAndPromtoolAcceptsIt() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wrr");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.11:80 -m -w 3");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.12:80 -m -w 0");
        jlvsadm.stats.services.put(0, new Counters(300, 1500, 1200, 90_000, 400_000));
        jlvsadm.stats.destinations.put(0, new Counters(300, 1500, 1200, 90_000, 400_000));
        jlvsadm.stats.connections.put(0, new ConnectionCounts(2, 7, 0));
        Files.writeString(dir.resolve("journal.cq4"), "x".repeat(1234));

        try (MetricsExporter exporter = MetricsExporter.start(new MetricsConfig(Ipv4Address.parse("127.0.0.1"), 0), jlvsadm.plane,
                jlvsadm.stats, MetricsExporter.DataPlaneView.NONE, dir)) {
            String text = scrape(exporter.port());
            assertLine(text, "jlvs_service_connections_total{service=\"TCP 10.0.0.1:80\"} 300.0");
            assertLine(text, "jlvs_service_in_packets_total{service=\"TCP 10.0.0.1:80\"} 1500.0");
            assertLine(text, "jlvs_service_out_bytes_total{service=\"TCP 10.0.0.1:80\"} 400000.0");
            assertLine(text, "jlvs_real_server_connections_total{server=\"192.168.1.11:80\",service=\"TCP 10.0.0.1:80\"} 300.0");
            assertLine(text, "jlvs_real_server_active_connections{server=\"192.168.1.11:80\",service=\"TCP 10.0.0.1:80\"} 2.0");
            assertLine(text, "jlvs_real_server_inactive_connections{server=\"192.168.1.11:80\",service=\"TCP 10.0.0.1:80\"} 7.0");
            assertLine(text, "jlvs_real_server_weight{server=\"192.168.1.11:80\",service=\"TCP 10.0.0.1:80\"} 3.0");
            assertLine(text, "jlvs_real_server_weight{server=\"192.168.1.12:80\",service=\"TCP 10.0.0.1:80\"} 0.0");
            assertLine(text, "jlvs_real_server_up{server=\"192.168.1.12:80\",service=\"TCP 10.0.0.1:80\"} 1.0");
            assertLine(text, "jlvs_real_server_health_checked{server=\"192.168.1.12:80\",service=\"TCP 10.0.0.1:80\"} 0.0");
            assertLine(text, "jlvs_service_real_servers{service=\"TCP 10.0.0.1:80\"} 2.0");
            assertLine(text, "jlvs_journal_bytes 1234.0");

            jlvsadm.stats.services.put(0, new Counters(301, 1505, 1204, 90_300, 401_000));
            assertLine(scrape(exporter.port()), "jlvs_service_connections_total{service=\"TCP 10.0.0.1:80\"} 301.0");
            promtool(text);
        }
    }

    /** Two directors' failover halves on one simulated LAN, as slowpath's FailoverTest has them. */
    static final class Pair {
        final int vip = io.jlvs.model.Ipv4Text.parse("198.51.100.10");
        final java.util.List<io.jlvs.fastpath.conn.SyncRecordRing> rings = new java.util.ArrayList<>();
        final io.jlvs.fastpath.conn.SyncRecordRing primaryExport = ring(), primaryImport = ring(), backupExport = ring(), backupImport = ring();
        final io.jlvs.slowpath.failover.Failover primary, backup;
        long now;

        Pair() {
            primary = director(io.jlvs.model.Ipv4Text.parse("198.51.100.3"), 0x026a6c000001L, 150, primaryExport, primaryImport);
            backup = director(io.jlvs.model.Ipv4Text.parse("198.51.100.4"), 0x026a6c000003L, 100, backupExport, backupImport);
        }

        private io.jlvs.fastpath.conn.SyncRecordRing ring() {
            io.jlvs.fastpath.conn.SyncRecordRing r = new io.jlvs.fastpath.conn.SyncRecordRing(4);
            rings.add(r);
            return r;
        }

        private io.jlvs.slowpath.failover.Failover director(int address, long mac, int priority,
                                                           io.jlvs.fastpath.conn.SyncRecordRing export, io.jlvs.fastpath.conn.SyncRecordRing imports) {
            var settings = new io.jlvs.slowpath.vrrp.VrrpSettings("VI_VIP", 10, priority, 100, false, java.util.List.of(vip), 5, 5_000, 0);
            io.jlvs.slowpath.failover.Failover[] self = new io.jlvs.slowpath.failover.Failover[1];
            self[0] = new io.jlvs.slowpath.failover.Failover(java.util.List.of(new io.jlvs.slowpath.failover.Failover.PortRef(0, "lan", mac, address, 1500)),
                    java.util.List.of(new io.jlvs.slowpath.failover.Failover.Instance(settings, "lan")),
                    (port, frame) -> {
                        for (var other : new io.jlvs.slowpath.failover.Failover[] {primary, backup}) {
                            if (other != null && other != self[0]) other.receive(0, java.lang.foreign.MemorySegment.ofArray(frame), 0, frame.length, now);
                        }
                        return true;
                    },
                    java.util.List.of(export), java.util.List.of(imports), t -> {});
            return self[0];
        }

        void runUntil(long end) {
            for (; now <= end; now += 10) {
                primary.poll(now);
                backup.poll(now);
            }
        }
    }

    @Test
    void aScrapeShowsVrrpAndSyncStateAndPromtoolAcceptsIt() throws Exception {
        Pair pair = new Pair();
        pair.primary.start(0);
        pair.runUntil(4_000);
        pair.backup.start(pair.now);
        pair.runUntil(pair.now + 3_000);
        assertEquals(null, pair.primary.startDaemon(io.jlvs.slowpath.sync.SyncDaemon.Mode.MASTER, "lan", 1));
        assertEquals(null, pair.backup.startDaemon(io.jlvs.slowpath.sync.SyncDaemon.Mode.BACKUP, "lan", 1));
        int client = io.jlvs.model.Ipv4Text.parse("198.51.100.2"), rs = io.jlvs.model.Ipv4Text.parse("192.0.2.11");
        var fwd = io.jlvs.model.ForwardMethod.DR_CODE;
        pair.primaryExport.offer(6, client, 40001, pair.vip, 80, rs, 80, io.jlvs.fastpath.conn.TcpState.ESTABLISHED, fwd, 0, 900);
        pair.primaryExport.offer(6, client, 0, pair.vip, 80, rs, 80, 0, fwd, io.jlvs.fastpath.conn.SyncRecordRing.FLAG_TEMPLATE, 300);
        pair.runUntil(pair.now + 2_100); // the message goes 2 s after its first record
        for (int i = 0; i < 5; i++) pair.primaryExport.offer(6, client, 40100 + i, pair.vip, 80, rs, 80, 1, fwd, 0, 900); // 4 fit
        byte[] junk = new byte[60]; // not an advert: too short for its header
        junk[12] = 0x08;
        junk[14] = 0x45;
        junk[23] = 112;
        pair.backup.receive(0, java.lang.foreign.MemorySegment.ofArray(junk), 0, junk.length, pair.now);
        pair.runUntil(pair.now + 200);

        Jlvsadm jlvsadm = new Jlvsadm();
        try (MetricsExporter primary = MetricsExporter.start(new MetricsConfig(Ipv4Address.parse("127.0.0.1"), 0), jlvsadm.plane,
                jlvsadm.stats, new MetricsExporter.DataPlaneView(java.util.List.of(), null, pair.primary), dir);
             MetricsExporter backup = MetricsExporter.start(new MetricsConfig(Ipv4Address.parse("127.0.0.1"), 0), jlvsadm.plane,
                jlvsadm.stats, new MetricsExporter.DataPlaneView(java.util.List.of(), null, pair.backup), dir)) {
            String p = scrape(primary.port()), b = scrape(backup.port());
            String labels = "port=\"lan\",vrid=\"10\",vrrp_instance=\"VI_VIP\"";
            String state = "jlvs_vrrp_state{port=\"lan\",state=\"%s\",vrid=\"10\",vrrp_instance=\"VI_VIP\"} %s";
            assertLine(p, state.formatted("MASTER", "1.0"));
            assertLine(p, state.formatted("BACKUP", "0.0"));
            assertLine(b, state.formatted("BACKUP", "1.0"));
            assertLine(b, state.formatted("INIT", "0.0"));
            assertLine(p, "jlvs_vrrp_priority{" + labels + "} 150.0");
            assertLine(b, "jlvs_vrrp_priority{" + labels + "} 100.0");
            assertLine(p, "jlvs_vrrp_transitions_total{" + labels + "} 2.0"); // INIT -> BACKUP -> MASTER
            assertTrue(value(p, "jlvs_vrrp_adverts_sent_total{" + labels + "}") >= 5, p);
            double received = value(b, "jlvs_vrrp_adverts_received_total{" + labels + "}");
            assertTrue(received >= 3 && received <= value(p, "jlvs_vrrp_adverts_sent_total{" + labels + "}"),
                    "the backup heard the master's adverts of the last 3 s, and no more than it sent: " + received);
            assertLine(p, "jlvs_vrrp_adverts_received_total{" + labels + "} 0.0");
            assertLine(b, "jlvs_vrrp_frames_total{check=\"truncated\"} 1.0");
            assertLine(p, "jlvs_sync_daemon_running{mode=\"master\"} 1.0");
            assertLine(p, "jlvs_sync_daemon_running{mode=\"backup\"} 0.0");
            assertLine(p, "jlvs_sync_messages_sent_total 1.0");
            assertLine(p, "jlvs_sync_records_sent_total 2.0");
            assertLine(p, "jlvs_sync_export_ring_full_total{worker=\"0\"} 1.0");
            assertLine(b, "jlvs_sync_messages_received_total 1.0");
            assertLine(b, "jlvs_sync_records_applied_total{kind=\"connection\"} 1.0");
            assertLine(b, "jlvs_sync_records_applied_total{kind=\"template\"} 1.0");
            assertLine(b, "jlvs_sync_problems_total{reason=\"message_size_does_not_match_datagram\"} 0.0");
            promtool(p);
            promtool(b);
        } finally {
            pair.rings.forEach(io.jlvs.fastpath.conn.SyncRecordRing::close);
        }
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in:\n" + text));
    }

    @Test
    void theGrafanaDashboardAsksOnlyForMetricsTheExporterHas() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        java.util.Set<String> exported = new java.util.TreeSet<>();
        MetricsExporter.registry(jlvsadm.plane, jlvsadm.stats,
                new MetricsExporter.DataPlaneView(java.util.List.of(), new io.jlvs.sched.PersistenceTemplates(64, 1), new Pair().primary), dir)
                .scrape().forEach(snapshot -> exported.add(snapshot.getMetadata().getPrometheusName()));
        String dashboard = Files.readString(Path.of("..", "examples", "grafana", "jlvs-dashboard.json"));
        java.util.Set<String> asked = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("jlvs_[a-z_]+").matcher(dashboard);
        while (m.find()) asked.add(m.group().replaceAll("_total$", ""));
        assertTrue(asked.size() >= 20, "dashboard metrics: " + asked);
        asked.removeAll(exported);
        assertEquals(java.util.Set.of(), asked, "the dashboard asks for metrics the exporter does not have");
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.lines().anyMatch(line::equals), "no line " + line + " in:\n" + text);
    }

    static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** promtool check metrics reads the exposition on stdin and exits 0 when it has nothing to say. */
    private void promtool(String text) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (scripts/setup.sh installs prometheus)");
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, text);
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
    }
}
