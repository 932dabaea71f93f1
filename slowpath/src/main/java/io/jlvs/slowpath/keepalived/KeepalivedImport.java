package io.jlvs.slowpath.keepalived;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.SchedulerFlag;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.Ipv4Address;
import io.jlvs.slowpath.config.PersistenceConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.config.TimeoutsConfig;
import io.jlvs.slowpath.config.VrrpConfig;
import io.jlvs.slowpath.keepalived.KeepalivedSyntax.Source;
import io.jlvs.slowpath.keepalived.KeepalivedSyntax.Statement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts keepalived's LVS configuration (the statements of {@link KeepalivedSyntax}) into jlvs
 * services. Every keyword is either mapped, dropped with a warning because it changes nothing
 * jlvs forwards (mail alerts, SNMP names, ...), or reported as an error because jlvs has no
 * equivalent and dropping it would change what is forwarded (a sorry server, a MISC_CHECK, a
 * digest the check should compare). A conversion with errors has no result (unless lenient).
 *
 * <p>keepalived's defaults are written out, since jlvs's differ: NAT, TCP, {@code delay_loop}
 * 60 s, {@code connect_timeout} 5 s, {@code retry} 1 (jlvs counts the first failure too:
 * {@code retries = retry + 1}), {@code persistence_timeout} without a value 360 s.
 */
public final class KeepalivedImport {

    /** A line that did not convert (error) or converted with a loss that changes nothing forwarded (warning). */
    public record Problem(Source source, boolean error, String message) {
        @Override
        public String toString() {
            return source + ": " + (error ? "" : "warning: ") + message;
        }
    }

    /** A converted service and the statement it came from. */
    public record ConvertedService(Source source, String keepalivedText, ServiceConfig service) {}

    /** A converted VRRP instance and the statement it came from. */
    public record ConvertedVrrp(Source source, String keepalivedText, VrrpConfig instance) {}

    /** What the file converts to. {@code timeouts} is null when the file sets none. */
    public record Result(List<ConvertedService> services, TimeoutsConfig timeouts, List<ConvertedVrrp> vrrp,
                         List<Problem> problems) {
        public boolean hasErrors() {
            return problems.stream().anyMatch(Problem::error);
        }
    }

    static final int DEFAULT_DELAY_LOOP_MS = 60_000;
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    static final int DEFAULT_RETRY = 1;

    private final List<Problem> problems = new ArrayList<>();
    private final List<ConvertedService> services = new ArrayList<>();
    private final Map<String, Statement> groups = new LinkedHashMap<>();
    private final List<ConvertedVrrp> vrrp = new ArrayList<>();
    private final Map<String, String> portByInterface;
    private TimeoutsConfig timeouts;
    /** global_defs' VRRP settings, the instances' defaults (keepalived's own when absent). */
    private int vrrpVersion = KEEPALIVED_VRRP_VERSION;
    private Integer garpRepeat;
    private Double garpDelay;
    private Double garpRefresh;

    private KeepalivedImport(Map<String, String> portByInterface) {
        this.portByInterface = portByInterface;
    }

    public static Result convert(List<Statement> statements) {
        return convert(statements, Map.of());
    }

    /**
     * @param portByInterface jlvs port names for keepalived's interface names ({@code --port eth0=lan});
     *                        an interface not in it keeps its name as the port's
     */
    public static Result convert(List<Statement> statements, Map<String, String> portByInterface) {
        KeepalivedImport conversion = new KeepalivedImport(portByInterface);
        for (Statement statement : statements) {
            if (statement.keyword().equals("virtual_server_group") && statement.args().size() == 1 && statement.hasBlock()) {
                conversion.groups.put(statement.args().getFirst(), statement);
            }
        }
        // Every global_defs first, wherever in the file: they give the instances' version and gratuitous ARPs.
        for (Statement statement : statements) {
            if (statement.keyword().equals("global_defs") && statement.hasBlock()) {
                statement.block().forEach(conversion::vrrpGlobal);
            }
        }
        for (Statement statement : statements) {
            conversion.topLevel(statement);
        }
        return new Result(List.copyOf(conversion.services), conversion.timeouts, List.copyOf(conversion.vrrp),
                List.copyOf(conversion.problems));
    }

    private void topLevel(Statement s) {
        switch (s.keyword()) {
            case "global_defs" -> globalDefs(s);
            case "virtual_server" -> virtualServer(s);
            case "virtual_server_group" -> {
                if (s.args().size() != 1 || !s.hasBlock()) {
                    error(s, "virtual_server_group takes a name and a block");
                }
            }
            case "vrrp_instance" -> vrrpInstance(s);
            case "vrrp_sync_group" ->
                    error(s, "vrrp_sync_group: jlvs has no sync groups (each instance changes state on its own); no equivalent");
            case "vrrp_script", "vrrp_track_process", "track_file", "vrrp_track_file", "track_process" ->
                    error(s, s.keyword() + ": jlvs's VRRP tracks nothing but the other routers' adverts (it runs no scripts); no equivalent");
            case "net_namespace", "net_namespace_ipvs", "instance", "use_pid_dir", "linkbeat_use_polling", "child_wait_time" ->
                    warning(s, s.keyword() + " concerns keepalived's processes, not forwarding: dropped");
            case "static_ipaddress", "static_routes", "static_rules", "linkbeat_interfaces", "garp_group",
                 "bfd_instance", "static_track_group" ->
                    error(s, s.keyword() + " has no equivalent in jlvs (it changes the kernel's interfaces, routes or links, which jlvs's DPDK ports do not use)");
            default -> error(s, "unknown top-level keyword '" + s.keyword() + "'");
        }
    }

    private void globalDefs(Statement defs) {
        if (!defs.hasBlock()) {
            error(defs, "global_defs needs a block");
            return;
        }
        for (Statement s : defs.block()) {
            switch (s.keyword()) {
                case "lvs_timeouts" -> lvsTimeouts(s);
                case "lvs_sync_daemon" -> error(s, SYNC_DAEMON_BY_COMMAND);
                case "vrrp_version", "vrrp_garp_master_repeat", "vrrp_garp_master_delay", "vrrp_garp_master_refresh" -> {
                    // taken (and checked) by vrrpGlobal before any instance
                }
                case "lvs_flush" -> warning(s, "lvs_flush: jlvs takes its services from this file on first start and from its journal after; dropped");
                case "lvs_flush_on_stop" -> warning(s, "lvs_flush_on_stop: jlvs keeps its rules in its journal across restarts; dropped");
                case "startup_script", "shutdown_script" ->
                        error(s, s.keyword() + ": jlvs runs no scripts; no equivalent");
                default -> warning(s, "global_defs " + s.keyword() + " does not change what jlvs forwards: dropped");
            }
        }
    }

    private void lvsTimeouts(Statement s) {
        Integer tcp = null;
        Integer tcpfin = null;
        Integer udp = null;
        List<String> args = s.args();
        if (args.isEmpty() || args.size() % 2 != 0) {
            error(s, "lvs_timeouts takes pairs: [tcp SECS] [tcpfin SECS] [udp SECS]");
            return;
        }
        for (int i = 0; i < args.size(); i += 2) {
            Integer seconds = integer(s, args.get(i + 1), 1, Integer.MAX_VALUE);
            if (seconds == null) {
                return;
            }
            switch (args.get(i)) {
                case "tcp" -> tcp = seconds;
                case "tcpfin" -> tcpfin = seconds;
                case "udp" -> udp = seconds;
                default -> {
                    error(s, "lvs_timeouts: '" + args.get(i) + "' is not one of tcp, tcpfin, udp");
                    return;
                }
            }
        }
        timeouts = new TimeoutsConfig(tcp, tcpfin, udp);
    }

    private void vrrpGlobal(Statement s) {
        switch (s.keyword()) {
            case "vrrp_version" -> vrrpVersion = orElse(integer(s, single(s), 2, 3), vrrpVersion);
            case "vrrp_garp_master_repeat" -> garpRepeat = orElse(integer(s, single(s), 0, 1_000_000), garpRepeat);
            case "vrrp_garp_master_delay" -> garpDelay = orElse(seconds(s), garpDelay);
            case "vrrp_garp_master_refresh" -> garpRefresh = orElse(seconds(s), garpRefresh);
            default -> { }
        }
    }

    /** keepalived speaks VRRP version 2 unless told otherwise (global_defs vrrp_version, an instance's version). */
    static final int KEEPALIVED_VRRP_VERSION = 2;

    private static final String SYNC_DAEMON_BY_COMMAND = "the connection sync daemon is not in jlvs's config: start it "
            + "with jlvsadm --start-daemon master|backup --mcast-interface PORT --syncid N once jlvs runs (as with ipvsadm)";

    /**
     * One {@code vrrp_instance}: RFC 5798 version 3, so a version-2 instance (keepalived's default)
     * is an error: its peer would not hear jlvs's adverts and both would be master. Each director of
     * the router must speak version 3 ({@code vrrp_version 3}); keepalived speaks both.
     */
    private void vrrpInstance(Statement vi) {
        if (vi.args().size() != 1 || !vi.hasBlock()) {
            error(vi, "vrrp_instance takes a name and a block");
            return;
        }
        String name = vi.args().getFirst();
        String port = null;
        String iface = null;
        Integer vrid = null;
        Integer priority = null;
        Double interval = null;
        Boolean nopreempt = null;
        Integer version = null;
        Integer repeat = garpRepeat;
        Double delay = garpDelay;
        Double refresh = garpRefresh;
        List<Ipv4Address> addresses = new ArrayList<>();
        // The interface first, wherever it is in the block: the addresses' dev options are checked against it.
        String instanceInterface = vi.block().stream().filter(s -> s.keyword().equals("interface") && s.args().size() == 1)
                .map(s -> s.args().getFirst()).findFirst().orElse(null);
        int instanceProblems = problems.size(); // the instance's own problems go before its lines', in file order
        for (Statement s : vi.block()) {
            switch (s.keyword()) {
                case "interface" -> {
                    iface = single(s);
                    if (iface != null) {
                        port = portByInterface.getOrDefault(iface, iface);
                    }
                }
                case "virtual_router_id" -> vrid = orElse(integer(s, single(s), 1, 255), vrid);
                case "priority" -> {
                    Integer value = integer(s, single(s), 1, 255);
                    if (value != null && value == 255) {
                        error(s, "priority 255 is the address owner's; a director never owns its VIPs: give 1..254");
                    } else if (value != null) {
                        priority = value;
                    }
                }
                case "advert_int" -> interval = orElse(seconds(s), interval);
                case "nopreempt" -> nopreempt = true;
                case "version" -> version = orElse(integer(s, single(s), 2, 3), version);
                case "state" -> {
                    String value = single(s);
                    if ("MASTER".equals(value)) {
                        warning(s, "state MASTER: jlvs starts every instance as backup and takes over after the master-down "
                                + "interval when no higher priority advertises (RFC 5798); dropped");
                    } else if (value != null && !value.equals("BACKUP")) {
                        error(s, "state '" + value + "' is not one of MASTER, BACKUP");
                    }
                }
                case "virtual_ipaddress", "virtual_ipaddress_excluded" -> virtualAddresses(s, instanceInterface, addresses);
                case "garp_master_repeat" -> repeat = orElse(integer(s, single(s), 0, 1_000_000), repeat);
                case "garp_master_delay" -> delay = orElse(seconds(s), delay);
                case "garp_master_refresh" -> refresh = orElse(seconds(s), refresh);
                case "authentication" -> warning(s, "authentication: VRRP version 3 has none (RFC 5798; keepalived ignores it "
                        + "for version 3 too); dropped");
                case "smtp_alert", "debug", "garp_master_refresh_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat",
                     "lower_prio_no_advert", "higher_prio_send_advert", "dont_track_primary", "strict_mode", "accept",
                     "no_accept", "skip_check_adv_addr", "kernel_rx_buf_size", "notify_priority_changes" ->
                        warning(s, s.keyword() + " does not change which director holds the VIPs: dropped");
                case "preempt_delay" -> error(s, "preempt_delay: jlvs preempts as soon as it hears a lower priority; no equivalent");
                case "track_interface", "track_script", "track_process", "track_file", "track_bfd" ->
                        error(s, s.keyword() + ": jlvs's VRRP tracks nothing but the other routers' adverts; no equivalent");
                case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify_deleted",
                     "notify_master_rx_lower_pri" ->
                        error(s, s.keyword() + ": jlvs runs no scripts (its journal records every transition); no equivalent");
                case "virtual_routes", "virtual_rules" ->
                        error(s, s.keyword() + " changes the kernel's routes, which jlvs's DPDK ports do not use; no equivalent");
                case "use_vmac", "vmac_xmit_base" ->
                        error(s, s.keyword() + ": jlvs sends from its port's own MAC (keepalived's default); no equivalent");
                case "unicast_peer", "unicast_src_ip", "unicast_ttl" ->
                        error(s, s.keyword() + ": jlvs multicasts its adverts to 224.0.0.18; no equivalent for unicast VRRP");
                case "mcast_src_ip" -> error(s, "mcast_src_ip: jlvs sends from its port's first address; no equivalent");
                case "native_ipv6" -> error(s, "native_ipv6: jlvs's VRRP is IPv4 only");
                case "lvs_sync_daemon_interface" -> error(s, SYNC_DAEMON_BY_COMMAND);
                default -> error(s, "unknown vrrp_instance keyword '" + s.keyword() + "'");
            }
        }
        int spoken = version != null ? version : vrrpVersion;
        if (spoken != 3) {
            problems.add(instanceProblems++, new Problem(vi.source(), true, "vrrp_instance " + name + " speaks VRRP version 2 (keepalived's default): jlvs speaks version 3 "
                    + "(RFC 5798) only, and a version-2 peer would not hear it; set vrrp_version 3 in global_defs on "
                    + "every director of this router, then convert"));
        }
        if (iface == null) {
            problems.add(instanceProblems++, new Problem(vi.source(), true, "vrrp_instance " + name + " has no interface"));
        }
        if (vrid == null) {
            problems.add(instanceProblems++, new Problem(vi.source(), true, "vrrp_instance " + name + " has no virtual_router_id"));
        }
        if (addresses.isEmpty()) {
            problems.add(instanceProblems, new Problem(vi.source(), true, "vrrp_instance " + name + " has no IPv4 virtual_ipaddress"));
        }
        if (port == null || vrid == null || addresses.isEmpty()) {
            return;
        }
        vrrp.add(new ConvertedVrrp(vi.source(), "vrrp_instance " + name,
                new VrrpConfig(name, port, vrid, priority, interval, null, nopreempt, List.copyOf(addresses),
                        repeat, delay, refresh)));
    }

    /** keepalived's {@code ADDR[/LEN] [dev IFACE] [label L] [brd B] [scope S] ...}, one per line. */
    private void virtualAddresses(Statement block, String iface, List<Ipv4Address> addresses) {
        if (!block.hasBlock()) {
            error(block, block.keyword() + " needs a block of addresses");
            return;
        }
        if (block.keyword().equals("virtual_ipaddress_excluded")) {
            warning(block, "virtual_ipaddress_excluded: jlvs puts these addresses in its adverts too (version 3 receivers "
                    + "do not compare address lists); held with the others");
        }
        for (Statement line : block.block()) {
            String text = line.keyword();
            int slash = text.indexOf('/');
            Ipv4Address address = address(line, slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                continue;
            }
            List<String> args = line.args();
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                if (option.equals("dev") && value != null && !value.equals(iface)) {
                    error(line, "dev " + value + ": jlvs holds an instance's addresses on its own interface (" + iface + "); no equivalent");
                } else if (option.equals("label") || option.equals("dev") || option.equals("brd") || option.equals("scope")) {
                    if (!option.equals("dev")) {
                        warning(line, option + " names the kernel's interface address, which jlvs has none of: dropped");
                    }
                } else {
                    error(line, "virtual_ipaddress option '" + option + "': jlvs takes the address (and dev, label, brd, scope); no equivalent");
                    break;
                }
                i++;
            }
            if (addresses.contains(address)) {
                warning(line, address + " is listed twice: held once");
            } else {
                addresses.add(address);
            }
        }
    }

    /** keepalived's VRRP durations: seconds, decimals allowed (advert_int, garp delays). */
    private Double seconds(Statement s) {
        String value = single(s);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            if (seconds.signum() < 0) {
                error(s, s.keyword() + " " + value + " is negative");
                return null;
            }
            return seconds.doubleValue();
        } catch (NumberFormatException e) {
            error(s, s.keyword() + " '" + value + "' is not a number of seconds");
            return null;
        }
    }

    /** Check settings a real server inherits from its virtual server, and a checker from its real server. */
    private static final class CheckDefaults {
        int delayLoopMs = DEFAULT_DELAY_LOOP_MS;
        int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        int retry = DEFAULT_RETRY;
        boolean inhibit;
        String virtualhost;

        CheckDefaults copy() {
            CheckDefaults copy = new CheckDefaults();
            copy.delayLoopMs = delayLoopMs;
            copy.connectTimeoutMs = connectTimeoutMs;
            copy.retry = retry;
            copy.inhibit = inhibit;
            copy.virtualhost = virtualhost;
            return copy;
        }
    }

    /** Takes {@code s} into {@code defaults} when it is one of the check settings a virtual or real server may hold. */
    private boolean checkSetting(Statement s, CheckDefaults defaults) {
        switch (s.keyword()) {
            case "delay_loop" -> defaults.delayLoopMs = orElse(timer(s), defaults.delayLoopMs);
            case "connect_timeout" -> defaults.connectTimeoutMs = orElse(timer(s), defaults.connectTimeoutMs);
            case "retry" -> defaults.retry = orElse(integer(s, single(s), 0, 1_000_000), defaults.retry);
            case "inhibit_on_failure" -> defaults.inhibit = orElse(bool(s), defaults.inhibit);
            case "virtualhost" -> defaults.virtualhost = orElse(single(s), defaults.virtualhost);
            case "delay_before_retry" -> warning(s, "delay_before_retry: jlvs retries a failed check after delay_loop; dropped");
            case "warmup" -> warning(s, "warmup: jlvs starts every check at once; dropped");
            case "smtp_alert", "snmp_name" -> warning(s, s.keyword() + " does not change what jlvs forwards: dropped");
            case "alpha" -> error(s, "alpha: every checked server starts up in jlvs (keepalived's default); no equivalent for starting down");
            default -> {
                return false;
            }
        }
        return true;
    }

    private void virtualServer(Statement vs) {
        if (!vs.hasBlock()) {
            error(vs, "virtual_server needs a block");
            return;
        }
        List<Endpoint> endpoints = virtualEndpoints(vs);
        if (endpoints == null) {
            return;
        }
        ServiceConfig.Protocol protocol = ServiceConfig.Protocol.TCP;
        ServiceConfig.Scheduler scheduler = ServiceConfig.Scheduler.WLC;
        ForwardMethod method = ForwardMethod.NAT;
        List<Flag> flags = new ArrayList<>();
        Integer persistenceTimeout = null;
        Statement granularity = null;
        Ipv4Address netmask = null;
        CheckDefaults defaults = new CheckDefaults();
        Statement quorum = null;
        boolean quorumActions = false;
        List<Statement> realServers = new ArrayList<>();
        boolean schedulerGiven = false;
        for (Statement s : vs.block()) {
            if (checkSetting(s, defaults)) {
                continue;
            }
            switch (s.keyword()) {
                case "lb_algo", "lvs_sched" -> {
                    ServiceConfig.Scheduler parsed = scheduler(s);
                    if (parsed != null) {
                        scheduler = parsed;
                        schedulerGiven = true;
                    }
                }
                case "lb_kind", "lvs_method" -> {
                    ForwardMethod parsed = method(s);
                    if (parsed != null) {
                        method = parsed;
                    }
                }
                case "protocol" -> {
                    String value = single(s);
                    if (value != null) {
                        switch (value.toUpperCase(Locale.ROOT)) {
                            case "TCP" -> protocol = ServiceConfig.Protocol.TCP;
                            case "UDP" -> protocol = ServiceConfig.Protocol.UDP;
                            case "SCTP" -> error(s, "protocol SCTP: jlvs forwards TCP and UDP only");
                            default -> error(s, "protocol '" + value + "' is not one of TCP, UDP, SCTP");
                        }
                    }
                }
                case "persistence_timeout" -> {
                    if (s.args().isEmpty()) {
                        persistenceTimeout = PersistenceConfig.DEFAULT_TIMEOUT;
                    } else {
                        Integer value = integer(s, single(s), 1, Integer.MAX_VALUE);
                        if (value != null) {
                            persistenceTimeout = value;
                        }
                    }
                }
                case "persistence_granularity" -> {
                    granularity = s;
                    String value = single(s);
                    if (value != null) {
                        try {
                            Ipv4Address mask = Ipv4Address.parse(value);
                            if (mask.netmaskLength() < 0) {
                                error(s, value + " is not a netmask (its ones are not contiguous)");
                            } else {
                                netmask = mask;
                            }
                        } catch (IllegalArgumentException e) {
                            error(s, "persistence_granularity: " + e.getMessage());
                        }
                    }
                }
                case "sh-port", "sh-fallback", "mh-port", "mh-fallback", "flag-1", "flag-2" -> flags.add(new Flag(s));
                case "flag-3" -> error(s, "flag-3: no IPVS scheduler shipped with jlvs uses it; no equivalent");
                case "ops" -> error(s, "ops (one-packet scheduling) has no key in the jlvs config; set it with jlvsadm -E ... -o after start");
                case "omega" -> warning(s, "omega does not change what jlvs forwards: dropped");
                case "ha_suspend" -> warning(s, "ha_suspend: jlvs owns its VIPs, so its checks never wait for one; dropped");
                case "ip_family" -> {
                    String value = single(s);
                    if (value != null && !value.equals("inet")) {
                        error(s, "ip_family " + value + ": jlvs forwards IPv4 only");
                    }
                }
                case "quorum", "hysteresis" -> {
                    if (quorum == null || s.keyword().equals("quorum")) {
                        quorum = s;
                    }
                    integer(s, single(s), 0, Integer.MAX_VALUE);
                }
                case "quorum_up", "quorum_down" -> {
                    quorumActions = true;
                    error(s, s.keyword() + ": jlvs runs no scripts; no equivalent");
                }
                case "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method" -> {
                    quorumActions = true;
                    error(s, s.keyword() + ": jlvs has no sorry server (a server used only while the pool is below quorum); no equivalent");
                }
                case "persistence_engine" -> error(s, "persistence_engine: jlvs has no persistence engines (sip); no equivalent");
                case "real_server" -> realServers.add(s);
                default -> error(s, "unknown virtual_server keyword '" + s.keyword() + "'");
            }
        }
        if (quorum != null && !quorumActions) {
            warning(quorum, "quorum and hysteresis act only through quorum_up/quorum_down scripts or a sorry server, and this "
                    + "virtual_server has neither: dropped");
        }
        PersistenceConfig persistence = null;
        if (persistenceTimeout != null) {
            persistence = new PersistenceConfig(persistenceTimeout, netmask);
        } else if (granularity != null) {
            warning(granularity, "persistence_granularity without persistence_timeout has no effect (as in keepalived): dropped");
        }
        List<SchedulerFlag> schedulerFlags = schedulerFlags(flags, scheduler, schedulerGiven);
        for (Endpoint endpoint : endpoints) {
            if (endpoint.port == 0 && persistence == null) {
                error(vs, "a virtual_server without a port takes every port and needs persistence_timeout (as ipvsadm)");
                return;
            }
        }
        List<RealServerConfig> servers = new ArrayList<>();
        for (Statement rs : realServers) {
            RealServerConfig server = realServer(rs, method, defaults, endpoints);
            if (server != null) {
                servers.add(server);
            }
        }
        for (Endpoint endpoint : endpoints) {
            services.add(new ConvertedService(endpoint.source, endpoint.text,
                    new ServiceConfig(protocol, endpoint.vip, endpoint.port, scheduler, schedulerFlags, persistence, servers)));
        }
    }

    private record Endpoint(Source source, String text, Ipv4Address vip, int port) {}

    private record Flag(Statement statement) {}

    /** The VIP:port pairs a virtual_server stands for: one, or each of its group's entries. */
    private List<Endpoint> virtualEndpoints(Statement vs) {
        List<String> args = vs.args();
        if (args.isEmpty()) {
            error(vs, "virtual_server needs an address and port, 'fwmark N' or 'group NAME'");
            return null;
        }
        if (args.getFirst().equals("fwmark")) {
            error(vs, "virtual_server fwmark: jlvs's config has no firewall-mark services yet (jlvsadm refuses -f too)");
            return null;
        }
        if (args.getFirst().equals("group")) {
            if (args.size() != 2) {
                error(vs, "virtual_server group takes one group name");
                return null;
            }
            Statement group = groups.get(args.get(1));
            if (group == null) {
                error(vs, "virtual_server_group " + args.get(1) + " is not defined");
                return null;
            }
            // An entry that does not convert is an error of its own; the others still do (for --lenient).
            List<Endpoint> endpoints = new ArrayList<>();
            for (Statement entry : group.block()) {
                List<Endpoint> expanded = groupEntry(entry);
                if (expanded != null) {
                    endpoints.addAll(expanded);
                }
            }
            return endpoints;
        }
        if (args.size() > 2) {
            error(vs, "virtual_server takes an address and an optional port");
            return null;
        }
        Ipv4Address vip = address(vs, args.getFirst());
        Integer port = args.size() == 2 ? integer(vs, args.get(1), 0, 65535) : Integer.valueOf(0);
        if (vip == null || port == null) {
            return null;
        }
        return List.of(new Endpoint(vs.source(), "virtual_server " + String.join(" ", args), vip, port));
    }

    /** {@code IP PORT}, {@code IP-LAST PORT} (a range of the last octet, both ends included), or {@code fwmark N}. */
    private List<Endpoint> groupEntry(Statement entry) {
        if (entry.keyword().equals("fwmark")) {
            error(entry, "fwmark in a virtual_server_group: jlvs's config has no firewall-mark services yet");
            return null;
        }
        if (entry.args().size() != 1) {
            error(entry, "a virtual_server_group entry is 'ADDRESS PORT', 'ADDRESS-LAST PORT' or 'fwmark N'");
            return null;
        }
        String text = "virtual_server_group entry " + entry.text();
        Integer port = integer(entry, entry.args().getFirst(), 0, 65535);
        String address = entry.keyword();
        int dash = address.indexOf('-');
        if (dash < 0) {
            Ipv4Address vip = address(entry, address);
            return vip == null || port == null ? null : List.of(new Endpoint(entry.source(), text, vip, port));
        }
        Ipv4Address first = address(entry, address.substring(0, dash));
        Integer last = integer(entry, address.substring(dash + 1), 0, 255);
        if (first == null || last == null || port == null) {
            return null;
        }
        int from = first.bits() & 0xff;
        if (last < from) {
            error(entry, "the range " + address + " ends below its start");
            return null;
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int octet = from; octet <= last; octet++) {
            endpoints.add(new Endpoint(entry.source(), text, new Ipv4Address(first.bits() & ~0xff | octet), port));
        }
        return endpoints;
    }

    private List<SchedulerFlag> schedulerFlags(List<Flag> flags, ServiceConfig.Scheduler scheduler, boolean schedulerGiven) {
        List<SchedulerFlag> result = new ArrayList<>();
        for (Flag flag : flags) {
            Statement s = flag.statement();
            String name = switch (s.keyword()) {
                case "flag-1" -> scheduler == ServiceConfig.Scheduler.SH ? "sh-fallback" : scheduler == ServiceConfig.Scheduler.MH ? "mh-fallback" : null;
                case "flag-2" -> scheduler == ServiceConfig.Scheduler.SH ? "sh-port" : scheduler == ServiceConfig.Scheduler.MH ? "mh-port" : null;
                default -> s.keyword();
            };
            SchedulerFlag parsed = name == null ? null : SchedulerFlag.parse(name).iterator().next();
            if (parsed == null || !parsed.scheduler().equals(scheduler.configName())) {
                error(s, s.keyword() + " applies to the " + (parsed == null ? "sh and mh" : parsed.scheduler())
                        + " scheduler only, and this virtual_server uses " + scheduler.configName()
                        + (schedulerGiven ? "" : " (keepalived's default)"));
            } else if (!result.contains(parsed)) {
                result.add(parsed);
            }
        }
        return result;
    }

    private RealServerConfig realServer(Statement rs, ForwardMethod serviceMethod, CheckDefaults inherited,
                                        List<Endpoint> endpoints) {
        if (!rs.hasBlock() && !rs.args().isEmpty() && rs.args().size() <= 2) {
            // keepalived accepts a real_server without a block: weight 1, no check.
        } else if (rs.args().isEmpty() || rs.args().size() > 2) {
            error(rs, "real_server takes an address and an optional port");
            return null;
        }
        Ipv4Address address = address(rs, rs.args().getFirst());
        Integer port = rs.args().size() == 2 ? integer(rs, rs.args().get(1), 0, 65535) : null;
        if (address == null || (rs.args().size() == 2 && port == null)) {
            return null;
        }
        if (port != null && port == 0) {
            port = null;
        }
        ForwardMethod method = serviceMethod;
        int weight = 1;
        int upper = 0;
        int lower = 0;
        CheckDefaults defaults = inherited.copy();
        List<Statement> checkers = new ArrayList<>();
        for (Statement s : rs.hasBlock() ? rs.block() : List.<Statement>of()) {
            if (checkSetting(s, defaults)) {
                continue;
            }
            switch (s.keyword()) {
                case "weight" -> weight = orElse(integer(s, single(s), 0, Integer.MAX_VALUE), weight);
                case "lb_kind", "lvs_method" -> method = orElse(method(s), method);
                case "uthreshold" -> upper = orElse(integer(s, single(s), 0, Integer.MAX_VALUE), upper);
                case "lthreshold" -> lower = orElse(integer(s, single(s), 0, Integer.MAX_VALUE), lower);
                case "notify_up", "notify_down" -> error(s, s.keyword() + ": jlvs runs no scripts (its journal records every health event); no equivalent");
                case "TCP_CHECK", "HTTP_GET" -> checkers.add(s);
                case "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "BFD_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK" ->
                        error(s, s.keyword() + ": jlvs checks with TCP_CHECK and HTTP_GET only; no equivalent");
                default -> error(s, "unknown real_server keyword '" + s.keyword() + "'");
            }
        }
        for (Endpoint endpoint : endpoints) {
            if (method != ForwardMethod.NAT && port != null && port != endpoint.port) {
                error(rs, "real_server port " + port + " differs from the virtual server's " + endpoint.port
                        + ": only NAT can translate ports (as in IPVS)");
                return null;
            }
        }
        final Integer givenPort = port;
        if (method != ForwardMethod.NAT && port != null && endpoints.stream().allMatch(e -> e.port == givenPort)) {
            port = null;
        }
        HealthCheckConfig check = null;
        if (checkers.size() > 1) {
            error(checkers.get(1), "a second checker on one real server: jlvs runs one check per server (the first, at line "
                    + checkers.getFirst().source().line() + ")");
        }
        if (!checkers.isEmpty()) {
            check = checker(checkers.getFirst(), defaults, address);
        }
        if (upper > 0 && lower > upper) {
            error(rs, "lthreshold " + lower + " is above uthreshold " + upper);
        }
        return new RealServerConfig(address, port, method, weight, upper, lower, check);
    }

    private HealthCheckConfig checker(Statement c, CheckDefaults defaults, Ipv4Address serverAddress) {
        boolean http = c.keyword().equals("HTTP_GET");
        CheckDefaults own = defaults.copy();
        Integer port = null;
        Statement url = null;
        for (Statement s : c.hasBlock() ? c.block() : List.<Statement>of()) {
            if (!s.keyword().equals("inhibit_on_failure") && !s.keyword().equals("virtualhost") && checkSetting(s, own)) {
                continue;
            }
            switch (s.keyword()) {
                case "connect_port" -> port = orElse(integer(s, single(s), 1, 65535), port);
                case "connect_ip" -> {
                    Ipv4Address ip = address(s, single(s));
                    if (ip != null && !ip.equals(serverAddress)) {
                        error(s, "connect_ip " + ip + ": jlvs checks the real server's own address; no equivalent");
                    }
                }
                case "nb_get_retry" -> own.retry = orElse(integer(s, single(s), 0, 1_000_000), own.retry);
                case "log_all_failures" -> warning(s, "log_all_failures: jlvs logs state changes; dropped");
                case "bindto", "bind_if", "bind_port", "fwmark" ->
                        error(s, s.keyword() + ": jlvs's checks use the kernel's choice of source; no equivalent");
                case "url" -> {
                    if (!http) {
                        error(s, "url belongs in HTTP_GET, not " + c.keyword());
                    } else if (url != null) {
                        error(s, "a second url: jlvs's http-get checks one path (the first, at line " + url.source().line() + ")");
                    } else {
                        url = s;
                    }
                }
                case "virtualhost" -> {
                    if (http) {
                        own.virtualhost = orElse(single(s), own.virtualhost);
                    } else {
                        error(s, "virtualhost belongs in HTTP_GET, not " + c.keyword());
                    }
                }
                case "http_protocol" -> {
                    String value = single(s);
                    if (value != null && !value.equals("1.0C") && !value.equals("1.0")) {
                        warning(s, "http_protocol " + value + ": jlvs sends HTTP/1.0 with Connection: close (keepalived's 1.0C)");
                    }
                }
                case "fast_recovery" -> warning(s, "fast_recovery: jlvs checks one url, so a server comes back after one passed check; dropped");
                default -> error(s, "unknown " + c.keyword() + " keyword '" + s.keyword() + "'");
            }
        }
        String path = null;
        Integer status = null;
        boolean digest = false;
        if (http) {
            if (url == null) {
                error(c, "HTTP_GET needs a url block with a path");
                return null;
            }
            for (Statement s : url.hasBlock() ? url.block() : List.<Statement>of()) {
                switch (s.keyword()) {
                    case "path" -> path = single(s);
                    case "status_code" -> status = statusCode(s);
                    case "virtualhost" -> own.virtualhost = orElse(single(s), own.virtualhost);
                    case "digest" -> {
                        digest = true;
                        error(s, "digest: jlvs's http-get compares the status code only; no equivalent");
                    }
                    case "regex", "regex_no_match", "regex_options", "regex_stack", "regex_min_offset", "regex_max_offset" ->
                            error(s, s.keyword() + ": jlvs's http-get compares the status code only; no equivalent");
                    default -> error(s, "unknown url keyword '" + s.keyword() + "'");
                }
            }
            if (path == null) {
                error(url, "url needs a path");
                return null;
            }
            if (status == null) {
                if (!digest) {
                    warning(url, "no status_code: keepalived accepts 200-299, jlvs's http-get expects one code: 200");
                }
                status = 200;
            }
        }
        HealthCheckConfig.OnFailure onFailure = own.inhibit ? HealthCheckConfig.OnFailure.QUIESCE : HealthCheckConfig.OnFailure.REMOVE;
        return new HealthCheckConfig(http ? HealthCheckConfig.Type.HTTP_GET : HealthCheckConfig.Type.TCP_CONNECT,
                port, path, status, own.delayLoopMs, own.connectTimeoutMs, own.retry + 1, onFailure, http ? own.virtualhost : null);
    }

    /** One code; keepalived's ranges and lists have no equivalent unless they name one code. */
    private Integer statusCode(Statement s) {
        if (s.args().size() == 1) {
            String value = s.args().getFirst();
            int dash = value.indexOf('-');
            if (dash > 0 && value.substring(0, dash).equals(value.substring(dash + 1))) {
                value = value.substring(0, dash);
            }
            if (value.chars().allMatch(Character::isDigit)) {
                return integer(s, value, 100, 599);
            }
        }
        error(s, "status_code " + String.join(" ", s.args()) + ": jlvs's http-get expects one status code; no equivalent for ranges or lists");
        return null;
    }

    private ServiceConfig.Scheduler scheduler(Statement s) {
        String value = single(s);
        if (value == null) {
            return null;
        }
        try {
            return ServiceConfig.Scheduler.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(s, s.keyword() + " '" + value + "' is not one of rr, wrr, lc, wlc, sed, nq, lblc, lblcr, dh, sh, mh, fo, ovf, twos");
            return null;
        }
    }

    private ForwardMethod method(Statement s) {
        List<String> args = s.args();
        if (args.isEmpty()) {
            error(s, s.keyword() + " needs NAT, DR or TUN");
            return null;
        }
        switch (args.getFirst().toUpperCase(Locale.ROOT)) {
            case "NAT", "DR" -> {
                if (args.size() > 1) {
                    error(s, s.keyword() + " " + args.getFirst() + " takes no options");
                    return null;
                }
                return args.getFirst().equalsIgnoreCase("NAT") ? ForwardMethod.NAT : ForwardMethod.DR;
            }
            case "TUN" -> {
                if (args.size() == 1 || (args.size() == 3 && args.get(1).equals("type") && args.get(2).equals("ipip"))) {
                    return ForwardMethod.TUN;
                }
                error(s, s.keyword() + " " + String.join(" ", args) + ": jlvs tunnels with IP-in-IP only (no GUE or GRE, no checksum options)");
                return null;
            }
            default -> {
                error(s, s.keyword() + " '" + args.getFirst() + "' is not one of NAT, DR, TUN");
                return null;
            }
        }
    }

    /** keepalived's TIMER: seconds, with up to microsecond decimals; returned in ms (at least 1). */
    private Integer timer(Statement s) {
        String value = single(s);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(2_000_000)) > 0) {
                error(s, s.keyword() + " " + value + " is not in (0, 2000000] seconds");
                return null;
            }
            return Math.max(1, seconds.movePointRight(3).intValue());
        } catch (NumberFormatException e) {
            error(s, s.keyword() + " '" + value + "' is not a number of seconds");
            return null;
        }
    }

    /** keepalived's optional BOOL: absent means true. */
    private Boolean bool(Statement s) {
        if (s.args().isEmpty()) {
            return true;
        }
        String value = single(s);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> {
                error(s, s.keyword() + " takes true/on/yes or false/off/no");
                yield null;
            }
        };
    }

    private Integer integer(Statement s, String value, int min, int max) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                error(s, s.keyword() + ": " + value + " is not in " + min + ".." + max);
                return null;
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            error(s, s.keyword() + ": '" + value + "' is not a whole number");
            return null;
        }
    }

    private Ipv4Address address(Statement s, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Ipv4Address.parse(value);
        } catch (IllegalArgumentException e) {
            error(s, (value.contains(":") ? "IPv6 address " + value + ": jlvs forwards IPv4 only" : e.getMessage()));
            return null;
        }
    }

    private String single(Statement s) {
        if (s.args().size() != 1) {
            error(s, s.keyword() + " takes one value");
            return null;
        }
        return s.args().getFirst();
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private void error(Statement s, String message) {
        problems.add(new Problem(s.source(), true, message));
    }

    private void warning(Statement s, String message) {
        problems.add(new Problem(s.source(), false, message));
    }
}
