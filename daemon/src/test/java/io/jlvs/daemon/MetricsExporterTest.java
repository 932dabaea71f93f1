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

    @Test
    void theGrafanaDashboardAsksOnlyForMetricsTheExporterHas() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        java.util.Set<String> exported = new java.util.TreeSet<>();
        MetricsExporter.registry(jlvsadm.plane, jlvsadm.stats,
                new MetricsExporter.DataPlaneView(java.util.List.of(), new io.jlvs.sched.PersistenceTemplates(64, 1)), dir)
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
