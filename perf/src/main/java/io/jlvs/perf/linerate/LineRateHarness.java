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

/**
 * {@code make bench-linerate}: one jlvs worker core ({@link Worker}, the production duty cycle) fed
 * by a pktgen-style generator through DPDK ring-PMD ports, against a bare rx->tx loop fed the same
 * way. Established NAT, DR and TUN at 1K and 1M flows, SYN traffic to a NAT service (new
 * connections per second), the bare loop before and after; Mpps, ratio to the bare loop, p50/p99
 * latency and the latency the worker adds; CSV and PNG in perf/results. Exits 1 when a run's counts
 * do not reconcile, a frame came out wrong or a checksum was bad.
 */
public final class LineRateHarness {

    /** What one run measured. */
    public record Result(String name, String method, long flows, String traffic, double pps, long p50, long p99,
                         Accounting accounting, long wrong, long checksumsChecked, long checksumsBad,
                         long connectionsCreated, String firstWrong, double cpuShare, double rxRingFill) {
        /** Frames per second of the device thread's own CPU time: what one whole core would do, if it scaled. */
        public double ppsPerCpu() { return cpuShare > 0 ? pps / cpuShare : Double.NaN; }

        public boolean clean() { return accounting.mismatches().isEmpty() && wrong == 0 && checksumsBad == 0; }
    }

    /** Settings; {@link #quick()} is the test's. */
    public record Options(long warmupMs, long measureMs, int latencySamples, long synFlows, long[] flowCounts,
                          int generatorCpu, int workerCpu, Path out, boolean bareOnly, int[] methods, boolean syn) {
        static Options defaults() {
            return new Options(1000, 2000, 20_000, 6_000_000, new long[] {1_000, 1_000_000}, 0, 1,
                    Path.of("perf/results"), false, ALL_METHODS, true);
        }

        public static Options quick() {
            return new Options(100, 200, 500, 50_000, new long[] {1_000}, 0, 1, null, false, ALL_METHODS, true);
        }
    }

    private static final int[] ALL_METHODS = {ForwardMethod.NAT_CODE, ForwardMethod.DR_CODE, ForwardMethod.TUN_CODE};
    private static final int POOL_MBUFS = 16383;
    /** The worker's rx ring: the generator keeps it full during throughput runs. */
    private static final int RX_RING_SIZE = 4096;
    /** More slots than the pool has mbufs: tx into it never fails. */
    private static final int TX_RING_SIZE = 16384;

    private final Options options;
    private final DpdkRuntime dpdk;
    private final PacketPool pool;
    private final RingPort clientSide;
    private final RingPort serverSide;

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

    /** Every scenario, the bare loop first and last. */
    public List<Result> runAll() throws InterruptedException {
        // Unreported passes first: until C2 compiled the loops, an interpreted downcall costs
        // microseconds, and on a busy 2-core machine the compiler threads compete with the two
        // pinned, spinning threads of a run. Their counts must reconcile all the same.
        for (Result warm : new Result[] {bare("jit warm-up: bare loop"), worker(ForwardMethod.NAT_CODE, 1_000, false)}) {
            if (!warm.clean()) throw new IllegalStateException("warm-up run did not reconcile: " + warm.accounting().mismatches());
        }
        List<Result> results = new ArrayList<>();
        results.add(bare("bare loop (first)"));
        if (!options.bareOnly()) {
            for (int method : options.methods()) {
                for (long flows : options.flowCounts()) results.add(worker(method, flows, false));
            }
            if (options.syn()) results.add(worker(ForwardMethod.NAT_CODE, options.synFlows(), true));
        }
        results.add(bare("bare loop (last)"));
        return results;
    }

    // ---- runs ----

    Result bare(String name) throws InterruptedException {
        BareLoop loop = new BareLoop(clientSide.port(), serverSide.port(), options.workerCpu(), dpdk);
        Thread thread = new Thread(loop, "jlvs-bare-loop");
        thread.setDaemon(true);
        thread.start();
        TrafficLoop traffic = new TrafficLoop(clientSide, serverSide, null, pool, TrafficLoop.Expect.UNCHANGED, 1_000, false,
                options.latencySamples());
        double pps;
        try {
            pps = generate(traffic, () -> cpuNanos(loop.tid));
        } finally {
            loop.stop();
            thread.join();
        }
        if (loop.failure != null) throw new IllegalStateException("bare loop failed", loop.failure);
        traffic.finish();
        Accounting a = new Accounting();
        a.generated = traffic.generated;
        a.leftInRxRing = traffic.leftInRxRing();
        a.workerRx = loop.rx;
        a.processorReceived = loop.rx;
        a.processorTransmitted = loop.rx;
        a.workerTx = loop.tx;
        a.workerTxFailed = loop.txFailed;
        a.sinkReceived = traffic.sinkReceived;
        return result(name, "-", 1_000, "established", pps, traffic, a, 0);
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
                flows, syn, options.latencySamples());
        double pps;
        try {
            pps = generate(traffic, () -> cpuNanos(thread.tid()));
        } finally {
            thread.stop();
        }
        if (thread.failure() != null) throw new IllegalStateException("worker failed", thread.failure());
        traffic.finish();
        worker.drainAndFreeInbound();

        Accounting a = new Accounting();
        a.generated = traffic.generated;
        a.leftInRxRing = traffic.leftInRxRing();
        WorkerCounters w = worker.counters();
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
                flows, syn ? "syn" : "established", pps, traffic, a, created);
    }

    /** The generator's thread on its core: throughput, then latency one frame at a time, then drain. */
    private double generate(TrafficLoop traffic, java.util.function.LongSupplier deviceCpu) throws InterruptedException {
        double[] pps = new double[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                dpdk.registerCurrentThread(options.generatorCpu());
                pps[0] = traffic.throughput(options.warmupMs() * 1_000_000, options.measureMs() * 1_000_000, deviceCpu,
                        RX_RING_SIZE - 1);
                traffic.quiesce(20_000_000, 5_000_000_000L);
                traffic.latency(options.latencySamples(), 2_000_000);
                traffic.quiesce(50_000_000, 5_000_000_000L);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                dpdk.unregisterCurrentThread();
            }
        }, "jlvs-pktgen");
        thread.start();
        thread.join();
        if (failure[0] != null) throw new IllegalStateException("generator failed", failure[0]);
        return pps[0];
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

    private static Result result(String name, String method, long flows, String traffic, double pps, TrafficLoop t,
                                 Accounting a, long created) {
        if (Boolean.getBoolean("jlvs.linerate.debug")) {
            System.err.printf("%s: frames per enqueue %.1f, per dequeue %.1f, pool exhausted %d times%n", name,
                    (double) t.generated / Math.max(1, t.sendBursts), (double) t.sinkReceived / Math.max(1, t.sinkBursts), t.allocFailures);
        }
        long[] sorted = Arrays.copyOf(t.latencies, t.latencyCount);
        Arrays.sort(sorted);
        return new Result(name, method, flows, traffic, pps, percentile(sorted, 0.50), percentile(sorted, 0.99), a,
                t.sinkWrong, t.checksumsChecked, t.checksumsBad, created, t.firstWrong,
                t.measuredNanos > 0 && t.deviceCpuNanos > 0 ? (double) t.deviceCpuNanos / t.measuredNanos : Double.NaN, t.rxRingFill);
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

    /** Prints the table, writes CSV and PNG; returns whether every run was clean. */
    static boolean report(List<Result> results, Options o, String loadBefore, String loadAfter) throws IOException {
        double barePps = bareMean(results);
        long bareP50 = 0, bareP99 = 0;
        int bares = 0;
        for (Result r : results) {
            if (r.method().equals("-")) { bareP50 += r.p50(); bareP99 += r.p99(); bares++; }
        }
        if (bares > 0) { bareP50 /= bares; bareP99 /= bares; }
        String cpu = cpuModel();
        System.out.printf("jlvs line-rate harness: %s, %d CPUs; generator+sink on cpu %d, worker on cpu %d (figures per worker core)%n",
                cpu, Runtime.getRuntime().availableProcessors(), o.generatorCpu(), o.workerCpu());
        System.out.printf("load average before: %s; after: %s%n", loadBefore, loadAfter);
        System.out.printf("64-byte frames; warm-up %d ms, measured %d ms per run; latency: %d frames one at a time%n%n",
                o.warmupMs(), o.measureMs(), o.latencySamples());
        double barePerCpu = bareMeanPerCpu(results);
        String header = String.format("%-26s %9s %7s %6s %5s %8s %7s %7s %7s %8s %8s  %s", "run", "flows", "Mpps", "x bare",
                "cpu%", "Mpps/cpu", "x bare", "rx fill", "p50 ns", "p99 ns", "+p50 ns", "accounting");
        System.out.println(header);
        System.out.println("-".repeat(header.length() + 20));
        boolean clean = true;
        StringBuilder csv = new StringBuilder("date,cpu,load_before,load_after,run,method,traffic,flows,mpps,ratio_to_bare,"
                + "worker_cpu_share,mpps_per_worker_cpu,ratio_to_bare_per_cpu,rx_ring_fill,p50_ns,p99_ns,p50_added_ns,p99_added_ns,generated,forwarded,dropped,punted,connections_created,"
                + "wrong_frames,checksums_checked,checksums_bad,reconciled\n");
        String date = ZonedDateTime.now(ZoneOffset.UTC).toString();
        for (Result r : results) {
            Accounting a = r.accounting();
            List<String> mismatches = a.mismatches();
            boolean bare = r.method().equals("-");
            double ratio = r.pps() / barePps;
            String acc = (mismatches.isEmpty() ? "ok" : "MISMATCH") + ": generated " + a.generated + " = forwarded "
                    + a.sinkReceived + " + dropped " + a.droppedTotal() + " (" + a.dropsText() + ") + punted " + a.puntsDrained;
            System.out.printf(Locale.ROOT, "%-26s %9d %7.2f %6.2f %5.0f %8.2f %7.2f %7.0f %7d %8d %8s  %s%n", r.name(), r.flows(),
                    r.pps() / 1e6, ratio, r.cpuShare() * 100, r.ppsPerCpu() / 1e6, r.ppsPerCpu() / barePerCpu, r.rxRingFill(),
                    r.p50(), r.p99(), bare ? "-" : Long.toString(r.p50() - bareP50), acc);
            if (r.traffic().equals("syn")) {
                System.out.printf(Locale.ROOT, "%-26s %,.0f new connections/s (%d created)%n", "", r.pps(), r.connectionsCreated());
            }
            for (String m : mismatches) System.out.println("    NOT RECONCILED: " + m);
            if (r.wrong() > 0) System.out.println("    " + r.wrong() + " frames not as expected; first: " + r.firstWrong());
            if (r.checksumsBad() > 0) System.out.println("    " + r.checksumsBad() + " of " + r.checksumsChecked() + " checked frames had a bad checksum");
            clean &= r.clean();
            csv.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%s,%s,%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.0f,%d,%d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%s%n",
                    date, cpu, loadBefore.split(" ")[0], loadAfter.split(" ")[0], r.name(), r.method(), r.traffic(), r.flows(),
                    r.pps() / 1e6, ratio, r.cpuShare(), r.ppsPerCpu() / 1e6, r.ppsPerCpu() / barePerCpu, r.rxRingFill(), r.p50(), r.p99(), bare ? "" : Long.toString(r.p50() - bareP50),
                    bare ? "" : Long.toString(r.p99() - bareP99), a.generated, a.sinkReceived, a.droppedTotal(),
                    a.puntsDrained, r.connectionsCreated(), r.wrong(), r.checksumsChecked(), r.checksumsBad(), mismatches.isEmpty()));
        }
        System.out.println();
        System.out.println("Mpps: frames the sink received per second (wall clock) over the measured part; x bare: against the mean of");
        System.out.println("  the two bare rx->tx loop runs (the limit of generator, rings and burst calls on this machine).");
        System.out.println("cpu%: the share of its core the worker (or bare loop) thread got (/proc schedstat): the cores are shared.");
        System.out.println("Mpps/cpu: Mpps divided by that share, i.e. per second of the thread's own CPU time; x bare likewise.");
        System.out.println("rx fill: mean frames waiting in the worker's rx ring (of " + (RX_RING_SIZE - 1)
                + "); near full, the worker is the bottleneck, near 0 the generator is.");
        System.out.println("p50/p99: generator enqueue -> sink dequeue, one frame in flight; +p50/+p99: minus the bare loop's (added by the worker).");
        System.out.println("Checksums verified on 1 frame in " + TrafficLoop.CHECKSUM_SAMPLE + " during throughput, on every latency frame.");
        if (o.out() != null) {
            Files.createDirectories(o.out());
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            Path csvFile = o.out().resolve("linerate-" + day + ".csv");
            Files.writeString(csvFile, csv);
            Path png = o.out().resolve("linerate-" + day + ".png");
            List<String> labels = new ArrayList<>();
            double[] mpps = new double[results.size()];
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                labels.add(r.method().equals("-") ? r.name() : r.name() + (r.traffic().equals("syn") ? "" : " " + shortCount(r.flows())));
                mpps[i] = r.pps() / 1e6;
            }
            BarChart.write(png, "jlvs line rate, one worker core (" + cpu + ", load " + loadBefore.split(" ")[0] + ")",
                    "Mpps", labels, mpps, barePps / 1e6);
            System.out.println("wrote " + csvFile + " and " + png);
        }
        System.out.println(clean ? "every packet accounted for" : "FAILED: see above");
        return clean;
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

    static double bareMeanPerCpu(List<Result> results) {
        double sum = 0;
        int n = 0;
        for (Result r : results) if (r.method().equals("-")) { sum += r.ppsPerCpu(); n++; }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double bareMean(List<Result> results) {
        double sum = 0;
        int n = 0;
        for (Result r : results) if (r.method().equals("-")) { sum += r.pps(); n++; }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String shortCount(long n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n >= 1_000 && n % 1_000 == 0 ? n / 1_000 + "K" : Long.toString(n);
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
        long warm = d.warmupMs(), measure = d.measureMs(), synFlows = d.synFlows();
        int samples = d.latencySamples(), gen = d.generatorCpu(), work = d.workerCpu();
        long[] flows = d.flowCounts();
        Path out = d.out();
        boolean bareOnly = false, syn = true;
        int[] methods = ALL_METHODS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--warmup-ms" -> warm = Long.parseLong(args[++i]);
                case "--measure-ms" -> measure = Long.parseLong(args[++i]);
                case "--latency-samples" -> samples = Integer.parseInt(args[++i]);
                case "--syn-flows" -> synFlows = Long.parseLong(args[++i]);
                case "--flows" -> flows = Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                case "--generator-cpu" -> gen = Integer.parseInt(args[++i]);
                case "--worker-cpu" -> work = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--no-files" -> out = null;
                case "--bare-only" -> bareOnly = true;
                case "--methods" -> methods = Arrays.stream(args[++i].split(",")).mapToInt(LineRateHarness::method).toArray();
                case "--no-syn" -> syn = false;
                case "--quick" -> {
                    Options q = Options.quick();
                    warm = q.warmupMs(); measure = q.measureMs(); samples = q.latencySamples();
                    synFlows = q.synFlows(); flows = q.flowCounts();
                }
                default -> {
                    System.err.println("usage: LineRateHarness [--warmup-ms N] [--measure-ms N] [--latency-samples N] [--syn-flows N]"
                            + " [--flows 1000,1000000] [--methods NAT,DR,TUN] [--no-syn] [--generator-cpu C] [--worker-cpu C]"
                            + " [--out DIR | --no-files] [--bare-only] [--quick]");
                    System.exit(2);
                }
            }
        }
        return new Options(warm, measure, samples, synFlows, flows, gen, work, out, bareOnly, methods, syn);
    }
}
