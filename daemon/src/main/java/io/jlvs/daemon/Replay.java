package io.jlvs.daemon;

import io.jlvs.bindings.pcap.PcapFile;
import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.fastpath.worker.FlowOwnership;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.slowpath.ConfigServices;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.PortConfig;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;
import org.agrona.concurrent.CachedEpochClock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jlvs replay}: the real workers and slow path over DPDK net_pcap devices fed from a capture.
 *
 * <p>Each config port becomes {@code net_pcapP} with one rx queue per worker (one {@code rx_pcap}
 * file each) and one {@code tx_pcap}. The capture is split before DPDK starts:
 * <ul>
 *   <li>port: a frame arrives on the port whose subnet holds its source address, else on the first
 *       external/one-arm port (clients come from anywhere);</li>
 *   <li>queue: as a device that spreads flows badly would: a frame to a virtual service (a
 *       request) goes to the queue of the worker <em>after</em> the flow's owner, any other TCP/UDP
 *       frame (a reply from a real server) to the owner's queue, ARP and ICMP to queue 0. With two
 *       or more workers every request arrives on a worker that does not own it and is handed to the
 *       owner through its ring, so requests and replies of one connection always arrive on different
 *       workers and each worker both hands frames off and takes them in.</li>
 * </ul>
 * One thread steps everything in capture order, so the result is reproducible: for each frame, the
 * worker of its queue takes exactly that frame (rx_burst of 1 on that port), then every worker and
 * the slow path run until nothing moves (hand-offs processed by their owners, punts answered,
 * returned frames sent). The clock is the capture's timestamps. Because one thread runs all
 * workers, they share tx queue 0 of each port: its tx_pcap file is the port's output, and the
 * ports' outputs are merged by the time the driver stamped them into OUT.
 */
public final class Replay {

    /** Rounds of settling after a frame before giving up (nothing normally takes more than 3). */
    private static final int SETTLE_ROUNDS = 64;

    private final JlvsConfig config;
    private final Path in;
    private final Path out;
    private final List<Operation> rules;
    private final Map<Integer, Long> statics;
    private final int workerCount;
    private final PrintStream report;

    public Replay(JlvsConfig config, Path in, Path out, List<Operation> rules, Map<Integer, Long> statics, int workers,
                  PrintStream report) {
        if (workers < 1 || workers > 64) throw new IllegalArgumentException("--workers must be 1..64, was " + workers);
        this.config = config;
        this.in = in.toAbsolutePath();
        this.out = out.toAbsolutePath();
        this.rules = rules;
        this.statics = statics;
        this.workerCount = workers;
        this.report = report;
    }

    private record Arrival(int port, int queue, long timestampNanos) {}

    public void run() throws Exception {
        List<PcapFile.Packet> input = PcapFile.read(in);
        RuleSet ruleSet = RuleSnapshots.apply(rules, ConfigServices.timeouts(config.timeouts()), DataPlane.DEST_CAPACITY);
        Set<Long> services = new HashSet<>();
        for (VirtualService vs : ruleSet.services()) {
            if (!vs.key().isFwmark()) services.add(serviceKey(vs.key().protocolNumber(), vs.key().address(), vs.key().port()));
        }
        int portCount = config.ports().size();
        List<List<List<PcapFile.Packet>>> split = new ArrayList<>();
        for (int p = 0; p < portCount; p++) {
            List<List<PcapFile.Packet>> queues = new ArrayList<>();
            for (int q = 0; q < workerCount; q++) queues.add(new ArrayList<>());
            split.add(queues);
        }
        List<Arrival> arrivals = new ArrayList<>();
        for (PcapFile.Packet packet : input) {
            int port = arrivalPort(packet.data());
            int queue = arrivalQueue(packet.data(), services);
            split.get(port).get(queue).add(packet);
            arrivals.add(new Arrival(port, queue, packet.timestampNanos()));
        }

        Path work = Files.createTempDirectory(out.getParent() == null ? Path.of(".") : out.getParent(), ".jlvs-replay-");
        List<String> eal = new ArrayList<>(List.of("-l", String.valueOf(config.cores().control())));
        List<PortConfig> replayPorts = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int p = 0; p < portCount; p++) {
            StringBuilder vdev = new StringBuilder("--vdev=net_pcap" + p);
            for (int q = 0; q < workerCount; q++) {
                Path file = work.resolve("in-port" + p + "-queue" + q + ".pcap");
                PcapFile.write(file, split.get(p).get(q));
                vdev.append(",rx_pcap=").append(file);
            }
            Path output = work.resolve("out-port" + p + ".pcap");
            outputs.add(output);
            vdev.append(",tx_pcap=").append(output);
            eal.add(vdev.toString());
            PortConfig pc = config.ports().get(p);
            replayPorts.add(new PortConfig(pc.name(), "net_pcap" + p, pc.role(), pc.addresses(), pc.mtu(), pc.mac(), pc.gateway()));
        }
        JlvsConfig replayConfig = new JlvsConfig(eal, replayPorts, config.cores(), config.idle(), config.tables(),
                config.timeouts(), config.journalDir(), config.controlSocket(), config.neighbours(), List.of(), null, List.of(), null,
                config.synDefence(), null);

        CachedEpochClock clock = new CachedEpochClock();
        List<String> counters;
        int missing = 0;
        try (DpdkRuntime dpdk = DpdkRuntime.start(eal)) {
            DataPlane plane = new DataPlane(replayConfig, dpdk, workerCount, true, statics, clock);
            try {
                plane.startRules(RuleSnapshots.fixed(ruleSet));
                for (Worker w : plane.workers) w.rxBurst(1);
                for (Arrival a : arrivals) {
                    clock.update(a.timestampNanos() / 1_000_000);
                    Worker w = plane.workers[a.queue()];
                    w.beginRound();
                    if (w.receive(a.port(), 1) != 1) missing++;
                    w.endRound();
                    settle(plane);
                }
                settle(plane);
                counters = plane.counterLines();
            } finally {
                plane.close();
            }
        } // ports stop here: the pcap driver flushes its output files
        merge(outputs, out);
        for (Path p : outputs) Files.deleteIfExists(p);
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(work);

        report.printf("jlvs replay: %d frames from %s on %d port(s), %d worker(s); %d frames written to %s%n",
                input.size(), in, portCount, workerCount, PcapFile.read(out).size(), out);
        if (missing > 0) report.printf("jlvs replay: WARNING: %d frames were not delivered by the device%n", missing);
        counters.forEach(line -> report.println("  " + line));
    }

    /** Runs every worker's ring work and the slow path until a round moves nothing. */
    private static void settle(DataPlane plane) {
        for (int round = 0; round < SETTLE_ROUNDS; round++) {
            int work = 0;
            for (Worker w : plane.workers) {
                work += w.beginRound();
                w.endRound();
            }
            work += plane.slowPath.doWork();
            if (work == 0) return;
        }
    }

    private int arrivalPort(byte[] frame) {
        int source = sourceAddress(frame);
        if (source != 0) {
            for (int p = 0; p < config.ports().size(); p++) {
                for (Ipv4Prefix a : config.ports().get(p).addresses()) {
                    if (a.contains(new io.jlvs.slowpath.config.Ipv4Address(source))) return p;
                }
            }
        }
        for (int p = 0; p < config.ports().size(); p++) {
            if (config.ports().get(p).role() != PortConfig.Role.INTERNAL) return p;
        }
        return 0;
    }

    /** The IPv4 source of an IPv4 frame, or the sender of an ARP frame; 0 otherwise. */
    private static int sourceAddress(byte[] f) {
        if (f.length < 34) return 0;
        ByteBuffer b = ByteBuffer.wrap(f);
        int type = b.getShort(12) & 0xffff;
        if (type == 0x0800) return b.getInt(26);
        if (type == 0x0806 && f.length >= 42) return b.getInt(28);
        return 0;
    }

    private int arrivalQueue(byte[] f, Set<Long> services) {
        if (f.length < 38) return 0;
        ByteBuffer b = ByteBuffer.wrap(f);
        if ((b.getShort(12) & 0xffff) != 0x0800) return 0;
        int ihl = (f[14] & 0x0f) * 4;
        int protocol = f[23] & 0xff;
        if ((protocol != 6 && protocol != 17) || 14 + ihl + 4 > f.length) return 0;
        int src = b.getInt(26);
        int dst = b.getInt(30);
        int srcPort = b.getShort(14 + ihl) & 0xffff;
        int dstPort = b.getShort(14 + ihl + 2) & 0xffff;
        if (services.contains(serviceKey(protocol, dst, dstPort))) {
            return (FlowOwnership.ownerOf(src, srcPort, workerCount) + 1) % workerCount;
        }
        return FlowOwnership.ownerOf(dst, dstPort, workerCount);
    }

    private static long serviceKey(int protocol, int address, int port) {
        return (long) protocol << 48 | (long) port << 32 | (address & 0xffffffffL);
    }

    /** Writes the ports' outputs as one capture, ordered by the driver's timestamps (stable: port order on ties). */
    static void merge(List<Path> outputs, Path out) throws IOException {
        if (outputs.size() == 1) {
            Files.copy(outputs.getFirst(), out, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        List<PcapFile.Packet> all = new ArrayList<>();
        for (Path p : outputs) all.addAll(PcapFile.read(p));
        all.sort(Comparator.comparingLong(PcapFile.Packet::timestampNanos));
        PcapFile.write(out, all);
    }
}
