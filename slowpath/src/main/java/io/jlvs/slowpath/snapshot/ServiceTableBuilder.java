package io.jlvs.slowpath.snapshot;

import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RealServers;
import io.jlvs.sched.Scheduler;
import io.jlvs.sched.Schedulers;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.PortConfig;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.Timeouts;
import io.jlvs.slowpath.rules.VirtualService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * Turns a {@link RuleSet} into the fast path's immutable {@link ServiceTable}: ports and routes from the
 * config (port index = position in the config's port list; an on-link route per port address, a default
 * route per port gateway), each real server's egress port and next hop by longest-prefix match over
 * those routes, a fresh scheduler per service, and the rule set's connection timeouts (config, then
 * {@code --set}), which the workers take from the snapshot. lblc/lblcr carry their caches over from the
 * previous snapshot's scheduler, as IPVS keeps them across edits.
 *
 * <p>fwmark services stay in the rule set but are not forwarded: the fast path classifies by
 * protocol, address and port only.
 */
public final class ServiceTableBuilder {

    private final List<ServiceTable.Port> ports = new ArrayList<>();
    private final List<ServiceTable.Route> routes = new ArrayList<>();
    private final DestinationLoad load;
    private final int cores;

    /**
     * @param portMac the MAC of port i as the NIC reports it (the config's {@code mac} overrides it)
     */
    public ServiceTableBuilder(List<PortConfig> portConfigs, IntToLongFunction portMac, DestinationLoad load) {
        this.load = load;
        this.cores = load.cores();
        for (int i = 0; i < portConfigs.size(); i++) {
            PortConfig p = portConfigs.get(i);
            List<Integer> addresses = p.addresses().stream().map(a -> a.address().bits()).toList();
            long mac = p.mac() != null ? p.mac().bits() : portMac.applyAsLong(i);
            ports.add(new ServiceTable.Port(i, mac, addresses, p.mtu()));
            for (Ipv4Prefix a : p.addresses()) routes.add(new ServiceTable.Route(a.address().bits(), a.length(), i, 0));
            if (p.gateway() != null) routes.add(new ServiceTable.Route(0, 0, i, p.gateway().bits()));
        }
    }

    /** @param previous the table now published, or null */
    public ServiceTable build(RuleSet rules, ServiceTable previous) {
        ServiceTable.Builder table = ServiceTable.builder(load).timeouts(connectionTimeouts(rules.timeouts()));
        ports.forEach(table::port);
        routes.forEach(table::route);
        Map<Long, Scheduler> previousSchedulers = new HashMap<>();
        if (previous != null) {
            for (int i = 0; i < previous.serviceCount(); i++) {
                ServiceTable.Service s = previous.service(i);
                previousSchedulers.put(serviceKey(s.protocol, s.address, s.port), s.scheduler);
            }
        }
        for (VirtualService vs : rules.services()) {
            ServiceKey key = vs.key();
            if (key.isFwmark()) continue;
            List<RealServers.Server> listOrder = new ArrayList<>();
            List<ServiceTable.RealServer> servers = new ArrayList<>();
            for (RealServer r : vs.servers()) {
                listOrder.add(new RealServers.Server(r.destId(), r.weight(), r.upperThreshold(), r.lowerThreshold(),
                        (long) r.address() << 16 | r.port(), r.lastWeight()));
                Route route = route(r.address());
                servers.add(new ServiceTable.RealServer(r.destId(), r.address(), r.port(), r.weight(), r.upperThreshold(),
                        r.lowerThreshold(), r.method(), route.port, route.nextHop));
            }
            Scheduler scheduler = Schedulers.create(vs.scheduler(), vs.flags(), new RealServers(listOrder, load), cores,
                    Schedulers.Options.DEFAULT, previousSchedulers.get(serviceKey(key.protocolNumber(), key.address(), key.port())));
            table.service(new ServiceTable.VirtualService(vs.serviceId(), key.protocolNumber(), key.address(), key.port(),
                    scheduler, servers, vs.settings().persistenceTimeout(), vs.settings().netmask()));
        }
        return table.build();
    }

    private record Route(int port, int nextHop) {}

    /** Longest prefix first; a server no route reaches goes out of port 0 on link (the fast path's ARP will tell). */
    private Route route(int address) {
        ServiceTable.Route best = null;
        for (ServiceTable.Route r : routes) {
            int mask = r.prefixLength() == 0 ? 0 : -1 << (32 - r.prefixLength());
            if ((address & mask) == (r.prefix() & mask) && (best == null || r.prefixLength() > best.prefixLength())) best = r;
        }
        return best == null ? new Route(0, 0) : new Route(best.port(), best.gateway());
    }

    /**
     * IPVS's per-state timeouts with the rule set's tcp (ESTABLISHED), tcpfin (FIN_WAIT) and udp.
     *
     * @throws IllegalArgumentException for a value the fast path cannot hold: the change is refused
     */
    static ConnectionTimeouts connectionTimeouts(Timeouts t) {
        return ConnectionTimeouts.ipvsDefaults().withSet(t.tcp(), t.tcpFin(), t.udp());
    }

    private static long serviceKey(int protocol, int address, int port) {
        return (long) protocol << 48 | (long) port << 32 | (address & 0xffffffffL);
    }
}
