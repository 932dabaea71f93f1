package io.jlvs.perf.linerate;

import io.jlvs.bindings.dpdk.JlvsShim;
import io.jlvs.bindings.dpdk.RteMbuf;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.ring.SpscLongRing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The generator and the sink, one thread on the harness's core (pktgen-style, range mode).
 *
 * <p>Generator: frames of 64 bytes on the wire (60 in the mbuf), client -> VIP:80, TCP ACK
 * (established traffic, cycling over {@code flows} client endpoints in the order of a fixed random
 * permutation, so consecutive frames hit unrelated connection entries as real traffic does, not
 * the insertion order in which the table's records lie in memory) or TCP SYN (a new client
 * endpoint per frame, up to {@code flows}). Valid IPv4 and TCP checksums: a template's, updated
 * incrementally per flow (RFC 1624). Mbufs are re-used: what the sink takes back is rewritten for
 * the next flow and sent again; only those the device under test dropped are replaced from the pool.
 * Nothing is allocated on the Java heap per packet.
 *
 * <p>Sink: dequeues what the device under test transmitted on both ports, checks every frame's
 * addresses against what the forwarding method must produce, verifies the IPv4 and TCP checksums of
 * one frame in {@link #CHECKSUM_SAMPLE} (every frame in the latency phase), and drains the worker's
 * punt ring (nothing runs a slow path here: a punt is counted as such).
 *
 * <p>Latency: the generator writes {@code System.nanoTime()} into the mbuf (a free word of
 * {@code rte_mbuf.dynfield1}, which no driver here uses); the sink subtracts it from its own clock.
 * Same thread, same clock.
 */
final class TrafficLoop {

    static final int BURST = 32;
    /** One frame in this many gets its checksums verified by the sink during throughput phases. */
    static final int CHECKSUM_SAMPLE = 64;
    /** A word of rte_mbuf.dynfield1 (bytes 92..127 in DPDK 22.11), free unless a dynamic field is registered. */
    static final long STAMP_OFFSET = 96;
    private static final long HEADROOM = RteMbuf.RTE_PKTMBUF_HEADROOM;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    /** What the sink expects: the frame as generated (bare loop), its MACs swapped (touching bare loop), or rewritten for a method. */
    enum Expect { UNCHANGED, SWAPPED, NAT, DR, TUN;
        static Expect of(int method) {
            return switch (method) {
                case ForwardMethod.NAT_CODE -> NAT;
                case ForwardMethod.DR_CODE -> DR;
                case ForwardMethod.TUN_CODE -> TUN;
                default -> throw new IllegalArgumentException("method " + method);
            };
        }
    }

    private final RingPort clientSide;
    private final RingPort serverSide;
    private final SpscLongRing punts;
    private final PacketPool pool;
    private final Expect expect;
    private final long flows;
    private final boolean syn;
    /** Flow {@code order[i]} is sent i-th of every cycle; null: flow i (SYN runs, {@code --sequential}). */
    private final int[] order;

    /** Shared: built by the harness thread, used by the generator thread, closed by the harness. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment template;
    private final int templateIpChecksum;
    private final int templateTcpChecksum;
    private final MemorySegment burst;
    private final long[] puntBurst = new long[BURST];
    private final MemorySegment stack;
    private final int stackCapacity;
    private int stackCount;

    private long nextFlow;
    private long stamp;

    // Counts (read by the harness after the thread ended).
    long generated;
    long sinkReceived;
    long sinkOnClientSide;
    long sinkWrong;
    long checksumsChecked;
    long checksumsBad;
    long puntsDrained;
    long allocFailures;
    /** Non-empty enqueues and dequeues: frames per burst show whether the rings batch. */
    long sendBursts;
    long sinkBursts;
    String firstWrong;

    /** CPU time of the device under test's thread over the measured window, and the window's length. */
    long deviceCpuNanos;
    long measuredNanos;
    /** Mean frames waiting in the rx ring during the measured window (near full: the device is the bottleneck). */
    double rxRingFill;
    private int lastRoom;

    // Latency samples, nanoseconds.
    final long[] latencies;
    int latencyCount;

    TrafficLoop(RingPort clientSide, RingPort serverSide, SpscLongRing punts, PacketPool pool, Expect expect, long flows,
                boolean syn, int[] order, int latencySamples) {
        if (order != null && order.length != flows) throw new IllegalArgumentException("order of " + order.length + " for " + flows + " flows");
        this.order = order;
        this.clientSide = clientSide;
        this.serverSide = serverSide;
        this.punts = punts;
        this.pool = pool;
        this.expect = expect;
        this.flows = flows;
        this.flowLimit = flows;
        this.syn = syn;
        this.template = arena.allocate(BenchTopology.FRAME_LENGTH, 8);
        BenchTopology.writeTemplate(template, 0, syn ? Tcp.FLAG_SYN : Tcp.FLAG_ACK);
        this.templateIpChecksum = Ipv4.checksum(template, BenchTopology.IP);
        this.templateTcpChecksum = NetBytes.u16(template, BenchTopology.L4 + Tcp.CHECKSUM_OFFSET);
        this.burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        this.stackCapacity = pool.size();
        this.stack = arena.allocate(ValueLayout.JAVA_LONG, stackCapacity);
        this.latencies = new long[latencySamples];
    }

    /** Flows the generator has started (SYN traffic: connections asked for). */
    long flowsStarted() { return nextFlow; }

    boolean exhausted() { return syn && nextFlow >= flowLimit; }

    /** SYN flows the generator may start now (all of them unless {@link #holdBack} kept some). */
    private long flowLimit;

    /**
     * Keeps the last {@code n} SYN flows back from the online phases: however fast the worker (or the
     * machine) is, the offline phase that follows still has new connections to time.
     */
    void holdBack(long n) { flowLimit = Math.max(0, flows - n); }

    /** Gives the held-back flows to the next phase. */
    void releaseHeldBack() { flowLimit = flows; }

    /**
     * Sends and sinks until {@code warmNanos + measureNanos} passed (or SYN flows ran out); returns
     * frames the sink received per second during the measured part.
     */
    double throughput(long warmNanos, long measureNanos, java.util.function.LongSupplier deviceCpu, int rxRingCapacity) {
        long start = System.nanoTime();
        long warmEnd = start + warmNanos, end = warmEnd + measureNanos;
        long measuredFrom = -1, countFrom = 0, cpuFrom = 0, now = start;
        long fillSum = 0, fillSamples = 0;
        stamp = 0;
        while (now < end && !exhausted()) {
            sink(false);
            send(BURST);
            now = System.nanoTime();
            if (measuredFrom >= 0) {
                fillSum += rxRingCapacity - lastRoom;
                fillSamples++;
            } else if (now >= warmEnd) {
                cpuFrom = deviceCpu.getAsLong(); // once per run: may allocate
                measuredFrom = System.nanoTime();
                countFrom = sinkReceived;
            }
        }
        now = System.nanoTime();
        if (measuredFrom < 0 || now <= measuredFrom) return Double.NaN;
        // 0: the device's thread had no id yet when the window opened; its CPU share is unknown.
        deviceCpuNanos = cpuFrom == 0 ? 0 : deviceCpu.getAsLong() - cpuFrom;
        measuredNanos = now - measuredFrom;
        rxRingFill = fillSamples == 0 ? 0 : (double) fillSum / fillSamples;
        return (sinkReceived - countFrom) * 1e9 / measuredNanos;
    }

    /**
     * One frame at a time: send, then wait for the sink to see it (or for {@code timeoutNanos}, when
     * it was dropped). Every frame carries a time stamp and is checksum-verified.
     */
    void latency(int samples, long timeoutNanos) {
        for (int i = 0; i < samples && !exhausted(); i++) {
            long before = sinkReceived + puntsDrained;
            stamp = System.nanoTime();
            if (send(1) == 0) continue;
            long deadline = stamp + timeoutNanos;
            while (sinkReceived + puntsDrained == before && System.nanoTime() < deadline) sink(true);
        }
        stamp = 0;
    }

    /** Stops sending; sinks until the rx ring is empty and nothing came out for {@code quietNanos}. */
    void quiesce(long quietNanos, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long lastChange = System.nanoTime();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            sink(false);
            long total = sinkReceived + puntsDrained;
            long now = System.nanoTime();
            if (total != seen || JlvsShim.jlvs_ring_count(clientSide.rxRing()) != 0) {
                seen = total;
                lastChange = now;
            } else if (now - lastChange > quietNanos) {
                return;
            }
        }
    }

    /**
     * Offline mode, generator side: with the device under test idle, enqueues up to {@code frames}
     * frames into its rx ring (as many as ring and pool allow); returns how many.
     */
    int fill(int frames) {
        int total = 0;
        while (total < frames && !exhausted()) {
            int sent = send(Math.min(BURST, frames - total));
            if (sent == 0) break;
            total += sent;
        }
        return total;
    }

    /**
     * Offline mode, after the device drained a batch: takes everything it transmitted or punted
     * (it flushed before reporting done, so the rings hold all of it) back to the generator's stack.
     */
    void collect() {
        long before;
        do {
            before = sinkReceived + puntsDrained;
            sink(false);
        } while (sinkReceived + puntsDrained != before);
    }

    /** What is left in the worker's rx ring (0 after a clean quiesce). */
    long leftInRxRing() { return JlvsShim.jlvs_ring_count(clientSide.rxRing()); }

    /** After the device under test stopped: takes what it still sent, and returns every mbuf to the pool. */
    void finish() {
        sink(false);
        while (stackCount > 0) {
            int n = Math.min(BURST, stackCount);
            stackCount -= n;
            PacketPool.freeBulk(stack.asSlice(stackCount * 8L), n);
        }
        arena.close();
    }

    // ---- generator ----

    /** Prepares and enqueues up to {@code max} frames; returns how many went into the rx ring. */
    private int send(int max) {
        MemorySegment ring = clientSide.rxRing();
        int room = JlvsShim.jlvs_ring_free_count(ring);
        lastRoom = room;
        int n = Math.min(max, room);
        if (syn) n = (int) Math.min(n, flows - nextFlow);
        if (n <= 0) return 0;
        if (stackCount < n && !refill()) n = stackCount;
        if (n == 0) return 0;
        MemorySegment mem = Packets.memory();
        long base = Packets.base();
        MemorySegment b = burst;
        for (int i = 0; i < n; i++) {
            long mbuf = stack.getAtIndex(ValueLayout.JAVA_LONG, --stackCount);
            b.setAtIndex(ValueLayout.JAVA_LONG, i, mbuf);
            long k = nextFlow;
            nextFlow = !syn && k + 1 == flows ? 0 : k + 1;
            prepare(mem, mbuf - base, order == null ? k : order[(int) k]);
        }
        int sent = JlvsShim.jlvs_ring_sp_enqueue_burst(ring, b, n, MemorySegment.NULL);
        generated += sent;
        sendBursts++;
        for (int i = sent; i < n; i++) stack.setAtIndex(ValueLayout.JAVA_LONG, stackCount++, b.getAtIndex(ValueLayout.JAVA_LONG, i));
        return sent;
    }

    /** Mbufs the device under test dropped went back to the pool: take a burst's worth again. */
    private boolean refill() {
        if (stackCount + BURST > stackCapacity) return false;
        if (!pool.allocBulk(stack.asSlice(stackCount * 8L), BURST)) {
            allocFailures++;
            return stackCount > 0;
        }
        stackCount += BURST;
        return true;
    }

    private void prepare(MemorySegment mem, long m, long flow) {
        mem.set(U16, m + RteMbuf.rte_mbuf$data_off, (short) HEADROOM);
        mem.set(U16, m + RteMbuf.rte_mbuf$data_len, (short) BenchTopology.FRAME_LENGTH);
        mem.set(U32, m + RteMbuf.rte_mbuf$pkt_len, BenchTopology.FRAME_LENGTH);
        mem.set(U64, m + STAMP_OFFSET, stamp);
        long frame = mem.get(U64, m + RteMbuf.rte_mbuf$buf_addr) + HEADROOM - Packets.base();
        MemorySegment.copy(template, 0, mem, frame, BenchTopology.FRAME_LENGTH);
        BenchTopology.stampFlow(mem, frame, flow, templateIpChecksum, templateTcpChecksum);
    }

    // ---- sink ----

    private void sink(boolean verifyAll) {
        sinkRing(serverSide.txRing(), verifyAll, false);
        sinkRing(clientSide.txRing(), verifyAll, true);
        if (punts != null) {
            int n = punts.drain(puntBurst, 0, BURST);
            for (int i = 0; i < n; i++) push(puntBurst[i]);
            puntsDrained += n;
        }
    }

    private void sinkRing(MemorySegment ring, boolean verifyAll, boolean clientSideOut) {
        MemorySegment b = burst;
        int n = JlvsShim.jlvs_ring_sc_dequeue_burst(ring, b, BURST, MemorySegment.NULL);
        if (n == 0) return;
        sinkBursts++;
        long now = System.nanoTime();
        MemorySegment mem = Packets.memory();
        long base = Packets.base();
        for (int i = 0; i < n; i++) {
            long mbuf = b.getAtIndex(ValueLayout.JAVA_LONG, i);
            long m = mbuf - base;
            long sent = mem.get(U64, m + STAMP_OFFSET);
            if (sent != 0 && latencyCount < latencies.length) latencies[latencyCount++] = now - sent;
            long frame = Packets.data(mbuf) - base;
            int length = Packets.dataLen(mbuf);
            boolean verify = verifyAll || (sinkReceived + i) % CHECKSUM_SAMPLE == 0;
            if (clientSideOut || !expected(mem, frame, length, verify)) {
                if (firstWrong == null) firstWrong = describe(mem, frame, length, clientSideOut);
                sinkWrong++;
            }
            push(mbuf);
        }
        if (clientSideOut) sinkOnClientSide += n;
        sinkReceived += n;
    }

    private void push(long mbuf) {
        stack.setAtIndex(ValueLayout.JAVA_LONG, stackCount++, mbuf);
    }

    /** Whether the frame is what the device under test must produce; checksums too when {@code verify}. */
    private boolean expected(MemorySegment mem, long frame, int length, boolean verify) {
        long ip = frame + BenchTopology.IP;
        switch (expect) {
            case UNCHANGED, SWAPPED -> {
                boolean swapped = expect == Expect.SWAPPED;
                if (length != BenchTopology.FRAME_LENGTH || Ipv4.dstAddr(mem, ip) != BenchTopology.VIP || Ipv4.ttl(mem, ip) != 64
                        || NetBytes.mac(mem, frame) != (swapped ? BenchTopology.ROUTER_MAC : BenchTopology.CLIENT_PORT_MAC)
                        || NetBytes.mac(mem, frame + 6) != (swapped ? BenchTopology.CLIENT_PORT_MAC : BenchTopology.ROUTER_MAC)) return false;
                return !verify || checksumsValid(mem, ip);
            }
            case NAT -> {
                int d = BenchTopology.serverIndex(Ipv4.dstAddr(mem, ip));
                if (length != BenchTopology.FRAME_LENGTH || d < 0 || Ipv4.ttl(mem, ip) != 63
                        || Tcp.dstPort(mem, ip + 20) != BenchTopology.NAT_SERVER_PORT
                        || !isClient(Ipv4.srcAddr(mem, ip))
                        || NetBytes.mac(mem, frame) != BenchTopology.serverMac(d)
                        || NetBytes.mac(mem, frame + 6) != BenchTopology.SERVER_PORT_MAC) return false;
                return !verify || checksumsValid(mem, ip);
            }
            case DR -> {
                long dstMac = NetBytes.mac(mem, frame);
                long d = dstMac - BenchTopology.FIRST_SERVER_MAC;
                if (length != BenchTopology.FRAME_LENGTH || d < 0 || d >= BenchTopology.SERVERS
                        || Ipv4.dstAddr(mem, ip) != BenchTopology.VIP || Ipv4.ttl(mem, ip) != 64
                        || Tcp.dstPort(mem, ip + 20) != BenchTopology.VIP_PORT
                        || NetBytes.mac(mem, frame + 6) != BenchTopology.SERVER_PORT_MAC) return false;
                return !verify || checksumsValid(mem, ip);
            }
            case TUN -> {
                int d = BenchTopology.serverIndex(Ipv4.dstAddr(mem, ip));
                long inner = ip + Ipv4.MIN_HEADER_LENGTH;
                // The tunnel carries the IP packet without the Ethernet padding: 14 + 20 + 40 bytes.
                if (length < BenchTopology.IP + Ipv4.MIN_HEADER_LENGTH + BenchTopology.IP_TOTAL_LENGTH || d < 0
                        || Ipv4.protocol(mem, ip) != 4 || Ipv4.srcAddr(mem, ip) != BenchTopology.SERVER_PORT_ADDRESS
                        || Ipv4.totalLength(mem, ip) != BenchTopology.IP_TOTAL_LENGTH + Ipv4.MIN_HEADER_LENGTH
                        || Ipv4.dstAddr(mem, inner) != BenchTopology.VIP || !isClient(Ipv4.srcAddr(mem, inner))
                        || NetBytes.mac(mem, frame) != BenchTopology.serverMac(d)) return false;
                if (!verify) return true;
                boolean innerValid = checksumsValid(mem, inner);
                boolean outerValid = Checksum.verify(mem, ip, Ipv4.MIN_HEADER_LENGTH);
                if (innerValid && !outerValid) checksumsBad++;
                return innerValid && outerValid;
            }
            default -> { return false; }
        }
    }

    private static boolean isClient(int address) {
        return (address >>> 24) == (BenchTopology.FIRST_CLIENT >>> 24);
    }

    private boolean checksumsValid(MemorySegment mem, long ip) {
        checksumsChecked++;
        boolean ok = Checksum.verify(mem, ip, Ipv4.MIN_HEADER_LENGTH)
                && BenchTopology.tcpChecksumValid(mem, ip, ip + Ipv4.MIN_HEADER_LENGTH, Tcp.MIN_HEADER_LENGTH);
        if (!ok) checksumsBad++;
        return ok;
    }

    /** Cold path: the first unexpected frame, for the report. */
    private static String describe(MemorySegment mem, long frame, int length, boolean clientSideOut) {
        StringBuilder s = new StringBuilder(clientSideOut ? "on the client-side port: " : "");
        for (int i = 0; i < Math.min(length, 80); i++) s.append(String.format("%02x", mem.get(ValueLayout.JAVA_BYTE, frame + i)));
        return s.toString();
    }
}
