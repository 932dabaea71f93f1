package io.jlvs.slowpath.admin;

import io.jlvs.model.Ipv4Text;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.health.HealthState;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import io.jlvs.slowpath.rules.Timeouts;
import io.jlvs.slowpath.rules.VirtualService;
import io.jlvs.slowpath.rules.text.ListFormat;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.stats.RateEstimator.Rates;
import io.jlvs.slowpath.stats.Statistics;
import io.jlvs.slowpath.stats.StatsSource.ConnectionCounts;
import io.jlvs.slowpath.stats.StatsSource.Counters;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * ipvsadm 1.31's output layouts (print_title, print_service_entry, list_conn, list_timeout), byte for
 * byte; and jlvs's own {@code --health} table.
 */
public final class IpvsadmFormatter {

    /**
     * What {@code -L --health} shows beside each configured server: its check and the state the checks
     * found (absent: not checked yet), and what is published (a DOWN server is quiesced or removed there).
     */
    public record Health(Map<ServerRef, HealthCheckConfig> checks, Map<ServerRef, HealthState> states) {
        public static final Health NONE = new Health(Map.of(), Map.of());

        /** UP; DOWN:removed or DOWN:quiesced as the check's on-failure says; pending before the first state; - unchecked. */
        String state(ServerRef server) {
            HealthCheckConfig check = checks.get(server);
            if (check == null) return "-";
            HealthState state = states.get(server);
            if (state == null || state == HealthState.UNCHECKED) return "pending";
            if (state == HealthState.UP) return "UP";
            return check.onFailure() == HealthCheckConfig.OnFailure.QUIESCE ? "DOWN:quiesced" : "DOWN:removed";
        }

        /** The check in a few words: {@code tcp-connect}, {@code http-get :8081/health 204}. */
        String check(ServerRef server) {
            HealthCheckConfig check = checks.get(server);
            if (check == null) return "";
            String port = check.port() == null ? "" : ":" + check.port();
            return switch (check.type()) {
                case TCP_CONNECT -> "tcp-connect" + (port.isEmpty() ? "" : " " + port);
                case HTTP_GET -> "http-get " + port + check.path() + " " + check.status();
            };
        }
    }

    /** IPVS's version as ipvsadm prints it. */
    public static final String IPVS_VERSION = "1.2.1";

    private final PortNames names;

    /** @param names how ports are named when -n is not given */
    public IpvsadmFormatter(PortNames names) { this.names = names; }

    private String endpoint(int address, int port, int protocol, boolean numeric) {
        return RuleText.endpoint(names, address, port, protocol, numeric);
    }

    /** -L (all services), headed by the version line. */
    public String listAll(RuleSet rules, ListFormat format, Statistics stats, int tableSize) {
        return listAll(rules, format, stats, tableSize, Health.NONE);
    }

    /** -L, with {@code health} for the --health table. */
    public String listAll(RuleSet rules, ListFormat format, Statistics stats, int tableSize, Health health) {
        StringBuilder out = new StringBuilder();
        out.append("IP Virtual Server version ").append(IPVS_VERSION).append(" (size=").append(tableSize).append(")\n");
        title(out, format.table());
        for (VirtualService s : format.noSort() ? rules.services() : rules.sortedServices()) service(out, s, format, stats, health);
        return out.toString();
    }

    /** -L -t|-u|-f: one service, no version line. */
    public String listService(VirtualService service, ListFormat format, Statistics stats) {
        return listService(service, format, stats, Health.NONE);
    }

    /** -L -t|-u|-f, with {@code health} for the --health table. */
    public String listService(VirtualService service, ListFormat format, Statistics stats, Health health) {
        StringBuilder out = new StringBuilder();
        title(out, format.table());
        service(out, service, format, stats, health);
        return out.toString();
    }

    /** -L --timeout */
    public static String timeouts(Timeouts t) {
        return "Timeout (tcp tcpfin udp): " + t.tcp() + " " + t.tcpFin() + " " + t.udp() + "\n";
    }

    /**
     * -L -c, line by line into {@code out} as the source hands entries over (ipvsadm's
     * {@code "%-3s %-6s %-11s %-18s %-18s %s"}, padded by hand: String.format per line would cost
     * seconds on a million).
     */
    public void connections(ConnectionSource source, boolean numeric, Appendable out) throws IOException {
        out.append("IPVS connection entries\n");
        out.append("pro expire state       source             virtual            destination\n");
        StringBuilder line = new StringBuilder(128);
        IOException[] failed = new IOException[1];
        source.forEach(e -> {
            if (failed[0] != null) return;
            line.setLength(0);
            int protocol = e.protocol().equals("UDP") ? 17 : 6;
            padded(line, e.protocol(), 3);
            long minutes = e.expiresSeconds() / 60;
            long seconds = e.expiresSeconds() % 60;
            int start = line.length();
            if (minutes < 10) line.append('0');
            line.append(minutes).append(':');
            if (seconds < 10) line.append('0');
            line.append(seconds);
            pad(line, start, 6);
            padded(line, e.state(), 11);
            padded(line, endpoint(e.clientAddress(), e.clientPort(), protocol, numeric), 18);
            padded(line, endpoint(e.virtualAddress(), e.virtualPort(), protocol, numeric), 18);
            line.append(endpoint(e.destAddress(), e.destPort(), protocol, numeric)).append('\n');
            try {
                out.append(line);
            } catch (IOException io) {
                failed[0] = io;
            }
        });
        if (failed[0] != null) throw failed[0];
    }

    /** {@code text} left-aligned in {@code width} columns (longer text is kept whole, as printf does), then a blank. */
    private static void padded(StringBuilder line, String text, int width) {
        int start = line.length();
        line.append(text);
        pad(line, start, width);
    }

    private static void pad(StringBuilder line, int start, int width) {
        while (line.length() - start < width) line.append(' ');
        line.append(' ');
    }

    private static void title(StringBuilder out, ListFormat.Table table) {
        switch (table) {
            case STATS -> out.append(String.format("%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"));
            case RATE -> out.append(String.format("%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"));
            case THRESHOLDS -> out.append(String.format("%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn", "InActConn"));
            case PERSISTENT_CONN -> out.append(String.format("%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn", "InActConn"));
            case PLAIN -> out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
            case HEALTH -> out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight Health        Check\n");
        }
    }

    private void service(StringBuilder out, VirtualService s, ListFormat format, Statistics stats, Health health) {
        ServiceKey key = s.key();
        String name = switch (key.kind()) {
            case TCP -> "TCP  " + endpoint(key.address(), key.port(), 6, format.numeric());
            case UDP -> "UDP  " + endpoint(key.address(), key.port(), 17, format.numeric());
            case FWMARK -> "FWM  " + key.fwmark();
        };
        if (name.length() > 33) name = name.substring(0, 33);   // ipvsadm cuts svc_name at 33 (IPv4)
        switch (format.table()) {
            case STATS -> {
                out.append(String.format("%-33s", name));
                counters(out, stats.service(s.serviceId()), format.exact());
            }
            case RATE -> {
                out.append(String.format("%-33s", name));
                Rates r = stats.serviceRates(s.serviceId());
                for (long v : new long[] {r.cps(), r.inPps(), r.outPps(), r.inBps(), r.outBps()}) largeNumber(out, v, format.exact());
            }
            default -> {
                ServiceSettings settings = s.settings();
                out.append(name).append(' ').append(settings.scheduler());
                if (!settings.flags().isEmpty()) out.append(" (").append(settings.flagsText()).append(')');
                if (settings.persistent()) {
                    out.append(" persistent ").append(settings.persistenceTimeout());
                    if (settings.netmask() != -1) out.append(" mask ").append(Ipv4Text.format(settings.netmask()));
                }
                if (settings.onePacket()) out.append(" ops");
            }
        }
        out.append('\n');
        for (RealServer r : servers(s, format.noSort())) {
            String dest = endpoint(r.address(), r.port(), key.protocolNumber(), format.numeric());
            if (dest.length() > 28) dest = dest.substring(0, 28);   // and dname at 28
            switch (format.table()) {
                case STATS -> {
                    out.append(String.format("  -> %-28s", dest));
                    counters(out, stats.destination(r.destId()), format.exact());
                    out.append('\n');
                }
                case RATE -> {
                    Rates rates = stats.destinationRates(r.destId());
                    out.append(String.format("  -> %-28s %8d %8d %8d", dest, rates.cps(), rates.inPps(), rates.outPps()));
                    largeNumber(out, rates.inBps(), format.exact());
                    largeNumber(out, rates.outBps(), format.exact());
                    out.append('\n');
                }
                case THRESHOLDS -> {
                    ConnectionCounts c = stats.connections(r.destId());
                    out.append(String.format("  -> %-28s %-10d %-10d %-10d %-10d\n", dest, r.upperThreshold(),
                            r.lowerThreshold(), c.active(), c.inactive()));
                }
                case PERSISTENT_CONN -> {
                    ConnectionCounts c = stats.connections(r.destId());
                    out.append(String.format("  -> %-28s %-9d %-11d %-10d %-10d\n", dest, r.weight(), c.persistent(),
                            c.active(), c.inactive()));
                }
                case PLAIN -> {
                    ConnectionCounts c = stats.connections(r.destId());
                    out.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d\n", dest, r.method().listName(),
                            r.weight(), c.active(), c.inactive()));
                }
                case HEALTH -> {
                    ServerRef ref = ServerRef.of(key, r);
                    out.append(String.format("  -> %-28s %-7s %-6d %-13s %s", dest, r.method().listName(), r.weight(),
                            health.state(ref), health.check(ref)).stripTrailing()).append('\n');
                }
            }
        }
    }

    private static List<RealServer> servers(VirtualService s, boolean noSort) {
        return noSort ? s.servers() : RuleSet.sortedServers(s);
    }

    private static void counters(StringBuilder out, Counters c, boolean exact) {
        for (long v : new long[] {c.conns(), c.inPackets(), c.outPackets(), c.inBytes(), c.outBytes()}) largeNumber(out, v, exact);
    }

    /** ipvsadm's print_largenum: 9 columns, K/M/G/T past 100 million unless --exact. */
    static void largeNumber(StringBuilder out, long value, boolean exact) {
        String digits = Long.toUnsignedString(value);
        if (exact) {
            int width = digits.length() <= 8 ? 9 : digits.length() + 1;
            out.append(" ".repeat(width - digits.length())).append(digits);
            return;
        }
        long v = value;
        if (Long.compareUnsigned(v, 100_000_000L) < 0) out.append(String.format("%9d", v));
        else if (Long.compareUnsigned(v, 1_000_000_000L) < 0) out.append(String.format("%8dK", v / 1000));
        else if (Long.compareUnsigned(v, 100_000_000_000L) < 0) out.append(String.format("%8dM", v / 1_000_000));
        else if (Long.compareUnsigned(v, 100_000_000_000_000L) < 0) out.append(String.format("%8dG", v / 1_000_000_000L));
        else out.append(String.format("%8dT", Long.divideUnsigned(v, 1_000_000_000_000L)));
    }
}
