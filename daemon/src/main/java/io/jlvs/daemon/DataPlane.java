package io.jlvs.daemon;

import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketCounters;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.fastpath.worker.WorkerCounters;
import io.jlvs.ring.RingMesh;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.PortConfig;
import io.jlvs.slowpath.neighbour.NeighbourCache;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.snapshot.ServiceTableBuilder;
import io.jlvs.slowpath.snapshot.SnapshotPublisher;
import org.agrona.concurrent.EpochClock;

import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.slowpath.config.VrrpConfig;
import io.jlvs.slowpath.failover.Failover;
import io.jlvs.slowpath.vrrp.VrrpRouter;
import io.jlvs.slowpath.vrrp.VrrpSettings;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything between the devices and the rule set, built from the config on a started DPDK
 * runtime: the packet pool, the ports (one rx queue per worker; one tx queue per worker, or one
 * shared when a single thread steps every worker, as the replay tool does), the forwarding state
 * with its rule and neighbour snapshots, the rings between workers and to the slow path, a
 * connection table and processor per worker, the workers and the slow-path agent. Threads are the
 * caller's business ({@link JlvsDaemon} runs them; {@link Replay} steps them).
 */
public final class DataPlane implements AutoCloseable {

    /** Packets in the pool: rx rings of every queue, tx rings, the rings between cores, and slack. */
    static final int POOL_MBUFS = 16383;
    static final int RX_DESCRIPTORS = 512;
    static final int TX_DESCRIPTORS = 512;
    static final int RING_BETWEEN_WORKERS = 1024;
    static final int RING_SLOW_PATH = 1024;
    /** Destination ids the rule set may hand out (the DestinationLoad's arrays). */
    static final int DEST_CAPACITY = 4096;

    final JlvsConfig config;
    final PacketPool pool;
    final EthPort[] ports;
    /** Each port's exception device (by port index), null where it has none. */
    final EthPort[] exceptions;
    final List<PortInfo> portInfos;
    final DestinationLoad load;
    final ForwardingState state;
    final SnapshotPublisher publisher;
    final NeighbourCache neighbours;
    final RingMesh mesh;
    final ConnectionTable[] connections;
    final Worker[] workers;
    final SlowPathAgent slowPath;
    /** The workers' clock (ms). */
    final EpochClock clock;

    /**
     * @param workerCount  how many workers (the config's worker cores, or --workers for replay)
     * @param sharedTxQueue every worker transmits on queue 0: only when one thread runs them all
     * @param statics      static neighbours (config and --neigh), address -> MAC
     */
    public DataPlane(JlvsConfig config, DpdkRuntime dpdk, int workerCount, boolean sharedTxQueue,
                     Map<Integer, Long> statics, EpochClock clock) {
        this.config = config;
        pool = dpdk.createPacketPool("jlvs", POOL_MBUFS);
        List<PortConfig> portConfigs = config.ports();
        ports = new EthPort[portConfigs.size()];
        long[] macs = new long[ports.length];
        portInfos = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            PortConfig pc = portConfigs.get(i);
            EthPort port = dpdk.port(pc.device());
            port.configure(workerCount, sharedTxQueue ? 1 : workerCount, RX_DESCRIPTORS, TX_DESCRIPTORS, pool);
            port.start();
            try {
                port.promiscuous();
            } catch (RuntimeException notSupported) {
                // virtual devices without the notion: they pass every frame anyway
            }
            ports[i] = port;
            macs[i] = pc.mac() != null ? pc.mac().bits() : macBits(port.macAddress());
            List<PortInfo.Address> addresses = new ArrayList<>();
            for (Ipv4Prefix a : pc.addresses()) addresses.add(new PortInfo.Address(a.address().bits(), a.length()));
            portInfos.add(new PortInfo(pc.name(), i, port.id(), macs[i], addresses, pc.role() != PortConfig.Role.INTERNAL));
        }
        exceptions = new EthPort[ports.length];
        for (int i = 0; i < ports.length; i++) {
            String device = portConfigs.get(i).exception();
            if (device != null) exceptions[i] = openException(dpdk, portConfigs.get(i), device, macs[i]);
        }
        load = new DestinationLoad(workerCount, DEST_CAPACITY);
        ServiceTableBuilder builder = new ServiceTableBuilder(portConfigs, i -> macs[i], load);
        this.clock = clock;
        state = new ForwardingState(builder.build(RuleSet.EMPTY, null), NeighbourTable.EMPTY);
        state.publish(config.synDefence().settings());
        publisher = new SnapshotPublisher(builder, state, load);
        Map<Integer, Long> allStatics = new HashMap<>();
        config.neighbours().forEach((ip, mac) -> allStatics.put(ip.bits(), mac.bits()));
        allStatics.putAll(statics);
        neighbours = new NeighbourCache(state, allStatics, NeighbourCache.Timing.DEFAULT);
        mesh = new RingMesh(workerCount, RING_BETWEEN_WORKERS, RING_SLOW_PATH);
        ConnectionTimeouts timeouts = ConnectionTimeouts.ipvsDefaults()
                .withSet(config.timeouts().tcp(), config.timeouts().tcpfin(), config.timeouts().udp());
        connections = new ConnectionTable[workerCount];
        workers = new Worker[workerCount];
        for (int w = 0; w < workerCount; w++) {
            connections[w] = new ConnectionTable(config.tables().connectionsPerWorker(), w, load, timeouts);
            PacketProcessor processor = new PacketProcessor(w, connections[w], state);
            workers[w] = new Worker(w, processor, ports, w, sharedTxQueue ? 0 : w, mesh, clock);
        }
        slowPath = new SlowPathAgent(state, mesh, neighbours, portInfos, pool, clock);
        slowPath.useExceptions(exceptions);
        // Failover: sync rings per worker (bounded: a full ring costs a counted record, never a wait)
        // and the VRRP instances of the config, fed by the slow path's link-local multicast punts.
        List<SyncRecordRing> exports = new ArrayList<>(), imports = new ArrayList<>();
        io.jlvs.slowpath.config.SyncConfig sc = config.sync();
        io.jlvs.fastpath.conn.SyncPacing pacing = new io.jlvs.fastpath.conn.SyncPacing(sc.threshold(), sc.period(),
                sc.refreshPeriod() * 1000, sc.retries());
        for (int w = 0; w < workerCount; w++) {
            exports.add(new SyncRecordRing(SYNC_RING));
            exports.get(w).setPacing(pacing);
            imports.add(new SyncRecordRing(SYNC_RING));
            workers[w].useSync(exports.get(w), imports.get(w));
        }
        syncRings = List.copyOf(concat(exports, imports));
        List<Failover.PortRef> refs = new ArrayList<>();
        for (PortInfo p : portInfos) {
            refs.add(new Failover.PortRef(p.index(), p.name(), p.mac(), p.addresses().getFirst().address(),
                    portConfigs.get(p.index()).mtu()));
        }
        List<Failover.Instance> instances = new ArrayList<>();
        for (VrrpConfig v : config.vrrp()) {
            List<Integer> addresses = v.addresses().stream().map(a -> a.bits()).toList();
            instances.add(new Failover.Instance(new VrrpSettings(v.name(), v.vrid(), v.priority(), v.intervalCentis(),
                    v.preempts(), addresses, v.garpMasterRepeat(), Math.round(v.garpMasterDelay() * 1000),
                    Math.round(v.garpMasterRefresh() * 1000)), v.port()));
        }
        failover = new Failover(refs, instances, slowPath::transmit, exports, imports, t -> {
            Consumer<VrrpRouter.Transition> sink = transitions;
            if (sink != null) sink.accept(t);
        });
        slowPath.useFailover(failover);
    }

    /**
     * The port's exception device (net_tap): one queue pair, which only the slow-path thread uses. Its
     * kernel interface must carry the port's MAC, so that what the kernel sends (ARP replies, BGP)
     * leaves by the port unchanged and what neighbours send to the port's MAC reaches the kernel.
     */
    private EthPort openException(DpdkRuntime dpdk, PortConfig pc, String device, long portMac) {
        EthPort tap = dpdk.port(device);
        long tapMac = macBits(tap.macAddress());
        if (tapMac != portMac) {
            throw new IllegalArgumentException("port " + pc.name() + ": exception device " + device + " has MAC "
                    + tap.mac() + ", the port " + JlvsDaemon.macText(portMac) + ": give its --vdev mac="
                    + JlvsDaemon.macText(portMac));
        }
        tap.configure(1, 1, RX_DESCRIPTORS, TX_DESCRIPTORS, pool);
        tap.start();
        return tap;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Records per sync ring and direction (32 bytes each). */
    static final int SYNC_RING = 8192;
    final Failover failover;
    private final List<SyncRecordRing> syncRings;
    /** Where VRRP transitions go (the daemon logs and journals them); set before the threads start. */
    volatile Consumer<VrrpRouter.Transition> transitions;

    /** Starts the rule source: its first rule set is published before this returns. */
    public void startRules(RuleSnapshots rules) throws Exception {
        rules.start(publisher);
    }

    /** Every worker's --stats counters, summed on read. */
    public io.jlvs.fastpath.stats.TrafficTotals trafficTotals() {
        List<io.jlvs.fastpath.stats.TrafficStats> cores = new ArrayList<>();
        for (Worker w : workers) cores.add(w.processor().trafficStats());
        return new io.jlvs.fastpath.stats.TrafficTotals(cores);
    }

    static long macBits(byte[] mac) {
        long bits = 0;
        for (byte b : mac) bits = bits << 8 | (b & 0xff);
        return bits;
    }

    /** Counters summed over the workers, plus the slow path's, as "name value" lines (cold path). */
    public List<String> counterLines() {
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < io.jlvs.fastpath.PacketCounters.TOTALS; t++) {
            long sum = 0;
            for (Worker w : workers) sum += w.processor().counters().get(t);
            lines.add(io.jlvs.fastpath.PacketCounters.totalName(t) + " " + sum);
        }
        for (int r = 0; r < io.jlvs.fastpath.DropReason.COUNT; r++) {
            long sum = 0;
            for (Worker w : workers) sum += w.processor().counters().drops(r);
            if (sum != 0) lines.add("drop " + io.jlvs.fastpath.DropReason.name(r) + " " + sum);
        }
        for (int r = 0; r < io.jlvs.fastpath.PuntReason.COUNT; r++) {
            long sum = 0;
            for (Worker w : workers) sum += w.processor().counters().punts(r);
            if (sum != 0) lines.add("punt " + io.jlvs.fastpath.PuntReason.name(r) + " " + sum);
        }
        for (Worker w : workers) {
            StringBuilder b = new StringBuilder("worker " + w.index() + ":");
            PacketCounters pc = w.processor().counters();
            b.append(" processed ").append(pc.get(PacketCounters.RECEIVED));
            for (int c = 0; c < WorkerCounters.COUNT; c++) {
                b.append(", ").append(WorkerCounters.name(c)).append(' ').append(w.counters().get(c));
            }
            lines.add(b.toString());
        }
        slowPath.counterValues().forEach((name, value) -> lines.add("slow path " + name + " " + value));
        return lines;
    }

    @Override
    public void close() {
        for (Worker w : workers) w.drainAndFreeInbound();
        slowPath.drainAndFree();
        for (Worker w : workers) w.close();
        for (ConnectionTable c : connections) c.close();
        syncRings.forEach(SyncRecordRing::close);
    }
}
