package io.jlvs.slowpath.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole config file (see examples/README.md for every key). Absent optional keys hold their
 * defaults; a config returned by {@link ConfigLoader} has passed validation.
 *
 * @param eal          arguments for rte_eal_init, after the program name
 * @param journalDir   where the rule journal lives
 * @param neighbours   static ARP entries: IPv4 address -> MAC
 * @param services     virtual services installed at start, before any admin command
 * @param metrics      the Prometheus endpoint; null = none
 * @param vrrp         VRRP instances (failover with another director or keepalived)
 * @param sync         how often a sync master re-sends connections (IPVS's sync_threshold and friends)
 * @param synDefence   SYN-flood defences of the workers (all off unless given)
 * @param bgp          VIP announcement through BIRD; null = none
 */
public record JlvsConfig(
        List<String> eal,
        List<PortConfig> ports,
        CoresConfig cores,
        IdleConfig idle,
        TablesConfig tables,
        TimeoutsConfig timeouts,
        Path journalDir,
        ControlSocketConfig controlSocket,
        Map<Ipv4Address, MacAddress> neighbours,
        List<ServiceConfig> services,
        MetricsConfig metrics,
        List<VrrpConfig> vrrp,
        SyncConfig sync,
        SynDefenceConfig synDefence,
        BgpConfig bgp) {

    public static final Path DEFAULT_JOURNAL_DIR = Path.of("/var/lib/jlvs/journal");

    public JlvsConfig {
        eal = Values.list(eal);
        ports = Values.list(ports);
        idle = Values.orDefault(idle, new IdleConfig(null, null, null, null, null, null));
        tables = Values.orDefault(tables, new TablesConfig(null, null));
        timeouts = Values.orDefault(timeouts, new TimeoutsConfig(null, null, null));
        journalDir = Values.orDefault(journalDir, DEFAULT_JOURNAL_DIR);
        controlSocket = Values.orDefault(controlSocket, new ControlSocketConfig(null, null));
        neighbours = Values.map(neighbours);
        services = Values.list(services);
        vrrp = Values.list(vrrp);
        sync = Values.orDefault(sync, new SyncConfig(null, null, null, null));
        synDefence = Values.orDefault(synDefence, new SynDefenceConfig(null, null, null, null, null, null, null, null));
    }

    /** A config without re-sync settings, SYN defences or BGP announcement (their defaults). */
    public JlvsConfig(List<String> eal, List<PortConfig> ports, CoresConfig cores, IdleConfig idle, TablesConfig tables,
                      TimeoutsConfig timeouts, Path journalDir, ControlSocketConfig controlSocket,
                      Map<Ipv4Address, MacAddress> neighbours, List<ServiceConfig> services, MetricsConfig metrics,
                      List<VrrpConfig> vrrp) {
        this(eal, ports, cores, idle, tables, timeouts, journalDir, controlSocket, neighbours, services, metrics, vrrp, null, null, null);
    }
}
