package io.jlvs.perf.linerate;

import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.fastpath.DropReason;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.PacketCounters;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.Verdict;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.fastpath.worker.WorkerCounters;
import io.jlvs.fastpath.worker.WorkerThread;
import io.jlvs.model.ForwardMethod;
import io.jlvs.ring.RingMesh;
import io.jlvs.sched.DestinationLoad;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code make bench-linerate}: one jlvs worker core ({@link Worker}, the production duty cycle) fed
 * by a pktgen-style generator through DPDK ring-PMD ports, against bare rx->tx loops fed the same
 * way (pointer-only, and touching each packet as testpmd's macswap does). Established NAT over a
 * flow-count sweep (1K to 10M flows, replayed in a random permutation), DR and TUN at 1K and 1M,
 * SYN traffic to a NAT service (new connections per second), the bare loops before and after.
 * Every run is measured twice: online (generator and device running together, wall clock) and
 * offline (the device drains batches pre-filled into its rx ring while the generator is idle: its
 * own ns per packet). Mpps, ratios to the touching bare loop, p50/p99 latency, CSV and PNGs in
 * perf/results, and one machine-readable line at the end. Exits 1 when a run's counts do not
 * reconcile, a frame came out wrong or a checksum was bad.
 */
public final class LineRateHarness {

    /** What one run measured. */
    public record Result(String name, String method, long flows, String traffic, String order, double pps, long p50, long p99,
                         Accounting accounting, long wrong, long checksumsChecked, long checksumsBad,
                         long connectionsCreated, String firstWrong, double cpuShare, double rxRingFill,
                         double offlineNsPerPacket, long offlinePackets) {
        /** Frames per second of the device thread's own CPU time: what one whole core would do, if it scaled. */
        public double ppsPerCpu() { return cpuShare > 0 ? pps / cpuShare : Double.NaN; }

        /** Offline: frames per second of the device's own draining time. */
        public double offlinePps() { return 1e9 / offlineNsPerPacket; }

        public boolean bare() { return method.startsWith("bare"); }

        public boolean touchingBare() { return method.equals(TOUCHING); }

        public boolean clean() { return accounting.mismatches().isEmpty() && wrong == 0 && checksumsBad == 0; }
    }

    /** Settings; {@link #quick()} is the test's. */
    public record Options(long warmupMs, long measureMs, long offlineMs, int latencySamples, long synFlows, long[] natFlows,
                          long[] flowCounts, int generatorCpu, int workerCpu, Path out, String label, boolean bareOnly,
                          int[] methods, boolean syn, boolean random) {
        static Options defaults() {
            return new Options(1000, 2000, 1000, 20_000, 8_000_000, new long[] {1_000, 10_000, 100_000, 1_000_000, 10_000_000},
                    new long[] {1_000, 1_000_000}, 0, 1, Path.of("perf/results"), null, false, ALL_METHODS, true, true);
        }

        public static Options quick() {
            return new Options(100, 200, 100, 500, 50_000, new long[] {1_000}, new long[] {1_000}, 0, 1, null, null, false,
                    ALL_METHODS, true, true);
        }
    }

    static final String POINTER_ONLY = "bare-ptr", TOUCHING = "bare-touch";
    private static final int[] ALL_METHODS = {ForwardMethod.NAT_CODE, ForwardMethod.DR_CODE, ForwardMethod.TUN_CODE};
    private static final int POOL_MBUFS = 16383;
    /** The worker's rx ring: the generator keeps it full during throughput runs; offline batches fill it. */
    private static final int RX_RING_SIZE = 4096;
    /** More slots than the pool has mbufs: tx into it never fails. */
    private static final int TX_RING_SIZE = 16384;
    /** The permutation flows are replayed in: fixed, so runs are comparable. */
    private static final long ORDER_SEED = 0x6a6c7673L;

    private final Options options;
    private final DpdkRuntime dpdk;
    private final PacketPool pool;
    private final RingPort clientSide;
    private final RingPort serverSide;
    private int[] order;

    public LineRateHarness(Options options, DpdkRuntime dpdk) {
        this.options = options;
        this.dpdk = dpdk;
        this.pool = dpdk.createPacketPool("linerate", POOL_MBUFS);
        this.clientSide = RingPort.create(dpdk, "lr_client", RX_RING_SIZE, TX_RING_SIZE, pool);
        this.serverSide = RingPort.create(dpdk, "lr_server", RX_RING_SIZE, TX_RING_SIZE, pool);
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        String loadBefore = loadAverage();
        List<Result> results;
        try (DpdkRuntime dpdk = DpdkRuntime.start()) {
            results = new LineRateHarness(o, dpdk).runAll();
        }
        String loadAfter = loadAverage();
        boolean clean = report(results, o, loadBefore, loadAfter);
        System.exit(clean ? 0 : 1);
    }

    /** Every scenario, the bare loops first and last. */
    public List<Result> runAll() throws InterruptedException {
        // Unreported passes first: until C2 compiled the loops, an interpreted downcall costs
        // microseconds, and on a busy 2-core machine the compiler threads compete with the two
        // pinned, spinning threads of a run. Their counts must reconcile all the same.
        for (Result warm : new Result[] {bare("jit warm-up: bare loop", false), bare("jit warm-up: touching", true),
                worker(ForwardMethod.NAT_CODE, 1_000, false)}) {
            if (!warm.clean()) throw new IllegalStateException("warm-up run did not reconcile: " + warm.accounting().mismatches());
        }
        List<Result> results = new ArrayList<>();
        results.add(bare("bare pointer-only (first)", false));
        results.add(bare("bare touching (first)", true));
        if (!options.bareOnly()) {
            for (int method : options.methods()) {
                for (long flows : method == ForwardMethod.NAT_CODE ? options.natFlows() : options.flowCounts()) {
                    results.add(worker(method, flows, false));
                }
            }
            if (options.syn()) results.add(worker(ForwardMethod.NAT_CODE, options.synFlows(), true));
        }
        results.add(bare("bare touching (last)", true));
        results.add(bare("bare pointer-only (last)", false));
        return results;
    }

    // ---- runs ----

    Result bare(String name, boolean touch) throws InterruptedException {
        BareLoop loop = new BareLoop(clientSide.port(), serverSide.port(), options.workerCpu(), dpdk, touch);
        Thread thread = new Thread(loop, "jlvs-bare-loop");
        thread.setDaemon(true);
        thread.start();
        TrafficLoop traffic = new TrafficLoop(clientSide, serverSide, null, pool,
                touch ? TrafficLoop.Expect.SWAPPED : TrafficLoop.Expect.UNCHANGED, 1_000, false, order(1_000), options.latencySamples());
        double pps;
        try {
            pps = generate(traffic, () -> cpuNanos(loop.tid));
        } finally {
            loop.stop();
            thread.join();
        }
        if (loop.failure != null) throw new IllegalStateException("bare loop failed", loop.failure);
        OfflineDevice offline = new OfflineDevice(touch ? "bare-touch" : "bare-ptr", loop, options.workerCpu(), dpdk, loop.received());
        try {
            offline(traffic, offline);
        } finally {
            offline.stop();
        }
        traffic.finish();
        loop.close();
        Accounting a = new Accounting();
        a.generated = traffic.generated;
        a.leftInRxRing = traffic.leftInRxRing();
        a.workerRx = loop.received();
        a.processorReceived = loop.received();
        a.processorTransmitted = loop.received();
        a.workerTx = loop.transmitted();
        a.workerTxFailed = loop.txFailed();
        a.sinkReceived = traffic.sinkReceived;
        return result(name, touch ? TOUCHING : POINTER_ONLY, 1_000, "established", pps, traffic, a, 0, offline);
    }

    Result worker(int method, long flows, boolean syn) throws InterruptedException {
        DestinationLoad load = new DestinationLoad(1, BenchTopology.SERVERS);
        ForwardingState state = BenchTopology.state(load, method);
        long capacity = Math.max(1024, flows + flows / 4 + options.latencySamples());
        ConnectionTable connections = new ConnectionTable((int) capacity, 0, load, ConnectionTimeouts.ipvsDefaults());
        EpochClock clock = SystemEpochClock.INSTANCE;
        if (!syn) establish(connections, state, flows, clock.time());
        PacketProcessor processor = new PacketProcessor(0, connections, state);
        RingMesh mesh = new RingMesh(1, 1024, 1024);
        Worker worker = new Worker(0, processor, new EthPort[] {clientSide.port(), serverSide.port()}, 0, 0, mesh, clock);
        WorkerThread thread = new WorkerThread(worker, options.workerCpu(), new BusySpinIdleStrategy(), dpdk);
        thread.start();
        TrafficLoop traffic = new TrafficLoop(clientSide, serverSide, mesh.toSlowPath(0), pool, TrafficLoop.Expect.of(method),
                flows, syn, syn ? null : order(flows), options.latencySamples());
        if (syn) traffic.holdBack(flows / 4);
        double pps;
        try {
            pps = generate(traffic, () -> cpuNanos(thread.tid()));
        } finally {
            thread.stop();
        }
        if (thread.failure() != null) throw new IllegalStateException("worker failed", thread.failure());
        WorkerCounters w = worker.counters();
        OfflineDevice offline = new OfflineDevice("worker-" + methodName(method) + "-" + flows, new OfflineDevice.Device() {
            @Override public int step() { return worker.doWork(); }
            @Override public long received() { return w.get(WorkerCounters.RX); }
        }, options.workerCpu(), dpdk, w.get(WorkerCounters.RX));
        traffic.releaseHeldBack();
        try {
            offline(traffic, offline);
        } finally {
            offline.stop();
        }
        traffic.finish();
        worker.drainAndFreeInbound();

        Accounting a = new Accounting();
        a.generated = traffic.generated;
        a.leftInRxRing = traffic.leftInRxRing();
        a.workerRx = w.get(WorkerCounters.RX);
        a.workerTx = w.get(WorkerCounters.TX);
        a.workerTxFailed = w.get(WorkerCounters.TX_FAILED);
        a.workerNoEgress = w.get(WorkerCounters.NO_EGRESS_DEVICE);
        a.workerPuntRingFull = w.get(WorkerCounters.PUNT_RING_FULL);
        PacketCounters c = processor.counters();
        a.processorReceived = c.get(PacketCounters.RECEIVED);
        a.processorTransmitted = c.get(PacketCounters.TRANSMITTED);
        a.processorDropped = c.get(PacketCounters.DROPPED);
        a.processorPunted = c.get(PacketCounters.PUNTED);
        for (int r = 0; r < DropReason.COUNT; r++) a.dropsByReason[r] = c.drops(r);
        // ICMP errors sent are counted under their drop reason but transmitted: not drops here.
        if (c.get(PacketCounters.ICMP_SENT) != 0) {
            throw new IllegalStateException("the worker answered with ICMP errors: " + c);
        }
        a.sinkReceived = traffic.sinkReceived;
        a.puntsDrained = traffic.puntsDrained;
        long created = c.get(PacketCounters.CONNECTIONS_CREATED);
        worker.close();
        connections.close();
        return result(methodName(method) + (syn ? " new connections" : " established"), methodName(method),
                flows, syn ? "syn" : "established", pps, traffic, a, created, offline);
    }

    /** The flow order of an established run: a fixed random permutation of 0..flows-1, or null for insertion order. */
    private int[] order(long flows) {
        if (!options.random()) return null;
        if (order != null && order.length == flows) return order;
        order = null; // let the previous one go before allocating the next (10M flows: 40 MB)
        int[] p = new int[(int) flows];
        for (int i = 0; i < p.length; i++) p[i] = i;
        SplittableRandom random = new SplittableRandom(ORDER_SEED);
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        order = p;
        return p;
    }

    /** The generator's thread on its core: throughput, then latency one frame at a time, then drain. */
    private double generate(TrafficLoop traffic, java.util.function.LongSupplier deviceCpu) throws InterruptedException {
        double[] pps = new double[1];
        onGenerator(() -> {
            pps[0] = traffic.throughput(options.warmupMs() * 1_000_000, options.measureMs() * 1_000_000, deviceCpu,
                    RX_RING_SIZE - 1);
            traffic.quiesce(20_000_000, 5_000_000_000L);
            traffic.latency(options.latencySamples(), 2_000_000);
            traffic.quiesce(50_000_000, 5_000_000_000L);
        });
        return pps[0];
    }

    /**
     * Offline mode, on the generator's core: fill the device's rx ring with a batch while it is idle,
     * let it drain the batch (the generator parked meanwhile), take back what it sent; repeat for
     * {@code offlineMs}.
     */
    private void offline(TrafficLoop traffic, OfflineDevice device) throws InterruptedException {
        onGenerator(() -> {
            long end = System.nanoTime() + options.offlineMs() * 1_000_000;
            while (System.nanoTime() < end && !traffic.exhausted()) {
                int n = traffic.fill(RX_RING_SIZE - 1);
                if (n == 0) throw new IllegalStateException("offline: no frame could be enqueued");
                device.drain(n);
                traffic.collect();
            }
        });
    }

    /** Runs {@code body} on a thread registered with EAL on the generator's core and waits for it. */
    private void onGenerator(Runnable body) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                dpdk.registerCurrentThread(options.generatorCpu());
                body.run();
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                dpdk.unregisterCurrentThread();
            }
        }, "jlvs-pktgen");
        thread.start();
        thread.join();
        if (failure[0] != null) throw new IllegalStateException("generator failed", failure[0]);
    }

    /**
     * Opens every flow (SYN, then ACK) through a processor of its own over the worker's connection
     * table and rule snapshot, before the worker starts, so the measured traffic is established.
     */
    private static void establish(ConnectionTable connections, ForwardingState state, long flows, long now) {
        PacketProcessor opener = new PacketProcessor(0, connections, state);
        try (Arena arena = Arena.ofConfined()) {
            long at = 128;
            MemorySegment buffer = arena.allocate(at + 128, 64);
            MemorySegment syn = arena.allocate(BenchTopology.FRAME_LENGTH), ack = arena.allocate(BenchTopology.FRAME_LENGTH);
            BenchTopology.writeTemplate(syn, 0, Tcp.FLAG_SYN);
            BenchTopology.writeTemplate(ack, 0, Tcp.FLAG_ACK);
            for (long f = 0; f < flows; f++) {
                for (MemorySegment t : new MemorySegment[] {syn, ack}) {
                    MemorySegment.copy(t, 0, buffer, at, BenchTopology.FRAME_LENGTH);
                    BenchTopology.stampFlow(buffer, at, f, Ipv4.checksum(t, BenchTopology.IP),
                            NetBytes.u16(t, BenchTopology.L4 + Tcp.CHECKSUM_OFFSET));
                    int verdict = opener.process(buffer, at, BenchTopology.FRAME_LENGTH, BenchTopology.CLIENT_SIDE, now);
                    if (!Verdict.isTransmit(verdict)) {
                        throw new IllegalStateException("opening flow " + f + ": " + Verdict.toString(verdict));
                    }
                }
            }
        }
    }

    private Result result(String name, String method, long flows, String traffic, double pps, TrafficLoop t,
                          Accounting a, long created, OfflineDevice offline) {
        if (Boolean.getBoolean("jlvs.linerate.debug")) {
            System.err.printf("%s: frames per enqueue %.1f, per dequeue %.1f, pool exhausted %d times%n", name,
                    (double) t.generated / Math.max(1, t.sendBursts), (double) t.sinkReceived / Math.max(1, t.sinkBursts), t.allocFailures);
        }
        long[] sorted = Arrays.copyOf(t.latencies, t.latencyCount);
        Arrays.sort(sorted);
        String order = traffic.equals("syn") ? "new" : options.random() ? "random" : "sequential";
        return new Result(name, method, flows, traffic, order, pps, percentile(sorted, 0.50), percentile(sorted, 0.99), a,
                t.sinkWrong, t.checksumsChecked, t.checksumsBad, created, t.firstWrong,
                t.measuredNanos > 0 && t.deviceCpuNanos > 0 ? (double) t.deviceCpuNanos / t.measuredNanos : Double.NaN, t.rxRingFill,
                offline.nanosPerPacket(), offline.packets());
    }

    /** Nanoseconds a thread of this process ran on a CPU (/proc schedstat), or 0 when unknown. */
    static long cpuNanos(int tid) {
        if (tid == 0) return 0;
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---- report ----

    /** Prints the tables and the machine-readable lines, writes CSV and PNGs; returns whether every run was clean. */
    static boolean report(List<Result> results, Options o, String loadBefore, String loadAfter) throws IOException {
        double touchPps = mean(results, TOUCHING, Result::pps);
        double pointerPps = mean(results, POINTER_ONLY, Result::pps);
        double touchNs = mean(results, TOUCHING, Result::offlineNsPerPacket);
        double pointerNs = mean(results, POINTER_ONLY, Result::offlineNsPerPacket);
        long bareP50 = (long) mean(results, TOUCHING, r -> r.p50()), bareP99 = (long) mean(results, TOUCHING, r -> r.p99());
        String cpu = cpuModel();
        System.out.printf("jlvs line-rate harness: %s, %d CPUs; generator+sink on cpu %d, worker on cpu %d (figures per worker core)%n",
                cpu, Runtime.getRuntime().availableProcessors(), o.generatorCpu(), o.workerCpu());
        System.out.printf("load average before: %s; after: %s%n", loadBefore, loadAfter);
        System.out.printf("64-byte frames; online: warm-up %d ms, measured %d ms per run; offline: %d ms of batches of up to %d frames;"
                + " latency: %d frames one at a time; established flows replayed in %s order%n%n",
                o.warmupMs(), o.measureMs(), o.offlineMs(), RX_RING_SIZE - 1, o.latencySamples(), o.random() ? "random" : "insertion");
        String header = String.format("%-26s %9s %7s %6s %6s %5s %7s | %7s %7s %6s | %7s %8s %8s  %s", "run", "flows", "Mpps",
                "x bare", "x ptr", "cpu%", "rx fill", "off ns", "off Mpps", "x bare", "p50 ns", "p99 ns", "+p50 ns", "accounting");
        System.out.println(header);
        System.out.println("-".repeat(header.length() + 20));
        boolean clean = true;
        StringBuilder csv = new StringBuilder("date,cpu,load_before,load_after,run,method,traffic,order,flows,mpps,ratio_to_touching_bare,"
                + "ratio_to_pointer_bare,worker_cpu_share,mpps_per_worker_cpu,rx_ring_fill,offline_ns_per_packet,offline_mpps,"
                + "offline_ratio_to_touching_bare,offline_packets,p50_ns,p99_ns,p50_added_ns,p99_added_ns,generated,forwarded,dropped,"
                + "punted,connections_created,wrong_frames,checksums_checked,checksums_bad,reconciled\n");
        String date = ZonedDateTime.now(ZoneOffset.UTC).toString();
        for (Result r : results) {
            Accounting a = r.accounting();
            List<String> mismatches = a.mismatches();
            double ratio = r.pps() / touchPps, offRatio = touchNs / r.offlineNsPerPacket();
            String acc = (mismatches.isEmpty() ? "ok" : "MISMATCH") + ": generated " + a.generated + " = forwarded "
                    + a.sinkReceived + " + dropped " + a.droppedTotal() + " (" + a.dropsText() + ") + punted " + a.puntsDrained;
            System.out.printf(Locale.ROOT, "%-26s %9d %7.2f %6.2f %6.2f %5.0f %7.0f | %7.1f %8.2f %6.2f | %7d %8d %8s  %s%n", r.name(),
                    r.flows(), r.pps() / 1e6, ratio, r.pps() / pointerPps, r.cpuShare() * 100, r.rxRingFill(), r.offlineNsPerPacket(),
                    r.offlinePps() / 1e6, offRatio, r.p50(), r.p99(), r.bare() ? "-" : Long.toString(r.p50() - bareP50), acc);
            if (r.traffic().equals("syn")) {
                System.out.printf(Locale.ROOT, "%-26s %,.0f new connections/s online, %,.0f offline (%d created)%n", "", r.pps(),
                        r.offlinePps(), r.connectionsCreated());
            }
            for (String m : mismatches) System.out.println("    NOT RECONCILED: " + m);
            if (r.wrong() > 0) System.out.println("    " + r.wrong() + " frames not as expected; first: " + r.firstWrong());
            if (r.checksumsBad() > 0) System.out.println("    " + r.checksumsBad() + " of " + r.checksumsChecked() + " checked frames had a bad checksum");
            clean &= r.clean();
            csv.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%s,%s,%s,%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.0f,%.1f,%.3f,%.3f,%d,%d,%d,%s,%s,"
                            + "%d,%d,%d,%d,%d,%d,%d,%d,%s%n",
                    date, cpu, loadBefore.split(" ")[0], loadAfter.split(" ")[0], r.name(), r.method(), r.traffic(), r.order(), r.flows(),
                    r.pps() / 1e6, ratio, r.pps() / pointerPps, r.cpuShare(), r.ppsPerCpu() / 1e6, r.rxRingFill(), r.offlineNsPerPacket(),
                    r.offlinePps() / 1e6, offRatio, r.offlinePackets(), r.p50(), r.p99(), r.bare() ? "" : Long.toString(r.p50() - bareP50),
                    r.bare() ? "" : Long.toString(r.p99() - bareP99), a.generated, a.sinkReceived, a.droppedTotal(),
                    a.puntsDrained, r.connectionsCreated(), r.wrong(), r.checksumsChecked(), r.checksumsBad(), mismatches.isEmpty()));
        }
        System.out.println();
        System.out.println("Mpps: frames the sink received per second (wall clock) over the measured part. x bare: against the mean of the");
        System.out.println("  touching bare loop's runs (rx, read mbuf and Ethernet header, swap MACs, tx: testpmd macswap); x ptr: against");
        System.out.println("  the pointer-only loop's (rx->tx, no packet read). Both are limited by the generator on the other core.");
        System.out.println("cpu%: the share of its core the device thread got (/proc schedstat): the cores are shared.");
        System.out.println("rx fill: mean frames waiting in the device's rx ring (of " + (RX_RING_SIZE - 1)
                + "); near full, the device is the bottleneck, near 0 the generator is.");
        System.out.println("off ns / off Mpps: offline mode, the device's own time per packet draining pre-filled batches with the");
        System.out.println("  generator idle (the device thread's CPU time, median of the batches); x bare: the touching loop's offline ns / this run's.");
        System.out.println("p50/p99: generator enqueue -> sink dequeue, one frame in flight; +p50: minus the touching bare loop's.");
        System.out.println("Checksums verified on 1 frame in " + TrafficLoop.CHECKSUM_SAMPLE + " during throughput, on every latency frame.");

        List<Result> sweep = new ArrayList<>();
        for (Result r : results) if (r.method().equals("NAT") && r.traffic().equals("established")) sweep.add(r);
        sweep.sort(java.util.Comparator.comparingLong(Result::flows));
        StringBuilder sweepCsv = new StringBuilder("flows,order,mpps,ns_per_packet_online,ratio_to_touching_bare,offline_ns_per_packet,"
                + "offline_mpps,offline_ratio_to_touching_bare,load_before\n");
        if (!sweep.isEmpty()) {
            System.out.println();
            System.out.println("NAT established, flow-count sweep (" + (o.random() ? "random" : "insertion") + " order):");
            System.out.printf("%10s %8s %9s %7s | %9s %9s %7s%n", "flows", "Mpps", "ns/pkt", "x bare", "off ns", "off Mpps", "x bare");
            for (Result r : sweep) {
                System.out.printf(Locale.ROOT, "%10d %8.2f %9.1f %7.2f | %9.1f %9.2f %7.2f%n", r.flows(), r.pps() / 1e6, 1e9 / r.pps(),
                        r.pps() / touchPps, r.offlineNsPerPacket(), r.offlinePps() / 1e6, touchNs / r.offlineNsPerPacket());
                sweepCsv.append(String.format(Locale.ROOT, "%d,%s,%.3f,%.1f,%.3f,%.1f,%.3f,%.3f,%s%n", r.flows(), r.order(), r.pps() / 1e6,
                        1e9 / r.pps(), r.pps() / touchPps, r.offlineNsPerPacket(), r.offlinePps() / 1e6, touchNs / r.offlineNsPerPacket(),
                        loadBefore.split(" ")[0]));
            }
            System.out.printf(Locale.ROOT, "touching bare loop: %.2f Mpps online, %.1f ns/packet offline; pointer-only: %.2f Mpps, %.1f ns%n",
                    touchPps / 1e6, touchNs, pointerPps / 1e6, pointerNs);
        }
        if (o.out() != null) {
            Files.createDirectories(o.out());
            String stem = LocalDate.now(ZoneOffset.UTC) + (o.label() == null ? "" : "-" + o.label());
            Path csvFile = o.out().resolve("linerate-" + stem + ".csv");
            Files.writeString(csvFile, csv);
            Path png = o.out().resolve("linerate-" + stem + ".png");
            List<String> labels = new ArrayList<>();
            double[] mpps = new double[results.size()];
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                labels.add(r.bare() ? r.name() : r.name() + (r.traffic().equals("syn") ? "" : " " + LineChart.shortCount(r.flows())));
                mpps[i] = r.pps() / 1e6;
            }
            BarChart.write(png, "jlvs line rate, one worker core, online (" + cpu + ", load " + loadBefore.split(" ")[0] + ")",
                    "Mpps", labels, mpps, touchPps / 1e6);
            System.out.println("wrote " + csvFile + " and " + png);
            if (sweep.size() > 1) {
                long[] x = sweep.stream().mapToLong(Result::flows).toArray();
                double[] on = sweep.stream().mapToDouble(r -> r.pps() / 1e6).toArray();
                double[] off = sweep.stream().mapToDouble(r -> r.offlinePps() / 1e6).toArray();
                double[] onNs = sweep.stream().mapToDouble(r -> 1e9 / r.pps()).toArray();
                double[] offNs = sweep.stream().mapToDouble(Result::offlineNsPerPacket).toArray();
                double[] bareOn = new double[x.length], bareOff = new double[x.length], bareNs = new double[x.length];
                Arrays.fill(bareOn, touchPps / 1e6);
                Arrays.fill(bareOff, 1e3 / touchNs);
                Arrays.fill(bareNs, touchNs);
                Path sweepCsvFile = o.out().resolve("linerate-sweep-" + stem + ".csv");
                Files.writeString(sweepCsvFile, sweepCsv);
                Path mppsPng = o.out().resolve("linerate-sweep-" + stem + ".png");
                LineChart.write(mppsPng, "NAT established, random order: Mpps against flows (load " + loadBefore.split(" ")[0] + ")",
                        "flows", "Mpps", x, List.of(
                                new LineChart.Series("online", on, new java.awt.Color(60, 110, 180)),
                                new LineChart.Series("offline", off, new java.awt.Color(200, 100, 30)),
                                new LineChart.Series("touching bare, online", bareOn, new java.awt.Color(150, 150, 150)),
                                new LineChart.Series("touching bare, offline", bareOff, new java.awt.Color(90, 90, 90))));
                Path nsPng = o.out().resolve("linerate-sweep-ns-" + stem + ".png");
                LineChart.write(nsPng, "NAT established, random order: ns per packet against flows", "flows", "ns/packet", x, List.of(
                        new LineChart.Series("online (1/Mpps)", onNs, new java.awt.Color(60, 110, 180)),
                        new LineChart.Series("offline", offNs, new java.awt.Color(200, 100, 30)),
                        new LineChart.Series("touching bare, offline", bareNs, new java.awt.Color(90, 90, 90))));
                System.out.println("wrote " + sweepCsvFile + ", " + mppsPng + " and " + nsPng);
            }
        }
        System.out.println(clean ? "every packet accounted for" : "FAILED: see above");
        Result nat1m = find(results, "NAT", "established", 1_000_000), nat1k = find(results, "NAT", "established", 1_000),
                nat10m = find(results, "NAT", "established", 10_000_000), syn = find(results, "NAT", "syn", -1);
        double nat1mPps = nat1m == null ? Double.NaN : nat1m.pps();
        System.out.printf(Locale.ROOT, "linerate-offline: nat_1m_ns=%.1f bare_ns=%.1f ratio=%.3f nat_1k_ratio=%.3f nat_10m_over_1k=%.2f new_conn_per_s=%.0f%n",
                nat1m == null ? Double.NaN : nat1m.offlineNsPerPacket(), touchNs,
                nat1m == null ? Double.NaN : touchNs / nat1m.offlineNsPerPacket(),
                nat1k == null ? Double.NaN : touchNs / nat1k.offlineNsPerPacket(),
                nat10m == null || nat1k == null ? Double.NaN : nat10m.offlineNsPerPacket() / nat1k.offlineNsPerPacket(),
                syn == null ? Double.NaN : syn.offlinePps());
        System.out.printf(Locale.ROOT, "linerate: nat_1m_mpps=%.3f bare_mpps=%.3f ratio=%.3f new_conn_per_s=%.0f%n", nat1mPps / 1e6,
                touchPps / 1e6, nat1mPps / touchPps, syn == null ? Double.NaN : syn.pps());
        return clean;
    }

    /** The first result of that method, traffic and flow count (any count when {@code flows} is negative), or null. */
    private static Result find(List<Result> results, String method, String traffic, long flows) {
        for (Result r : results) {
            if (r.method().equals(method) && r.traffic().equals(traffic) && (flows < 0 || r.flows() == flows)) return r;
        }
        return null;
    }

    private static double mean(List<Result> results, String method, java.util.function.ToDoubleFunction<Result> f) {
        double sum = 0;
        int n = 0;
        for (Result r : results) if (r.method().equals(method)) { sum += f.applyAsDouble(r); n++; }
        return n == 0 ? Double.NaN : sum / n;
    }

    static String methodName(int method) {
        return switch (method) {
            case ForwardMethod.NAT_CODE -> "NAT";
            case ForwardMethod.DR_CODE -> "DR";
            case ForwardMethod.TUN_CODE -> "TUN";
            default -> "method " + method;
        };
    }

    private static int method(String name) {
        return switch (name) {
            case "NAT" -> ForwardMethod.NAT_CODE;
            case "DR" -> ForwardMethod.DR_CODE;
            case "TUN" -> ForwardMethod.TUN_CODE;
            default -> throw new IllegalArgumentException("no method " + name + " (NAT, DR, TUN)");
        };
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim().replace("\"", "");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown cpu";
    }

    private static Options parse(String[] args) {
        Options d = Options.defaults();
        long warm = d.warmupMs(), measure = d.measureMs(), offline = d.offlineMs(), synFlows = d.synFlows();
        int samples = d.latencySamples(), gen = d.generatorCpu(), work = d.workerCpu();
        long[] natFlows = d.natFlows(), flows = d.flowCounts();
        Path out = d.out();
        String label = null;
        boolean bareOnly = false, syn = true, random = true;
        int[] methods = ALL_METHODS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--warmup-ms" -> warm = Long.parseLong(args[++i]);
                case "--measure-ms" -> measure = Long.parseLong(args[++i]);
                case "--offline-ms" -> offline = Long.parseLong(args[++i]);
                case "--latency-samples" -> samples = Integer.parseInt(args[++i]);
                case "--syn-flows" -> synFlows = Long.parseLong(args[++i]);
                case "--flows" -> { flows = longs(args[++i]); natFlows = flows; }
                case "--sweep" -> natFlows = longs(args[++i]);
                case "--generator-cpu" -> gen = Integer.parseInt(args[++i]);
                case "--worker-cpu" -> work = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--label" -> label = args[++i];
                case "--no-files" -> out = null;
                case "--bare-only" -> bareOnly = true;
                case "--methods" -> methods = Arrays.stream(args[++i].split(",")).mapToInt(LineRateHarness::method).toArray();
                case "--no-syn" -> syn = false;
                case "--sequential" -> random = false;
                case "--quick" -> {
                    Options q = Options.quick();
                    warm = q.warmupMs(); measure = q.measureMs(); offline = q.offlineMs(); samples = q.latencySamples();
                    synFlows = q.synFlows(); flows = q.flowCounts(); natFlows = q.natFlows();
                }
                default -> {
                    System.err.println("usage: LineRateHarness [--warmup-ms N] [--measure-ms N] [--offline-ms N] [--latency-samples N]"
                            + " [--syn-flows N] [--sweep 1000,...,10000000 (NAT)] [--flows 1000,1000000 (every method)]"
                            + " [--methods NAT,DR,TUN] [--no-syn] [--sequential] [--generator-cpu C] [--worker-cpu C]"
                            + " [--out DIR | --no-files] [--label NAME] [--bare-only] [--quick]");
                    System.exit(2);
                }
            }
        }
        return new Options(warm, measure, offline, samples, synFlows, natFlows, flows, gen, work, out, label, bareOnly, methods, syn, random);
    }

    private static long[] longs(String list) {
        return Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
