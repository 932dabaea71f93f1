package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.ftp.FtpExpectations;
import io.jlvs.fastpath.ftp.FtpParser;
import io.jlvs.fastpath.ftp.FtpSessions;
import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Icmp;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.fastpath.packet.Udp;
import io.jlvs.fastpath.stats.TrafficStats;
import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.PersistenceTemplates;
import io.jlvs.sched.PersistentService;
import io.jlvs.sched.Scheduler;

import java.lang.foreign.MemorySegment;

/**
 * One worker core's packet pipeline: parse, find or create the connection, rewrite in place, and
 * say what to do with the frame ({@link Verdict}). Owned by one thread; allocates nothing, takes no
 * locks, throws nothing for bad packets (they are dropped and counted under a {@link DropReason}).
 *
 * <p>Where a verdict changes the frame's start or length (TUN prepends 20 bytes; ICMP errors built
 * in place prepend 28), the new window is reported by {@link #outputOffset()} and
 * {@link #outputLength()}; prepending uses the headroom before the frame, as DPDK's
 * {@code rte_pktmbuf_prepend} does.
 */
public final class PacketProcessor {

    /** Outer IPv4 header of an IP-in-IP tunnel. */
    private static final int TUNNEL_OVERHEAD = Ipv4.MIN_HEADER_LENGTH;
    /** IPv4 + ICMP header in front of the quoted datagram of an ICMP error. */
    private static final int ICMP_ERROR_OVERHEAD = Ipv4.MIN_HEADER_LENGTH + Icmp.HEADER_LENGTH;
    /** RFC 792: the quote is the offending IP header plus the first 8 bytes of its payload. */
    private static final int ICMP_QUOTED_PAYLOAD = 8;
    /** As Linux's icmp_send: precedence "internetwork control". */
    private static final int ICMP_TOS = 0xc0;
    private static final int ICMP_TTL = 64;
    /**
     * How often {@link #housekeeping} sweeps persistence templates. Sweeping on every round cost the
     * worker 39% of its time in the line-rate profile, with no template in the table; a tick, like the
     * connection timer's, makes it negligible (1,024 buckets every 10 ms) while a table of 64 Ki
     * templates is still swept through within 80 ms.
     */
    static final long TEMPLATE_SWEEP_INTERVAL_MS = 10;
    /** Template buckets one sweep looks at (8 templates each). */
    static final int TEMPLATE_SWEEP_BUCKETS = 1024;
    /** FTP control connections one core follows at a time (IPVS's ip_vs_ftp on NAT services of port 21). */
    static final int FTP_SESSIONS = 4096;
    /**
     * A connection entry's link is the persistence template + 1 (0: none), or, with this bit, an FTP
     * session of {@link #ftpSessions} (which keeps the template link itself).
     */
    private static final int FTP_SESSION_LINK = 0x8000_0000;

    private final int core;
    private final ConnectionTable connections;
    private final ForwardingState state;
    private final PacketCounters counters = new PacketCounters();
    private IcmpRateLimit icmpRateLimit = IcmpRateLimit.linuxDefaults();
    private final TrafficStats traffic = new TrafficStats();
    private final SynDefence synDefence;
    private final FtpExpectations ftpExpectations;
    private final FtpSessions ftpSessions = new FtpSessions(FTP_SESSIONS);
    private final FtpParser ftpParser = new FtpParser();
    /** What {@link FtpExpectations} hands over when an expectation is taken. */
    private final long[] expected = new long[4];
    private final PersistenceTemplates templates;
    /** The connection whose counters the packet in {@link #process} goes to if it is transmitted. */
    private static final int NO_CONNECTION_TO_COUNT = -1;
    private int countedConnection = NO_CONNECTION_TO_COUNT;
    private boolean countedFromServer;
    private int countedBytes;
    /** When {@link #housekeeping} next sweeps templates (the worker's clock, ms). */
    private long nextTemplateSweep = Long.MIN_VALUE;
    /** Template sweeps done by this core (only it writes; a metric and a test's handle on the tick). */
    private long templateSweeps;

    // Snapshots read once per burst.
    private ServiceTable services;
    private NeighbourTable neighbours;
    /** Per service index of {@link #persistenceFor}: its template settings, null when not persistent. */
    private PersistentService[] persistence = new PersistentService[0];
    private ServiceTable persistenceFor;
    /** The timeouts {@link #connections} was last given from a snapshot; null before any. */
    private ConnectionTimeouts appliedTimeouts;
    /**
     * Next-hop MACs resolved once per snapshot change instead of a neighbour-map probe per packet
     * (that probe was a quarter of the worker's time at 1K flows): per destination id, and per route
     * with a gateway ({@link #ON_LINK} for routes whose next hop is the destination itself).
     */
    private long[] destMacs = new long[0];
    private long[] routeMacs = new long[0];
    private ServiceTable macsForServices;
    private NeighbourTable macsForNeighbours;
    private static final long ON_LINK = -2;

    // The frame window after the last process() call.
    private long outputOffset;
    private int outputLength;

    /** The packet being processed: its headers as {@link PacketView#parse} read them (once, for every stage). */
    private PacketView v;
    /** The view {@link #process(MemorySegment, long, int, long, int, long)} fills for callers that hold no view. */
    private final PacketView single = new PacketView();
    /** The {@code now} of the packet being processed (FTP expectations are filed with it). */
    private long lastNow;

    public PacketProcessor(int core, ConnectionTable connections, ForwardingState state) {
        this.core = core;
        this.connections = connections;
        this.state = state;
        this.templates = state.templates();
        this.ftpExpectations = state.ftpExpectations();
        // A connection holding a template or an FTP session gives it back when its entry goes (expiry or reuse).
        connections.setRemovalListener(this::connectionRemoved);
        // ... and its sync records carry what the link stands for (FTP deltas, the template).
        connections.setSyncExportListener(new SyncLinks());
        this.synDefence = new SynDefence(connections, System.nanoTime() ^ ((long) core << 32));
        beginBurst();
    }

    /** Reads the current snapshots; the worker calls this once before each burst. */
    public void beginBurst() {
        services = state.services();
        neighbours = state.neighbours();
        standbyPorts = state.standbyPorts();
        synDefence.use(state.synDefence());
        if (services != persistenceFor) snapshotChanged();
        if (services != macsForServices || neighbours != macsForNeighbours) resolveNextHops();
    }

    /** Once per new rule or neighbour snapshot: the MAC of each destination's and each gateway's next hop. */
    private void resolveNextHops() {
        ServiceTable table = services;
        NeighbourTable macs = neighbours;
        // Refilled in place when long enough, as the persistence settings: a neighbour change then allocates nothing here.
        long[] dest = destMacs.length >= table.destinationIdBound() ? destMacs : new long[table.destinationIdBound()];
        for (int d = 0; d < dest.length; d++) {
            dest[d] = d < table.destinationIdBound() && table.hasDestination(d) ? macs.mac(table.destNextHop(d)) : NeighbourTable.UNKNOWN;
        }
        long[] route = routeMacs.length >= table.routeCount() ? routeMacs : new long[table.routeCount()];
        for (int r = 0; r < table.routeCount(); r++) route[r] = table.routeGateway(r) == 0 ? ON_LINK : macs.mac(table.routeGateway(r));
        destMacs = dest;
        routeMacs = route;
        macsForServices = table;
        macsForNeighbours = macs;
    }

    /** The MAC of the next hop towards {@code address} by {@code route} (a neighbour probe only for routes on link). */
    private long routeMac(int route, int address) {
        long mac = routeMacs[route];
        return mac != ON_LINK ? mac : neighbours.mac(address);
    }

    /**
     * Once per new rule snapshot (not per packet): its connection timeouts to this core's table (as
     * IPVS applies {@code --set}: to each entry's next re-arm, not to running deadlines), the template
     * settings of each persistent service, room for its ids' counters.
     */
    private void snapshotChanged() {
        ServiceTable table = services;
        ConnectionTimeouts timeouts = table.timeouts();
        if (timeouts != null && !timeouts.equals(appliedTimeouts)) {
            connections.setTimeouts(timeouts);
            appliedTimeouts = timeouts;
        }
        traffic.ensureCapacity(table.serviceIdBound(), table.destinationIdBound());
        // Refilled in place when it is long enough (only this core reads it): a rule change then
        // allocates on the worker only for persistent services and for counter rows that must grow.
        PersistentService[] settings = persistence != null && persistence.length >= table.serviceCount()
                ? persistence : new PersistentService[table.serviceCount()];
        java.util.Arrays.fill(settings, null);
        for (int i = 0; i < table.serviceCount(); i++) {
            ServiceTable.Service s = table.service(i);
            if (s.persistent()) {
                settings[i] = new PersistentService(templates, s.port, s.persistenceMask, s.persistenceSeconds, false);
            }
        }
        persistence = settings;
        persistenceFor = table;
    }

    /**
     * Work between bursts that is not per packet: expires persistence templates whose lifetime ran
     * out and that control no connection, this core's share of the shared table, at most
     * {@value #TEMPLATE_SWEEP_BUCKETS} buckets per call. The worker calls it once per round, beside
     * its connection table's {@code expire} (which releases the templates of expiring connections).
     *
     * @param now the worker's cached clock, milliseconds
     * @return templates expired (work done)
     */
    public int housekeeping(long now) {
        int work = synDefence.tick(now);
        if (now < nextTemplateSweep) return work;
        nextTemplateSweep = now + TEMPLATE_SWEEP_INTERVAL_MS;
        return work + sweepTemplates(now);
    }

    /** One sweep of this core's share of the templates, whenever it was last done (tests). */
    int sweepTemplates(long now) {
        templateSweeps++;
        return templates.sweep(core, services.load(), now, TEMPLATE_SWEEP_BUCKETS);
    }

    /** The director-wide persistence template table this processor uses. */
    public PersistenceTemplates templates() { return templates; }

    /** Template sweeps this core has done. */
    public long templateSweeps() { return templateSweeps; }

    /**
     * A connection the backup's worker took from the master's sync (the table entry {@code h} exists):
     * an FTP control connection through NAT gets its session here too, with the master's sequence
     * deltas when the record carries them (IPVS_OPT_SEQ_DATA), so that after a takeover the replies
     * are still rewritten and the numbers still shifted.
     *
     * @param ftpService whether the entry's service is an FTP service (port 21)
     */
    public void adoptSynced(int h, boolean ftpService, SyncRecordRing ring, long slot) {
        if (!ftpService || connections.protocol(h) != Ipv4.PROTOCOL_TCP || connections.virtPort(h) != ServiceTable.FTP_PORT
                || connections.forwardMethod(h) != ForwardMethod.NAT_CODE) {
            return;
        }
        int link = connections.link(h);
        int session;
        if ((link & FTP_SESSION_LINK) != 0) {
            session = link & ~FTP_SESSION_LINK;
        } else {
            session = ftpSessions.open(link);
            if (session == FtpSessions.NONE) return;
            connections.setLink(h, FTP_SESSION_LINK | session);
        }
        int flags = ring.flags(slot);
        for (int d = 0; d <= 1; d++) {
            if ((flags & (d == 0 ? SyncRecordRing.FLAG_IN_SEQ : SyncRecordRing.FLAG_OUT_SEQ)) != 0) {
                ftpSessions.restore(session, d == 1, ring.seq(slot, d, SyncRecordRing.SEQ_INIT),
                    ring.seq(slot, d, SyncRecordRing.SEQ_DELTA), ring.seq(slot, d, SyncRecordRing.SEQ_PREVIOUS_DELTA));
            }
        }
    }

    /**
     * What an entry's link adds to its sync records: an FTP session's deltas in the record itself,
     * and the persistence template as a record of its own after it (the backup needs the template to
     * keep the client on its server after a takeover; see slowpath's README for how this differs
     * from the kernel's pacing of templates).
     */
    private final class SyncLinks implements ConnectionTable.SyncExportListener {
        private final long[] template = new long[6];

        @Override
        public void fill(SyncRecordRing ring, long slot, int link) {
            if ((link & FTP_SESSION_LINK) == 0) return;
            int session = link & ~FTP_SESSION_LINK;
            for (int d = 0; d <= 1; d++) {
                boolean fromServer = d == 1;
                if (!ftpSessions.tracking(session, fromServer)) continue;
                ring.putSeq(slot, d, ftpSessions.initSeq(session, fromServer), ftpSessions.delta(session, fromServer),
                    ftpSessions.previousDelta(session, fromServer));
                ring.addFlags(slot, fromServer ? SyncRecordRing.FLAG_OUT_SEQ : SyncRecordRing.FLAG_IN_SEQ);
            }
        }

        @Override
        public void exported(SyncRecordRing ring, int link) {
            int templateLink = (link & FTP_SESSION_LINK) != 0 ? ftpSessions.templateLink(link & ~FTP_SESSION_LINK) : link;
            if (templateLink == 0 || !templates.describe(templateLink - 1, template)) return;
            int destId = (int) template[4];
            ServiceTable s = services;
            if (!s.hasDestination(destId)) return;
            long slot = ring.claim();
            if (slot < 0) return; // the ring counts it
            ring.put(slot, (int) template[0], (int) template[1], 0, (int) template[2], (int) template[3],
                s.destAddress(destId), s.destPort(destId), 0, s.destForwardMethod(destId), SyncRecordRing.FLAG_TEMPLATE,
                (int) (template[5] / 1000));
            ring.publish();
        }
    }

    /** The entry's link: template handle + 1 (0: none), or an FTP session holding that. */
    private void connectionRemoved(int handle, int link) {
        if ((link & FTP_SESSION_LINK) != 0) link = ftpSessions.close(link & ~FTP_SESSION_LINK);
        templates.release(link - 1);
    }

    /** FTP control connections this core follows now (tests, admin). */
    public int ftpSessionsInUse() { return ftpSessions.inUse(); }

    public PacketCounters counters() { return counters; }

    /** This core's SYN-flood defences and their counters. */
    public SynDefence synDefence() { return synDefence; }

    /** This core's per-service and per-destination traffic counters (ipvsadm --stats); sum cores with {@code TrafficTotals}. */
    /** Replaces the ICMP error rate limits (Linux's defaults until then); owner core only, between bursts. */
    public void useIcmpRateLimit(IcmpRateLimit limit) { this.icmpRateLimit = limit; }

    public TrafficStats trafficStats() { return traffic; }

    public ConnectionTable connections() { return connections; }

    /** {@link ForwardingState#standbyPorts()} read at the last {@link #beginBurst()}. */
    private long standbyPorts;

    /** The rule snapshot read at the last {@link #beginBurst()}. */
    public ServiceTable services() { return services; }

    public int core() { return core; }

    /** Where the frame starts after the last {@link #process} (moved left when a header was prepended). */
    public long outputOffset() { return outputOffset; }

    /** The frame's length after the last {@link #process}. */
    public int outputLength() { return outputLength; }

    /**
     * Processes a frame whose buffer is the whole segment: every byte before {@code offset} is headroom.
     * @see #process(MemorySegment, long, int, long, int, long)
     */
    public int process(MemorySegment buffer, long offset, int length, int rxPort, long now) {
        return process(buffer, offset, length, offset, rxPort, now);
    }

    /**
     * Parses the frame into this processor's own view, then processes it.
     *
     * @param buffer   memory holding the frame
     * @param offset   where the frame (its Ethernet header) starts
     * @param length   the frame's length in bytes (the mbuf's data_len)
     * @param headroom bytes before {@code offset} that may be overwritten to prepend headers
     * @param rxPort   the port it arrived on
     * @param now      the worker's cached clock, milliseconds
     * @return a {@link Verdict}
     */
    public int process(MemorySegment buffer, long offset, int length, long headroom, int rxPort, long now) {
        single.parse(buffer, offset, length, headroom, rxPort);
        return process(single, now);
    }

    /**
     * Processes a frame {@link PacketView#parse} has read (the worker parses each frame once, for
     * ownership, the burst's look-ahead and this). The view's offsets move with the frame when a
     * verdict prepends headers or an FTP rewrite changes the payload's length.
     *
     * @param view the parsed frame
     * @param now  the worker's cached clock, milliseconds
     * @return a {@link Verdict}
     */
    public int process(PacketView view, long now) {
        counters.increment(PacketCounters.RECEIVED);
        this.v = view;
        this.lastNow = now;
        outputOffset = view.frame;
        outputLength = view.length;
        countedConnection = NO_CONNECTION_TO_COUNT;
        int verdict = services.hasPort(view.rxPort) ? view.parseVerdict : Verdict.drop(DropReason.UNKNOWN_RX_PORT);
        if (verdict == 0 && standbyPorts != 0 && standingBy()) verdict = Verdict.drop(DropReason.STANDBY);
        if (verdict == 0) verdict = view.protocol == Ipv4.PROTOCOL_ICMP ? icmpAboutConnection(now) : dispatch(now);
        switch (Verdict.kind(verdict)) {
            case Verdict.KIND_TRANSMIT -> {
                counters.increment(PacketCounters.TRANSMITTED);
                if (countedConnection != NO_CONNECTION_TO_COUNT) {
                    traffic.packet(connections.serviceId(countedConnection), connections.destId(countedConnection), countedFromServer, countedBytes);
                }
            }
            case Verdict.KIND_DROP -> counters.drop(Verdict.dropReason(verdict));
            default -> counters.punt(Verdict.puntReason(verdict));
        }
        this.v = null;
        return verdict;
    }

    /**
     * Burst stage 1 (look-ahead): decides which index the packet's connection would be found in and
     * hashes its key, so the worker can prefetch the index slot for the whole burst before any
     * packet waits on it. Returns the address to prefetch, or 0 when the packet looks nothing up.
     */
    public long lookAhead(PacketView p) {
        if (p.parseVerdict != 0 || (p.protocol != Ipv4.PROTOCOL_TCP && p.protocol != Ipv4.PROTOCOL_UDP)) return 0;
        boolean in = !mayBeReply(p);
        p.hintIn = in;
        p.hintHash = in ? connections.hashIn(p.protocol, p.ipSrc, p.srcPort, p.ipDst, p.dstPort)
                : connections.hashOut(p.protocol, p.ipSrc, p.srcPort, p.ipDst, p.dstPort);
        p.hashed = true;
        return connections.indexSlotAddress(in, p.hintHash);
    }

    /**
     * Burst stage 2: reads the index slots {@link #lookAhead} had prefetched and returns the address
     * of the entry the lookup will compare (to prefetch for the processing stage), or 0. Reads no
     * entry, so the entries' misses of a whole burst overlap in the prefetch that follows.
     */
    public long candidate(PacketView p) {
        return p.hashed ? connections.candidateAddress(p.hintIn, p.hintHash) : 0;
    }

    /**
     * Whether the packet may be a NAT real server's reply: only when it is not addressed to a virtual
     * service (the snapshot's VIP map, once per packet) and its source is a NAT server's endpoint (or
     * address, for servers of port-21 and port-0 services that answer from other ports).
     */
    private boolean mayBeReply(PacketView p) {
        if (p.service(services) != ServiceTable.NOT_FOUND) return false;
        return services.isNatServer(p.protocol, p.ipSrc, p.srcPort) || services.isAnyPortNatServer(p.protocol, p.ipSrc);
    }

    /** The connection of the packet in the IN index (with the look-ahead's hash when it made one). */
    private int lookupIn() {
        PacketView p = v;
        long hash = p.hashed && p.hintIn ? p.hintHash : connections.hashIn(p.protocol, p.ipSrc, p.srcPort, p.ipDst, p.dstPort);
        return connections.lookupIn(hash, p.protocol, p.ipSrc, p.srcPort, p.ipDst, p.dstPort);
    }

    /** The connection of a reply in the OUT index (with the look-ahead's hash when it made one). */
    private int lookupOut() {
        PacketView p = v;
        long hash = p.hashed && !p.hintIn ? p.hintHash : connections.hashOut(p.protocol, p.ipSrc, p.srcPort, p.ipDst, p.dstPort);
        return connections.lookupOut(hash, p.protocol, p.ipSrc, p.srcPort, p.ipDst, p.dstPort);
    }

    /**
     * An ICMP error that quotes a packet of one of our connections (IPVS's ip_vs_in_icmp and
     * ip_vs_out_icmp): from the server side about client -> server, sent on to the client; from the
     * client side about VIP -> client, sent on to the server. NAT rewrites the outer address, the
     * quoted address and port and recomputes the quoted IPv4 and the ICMP checksums (the quoted
     * TCP/UDP checksum, if quoted at all, is left as IPVS leaves it); DR and TUN forward the error
     * unchanged on the connection's path. Anything else ICMP goes to the slow path.
     */
    private int icmpAboutConnection(long now) {
        MemorySegment b = v.buffer;
        int icmpLength = v.ipTotalLength - v.ipHeaderLength;
        if (!Icmp.isErrorAboutDatagram(Icmp.type(b, v.l4))) return Verdict.punt(PuntReason.ICMP);
        long quoted = v.l4 + Icmp.HEADER_LENGTH;
        int quotedAvailable = icmpLength - Icmp.HEADER_LENGTH;
        if (quotedAvailable < Ipv4.MIN_HEADER_LENGTH || Ipv4.version(b, quoted) != 4) return Verdict.punt(PuntReason.ICMP);
        int quotedHeaderLength = Ipv4.headerLength(b, quoted);
        // The quote must hold the ports: the IP header and 8 bytes (RFC 792).
        if (quotedHeaderLength < Ipv4.MIN_HEADER_LENGTH || quotedHeaderLength + 8 > quotedAvailable) return Verdict.punt(PuntReason.ICMP);
        int quotedProtocol = Ipv4.protocol(b, quoted);
        if (quotedProtocol != Ipv4.PROTOCOL_TCP && quotedProtocol != Ipv4.PROTOCOL_UDP) return Verdict.punt(PuntReason.ICMP);
        if (!Checksum.verify(b, v.l4, icmpLength)) return Verdict.drop(DropReason.BAD_ICMP_CHECKSUM);
        long quotedL4 = quoted + quotedHeaderLength;
        int quotedSrc = Ipv4.srcAddr(b, quoted);
        int quotedDst = Ipv4.dstAddr(b, quoted);
        int quotedSrcPort = Tcp.srcPort(b, quotedL4);
        int quotedDstPort = Tcp.dstPort(b, quotedL4);

        int egress, nextHop, outerField, quotedField, quotedPortField, newAddr, newPort;
        int h = connections.lookupOut(quotedProtocol, quotedDst, quotedDstPort, quotedSrc, quotedSrcPort);
        if (h >= 0 && connections.forwardMethod(h) == ForwardMethod.NAT_CODE) {
            // To the client, from VIP:port.
            int route = services.findRoute(v.ipDst);
            if (route == ServiceTable.NOT_FOUND) return Verdict.drop(DropReason.NO_ROUTE);
            egress = services.routePort(route);
            nextHop = services.routeNextHop(route, v.ipDst);
            outerField = Ipv4.SRC_ADDR_OFFSET;
            quotedField = Ipv4.DST_ADDR_OFFSET;
            quotedPortField = Tcp.DST_PORT_OFFSET;
            newAddr = connections.virtAddr(h);
            newPort = connections.virtPort(h);
        } else {
            h = connections.lookupIn(quotedProtocol, quotedDst, quotedDstPort, quotedSrc, quotedSrcPort);
            if (h < 0) return Verdict.punt(PuntReason.ICMP);
            if (connections.forwardMethod(h) != ForwardMethod.NAT_CODE) {
                countOnTransmit(h, false);
                return forwardToServer(h, v.ipDst);
            }
            // To the real server, as if the client's router had answered it.
            int destId = connections.destId(h);
            if (!services.hasDestination(destId)) return Verdict.drop(DropReason.DESTINATION_REMOVED);
            egress = services.destEgressPort(destId);
            nextHop = services.destNextHop(destId);
            outerField = Ipv4.DST_ADDR_OFFSET;
            quotedField = Ipv4.SRC_ADDR_OFFSET;
            quotedPortField = Tcp.SRC_PORT_OFFSET;
            newAddr = connections.destAddr(h);
            newPort = connections.destPort(h);
        }
        if ((v.ipTtlProtocolChecksum >>> 24) <= 1) return Verdict.drop(DropReason.TTL_EXPIRED);   // no error about an error
        long mac = neighbours.mac(nextHop);
        if (mac == NeighbourTable.UNKNOWN) return Verdict.punt(PuntReason.NEIGHBOUR_UNKNOWN);
        rewriteIcmp(outerField, quoted, quotedHeaderLength, quotedField, quotedPortField, newAddr, newPort, icmpLength);
        // Counted like any packet of the connection (IPVS's ip_vs_in_icmp/ip_vs_out_icmp): from the server side "out".
        countOnTransmit(h, outerField == Ipv4.SRC_ADDR_OFFSET);
        Ethernet.setMacs(b, v.frame, mac, services.portMac(egress));
        return Verdict.transmit(egress);
    }

    /**
     * The NAT rewrite of an ICMP error: the outer address (TTL - 1) and the quoted address become
     * the same new address, the quoted port the new port; the three checksums are recomputed, the
     * message being short.
     */
    private void rewriteIcmp(int outerField, long quoted, int quotedHeaderLength, int quotedField, int quotedPortField,
                             int newAddr, int newPort, int icmpLength) {
        MemorySegment b = v.buffer;
        NetBytes.setU32(b, quoted + quotedField, newAddr);
        NetBytes.setU16(b, quoted + quotedHeaderLength + quotedPortField, newPort);
        Ipv4.setChecksum(b, quoted, 0);
        Ipv4.setChecksum(b, quoted, Checksum.compute(b, quoted, quotedHeaderLength));
        NetBytes.setU16(b, v.l4 + Icmp.CHECKSUM_OFFSET, 0);
        NetBytes.setU16(b, v.l4 + Icmp.CHECKSUM_OFFSET, Checksum.compute(b, v.l4, icmpLength));
        NetBytes.setU32(b, v.ip + outerField, newAddr);
        Ipv4.setTtl(b, v.ip, (v.ipTtlProtocolChecksum >>> 24) - 1);
        Ipv4.setChecksum(b, v.ip, 0);
        Ipv4.setChecksum(b, v.ip, Checksum.compute(b, v.ip, v.ipHeaderLength));
    }

    /** Finds the connection in either direction, or creates one, and forwards. */
    private int dispatch(long now) {
        boolean tcp = v.protocol == Ipv4.PROTOCOL_TCP;
        int src = v.ipSrc;
        int dst = v.ipDst;
        int srcPort = v.srcPort;
        int dstPort = v.dstPort;
        int flags = v.tcpFlags;
        boolean schedulingSyn = tcp && (flags & (Tcp.FLAG_SYN | Tcp.FLAG_RST)) == Tcp.FLAG_SYN;

        // Only a NAT real server's (address, port) can send replies: the small snapshot map says so
        // without touching the large connection table, so replies skip a missing lookupIn; a packet
        // to a VIP is a request, and is not probed at all.
        int serviceIndex = v.service(services);
        boolean fromNatServer = serviceIndex == ServiceTable.NOT_FOUND && services.isNatServer(v.protocol, src, srcPort);
        if (fromNatServer || (serviceIndex == ServiceTable.NOT_FOUND && services.isAnyPortNatServer(v.protocol, src))) {
            int h = lookupOut();
            if (h >= 0 && connections.forwardMethod(h) == ForwardMethod.NAT_CODE) {
                track(h, true, flags, now);
                return natToClient(h, dst);
            }
            // An FTP server opening an active-mode data connection the client announced with PORT/EPRT.
            if (h < 0 && tcp && (flags & (Tcp.FLAG_SYN | Tcp.FLAG_RST)) == Tcp.FLAG_SYN && ftpExpectations.inUse()
                    && ftpExpectations.takeActive(src, srcPort, dst, dstPort, now, expected)) {
                h = insertExpected(dst, dstPort, (int) expected[FtpExpectations.OUT_ADDRESS], (int) expected[FtpExpectations.OUT_PORT],
                        src, srcPort, now);
                if (h == ConnectionTable.TABLE_FULL) return Verdict.drop(DropReason.TABLE_FULL);
                if (h >= 0) {
                    track(h, true, flags, now);
                    return natToClient(h, dst);
                }
            }
        }
        int h = lookupIn();
        if (h >= 0) {
            int s = tcp ? connections.state(h) : TcpState.NONE;
            if (schedulingSyn && (s == TcpState.TIME_WAIT || s == TcpState.CLOSE)) {
                // IPVS conn_reuse_mode: the old entry goes, the SYN is scheduled afresh below.
                connections.expireNow(h, now);
            } else {
                track(h, false, flags, now);
                return forwardToServer(h, dst);
            }
        }

        // A client opening a passive-mode FTP data connection announced by 227/229 (any client port).
        if (schedulingSyn && ftpExpectations.inUse() && ftpExpectations.takePassive(src, dst, dstPort, now, expected)) {
            h = insertExpected(src, srcPort, dst, dstPort, (int) expected[FtpExpectations.OUT_ADDRESS],
                    (int) expected[FtpExpectations.OUT_PORT], now);
            if (h == ConnectionTable.TABLE_FULL) return Verdict.drop(DropReason.TABLE_FULL);
            if (h >= 0) {
                track(h, false, flags, now);
                return forwardToServer(h, dst);
            }
        }

        if (serviceIndex == ServiceTable.NOT_FOUND) serviceIndex = services.findFallbackService(v.protocol, dst, dstPort);
        if (serviceIndex != ServiceTable.NOT_FOUND) {
            if (tcp && !schedulingSyn) return Verdict.drop(DropReason.NO_CONNECTION);
            return schedule(serviceIndex, src, srcPort, dst, dstPort, flags, now);
        }
        if (fromNatServer) {
            if (tcp && (flags & Tcp.FLAG_RST) != 0) return Verdict.drop(DropReason.NO_CONNECTION_FROM_SERVER);
            return icmpError(DropReason.NO_CONNECTION_FROM_SERVER, Icmp.TYPE_DEST_UNREACHABLE, Icmp.CODE_PORT_UNREACHABLE, 0,
                    services.portAddress(v.rxPort));
        }
        if (services.isLocal(dst)) return Verdict.punt(PuntReason.LOCAL);
        if (PacketView.isLinkLocalMulticast(dst)) return Verdict.punt(PuntReason.LINK_LOCAL_MULTICAST); // sync messages
        return Verdict.drop(DropReason.NO_SERVICE);
    }

    /**
     * A VRRP backup's port: nothing it receives is forwarded, neither to the virtual addresses nor
     * replies of (synced) connections; sync messages and packets to the director's own addresses
     * still reach the slow path.
     */
    private boolean standingBy() {
        int rxPort = v.rxPort;
        if (rxPort > 63 || (standbyPorts & (1L << rxPort)) == 0) return false;
        return !PacketView.isLinkLocalMulticast(v.ipDst) && !services.isLocal(v.ipDst);
    }

    /** A packet of connection {@code h}: its TCP state or UDP timer, and IPVS's in/out counters. */
    private void track(int h, boolean fromServer, int flags, long now) {
        if (v.protocol == Ipv4.PROTOCOL_TCP) connections.onTcp(h, fromServer, flags, now);
        else connections.onUdp(h, now);
        if (!fromServer) connections.onClientPacket(h, now);
        countOnTransmit(h, fromServer);
    }

    /**
     * IPVS's in/out counters take a packet of connection {@code h} once it is transmitted: a packet
     * punted while its next hop is resolved comes back through {@link #process} and is counted then,
     * not twice.
     */
    private void countOnTransmit(int h, boolean fromServer) {
        countedConnection = h;
        countedFromServer = fromServer;
        countedBytes = v.ipTotalLength;
    }

    /**
     * A new connection: a persistent service's client keeps its template's server (IPVS's
     * ip_vs_sched_persist; the template is found or made in the shared table and its handle kept in
     * the entry's link until the entry goes), any other service asks its scheduler.
     */
    private int schedule(int serviceIndex, int src, int srcPort, int dst, int dstPort, int flags, long now) {
        if (!synDefence.admit(src, now)) return Verdict.drop(DropReason.RATE_LIMITED);
        ServiceTable.Service service = services.service(serviceIndex);
        PersistentService persistent = persistence[serviceIndex];
        int position;
        int template = PersistenceTemplates.NO_TEMPLATE;
        if (persistent != null) {
            long result = persistent.lookupOrSchedule(service.scheduler, service.servers, core, v.protocol, src, srcPort, dst, dstPort, now);
            position = PersistenceTemplates.position(result);
            template = PersistenceTemplates.template(result);
        } else {
            position = service.scheduler.pick(service.servers, core, src, srcPort, dst, dstPort);
        }
        if (position == Scheduler.NO_SERVER) {
            templates.release(template);
            return icmpError(DropReason.NO_REAL_SERVER, Icmp.TYPE_DEST_UNREACHABLE, Icmp.CODE_PORT_UNREACHABLE, 0, dst);
        }
        int destId = service.servers.destId(position);
        // As ip_vs_sched_persist: the server's port replaces the service port; other ports (FTP data
        // to a port-21 service, any port of a port-0 service) go to the same port of the server.
        int serverPort = services.destPort(destId);
        int destPort = dstPort == service.port && serverPort != 0 ? serverPort : dstPort;
        int h = connections.insert(v.protocol, src, srcPort, dst, dstPort,
                services.destAddress(destId), destPort, destId, service.serviceId,
                services.destForwardMethod(destId), now);
        if (h == ConnectionTable.TABLE_FULL) {
            templates.release(template);
            return Verdict.drop(DropReason.TABLE_FULL);
        }
        int link = template + 1;
        if (service.port == ServiceTable.FTP_PORT && dstPort == ServiceTable.FTP_PORT && v.protocol == Ipv4.PROTOCOL_TCP
                && services.destForwardMethod(destId) == ForwardMethod.NAT_CODE) {
            // An FTP control connection through NAT: its commands and replies are read (ip_vs_ftp).
            int session = ftpSessions.open(link);
            if (session != FtpSessions.NONE) link = FTP_SESSION_LINK | session;
        }
        if (link != 0) connections.setLink(h, link);
        counters.increment(PacketCounters.CONNECTIONS_CREATED);
        traffic.connection(service.serviceId, destId);
        track(h, false, flags, now);
        return forwardToServer(h, dst);
    }

    /** Client -> VIP on an existing connection: NAT, DR or TUN by the connection's method. */
    private int forwardToServer(int h, int vip) {
        int destId = connections.destId(h);
        if (!services.hasDestination(destId)) return Verdict.drop(DropReason.DESTINATION_REMOVED);
        int egress = services.destEgressPort(destId);
        int method = connections.forwardMethod(h);
        if (method == ForwardMethod.NAT_CODE && (v.ipTtlProtocolChecksum >>> 24) <= 1) {
            return icmpError(DropReason.TTL_EXPIRED, Icmp.TYPE_TIME_EXCEEDED, Icmp.CODE_TTL_EXCEEDED, 0, vip);
        }
        if (method == ForwardMethod.TUN_CODE) {
            int mtu = services.portMtu(egress);
            if (v.ipTotalLength + TUNNEL_OVERHEAD > mtu) {
                // No ICMP error about an ICMP error: those go to the slow path too.
                if (!Ipv4.dontFragment(v.buffer, v.ip) || v.protocol == Ipv4.PROTOCOL_ICMP) return Verdict.punt(PuntReason.NEEDS_FRAGMENTING);
                return icmpError(DropReason.FRAGMENTATION_NEEDED, Icmp.TYPE_DEST_UNREACHABLE, Icmp.CODE_FRAGMENTATION_NEEDED,
                        mtu - TUNNEL_OVERHEAD, vip);
            }
        }
        long mac = destMacs[destId];
        if (mac == NeighbourTable.UNKNOWN) return Verdict.punt(PuntReason.NEIGHBOUR_UNKNOWN);

        if (method == ForwardMethod.NAT_CODE) {
            if (v.dstPort == ServiceTable.FTP_PORT && v.protocol == Ipv4.PROTOCOL_TCP) {
                int link = connections.link(h);
                if ((link & FTP_SESSION_LINK) != 0) ftpFromClient(h, link & ~FTP_SESSION_LINK);
            }
            routeRewrite(Ipv4.DST_ADDR_OFFSET, v.ipDst, Tcp.DST_PORT_OFFSET, v.dstPort, connections.destAddr(h), connections.destPort(h));
        } else if (method == ForwardMethod.TUN_CODE) {
            if (v.headroom < TUNNEL_OVERHEAD) return Verdict.drop(DropReason.NO_HEADROOM);
            encapsulate(services.portAddress(egress), connections.destAddr(h));
        }
        // DR: the IP packet is untouched; only the Ethernet header changes.
        Ethernet.setMacs(v.buffer, outputOffset, mac, services.portMac(egress));
        return Verdict.transmit(egress);
    }

    /** Real server -> client on a NAT connection: the source becomes the VIP again. */
    private int natToClient(int h, int client) {
        if ((v.ipTtlProtocolChecksum >>> 24) <= 1) {
            return icmpError(DropReason.TTL_EXPIRED, Icmp.TYPE_TIME_EXCEEDED, Icmp.CODE_TTL_EXCEEDED, 0, services.portAddress(v.rxPort));
        }
        int route = services.findRoute(client);
        if (route == ServiceTable.NOT_FOUND) return Verdict.drop(DropReason.NO_ROUTE);
        int egress = services.routePort(route);
        long mac = routeMac(route, client);
        if (mac == NeighbourTable.UNKNOWN) return Verdict.punt(PuntReason.NEIGHBOUR_UNKNOWN);
        if (v.protocol == Ipv4.PROTOCOL_TCP && connections.virtPort(h) == ServiceTable.FTP_PORT) {
            int link = connections.link(h);
            if ((link & FTP_SESSION_LINK) != 0 && !ftpFromServer(h, link & ~FTP_SESSION_LINK)) {
                return Verdict.drop(DropReason.NO_HEADROOM);
            }
        }
        routeRewrite(Ipv4.SRC_ADDR_OFFSET, v.ipSrc, Tcp.SRC_PORT_OFFSET, v.srcPort, connections.virtAddr(h), connections.virtPort(h));
        Ethernet.setMacs(v.buffer, v.frame, mac, services.portMac(egress));
        return Verdict.transmit(egress);
    }

    /**
     * The NAT rewrite of a routed packet: TTL - 1 and one address with the port beside it
     * (destination for NAT in, source for NAT out), every checksum updated incrementally. TTL,
     * protocol and header checksum are one 32-bit word, written back at once.
     */
    private void routeRewrite(int addressField, int oldAddr, int portField, int oldPort, int newAddr, int newPort) {
        MemorySegment b = v.buffer;
        int word = v.ipTtlProtocolChecksum;
        int oldTtlProtocol = word >>> 16;
        int newTtlProtocol = oldTtlProtocol - 0x100;
        int ipChecksum = Checksum.update32(Checksum.update16(word & 0xffff, oldTtlProtocol, newTtlProtocol), oldAddr, newAddr);
        NetBytes.setU32(b, v.ip + Ipv4.TTL_OFFSET, (newTtlProtocol << 16) | ipChecksum);
        NetBytes.setU32(b, v.ip + addressField, newAddr);
        NetBytes.setU16(b, v.l4 + portField, newPort);
        updateTransportChecksum(oldAddr, newAddr, oldPort, newPort);
    }

    /** The address is in the TCP/UDP pseudo-header, so both the address and the port change the checksum. */
    private void updateTransportChecksum(int oldAddr, int newAddr, int oldPort, int newPort) {
        MemorySegment b = v.buffer;
        if (v.protocol == Ipv4.PROTOCOL_TCP) {
            Tcp.setChecksum(b, v.l4, Checksum.updateAddressAndPort(Tcp.checksum(b, v.l4), oldAddr, newAddr, oldPort, newPort));
        } else {
            Udp.setChecksum(b, v.l4, Checksum.updateUdpAddressAndPort(Udp.checksum(b, v.l4), oldAddr, newAddr, oldPort, newPort));
        }
    }

    /**
     * Prepends the outer IPv4 header of an IP-in-IP tunnel: the Ethernet header moves 20 bytes left
     * into the headroom and the outer header takes its old place in front of the inner packet.
     * TOS, TTL and DF come from the inner packet, as IPVS does; so does the identification.
     */
    private void encapsulate(int directorAddr, int serverAddr) {
        MemorySegment b = v.buffer;
        long start = v.frame - TUNNEL_OVERHEAD;
        MemorySegment.copy(b, v.frame, b, start, v.l2Length);
        Ipv4.writeHeader(b, start + v.l2Length, Ipv4.tos(b, v.ip), v.ipTotalLength + TUNNEL_OVERHEAD,
                Ipv4.identification(b, v.ip), Ipv4.flagsFragment(b, v.ip) & Ipv4.FLAG_DF, Ipv4.ttl(b, v.ip),
                Ipv4.PROTOCOL_IPIP, directorAddr, serverAddr);
        outputOffset = start;
        outputLength = v.l2Length + TUNNEL_OVERHEAD + v.ipTotalLength;
    }

    /**
     * Inserts the data connection an FTP expectation announced (NAT, as its control connection) and
     * counts it. Returns the handle, TABLE_FULL, or NOT_FOUND when the server left the snapshot since.
     */
    private int insertExpected(int client, int clientPort, int vip, int vport, int server, int serverPort, long now) {
        int destId = (int) expected[FtpExpectations.OUT_DEST_ID];
        int serviceId = (int) expected[FtpExpectations.OUT_SERVICE_ID];
        if (!services.hasDestination(destId)) return ConnectionTable.NOT_FOUND;
        int h = connections.insert(v.protocol, client, clientPort, vip, vport, server, serverPort, destId, serviceId,
                ForwardMethod.NAT_CODE, now);
        if (h < 0) return h;
        counters.increment(PacketCounters.CONNECTIONS_CREATED);
        traffic.connection(serviceId, destId);
        return h;
    }

    /**
     * Client -> server on an FTP control connection (IPVS's app_pkt_in + ip_vs_ftp_in): the ack goes
     * back by the server side's length changes; a PORT or EPRT command announces the data connection
     * the server will open from its port 20 (service port - 1) to the client's address and port, filed
     * for whichever core owns it. The command itself is not rewritten (the client's own address is
     * what the server must reach), as in IPVS.
     */
    private void ftpFromClient(int h, int session) {
        MemorySegment b = v.buffer;
        fixSequenceNumbers(session, false);
        long payload = v.l4 + Tcp.headerLength(b, v.l4);
        long payloadEnd = v.ip + v.ipTotalLength;
        if (payload >= payloadEnd || connections.state(h) != TcpState.ESTABLISHED) return;
        if (ftpParser.parseClient(b, payload, payloadEnd) == FtpParser.NONE) return;
        ftpExpectations.expectActive(connections.destAddr(h), connections.destPort(h) - 1, ftpParser.address, ftpParser.port,
                connections.virtAddr(h), connections.virtPort(h) - 1, connections.destId(h), connections.serviceId(h), lastNow);
    }

    /**
     * Server -> client on an FTP control connection (app_pkt_out + ip_vs_ftp_out): the sequence number
     * moves by earlier length changes; a 227 reply naming the server's address gets the VIP instead
     * (the payload may grow or shrink: the headers move into the headroom or towards the payload, IP
     * length and checksum and the whole TCP checksum are recomputed, and the change is remembered for
     * later sequence numbers); 227 and 229 file the passive data connection <client, any port, VIP:port>
     * -> server:port. Returns false when a growing rewrite finds no headroom.
     */
    private boolean ftpFromServer(int h, int session) {
        MemorySegment b = v.buffer;
        int originalSeq = NetBytes.u32(b, v.l4 + Tcp.SEQUENCE_OFFSET);
        fixSequenceNumbers(session, true);
        long payload = v.l4 + Tcp.headerLength(b, v.l4);
        long payloadEnd = v.ip + v.ipTotalLength;
        if (payload >= payloadEnd || connections.state(h) != TcpState.ESTABLISHED) return true;
        int kind = ftpParser.parseServer(b, payload, payloadEnd);
        if (kind == FtpParser.NONE) return true;
        int server = connections.destAddr(h);
        int vip = connections.virtAddr(h);
        if (kind == FtpParser.PASSIVE) {
            if (ftpParser.address != server) return true;   // not the address we hide: leave it
            int newLength = ftpParser.formatSix(vip, ftpParser.port);
            int diff = newLength - (int) (ftpParser.end - ftpParser.start);
            if (v.frame - diff < v.frame - v.headroom) return false;
            replacePayloadText(diff);
            if (diff != 0) ftpSessions.grew(session, true, originalSeq, diff);
        }
        ftpExpectations.expectPassive(connections.clientAddr(h), vip, ftpParser.port, server, ftpParser.port,
                connections.destId(h), connections.serviceId(h), lastNow);
        return true;
    }

    /**
     * Puts the parser's prepared text over [start, end) of the payload. The bytes before it (Ethernet,
     * IP and TCP headers and the start of the line) move by the change in length, so the frame's start
     * moves and the rest of the payload stays where it is; then IP total length and checksum and the
     * TCP checksum are computed afresh over the new segment.
     */
    private void replacePayloadText(int diff) {
        MemorySegment b = v.buffer;
        long textStart = ftpParser.start;
        MemorySegment.copy(b, v.frame, b, v.frame - diff, textStart - v.frame);
        ftpParser.writeText(b, textStart - diff);
        v.frame -= diff;
        v.ip -= diff;
        v.l4 -= diff;
        v.ipTotalLength += diff;
        outputOffset = v.frame;
        outputLength += diff;
        NetBytes.setU16(b, v.ip + Ipv4.TOTAL_LENGTH_OFFSET, v.ipTotalLength);
        Ipv4.setChecksum(b, v.ip, 0);
        Ipv4.setChecksum(b, v.ip, Checksum.compute(b, v.ip, v.ipHeaderLength));
        v.ipTtlProtocolChecksum = NetBytes.u32(b, v.ip + Ipv4.TTL_OFFSET);
        int tcpLength = v.ipTotalLength - v.ipHeaderLength;
        Tcp.setChecksum(b, v.l4, 0);
        int pseudo = Checksum.addWords(Checksum.addWords(Checksum.addWords(0, v.ipSrc), v.ipDst), Ipv4.PROTOCOL_TCP << 16 | tcpLength);
        Tcp.setChecksum(b, v.l4, ~Checksum.fold(Checksum.sum(b, v.l4, tcpLength, pseudo)) & 0xffff);
    }

    /**
     * IPVS's vs_fix_seq and vs_fix_ack_seq on a control connection's packet: its own direction's
     * length changes shift its sequence number, the other direction's its acknowledgement. The TCP
     * checksum follows incrementally.
     */
    private void fixSequenceNumbers(int session, boolean fromServer) {
        MemorySegment b = v.buffer;
        int seq = NetBytes.u32(b, v.l4 + Tcp.SEQUENCE_OFFSET);
        int newSeq = ftpSessions.fixSeq(session, fromServer, seq);
        int checksum = Tcp.checksum(b, v.l4);
        if (newSeq != seq) {
            NetBytes.setU32(b, v.l4 + Tcp.SEQUENCE_OFFSET, newSeq);
            checksum = Checksum.update32(checksum, seq, newSeq);
        }
        if ((v.tcpFlags & Tcp.FLAG_ACK) != 0) {
            int ack = NetBytes.u32(b, v.l4 + Tcp.ACKNOWLEDGEMENT_OFFSET);
            int newAck = ftpSessions.fixAck(session, !fromServer, ack);
            if (newAck != ack) {
                NetBytes.setU32(b, v.l4 + Tcp.ACKNOWLEDGEMENT_OFFSET, newAck);
                checksum = Checksum.update32(checksum, ack, newAck);
            }
        }
        Tcp.setChecksum(b, v.l4, checksum);
    }

    /**
     * Turns the frame into an ICMP error back to its sender, out of the port it came in on, to the
     * MAC it came from. The new IPv4 and ICMP headers go into the 28 bytes in front of the original
     * IP header (the Ethernet header moves left into the headroom), so the quoted datagram is
     * already in place and nothing else is copied.
     *
     * @param reason   the drop reason counted for the original packet
     * @param source   the error's source address: the VIP for errors about a virtual service
     */
    private int icmpError(int reason, int type, int code, int nextHopMtu, int source) {
        MemorySegment b = v.buffer;
        int sender = v.ipSrc;
        // RFC 1812 4.3.2.7: never an ICMP error to an unspecified, broadcast or multicast source.
        if (sender == 0 || sender == -1 || (sender >>> 28) == 0xe) return Verdict.drop(reason);
        if (v.headroom < ICMP_ERROR_OVERHEAD) return Verdict.drop(DropReason.NO_HEADROOM);
        if (!icmpRateLimit.allow(type, sender, lastNow)) {
            counters.increment(PacketCounters.ICMP_RATE_LIMITED);
            return Verdict.drop(reason);
        }
        int quoteLength = Math.min(v.ipTotalLength, v.ipHeaderLength + ICMP_QUOTED_PAYLOAD);
        long start = v.frame - ICMP_ERROR_OVERHEAD;
        MemorySegment.copy(b, v.frame, b, start, v.l2Length);
        Ethernet.setDstMac(b, start, Ethernet.srcMac(b, v.frame));
        Ethernet.setSrcMac(b, start, services.portMac(v.rxPort));
        long icmp = v.ip - Icmp.HEADER_LENGTH;
        Icmp.writeError(b, icmp, type, code, nextHopMtu, quoteLength);
        Ipv4.writeHeader(b, icmp - Ipv4.MIN_HEADER_LENGTH, ICMP_TOS, ICMP_ERROR_OVERHEAD + quoteLength, 0, 0, ICMP_TTL,
                Ipv4.PROTOCOL_ICMP, source, sender);
        outputOffset = start;
        outputLength = v.l2Length + ICMP_ERROR_OVERHEAD + quoteLength;
        counters.answered(reason);
        return Verdict.transmit(v.rxPort);
    }
}
