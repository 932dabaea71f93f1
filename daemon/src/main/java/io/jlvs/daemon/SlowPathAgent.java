package io.jlvs.daemon;

import io.jlvs.bindings.dpdk.JlvsShim;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.PuntReason;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.packet.Arp;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.worker.PacketNotes;
import io.jlvs.ring.RingMesh;
import io.jlvs.ring.SpscLongRing;
import io.jlvs.slowpath.neighbour.ArpFrames;
import io.jlvs.slowpath.neighbour.EchoReplies;
import io.jlvs.slowpath.neighbour.NeighbourCache;
import io.jlvs.slowpath.failover.Failover;
import org.agrona.concurrent.EpochClock;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.fastpath.packet.Ethernet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The slow-path thread's duty cycle: drains every worker's punt ring and
 * <ul>
 *   <li>answers ARP requests for the director's own addresses (on their port) and for VIPs (on
 *       external and one-arm ports, and on any port whose subnet holds the VIP), and learns MACs from
 *       ARP requests and replies;</li>
 *   <li>answers ICMP echo requests to VIPs and to the director's addresses, in the request's buffer;</li>
 *   <li>holds packets whose next hop has no MAC yet ({@link NeighbourCache}), sends the ARP request,
 *       and hands the packets back to their owner to process again once the reply came;</li>
 *   <li>ages the neighbour cache (re-resolves stale entries, gives up on silent ones).</li>
 * </ul>
 * Everything it sends goes back through a worker's return ring with a "transmit on port p" note:
 * DPDK tx queues belong to one thread each, and the workers own them; so the slow path needs no tx
 * queue of its own, which also suits drivers with few queues (af_packet's qpairs).
 *
 * <p>ARP is answered here rather than in the workers because it is rare, needs the per-port VIP
 * and address sets and updates the neighbour cache, which lives here: one thread owns it, no locks.
 */
public final class SlowPathAgent {

    public static final int ARP_REQUESTS_ANSWERED = 0;
    public static final int ARP_REQUESTS_SENT = 1;
    public static final int ARP_LEARNED = 2;
    public static final int ECHO_REPLIES = 3;
    public static final int HELD = 4;
    public static final int RELEASED = 5;
    public static final int HOLD_QUEUE_FULL = 6;
    public static final int UNRESOLVED_DROPPED = 7;
    public static final int IGNORED = 8;
    public static final int RETURN_RING_FULL = 9;
    public static final int NO_MBUF = 10;
    public static final int FAILOVER_SENT = 11;
    public static final int TO_KERNEL = 12;
    public static final int FROM_KERNEL = 13;
    public static final int TO_KERNEL_FAILED = 14;
    public static final int COUNT = 15;
    private static final String[] NAMES = {"arp requests answered", "arp requests sent", "arp learned",
        "echo replies", "held for neighbour", "released to workers", "hold queue full", "unresolved dropped",
        "ignored", "return ring full", "no mbuf", "vrrp and sync frames sent", "exception to kernel",
        "exception from kernel", "exception to kernel failed (tap queue full)"};

    private static final long TICK_MS = 100;
    private static final int DRAIN = 32;

    private final ForwardingState state;
    private final RingMesh mesh;
    private final NeighbourCache neighbours;
    private final List<PortInfo> ports;
    private final Map<Integer, PortInfo> portsById = new LinkedHashMap<>();
    private final PacketPool pool;
    private final EpochClock clock;
    private final long[] drained = new long[DRAIN];
    private final AtomicLongArray counters = new AtomicLongArray(COUNT);

    /** VRRP and connection sync; null without vrrp instances and sync (replay). */
    private Failover failover;
    private boolean failoverStarted;
    /** Set by the stopping thread; the slow path's thread sends the goodbye adverts and counts down. */
    private volatile java.util.concurrent.CountDownLatch failoverShutdown;
    private long standbyVersion = -1;

    /** The exception device of each port (by port index), null where there is none; only this thread uses them. */
    private EthPort[] exceptions = new EthPort[0];
    private final MemorySegment exceptionBurst = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG, DRAIN);

    private ServiceTable services;
    private Set<Integer> vips = Set.of();
    private long lastTick = Long.MIN_VALUE;
    private long now;

    public SlowPathAgent(ForwardingState state, RingMesh mesh, NeighbourCache neighbours, List<PortInfo> ports,
                         PacketPool pool, EpochClock clock) {
        this.state = state;
        this.mesh = mesh;
        this.neighbours = neighbours;
        this.ports = List.copyOf(ports);
        for (PortInfo p : ports) portsById.put(p.dpdkPortId(), p);
        this.pool = pool;
        this.clock = clock;
    }

    public NeighbourCache neighbours() { return neighbours; }

    /**
     * Connects the ports' exception paths before the thread starts: packets for a port's own
     * addresses (punted as local, ICMP to them, ARP asking for them) go to its device's kernel
     * interface instead of being answered or dropped here, and what the kernel sends there leaves by
     * the port through a worker's return ring.
     */
    public void useExceptions(EthPort[] byPortIndex) { exceptions = byPortIndex.clone(); }

    /** Connects the failover half before the thread starts. */
    public void useFailover(Failover failover) { this.failover = failover; }

    /**
     * Sends a frame the failover half wrote (VRRP advert, gratuitous ARP, sync message) out of port
     * {@code portIndex}, through worker 0's return ring as every slow-path frame goes.
     */
    public boolean transmit(int portIndex, byte[] frame) {
        PortInfo port = null;
        for (PortInfo p : ports) if (p.index() == portIndex) port = p;
        if (port == null) return false;
        MemorySegment m = JlvsShim.jlvs_pktmbuf_alloc(pool.pointer());
        if (m.equals(MemorySegment.NULL)) {
            counters.incrementAndGet(NO_MBUF);
            return false;
        }
        long mbuf = m.address();
        long data = Packets.append(mbuf, frame.length);
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, Packets.memory(), data - Packets.base(), frame.length);
        PacketNotes.setInputPort(mbuf, port.dpdkPortId());
        PacketNotes.setReason(mbuf, PacketNotes.transmitOn(port.index()));
        return giveBackCounted(mbuf, 0, FAILOVER_SENT);
    }

    public long counter(int counter) { return counters.get(counter); }

    public static String counterName(int counter) { return NAMES[counter]; }

    /** One round: punts of every worker, then the neighbour timers (every 100 ms). Returns the work done. */
    public int doWork() {
        now = clock.time();
        ServiceTable current = state.services();
        if (current != services) {
            services = current;
            Set<Integer> v = new HashSet<>();
            for (int i = 0; i < current.serviceCount(); i++) v.add(current.service(i).address);
            vips = v;
        }
        int work = 0;
        if (failover != null) work += failover(now);
        work += fromKernel();
        for (int w = 0; w < mesh.workers(); w++) {
            int n = mesh.toSlowPath(w).drain(drained, DRAIN);
            for (int i = 0; i < n; i++) handle(drained[i], w);
            work += n;
        }
        if (now - lastTick >= TICK_MS) {
            lastTick = now;
            NeighbourCache.TickResult tick = neighbours.tick(now);
            for (int address : tick.probe()) sendRequest(address);
            for (NeighbourCache.Held h : tick.dropped()) free(h.mbuf(), UNRESOLVED_DROPPED);
            work += tick.probe().size() + tick.dropped().size();
        }
        return work;
    }

    /**
     * Orderly stop (SIGTERM): asks the slow path's thread to send RFC 5798's priority-0 advert from
     * every instance that is master (so a backup takes over after its skew time rather than the whole
     * master-down interval) and waits, at most {@code timeoutMs}, until the adverts are on worker 0's
     * return ring and that worker has taken them for transmission. Returns whether both happened in time.
     */
    public boolean shutdownFailover(long timeoutMs) throws InterruptedException {
        if (failover == null) return true;
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        failoverShutdown = done;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        if (!done.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)) return false;
        SpscLongRing returns = mesh.fromSlowPath(0);
        while (!returns.isEmpty()) {
            if (System.nanoTime() - deadline > 0) return false;
            Thread.sleep(1);
        }
        return true;
    }

    private int failover(long now) {
        if (!failoverStarted) {
            failoverStarted = true;
            failover.start(now);
        }
        java.util.concurrent.CountDownLatch shutdown = failoverShutdown;
        if (shutdown != null) {
            failoverShutdown = null;
            failover.shutdown(now);
            shutdown.countDown();
            return 1;
        }
        int work = failover.poll(now);
        long v = failover.version();
        if (v != standbyVersion) {
            standbyVersion = v;
            long mask = 0;
            for (PortInfo p : ports) if (p.index() < 64 && failover.standbyPort(p.index())) mask |= 1L << p.index();
            state.publishStandbyPorts(mask);
        }
        return work;
    }

    private void handle(long mbuf, int worker) {
        int reason = PacketNotes.reason(mbuf);
        MemorySegment mem = Packets.memory();
        long frame = Packets.data(mbuf) - Packets.base();
        int length = Packets.dataLen(mbuf);
        PortInfo port = portsById.get(Packets.port(mbuf));
        switch (reason) {
            case PuntReason.ARP -> arp(mbuf, worker, mem, frame, length, port);
            case PuntReason.ICMP -> icmp(mbuf, worker, mem, frame, length, port);
            case PuntReason.NEIGHBOUR_UNKNOWN -> unresolved(mbuf, worker);
            case PuntReason.LINK_LOCAL_MULTICAST -> {
                if (failover != null && port != null) failover.receive(port.index(), mem, frame, length, now);
                free(mbuf, failover == null ? IGNORED : -1);
            }
            case PuntReason.LOCAL -> {
                if (!toKernel(mbuf, port)) free(mbuf, IGNORED);
            }
            default -> free(mbuf, IGNORED); // NEEDS_FRAGMENTING: not served by the director yet
        }
    }

    private void arp(long mbuf, int worker, MemorySegment mem, long frame, int length, PortInfo port) {
        long arp = ArpFrames.payload(mem, frame, length);
        if (arp < 0 || port == null) {
            free(mbuf, IGNORED);
            return;
        }
        int sender = Arp.senderIp(mem, arp);
        long senderMac = Arp.senderMac(mem, arp);
        int target = Arp.targetIp(mem, arp);
        Boolean vrrp = failover == null ? null : failover.answersArp(target);
        // A VRRP address is answered only by its master; a service VIP no instance manages, as before.
        boolean forUs = port.owns(target) || ((vrrp != null ? vrrp : vips.contains(target))
                && (port.answersVips() || port.onLink(target)));
        if (sender != 0) {
            List<NeighbourCache.Held> released = neighbours.learn(sender, senderMac, forUs && port.onLink(sender), now);
            if (!released.isEmpty() || neighbours.mac(sender) == senderMac) counters.incrementAndGet(ARP_LEARNED);
            for (NeighbourCache.Held h : released) {
                PacketNotes.setReason(h.mbuf(), PacketNotes.ACTION_REPROCESS);
                giveBack(h.mbuf(), h.worker(), RELEASED);
            }
        }
        // The kernel behind the exception path owns the port's addresses: it answers for them and
        // learns its neighbours (the BGP peer) itself; ARP for VIPs stays ours.
        if (port.owns(target) && toKernel(mbuf, port)) return;
        if (Arp.operation(mem, arp) == Arp.OPERATION_REQUEST && forUs && sender != target) {
            ArpFrames.turnIntoReply(mem, frame, arp, port.mac());
            PacketNotes.setReason(mbuf, PacketNotes.transmitOn(port.index()));
            giveBack(mbuf, worker, ARP_REQUESTS_ANSWERED);
        } else {
            free(mbuf, -1);
        }
    }

    private void icmp(long mbuf, int worker, MemorySegment mem, long frame, int length, PortInfo port) {
        long ip = EchoReplies.echoRequest(mem, frame, length);
        if (ip < 0 && port != null && isIpv4(mem, frame, length) && port.owns(Ipv4.dstAddr(mem, frame + Ethernet.HEADER_LENGTH))
                && toKernel(mbuf, port)) {
            return; // an ICMP error or other message to the kernel's own address (its BGP or ssh connections)
        }
        if (ip < 0 || port == null) {
            free(mbuf, IGNORED);
            return;
        }
        int dst = Ipv4.dstAddr(mem, ip);
        if (port.owns(dst) && toKernel(mbuf, port)) return;
        if ((!vips.contains(dst) && !isLocal(dst)) || (failover != null && Boolean.FALSE.equals(failover.answersArp(dst)))) {
            free(mbuf, IGNORED);
            return;
        }
        int replyLength = EchoReplies.turnIntoReply(mem, frame, ip, port.mac());
        Packets.setLength(mbuf, replyLength);
        PacketNotes.setReason(mbuf, PacketNotes.transmitOn(port.index()));
        giveBack(mbuf, worker, ECHO_REPLIES);
    }

    private static boolean isIpv4(MemorySegment mem, long frame, int length) {
        return length >= Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH && Ethernet.etherType(mem, frame) == Ethernet.TYPE_IPV4;
    }

    /** Sends the frame to the port's kernel interface, unchanged; false (frame still ours) without one. */
    private boolean toKernel(long mbuf, PortInfo port) {
        if (port == null || port.index() >= exceptions.length || exceptions[port.index()] == null) return false;
        exceptionBurst.setAtIndex(ValueLayout.JAVA_LONG, 0, mbuf);
        if (exceptions[port.index()].txBurst(0, exceptionBurst, 1) == 1) {
            counters.incrementAndGet(TO_KERNEL);
        } else {
            free(mbuf, TO_KERNEL_FAILED);
        }
        return true;
    }

    /** What the kernels sent on the exception interfaces: out of their ports as it is. */
    private int fromKernel() {
        int work = 0;
        for (PortInfo port : ports) {
            EthPort tap = port.index() < exceptions.length ? exceptions[port.index()] : null;
            if (tap == null) continue;
            int n = tap.rxBurst(0, exceptionBurst, DRAIN);
            for (int i = 0; i < n; i++) {
                long mbuf = exceptionBurst.getAtIndex(ValueLayout.JAVA_LONG, i);
                PacketNotes.setInputPort(mbuf, port.dpdkPortId());
                PacketNotes.setReason(mbuf, PacketNotes.transmitOn(port.index()));
                giveBack(mbuf, 0, FROM_KERNEL);
            }
            work += n;
        }
        return work;
    }

    private boolean isLocal(int address) {
        for (PortInfo p : ports) if (p.owns(address)) return true;
        return false;
    }

    private void unresolved(long mbuf, int worker) {
        int nextHop = PacketNotes.nextHop(mbuf);
        if (nextHop == 0) {
            free(mbuf, UNRESOLVED_DROPPED);
            return;
        }
        switch (neighbours.hold(nextHop, mbuf, worker, now)) {
            case KNOWN -> {
                PacketNotes.setReason(mbuf, PacketNotes.ACTION_REPROCESS);
                giveBack(mbuf, worker, RELEASED);
            }
            case HELD_SEND_REQUEST -> {
                counters.incrementAndGet(HELD);
                sendRequest(nextHop);
            }
            case HELD -> counters.incrementAndGet(HELD);
            case QUEUE_FULL -> free(mbuf, HOLD_QUEUE_FULL);
        }
    }

    /** Broadcasts "who has {@code address}?" out of the port it is reached by. */
    private void sendRequest(int address) {
        PortInfo port = portFor(address);
        MemorySegment m = JlvsShim.jlvs_pktmbuf_alloc(pool.pointer());
        if (m.equals(MemorySegment.NULL)) {
            counters.incrementAndGet(NO_MBUF);
            return;
        }
        long mbuf = m.address();
        long data = Packets.append(mbuf, ArpFrames.FRAME_LENGTH);
        ArpFrames.writeRequest(Packets.memory(), data - Packets.base(), port.mac(), port.sourceFor(address), address);
        PacketNotes.setInputPort(mbuf, port.dpdkPortId());
        PacketNotes.setReason(mbuf, PacketNotes.transmitOn(port.index()));
        giveBack(mbuf, 0, ARP_REQUESTS_SENT);
    }

    private PortInfo portFor(int address) {
        for (PortInfo p : ports) if (p.onLink(address)) return p;
        ServiceTable s = services;
        int route = s == null ? ServiceTable.NOT_FOUND : s.findRoute(address);
        if (route != ServiceTable.NOT_FOUND) {
            int index = s.routePort(route);
            for (PortInfo p : ports) if (p.index() == index) return p;
        }
        return ports.getFirst();
    }

    private boolean giveBackCounted(long mbuf, int worker, int counter) {
        if (mesh.fromSlowPath(worker).offer(mbuf)) {
            counters.incrementAndGet(counter);
            return true;
        }
        free(mbuf, RETURN_RING_FULL);
        return false;
    }

    private void giveBack(long mbuf, int worker, int counter) {
        if (mesh.fromSlowPath(worker).offer(mbuf)) {
            counters.incrementAndGet(counter);
        } else {
            free(mbuf, RETURN_RING_FULL);
        }
    }

    private void free(long mbuf, int counter) {
        if (counter >= 0) counters.incrementAndGet(counter);
        JlvsShim.jlvs_pktmbuf_free(MemorySegment.ofAddress(mbuf));
    }

    /** Frees the packets still in the punt rings; call after the workers stopped. */
    public void drainAndFree() {
        for (int w = 0; w < mesh.workers(); w++) {
            int n;
            while ((n = mesh.toSlowPath(w).drain(drained, DRAIN)) > 0) {
                for (int i = 0; i < n; i++) JlvsShim.jlvs_pktmbuf_free(MemorySegment.ofAddress(drained[i]));
            }
        }
    }

    /** Non-zero counters, one "name=value" each. */
    public Map<String, Long> counterValues() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int c = 0; c < COUNT; c++) if (counters.get(c) != 0) m.put(NAMES[c], counters.get(c));
        if (failover != null) m.putAll(failover.counterValues());
        return m;
    }
}
