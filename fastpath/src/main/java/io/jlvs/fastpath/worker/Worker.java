package io.jlvs.fastpath.worker;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.PacketView;
import io.jlvs.fastpath.PuntReason;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.Verdict;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.ring.RingMesh;
import io.jlvs.ring.SpscLongRing;
import org.agrona.concurrent.EpochClock;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One poll-mode worker (Agrona duty-cycle style: {@link #doWork()} does one bounded round and
 * returns the work done, so a thread runs it under an idle strategy and a test or the replay tool
 * steps it deterministically). Owns rx queue {@code rxQueue} and tx queue {@code txQueue} of every
 * port, one {@link PacketProcessor} and its connection table. A round:
 * <ol>
 *   <li>picks up the current rule snapshot, which carries the connection timeouts, and the neighbour
 *       snapshot (one volatile read each, by the processor);</li>
 *   <li>processes what other workers handed over (flows it owns) and what the slow path returned;</li>
 *   <li>rx_burst on each port; a frame whose flow another worker owns ({@link FlowOwnership}) goes to
 *       the owner's ring, the rest is processed here;</li>
 *   <li>transmits per egress port (a partial tx_burst is retried a few times, then the rest is freed
 *       and counted), frees drops, punts to the slow path's ring;</li>
 *   <li>expires due connections and persistence templates within a budget;</li>
 *   <li>serves a pending connection listing ({@link ConnectionListing}) within a budget.</li>
 * </ol>
 * No allocation, no locks; every array is off-heap and sized up front.
 */
public final class Worker {

    public static final int BURST = 32;
    /** tx_burst calls for one batch before the rest is dropped: a device that keeps refusing is stuck. */
    static final int TX_ATTEMPTS = 4;
    /** Timer entries looked at per round. */
    static final int EXPIRE_BUDGET = 64;
    /** Synced connections taken into the table per round. */
    static final int SYNC_IMPORT_BUDGET = 256;
    private static final long SLOT = ValueLayout.JAVA_LONG.byteSize();

    private final int index;
    private final int workers;
    private final PacketProcessor processor;
    private final ConnectionTable connections;
    private final EthPort[] ports;
    private final int[] tableIndexByPortId;
    private final int rxQueue;
    private final int txQueue;
    private final EpochClock clock;
    private final WorkerCounters counters = new WorkerCounters();
    private final ConnectionListing listing = new ConnectionListing();

    private final SpscLongRing[] fromWorkers;
    private final SpscLongRing[] toWorkers;
    private final SpscLongRing punts;
    private final SpscLongRing returns;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment burst;
    /** One parsed view per rx burst slot, reused: the burst's stages read them (see {@link #receive}). */
    private final PacketView[] views = new PacketView[BURST];
    /** The view for frames processed one at a time (hand-offs, returns from the slow path). */
    private final PacketView single = new PacketView();
    /** The mbufs of this burst's frames this worker owns, by view slot. */
    private final long[] owned = new long[BURST];
    /** Addresses a burst stage prefetches for the next (mbufs, packet data, index slots, entries). */
    private final MemorySegment prefetch;
    /** {@code tx[port]} from slot k on, made once: a partial tx_burst retries without allocating a slice. */
    private final MemorySegment[][] txFrom;
    private final MemorySegment[] tx;
    private final int[] txCount;
    private final MemorySegment[] handoff;
    private final int[] handoffCount;
    private final MemorySegment punt;
    private int puntCount;
    private final MemorySegment free;
    private int freeCount;

    private SyncRecordRing syncImport;
    /** The processor's rule snapshot of this round. */
    private ServiceTable services;
    private long now;
    private int rxBurst = BURST;

    /**
     * @param ports   the device of each port, by the rule snapshot's port index (null: no device)
     * @param clock   milliseconds; read once per round
     */
    public Worker(int index, PacketProcessor processor, EthPort[] ports, int rxQueue, int txQueue,
                  RingMesh mesh, EpochClock clock) {
        this.index = index;
        this.workers = mesh.workers();
        if (index < 0 || index >= workers) throw new IllegalArgumentException("worker " + index + " of " + workers);
        this.processor = processor;
        this.connections = processor.connections();
        this.ports = ports.clone();
        this.rxQueue = rxQueue;
        this.txQueue = txQueue;
        this.clock = clock;
        int maxId = -1;
        for (EthPort p : ports) if (p != null) maxId = Math.max(maxId, p.id());
        tableIndexByPortId = new int[maxId + 1];
        java.util.Arrays.fill(tableIndexByPortId, -1);
        for (int i = 0; i < ports.length; i++) if (ports[i] != null) tableIndexByPortId[ports[i].id()] = i;

        fromWorkers = new SpscLongRing[workers];
        toWorkers = new SpscLongRing[workers];
        handoff = new MemorySegment[workers];
        handoffCount = new int[workers];
        for (int w = 0; w < workers; w++) {
            if (w == index) continue;
            fromWorkers[w] = mesh.between(w, index);
            toWorkers[w] = mesh.between(index, w);
            handoff[w] = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        }
        punts = mesh.toSlowPath(index);
        returns = mesh.fromSlowPath(index);
        burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        prefetch = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        for (int i = 0; i < BURST; i++) views[i] = new PacketView();
        tx = new MemorySegment[ports.length];
        txFrom = new MemorySegment[ports.length][];
        txCount = new int[ports.length];
        for (int p = 0; p < ports.length; p++) {
            tx[p] = arena.allocate(ValueLayout.JAVA_LONG, BURST);
            txFrom[p] = new MemorySegment[BURST];
            for (int k = 0; k < BURST; k++) txFrom[p][k] = tx[p].asSlice(k * SLOT);
        }
        punt = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        free = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        services = processor.services();
    }

    public int index() { return index; }

    public PacketProcessor processor() { return processor; }

    public WorkerCounters counters() { return counters; }

    /** The mailbox through which another thread lists this worker's connections ({@code ipvsadm -L -c}). */
    public ConnectionListing connectionListing() { return listing; }

    /**
     * Connects the sync daemon before the thread starts: this worker's new connections and state
     * changes go to {@code export} (the master's slow path reads it), and connections the backup's
     * slow path received for flows this worker owns arrive on {@code imports}. Either may be null.
     */
    public void useSync(SyncRecordRing export, SyncRecordRing imports) {
        connections.setSyncExport(export);
        this.syncImport = imports;
    }

    /** At most this many frames per rx_burst (1..32); the replay tool takes one at a time to keep the capture's order. */
    public void rxBurst(int frames) {
        if (frames < 1 || frames > BURST) throw new IllegalArgumentException("rx burst must be 1.." + BURST + ", was " + frames);
        rxBurst = frames;
    }

    /** One round: snapshots, rings, rx on every port, tx, timers. Returns the work done (0: idle). */
    public int doWork() {
        int work = beginRound();
        for (int p = 0; p < ports.length; p++) {
            if (ports[p] != null) work += receive(p, rxBurst);
        }
        work += endRound();
        return work;
    }

    /** Reads the clock and the snapshots, then processes what other workers and the slow path sent. */
    public int beginRound() {
        now = clock.time();
        processor.beginBurst();
        services = processor.services();
        int work = 0;
        for (int w = 0; w < workers; w++) {
            if (w != index) work += drainHandoffs(fromWorkers[w]);
        }
        return work + drainReturns() + importSynced();
    }

    /**
     * Connections from the master (IPVS's backup: ip_vs_proc_conn), into this worker's own table. The
     * service and real server are found by address in the current rules, as the kernel does
     * (ip_vs_find_dest): ids differ between directors. A record without a timeout takes the state's.
     */
    private int importSynced() {
        SyncRecordRing ring = syncImport;
        if (ring == null) return 0;
        int n = 0;
        for (long slot; n < SYNC_IMPORT_BUDGET && (slot = ring.peek()) >= 0; n++) {
            int proto = ring.protocol(slot);
            int vaddr = ring.virtAddr(slot), vport = ring.virtPort(slot);
            int daddr = ring.destAddr(slot), dport = ring.destPort(slot);
            boolean template = (ring.flags(slot) & SyncRecordRing.FLAG_TEMPLATE) != 0;
            int svc = services.findService(proto, vaddr, vport);
            if (svc == ServiceTable.NOT_FOUND && template && vport == 0) {
                // IPVS gives an FTP service's templates port 0 (its data connections share them).
                svc = services.findService(proto, vaddr, ServiceTable.FTP_PORT);
            }
            if (svc == ServiceTable.NOT_FOUND) svc = services.findFallbackService(proto, vaddr, vport);
            int destId = svc == ServiceTable.NOT_FOUND ? -1 : destinationOf(services.service(svc), daddr, dport);
            if (destId < 0) {
                counters.add(WorkerCounters.SYNC_NO_SERVICE, 1);
            } else if (template) {
                int timeout = ring.timeoutSeconds(slot);
                boolean taken = processor.templates().importTemplate(index, services.service(svc).servers.load(), proto,
                    ring.clientAddr(slot), vaddr, vport, destId, timeout * 1000L, now);
                counters.add(taken ? WorkerCounters.SYNC_TEMPLATES_IMPORTED : WorkerCounters.SYNC_TEMPLATES_FULL, 1);
            } else {
                int state = ring.state(slot);
                int timeout = ring.timeoutSeconds(slot);
                int flags = ring.flags(slot);
                ServiceTable.Service service = services.service(svc);
                int h = connections.importSynced(proto, ring.clientAddr(slot), ring.clientPort(slot), vaddr, vport,
                    daddr, dport, destId, service.serviceId, services.destForwardMethod(destId), state,
                    (flags & SyncRecordRing.FLAG_INACTIVE) != 0, (flags & SyncRecordRing.FLAG_NO_OUTPUT) != 0,
                    timeout > 0 ? timeout * 1000 : connections.timeoutMs(proto, state), now);
                if (h >= 0) processor.adoptSynced(h, service.port == ServiceTable.FTP_PORT, ring, slot);
                counters.add(h == ConnectionTable.TABLE_FULL ? WorkerCounters.SYNC_TABLE_FULL : WorkerCounters.SYNC_IMPORTED, 1);
            }
            ring.release();
        }
        return n;
    }

    private int destinationOf(ServiceTable.Service service, int address, int port) {
        for (int i = 0; i < service.servers.count(); i++) {
            int d = service.servers.destId(i);
            if (services.destAddress(d) == address && services.destPort(d) == port) return d;
        }
        return -1;
    }

    /**
     * Flushes what the round staged (tx, hand-offs, punts, frees), runs the connection timer and the
     * processor's housekeeping (persistence templates of this core's share), then copies the next
     * part of a requested connection listing (an entry due but not yet expired lists as 00:00).
     */
    public int endRound() {
        flushAll();
        return connections.expire(now, EXPIRE_BUDGET) + processor.housekeeping(now) + listing.serve(connections, now);
    }

    /**
     * rx_burst of up to {@code max} frames on the port with table index {@code port}; returns how
     * many. The burst goes through in stages, each over all its frames, so that the cache misses of
     * different packets overlap instead of queueing one behind the other: prefetch the mbufs, then
     * their packet data; parse each frame once into its view and decide its owner (frames of other
     * workers' flows are staged for hand-off here); hash each connection key and prefetch its index
     * slot; read the slots and prefetch the entry each lookup will compare; then process (the lookups
     * now hit the cache) and stage tx.
     */
    public int receive(int port, int max) {
        MemorySegment b = burst;
        int n = ports[port].rxBurst(rxQueue, b, max);
        if (n == 0) return 0;
        counters.add(WorkerCounters.RX, n);
        MemorySegment mem = Packets.memory();
        long base = Packets.base();
        MemorySegment pf = prefetch;
        Packets.prefetch(b, n);
        for (int i = 0; i < n; i++) pf.setAtIndex(ValueLayout.JAVA_LONG, i, Packets.data(b.getAtIndex(ValueLayout.JAVA_LONG, i)));
        Packets.prefetch(pf, n);

        PacketView[] v = views;
        PacketProcessor proc = processor;
        int mine = 0, lines = 0;
        for (int i = 0; i < n; i++) {
            long mbuf = b.getAtIndex(ValueLayout.JAVA_LONG, i);
            PacketView p = v[mine];
            p.parse(mem, Packets.data(mbuf) - base, Packets.dataLen(mbuf), Packets.headroom(mbuf), port);
            int owner = FlowOwnership.owner(services, p, workers, index);
            if (owner != index) {
                stageHandoff(owner, mbuf);
                continue;
            }
            owned[mine++] = mbuf;
            long slot = proc.lookAhead(p);
            if (slot != 0) pf.setAtIndex(ValueLayout.JAVA_LONG, lines++, slot);
        }
        Packets.prefetch(pf, lines);
        lines = 0;
        for (int i = 0; i < mine; i++) {
            long entry = proc.candidate(v[i]);
            if (entry != 0) pf.setAtIndex(ValueLayout.JAVA_LONG, lines++, entry);
        }
        Packets.prefetch(pf, lines);
        for (int i = 0; i < mine; i++) process(owned[i], v[i]);
        return n;
    }

    private int drainHandoffs(SpscLongRing ring) {
        int n = ring.drain(burst, 0, BURST);
        for (int i = 0; i < n; i++) {
            long mbuf = burst.getAtIndex(ValueLayout.JAVA_LONG, i);
            processOne(mbuf, tableIndex(Packets.port(mbuf)));
        }
        if (n > 0) counters.add(WorkerCounters.HANDED_IN, n);
        return n;
    }

    private int drainReturns() {
        int n = returns.drain(burst, 0, BURST);
        for (int i = 0; i < n; i++) {
            long mbuf = burst.getAtIndex(ValueLayout.JAVA_LONG, i);
            int action = PacketNotes.reason(mbuf);
            if (PacketNotes.isTransmit(action)) {
                stageTx(PacketNotes.transmitPort(action), mbuf);
            } else {
                processOne(mbuf, tableIndex(Packets.port(mbuf)));
            }
        }
        if (n > 0) counters.add(WorkerCounters.FROM_SLOW_PATH, n);
        return n;
    }

    private int tableIndex(int portId) {
        return portId < tableIndexByPortId.length ? tableIndexByPortId[portId] : -1;
    }

    /** A frame outside a burst (handed over, or back from the slow path): parsed and processed alone. */
    private void processOne(long mbuf, int rxPort) {
        single.parse(Packets.memory(), Packets.data(mbuf) - Packets.base(), Packets.dataLen(mbuf), Packets.headroom(mbuf),
                rxPort < 0 ? 0xffff : rxPort);
        process(mbuf, single);
    }

    private void process(long mbuf, PacketView p) {
        long frame = p.frame();
        int length = p.length();
        int verdict = processor.process(p, now);
        switch (Verdict.kind(verdict)) {
            case Verdict.KIND_TRANSMIT -> {
                long moved = frame - processor.outputOffset();
                if (moved > 0) Packets.prepend(mbuf, (int) moved);
                else if (moved < 0) Packets.adj(mbuf, (int) -moved);
                int outputLength = processor.outputLength();
                if (moved != 0 || outputLength != length) Packets.setLength(mbuf, outputLength);
                stageTx(Verdict.port(verdict), mbuf);
            }
            case Verdict.KIND_PUNT -> {
                int reason = Verdict.puntReason(verdict);
                PacketNotes.setReason(mbuf, reason);
                PacketNotes.setNextHop(mbuf, reason == PuntReason.NEIGHBOUR_UNKNOWN ? nextHop(p) : 0);
                stagePunt(mbuf);
            }
            default -> stageFree(mbuf);
        }
    }

    /**
     * The neighbour a neighbour-unknown punt waits for: the connection's real server (or its
     * configured next hop) for a request, the route's next hop towards the client for a NAT reply.
     * The processor created or found the connection a moment ago, in this worker's own table; the
     * frame was not rewritten (the punt comes before the rewrite), so its parsed view still holds.
     */
    private int nextHop(PacketView p) {
        int h = connections.lookupIn(p.protocol(), p.ipSrc(), p.srcPort(), p.ipDst(), p.dstPort());
        if (h >= 0 && services.hasDestination(connections.destId(h))) return services.destNextHop(connections.destId(h));
        int route = services.findRoute(p.ipDst());
        return route == ServiceTable.NOT_FOUND ? 0 : services.routeNextHop(route, p.ipDst());
    }

    private void stageTx(int port, long mbuf) {
        if (port < 0 || port >= ports.length || ports[port] == null) {
            counters.add(WorkerCounters.NO_EGRESS_DEVICE, 1);
            stageFree(mbuf);
            return;
        }
        tx[port].setAtIndex(ValueLayout.JAVA_LONG, txCount[port], mbuf);
        if (++txCount[port] == BURST) flushTx(port);
    }

    private void stageHandoff(int owner, long mbuf) {
        handoff[owner].setAtIndex(ValueLayout.JAVA_LONG, handoffCount[owner], mbuf);
        if (++handoffCount[owner] == BURST) flushHandoff(owner);
    }

    private void stagePunt(long mbuf) {
        punt.setAtIndex(ValueLayout.JAVA_LONG, puntCount, mbuf);
        if (++puntCount == BURST) flushPunts();
    }

    private void stageFree(long mbuf) {
        free.setAtIndex(ValueLayout.JAVA_LONG, freeCount, mbuf);
        if (++freeCount == BURST) flushFree();
    }

    private void flushAll() {
        for (int w = 0; w < workers; w++) if (handoffCount[w] > 0) flushHandoff(w);
        if (puntCount > 0) flushPunts();
        for (int p = 0; p < ports.length; p++) if (txCount[p] > 0) flushTx(p);
        if (freeCount > 0) flushFree();
    }

    private void flushTx(int port) {
        int count = txCount[port];
        txCount[port] = 0;
        MemorySegment array = tx[port];
        EthPort device = ports[port];
        int sent = 0;
        for (int attempt = 0; attempt < TX_ATTEMPTS && sent < count; attempt++) {
            int took = device.txBurst(txQueue, txFrom[port][sent], count - sent);
            sent += took;
            if (sent < count) counters.add(WorkerCounters.TX_PARTIAL, 1);
        }
        counters.add(WorkerCounters.TX, sent);
        if (sent < count) {
            counters.add(WorkerCounters.TX_FAILED, count - sent);
            PacketPool.freeBulk(txFrom[port][sent], count - sent);
        }
    }

    private void flushHandoff(int owner) {
        int count = handoffCount[owner];
        handoffCount[owner] = 0;
        int offered = toWorkers[owner].offer(handoff[owner], 0, count);
        counters.add(WorkerCounters.HANDED_OFF, offered);
        if (offered < count) {
            counters.add(WorkerCounters.HANDOFF_RING_FULL, count - offered);
            PacketPool.freeBulk(handoff[owner].asSlice(offered * SLOT), count - offered);
        }
    }

    private void flushPunts() {
        int count = puntCount;
        puntCount = 0;
        int offered = punts.offer(punt, 0, count);
        if (offered < count) {
            counters.add(WorkerCounters.PUNT_RING_FULL, count - offered);
            PacketPool.freeBulk(punt.asSlice(offered * SLOT), count - offered);
        }
    }

    private void flushFree() {
        PacketPool.freeBulk(free, freeCount);
        freeCount = 0;
    }

    /** Frees what is left in this worker's inbound rings; call after the thread stopped. */
    public void drainAndFreeInbound() {
        for (int w = 0; w < workers; w++) {
            if (w == index) continue;
            int n;
            while ((n = fromWorkers[w].drain(burst, 0, BURST)) > 0) PacketPool.freeBulk(burst, n);
        }
        int n;
        while ((n = returns.drain(burst, 0, BURST)) > 0) PacketPool.freeBulk(burst, n);
    }

    /** Releases the off-heap arrays (the rings and the connection table belong to the caller). */
    public void close() {
        arena.close();
        listing.close();
    }
}
