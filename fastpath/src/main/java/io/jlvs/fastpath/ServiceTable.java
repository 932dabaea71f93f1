package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RealServers;
import io.jlvs.sched.Scheduler;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the forwarding rules a worker needs: the director's ports, a few
 * routes towards clients, the virtual services and, by stable destination id, every real server.
 *
 * <p>Built off the hot path with {@link #builder}; the control plane publishes a new snapshot
 * through {@link ForwardingState} and workers pick it up between bursts. Lookups allocate nothing:
 * primitive open-addressing maps (Agrona) keyed by packed longs, and plain arrays by id.
 */
public final class ServiceTable {

    public static final int NOT_FOUND = -1;

    /** A director port: its MAC (low 48 bits), its IPv4 addresses (the first is primary) and MTU. */
    public record Port(int index, long mac, List<Integer> addresses, int mtu) {
        public Port {
            if (index < 0 || index > 0xffff) throw new IllegalArgumentException("port index must be 0..65535, was " + index);
            if ((mac & ~0xffff_ffff_ffffL) != 0) throw new IllegalArgumentException("port " + index + ": mac has more than 48 bits");
            if (addresses.isEmpty()) throw new IllegalArgumentException("port " + index + ": needs at least one IPv4 address");
            if (mtu < 68 || mtu > 65535) throw new IllegalArgumentException("port " + index + ": mtu must be 68..65535, was " + mtu);
            addresses = List.copyOf(addresses);
        }
    }

    /** Traffic to {@code prefix/prefixLength} leaves on {@code port} via {@code gateway} (0: on link). */
    public record Route(int prefix, int prefixLength, int port, int gateway) {
        public Route {
            if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("route prefix length must be 0..32, was " + prefixLength);
        }

        int mask() { return prefixLength == 0 ? 0 : -1 << (32 - prefixLength); }
    }

    /**
     * A real server of one service. {@code nextHop} 0 means the server is on the egress port's link.
     * For DR and TUN the port is the service's port, as ipvsadm forces it.
     */
    public record RealServer(int destId, int address, int port, int weight, int upperThreshold, int lowerThreshold,
                             ForwardMethod forwardMethod, int egressPort, int nextHop) {
        public RealServer {
            if (forwardMethod == null) throw new IllegalArgumentException("real server " + Ipv4Text.format(address) + ": no forward method");
            if (port < 0 || port > 0xffff) throw new IllegalArgumentException("real server " + Ipv4Text.format(address) + ": port must be 0..65535, was " + port);
        }
    }

    /**
     * A virtual service (protocol, VIP, port) with its scheduler and real servers in IPVS list order
     * (newest first). {@code persistenceSeconds} is ipvsadm's {@code -p T} ({@link #NOT_PERSISTENT} = no
     * -p), {@code persistenceMask} its {@code -M} as an int (-1 = 255.255.255.255).
     */
    public record VirtualService(int serviceId, int protocol, int address, int port, Scheduler scheduler, List<RealServer> servers,
                                 int persistenceSeconds, int persistenceMask) {
        public static final int NOT_PERSISTENT = 0;

        public VirtualService {
            if (protocol != Ipv4.PROTOCOL_TCP && protocol != Ipv4.PROTOCOL_UDP) {
                throw new IllegalArgumentException("service " + serviceId + ": protocol must be 6 (TCP) or 17 (UDP), was " + protocol);
            }
            if (port < 0 || port > 0xffff) throw new IllegalArgumentException("service " + serviceId + ": port must be 0..65535, was " + port);
            if (persistenceSeconds < 0) throw new IllegalArgumentException("service " + serviceId + ": persistence timeout must be >= 0, was " + persistenceSeconds);
            if (Integer.bitCount(persistenceMask) != Integer.numberOfLeadingZeros(~persistenceMask)) {
                throw new IllegalArgumentException("service " + serviceId + ": persistence netmask is not contiguous: " + Ipv4Text.format(persistenceMask));
            }
            servers = List.copyOf(servers);
        }

        /** A service without persistence (the shape before -p existed here). */
        public VirtualService(int serviceId, int protocol, int address, int port, Scheduler scheduler, List<RealServer> servers) {
            this(serviceId, protocol, address, port, scheduler, servers, NOT_PERSISTENT, -1);
        }
    }

    /** What a worker needs of one service on the hot path. */
    public static final class Service {
        public final int serviceId;
        public final int protocol;
        public final int address;
        public final int port;
        public final Scheduler scheduler;
        public final RealServers servers;
        /** -p T in seconds, or {@link VirtualService#NOT_PERSISTENT}. */
        public final int persistenceSeconds;
        /** -M as an int (-1 = /32). */
        public final int persistenceMask;

        Service(int serviceId, int protocol, int address, int port, Scheduler scheduler, RealServers servers,
                int persistenceSeconds, int persistenceMask) {
            this.serviceId = serviceId;
            this.protocol = protocol;
            this.address = address;
            this.port = port;
            this.scheduler = scheduler;
            this.servers = servers;
            this.persistenceSeconds = persistenceSeconds;
            this.persistenceMask = persistenceMask;
        }

        public boolean persistent() { return persistenceSeconds != VirtualService.NOT_PERSISTENT; }
    }

    /** IPVS's FTP control port and the active-mode data port (FTPPORT, FTPDATA). */
    public static final int FTP_PORT = 21;
    public static final int FTP_DATA_PORT = 20;
    /** Ports below this are privileged: IPVS looks for an FTP service only for data ports 20 and >= 1024. */
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final Long2LongHashMap serviceIndex;
    private final Service[] services;
    private final Long2LongHashMap natServers;
    /** Any persistent TCP service on port 21 / any port-0 service: the fallback lookups run only then. */
    private final boolean hasPersistentFtpService;
    private final boolean hasPortZeroService;
    /** NAT real servers of port-0 and FTP (TCP 21) services, keyed with port 0: their replies come from any port. */
    private final Long2LongHashMap anyPortNatServers;
    private final boolean hasAnyPortNatServer;
    private final Long2LongHashMap localAddresses;
    // Real servers by destination id; destMethod[id] == -1 where the id is unused.
    private final int[] destAddress;
    private final int[] destPort;
    private final int[] destMethod;
    private final int[] destEgressPort;
    private final int[] destNextHop;
    // Ports by index; portMtu[i] == 0 where the index is unused.
    private final long[] portMac;
    private final int[] portAddress;
    private final int[] portMtu;
    // Routes, longest prefix first.
    private final int[] routePrefix;
    private final int[] routeMask;
    private final int[] routePort;
    private final int[] routeGateway;

    private final DestinationLoad load;
    /** Null: the connection tables keep the timeouts they have. */
    private final ConnectionTimeouts timeouts;

    private ServiceTable(Builder b) {
        load = b.load;
        timeouts = b.timeouts;
        int maxPort = b.ports.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        portMac = new long[maxPort + 1];
        portAddress = new int[maxPort + 1];
        portMtu = new int[maxPort + 1];
        localAddresses = new Long2LongHashMap(16, 0.5f, NOT_FOUND);
        for (Port p : b.ports.values()) {
            portMac[p.index()] = p.mac();
            portAddress[p.index()] = p.addresses().getFirst();
            portMtu[p.index()] = p.mtu();
            for (int a : p.addresses()) localAddresses.put(a & 0xffffffffL, p.index());
        }

        List<Route> routes = new ArrayList<>(b.routes);
        routes.sort(Comparator.comparingInt(Route::prefixLength).reversed());
        routePrefix = new int[routes.size()];
        routeMask = new int[routes.size()];
        routePort = new int[routes.size()];
        routeGateway = new int[routes.size()];
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            requirePort(r.port(), "route " + Ipv4Text.format(r.prefix()) + "/" + r.prefixLength());
            routeMask[i] = r.mask();
            routePrefix[i] = r.prefix() & r.mask();
            routePort[i] = r.port();
            routeGateway[i] = r.gateway();
        }

        int maxDest = b.services.stream().flatMap(s -> s.servers().stream()).mapToInt(RealServer::destId).max().orElse(-1);
        destAddress = new int[maxDest + 1];
        destPort = new int[maxDest + 1];
        destMethod = new int[maxDest + 1];
        destEgressPort = new int[maxDest + 1];
        destNextHop = new int[maxDest + 1];
        Arrays.fill(destMethod, -1);

        services = new Service[b.services.size()];
        serviceIndex = new Long2LongHashMap(Math.max(16, services.length * 2), 0.5f, NOT_FOUND);
        natServers = new Long2LongHashMap(16, 0.5f, NOT_FOUND);
        Map<Integer, Integer> serviceIds = new HashMap<>();
        boolean ftp = false, portZero = false;
        anyPortNatServers = new Long2LongHashMap(16, 0.5f, NOT_FOUND);
        for (int i = 0; i < services.length; i++) {
            VirtualService vs = b.services.get(i);
            String name = "service " + vs.serviceId() + " (" + (vs.protocol() == Ipv4.PROTOCOL_TCP ? "TCP " : "UDP ")
                    + Ipv4Text.format(vs.address()) + ":" + vs.port() + ")";
            if (serviceIds.putIfAbsent(vs.serviceId(), i) != null) throw new IllegalArgumentException(name + ": duplicate service id");
            long key = serviceKey(vs.protocol(), vs.address(), vs.port());
            if (serviceIndex.containsKey(key)) throw new IllegalArgumentException(name + ": duplicate virtual service");
            serviceIndex.put(key, i);
            List<RealServers.Server> list = new ArrayList<>();
            for (RealServer rs : vs.servers()) {
                String rsName = name + ", real server " + Ipv4Text.format(rs.address()) + " (dest " + rs.destId() + ")";
                if (destMethod[rs.destId()] != -1) throw new IllegalArgumentException(rsName + ": destination id used twice");
                requirePort(rs.egressPort(), rsName);
                // ipvsadm forces the service's port for DR and TUN: the packet's port is never rewritten.
                int port = rs.forwardMethod() == ForwardMethod.NAT ? rs.port() : vs.port();
                destAddress[rs.destId()] = rs.address();
                destPort[rs.destId()] = port;
                destMethod[rs.destId()] = rs.forwardMethod().code();
                destEgressPort[rs.destId()] = rs.egressPort();
                destNextHop[rs.destId()] = rs.nextHop() != 0 ? rs.nextHop() : rs.address();
                if (rs.forwardMethod() == ForwardMethod.NAT) natServers.put(serviceKey(vs.protocol(), rs.address(), port), rs.destId());
                list.add(new RealServers.Server(rs.destId(), rs.weight(), rs.upperThreshold(), rs.lowerThreshold()));
            }
            services[i] = new Service(vs.serviceId(), vs.protocol(), vs.address(), vs.port(), vs.scheduler(),
                    new RealServers(list, b.load), vs.persistenceSeconds(), vs.persistenceMask());
            boolean ftpService = vs.port() == FTP_PORT && vs.protocol() == Ipv4.PROTOCOL_TCP;
            ftp |= ftpService && services[i].persistent();
            portZero |= vs.port() == 0;
            if (ftpService || vs.port() == 0) {
                for (RealServer rs : vs.servers()) {
                    if (rs.forwardMethod() == ForwardMethod.NAT) anyPortNatServers.put(serviceKey(vs.protocol(), rs.address(), 0), rs.destId());
                }
            }
        }
        hasPersistentFtpService = ftp;
        hasPortZeroService = portZero;
        hasAnyPortNatServer = !anyPortNatServers.isEmpty();
    }

    private void requirePort(int port, String user) {
        if (!hasPort(port)) {
            throw new IllegalArgumentException(user + ": port " + port + " is not defined");
        }
    }

    private static long serviceKey(int protocol, int address, int port) {
        return ((long) protocol << 48) | ((long) port << 32) | (address & 0xffffffffL);
    }

    public static Builder builder(DestinationLoad load) { return new Builder(load); }

    /** Index of the service for (protocol, VIP, port), or {@link #NOT_FOUND}. */
    public int findService(int protocol, int address, int port) {
        return (int) serviceIndex.get(serviceKey(protocol, address, port));
    }

    /**
     * IPVS's fallbacks after {@link #findService} misses (ip_vs_service_find): a TCP packet to port 20
     * or an unprivileged port of a VIP with a persistent FTP service belongs to that service (FTP data
     * connections), else a port-0 service of the VIP takes every port. Only persistent services can
     * schedule such packets (IPVS: "port zero only supported in persistent services"), so only those
     * are returned. Two flag tests when neither kind is configured.
     */
    public int findFallbackService(int protocol, int address, int port) {
        if (hasPersistentFtpService && protocol == Ipv4.PROTOCOL_TCP && (port == FTP_DATA_PORT || port >= FIRST_UNPRIVILEGED_PORT)) {
            int i = findService(protocol, address, FTP_PORT);
            if (i != NOT_FOUND && services[i].persistent()) return i;
        }
        if (hasPortZeroService) {
            int i = findService(protocol, address, 0);
            if (i != NOT_FOUND && services[i].persistent()) return i;
        }
        return NOT_FOUND;
    }

    public Service service(int index) { return services[index]; }

    /** One more than the largest service id (0 when there are no services). */
    public int serviceIdBound() {
        int max = -1;
        for (Service s : services) max = Math.max(max, s.serviceId);
        return max + 1;
    }

    /** One more than the largest destination id (0 when there are no real servers). */
    public int destinationIdBound() { return destMethod.length; }

    /** The per-core destination counts the schedulers read. */
    public DestinationLoad load() { return load; }

    /** Worker cores the snapshot's counts are kept for. */
    public int cores() { return load.cores(); }

    public int serviceCount() { return services.length; }

    /** True if (protocol, address, port) is a NAT real server's endpoint: replies from it belong to a connection. */
    public boolean isNatServer(int protocol, int address, int port) {
        return natServers.get(serviceKey(protocol, address, port)) != NOT_FOUND;
    }

    /**
     * True if (protocol, address) is a NAT real server of a port-0 service or of an FTP service (TCP
     * port 21): packets of their connections come from any port (the client's port of a port-0
     * service, FTP data ports, active-mode data from port 20). A flag test when no such service exists.
     */
    public boolean isAnyPortNatServer(int protocol, int address) {
        return hasAnyPortNatServer && anyPortNatServers.get(serviceKey(protocol, address, 0)) != NOT_FOUND;
    }

    /** True for the director's own port addresses. */
    public boolean isLocal(int address) { return localAddresses.get(address & 0xffffffffL) != NOT_FOUND; }

    public boolean hasDestination(int destId) { return destId >= 0 && destId < destMethod.length && destMethod[destId] != -1; }

    public int destAddress(int destId) { return destAddress[destId]; }

    public int destPort(int destId) { return destPort[destId]; }

    /**
     * The connection timeouts that travel with this rule snapshot (IPVS's per-state values with the
     * rule set's {@code --set}); null when the snapshot leaves the tables' own.
     */
    public ConnectionTimeouts timeouts() { return timeouts; }

    /** The destination's {@link ForwardMethod#code()}. */
    public int destForwardMethod(int destId) { return destMethod[destId]; }

    public int destEgressPort(int destId) { return destEgressPort[destId]; }

    /** The IPv4 address whose MAC the frame goes to: the configured next hop, else the server itself. */
    public int destNextHop(int destId) { return destNextHop[destId]; }

    public boolean hasPort(int port) { return port >= 0 && port < portMtu.length && portMtu[port] != 0; }

    public long portMac(int port) { return portMac[port]; }

    /** The port's primary IPv4 address: source of TUN outer headers and of ICMP errors it originates. */
    public int portAddress(int port) { return portAddress[port]; }

    public int portMtu(int port) { return portMtu[port]; }

    /** Index of the longest-prefix route for {@code address}, or {@link #NOT_FOUND}. A linear scan: a director has a handful. */
    public int findRoute(int address) {
        for (int i = 0; i < routePrefix.length; i++) {
            if ((address & routeMask[i]) == routePrefix[i]) return i;
        }
        return NOT_FOUND;
    }

    public int routePort(int route) { return routePort[route]; }

    public int routeCount() { return routePrefix.length; }

    /** The route's gateway, 0 for a route on link. */
    public int routeGateway(int route) { return routeGateway[route]; }

    /** The next hop for {@code address} via {@code route}: its gateway, or the address itself on link. */
    public int routeNextHop(int route, int address) {
        int gateway = routeGateway[route];
        return gateway != 0 ? gateway : address;
    }

    /** Collects ports, routes and services; {@link #build} validates them and names the offending entry. */
    public static final class Builder {
        private final DestinationLoad load;
        private final Map<Integer, Port> ports = new HashMap<>();
        private final List<Route> routes = new ArrayList<>();
        private final List<VirtualService> services = new ArrayList<>();
        private ConnectionTimeouts timeouts;

        private Builder(DestinationLoad load) { this.load = load; }

        /** The connection timeouts the workers use from this snapshot on ({@code ipvsadm --set}); unset: theirs stay. */
        public Builder timeouts(ConnectionTimeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder port(Port port) {
            if (ports.putIfAbsent(port.index(), port) != null) throw new IllegalArgumentException("port " + port.index() + " defined twice");
            return this;
        }

        public Builder route(Route route) {
            routes.add(route);
            return this;
        }

        public Builder service(VirtualService service) {
            services.add(service);
            return this;
        }

        public ServiceTable build() { return new ServiceTable(this); }
    }
}
