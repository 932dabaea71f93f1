package io.jlvs.slowpath.failover;

import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.slowpath.sync.SyncCounters;
import io.jlvs.slowpath.sync.SyncDaemon;
import io.jlvs.slowpath.sync.SyncFrames;
import io.jlvs.slowpath.vrrp.VrrpCheck;
import io.jlvs.slowpath.vrrp.VrrpFrames;
import io.jlvs.slowpath.vrrp.VrrpInstance;
import io.jlvs.slowpath.vrrp.VrrpState;
import io.jlvs.slowpath.vrrp.VrrpRouter;
import io.jlvs.slowpath.vrrp.VrrpSettings;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The director's half of a failover pair, on the slow path's thread: the VRRP instances of the
 * config ({@link VrrpRouter}) and the connection sync daemons ({@code jlvsadm --start-daemon
 * master|backup}, {@link SyncDaemon}), fed with the link-local multicast frames the workers punt
 * and sending through {@link Wire} (the daemon's return rings to the workers, which own the tx
 * queues).
 *
 * <p>What the rest of the director reads from here: {@link #answersArp} for the ARP code (a
 * virtual address is answered only by its master), {@link #standbyPort} for the rule snapshot
 * (a port with an instance that is not master forwards nothing; the daemon republishes the
 * snapshot when {@link #version()} changes), {@link #status()} and {@link #daemonLines()} for
 * jlvsadm. Both sync daemons may run at once, as in IPVS: on a pair, each director runs a master
 * (it sends what its workers change, which is nothing while it is backup) and a backup (it takes
 * in what the other sends).
 */
public final class Failover {

    /** IPVS's default sync group and port (IP_VS_SYNC_GROUP, IP_VS_SYNC_PORT). */
    public static final int SYNC_GROUP = 0xE0000051; // 224.0.0.81
    public static final int SYNC_PORT = 8848;
    /** The kernel's master sends with mcast_ttl 1. */
    public static final int SYNC_TTL = 1;
    private static final int IP_UDP_HEADERS = 28;

    /** Sends a complete Ethernet frame out of a port (by index); false when it could not be queued. */
    @FunctionalInterface
    public interface Wire {
        boolean transmit(int port, byte[] frame);
    }

    /** A port as failover sees it: its index, name, MAC, first address (the adverts' source) and MTU. */
    public record PortRef(int index, String name, long mac, int address, int mtu) {}

    /** A configured VRRP instance on the named port. */
    public record Instance(VrrpSettings settings, String port) {}

    /** A running sync daemon, for {@code -L --daemon}. */
    public record Daemon(SyncDaemon.Mode mode, PortRef port, int syncId, SyncDaemon daemon) {}

    /**
     * One VRRP instance as the metrics show it, copied by the slow path's thread (at most 100 ms old).
     *
     * @param advertsReceived adverts from another router accepted for this instance
     */
    public record InstanceMetrics(String name, int vrid, String port, VrrpState state, int priority, long advertsSent,
                                  long advertsReceived, long transitions, long addressListMismatches) {}

    /** What became of a punted frame. */
    public enum Received { VRRP, SYNC, SYNC_NOT_RUNNING, OWN_SYNC, VRRP_NO_INSTANCE, OTHER }

    public static final int SENT = 0;
    public static final int SEND_FAILED = 1;
    public static final int SYNC_FRAMES_IGNORED = 2;
    private static final String[] COUNTER_NAMES = {"frames sent", "frames not sent (return ring full)",
        "sync frames ignored (no backup daemon on the port, or our own)"};

    private final Map<String, PortRef> portsByName = new LinkedHashMap<>();
    private final Map<Integer, PortRef> portsByIndex = new LinkedHashMap<>();
    private final Map<Integer, VrrpRouter.Port> vrrpPorts = new LinkedHashMap<>();
    private final VrrpRouter router;
    private final Wire wire;
    private final List<SyncRecordRing> exports;
    private final List<SyncRecordRing> imports;
    private final Consumer<VrrpRouter.Transition> onTransition;
    private final AtomicLongArray counters = new AtomicLongArray(COUNTER_NAMES.length);
    private final SyncCounters syncCounters = new SyncCounters();
    /** Ports with an instance that is not MASTER: written by the slow path, read by the snapshot builder. */
    private volatile boolean[] standby;
    private volatile long version;
    private volatile List<String> status = List.of();
    private volatile List<InstanceMetrics> instanceMetrics = List.of();
    private final Map<VrrpInstance, String> portOfInstance = new java.util.IdentityHashMap<>();
    private volatile Daemon master;
    private volatile Daemon backup;
    private long lastStatus = Long.MIN_VALUE;
    private int ipId;

    /**
     * @param exports      the workers' export rings (what a master daemon sends), by worker
     * @param imports      the workers' import rings (what a backup daemon received), by worker
     * @param onTransition every VRRP state change (the daemon journals it), on the slow path's thread
     */
    public Failover(List<PortRef> ports, List<Instance> instances, Wire wire, List<SyncRecordRing> exports,
                    List<SyncRecordRing> imports, Consumer<VrrpRouter.Transition> onTransition) {
        this.wire = Objects.requireNonNull(wire);
        this.exports = List.copyOf(exports);
        this.imports = List.copyOf(imports);
        this.onTransition = Objects.requireNonNull(onTransition);
        int maxIndex = 0;
        for (PortRef p : ports) {
            portsByName.put(p.name(), p);
            portsByIndex.put(p.index(), p);
            maxIndex = Math.max(maxIndex, p.index());
        }
        router = new VrrpRouter(this::transition);
        for (Instance i : instances) {
            PortRef p = portsByName.get(i.port());
            if (p == null) throw new IllegalArgumentException("vrrp " + i.settings().name() + ": no port named " + i.port());
            portOfInstance.put(router.add(i.settings(), vrrpPorts.computeIfAbsent(p.index(), x -> new FramePort(p))), p.name());
        }
        boolean[] s = new boolean[maxIndex + 1];
        for (int index : vrrpPorts.keySet()) s[index] = true; // INIT: not master yet
        standby = s;
    }

    /** Whether any VRRP instance is configured (without one, every port forwards as before). */
    public boolean hasInstances() { return !vrrpPorts.isEmpty(); }

    public void start(long now) {
        router.start(now);
        refresh(now);
    }

    /** Masters send priority 0, so a backup takes over after its skew time instead of the whole interval. */
    public void shutdown(long now) {
        router.shutdown(now);
        refresh(now);
    }

    /** Timers, the master daemon's export rings, status. Returns the work done. */
    public int poll(long now) {
        int work = router.poll(now);
        Daemon m = master;
        if (m != null) {
            work += m.daemon().doWork(now);
        } else {
            // Nobody sends: the records are dropped here so that the workers' rings do not stay full.
            for (SyncRecordRing ring : exports) {
                while (ring.peek() >= 0) {
                    ring.release();
                    work++;
                }
            }
        }
        if (now - lastStatus >= 100) refresh(now);
        return work;
    }

    /**
     * A frame the workers punted as link-local multicast, arrived on port {@code portIndex}:
     * a VRRP advert for the router, or a sync message for the backup daemon on that port.
     */
    public Received receive(int portIndex, MemorySegment b, long frame, int length, long now) {
        if (length < Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH || Ethernet.etherType(b, frame) != Ethernet.TYPE_IPV4) {
            return Received.OTHER;
        }
        long ip = frame + Ethernet.HEADER_LENGTH;
        int protocol = Ipv4.protocol(b, ip);
        if (protocol == VrrpFrames.PROTOCOL_VRRP) {
            VrrpRouter.Port port = vrrpPorts.get(portIndex);
            if (port == null) return Received.VRRP_NO_INSTANCE;
            VrrpCheck check = router.receive(port, b, frame, length, now);
            if (check == VrrpCheck.OK) refresh(now);
            return Received.VRRP;
        }
        if (protocol != Ipv4.PROTOCOL_UDP) return Received.OTHER;
        Daemon d = backup;
        byte[] payload = SyncFrames.payload(b, frame, length, SYNC_PORT);
        if (payload == null) return Received.OTHER;
        if (d == null || d.port().index() != portIndex) {
            counters.incrementAndGet(SYNC_FRAMES_IGNORED);
            return Received.SYNC_NOT_RUNNING;
        }
        int source = NetBytes.u32(b, ip + Ipv4.SRC_ADDR_OFFSET);
        if (isOwnAddress(source)) {
            counters.incrementAndGet(SYNC_FRAMES_IGNORED);
            return Received.OWN_SYNC;
        }
        d.daemon().receive(payload, payload.length);
        return Received.SYNC;
    }

    /**
     * Whether this director answers ARP for {@code address} on port {@code portIndex}: a VRRP
     * address only while its instance is master; any other address: null (the usual rules decide).
     */
    public Boolean answersArp(int address) {
        if (!router.manages(address)) return null;
        return router.isMaster(address);
    }

    /** Whether port {@code index} has an instance that is not master (it then forwards nothing). */
    public boolean standbyPort(int index) {
        boolean[] s = standby;
        return index >= 0 && index < s.length && s[index];
    }

    /** Changes whenever a port's standby flag may have changed (after every transition). */
    public long version() { return version; }

    /** One line per instance, keepalived's words (any thread). */
    public List<String> status() { return status; }

    // --- sync daemons: ipvsadm --start-daemon / --stop-daemon / -L --daemon (admin threads)

    /** Starts a sync daemon; returns null or the reason it cannot start. */
    public synchronized String startDaemon(SyncDaemon.Mode mode, String portName, int syncId) {
        PortRef p = portsByName.get(portName);
        if (p == null) return "no port named \"" + portName + "\" (ports: " + String.join(", ", portsByName.keySet()) + ")";
        if (syncId < 0 || syncId > 255) return "syncid must be 0..255, was " + syncId;
        if ((mode == SyncDaemon.Mode.MASTER ? master : backup) != null) {
            return mode.name().toLowerCase() + " sync daemon is already running";
        }
        if (mode == SyncDaemon.Mode.MASTER) {
            SyncDaemon d = new SyncDaemon(mode, syncId, p.mtu() - IP_UDP_HEADERS, exports, message -> sendSync(p, message), syncCounters);
            master = new Daemon(mode, p, syncId, d);
        } else {
            backup = new Daemon(mode, p, syncId, new SyncDaemon(mode, syncId, p.mtu() - IP_UDP_HEADERS, imports, null, syncCounters));
        }
        return null;
    }

    /** Stops the daemon of {@code mode}, or both when null; returns null or why nothing stopped. */
    public synchronized String stopDaemon(SyncDaemon.Mode mode) {
        boolean stopped = false;
        if (mode != SyncDaemon.Mode.BACKUP && master != null) {
            master = null;
            stopped = true;
        }
        if (mode != SyncDaemon.Mode.MASTER && backup != null) {
            backup = null;
            stopped = true;
        }
        return stopped ? null : "no " + (mode == null ? "" : mode.name().toLowerCase() + " ") + "sync daemon is running";
    }

    /** ipvsadm's {@code -L --daemon} lines: "master sync daemon (mcast=PORT, syncid=N)", then the backup's. */
    public List<String> daemonLines() {
        List<String> lines = new ArrayList<>();
        for (Daemon d : new Daemon[] {master, backup}) {
            if (d != null) {
                lines.add(d.mode().name().toLowerCase() + " sync daemon (mcast=" + d.port().name() + ", syncid=" + d.syncId() + ")");
            }
        }
        return lines;
    }

    public SyncCounters syncCounters() { return syncCounters; }

    /** Non-zero counters: the VRRP checks, the sync daemon's, frames sent; "name value" each. */
    public Map<String, Long> counterValues() {
        Map<String, Long> m = new LinkedHashMap<>();
        router.checks().forEach((check, n) -> m.put("vrrp " + check.text(), n));
        syncCounters.nonZero().forEach((name, n) -> m.put("sync " + name, n));
        for (int c = 0; c < COUNTER_NAMES.length; c++) if (counters.get(c) != 0) m.put("failover " + COUNTER_NAMES[c], counters.get(c));
        return m;
    }

    private void transition(VrrpRouter.Transition t) {
        recomputeStandby();
        version++;
        onTransition.accept(t);
    }

    private void recomputeStandby() {
        boolean[] s = new boolean[standby.length];
        // A port stands by while any of its instances is not master.
        for (var e : vrrpPorts.entrySet()) s[e.getKey()] = !router.allMasterOn(e.getValue());
        standby = s;
    }

    private void refresh(long now) {
        lastStatus = now;
        status = List.copyOf(router.status());
        List<InstanceMetrics> m = new ArrayList<>();
        for (VrrpInstance i : router.instances()) {
            m.add(new InstanceMetrics(i.settings().name(), i.settings().vrid(), portOfInstance.get(i), i.state(),
                i.settings().priority(), i.advertsSent(), i.advertsAccepted(), i.transitions(), i.addressListMismatches()));
        }
        instanceMetrics = List.copyOf(m);
    }

    /** The instances' state and counters for the metrics (any thread; copied by the slow path every 100 ms). */
    public List<InstanceMetrics> instanceMetrics() { return instanceMetrics; }

    /** Frames received per {@link VrrpCheck} (well-formed, foreign, damaged ...); any thread. */
    public Map<VrrpCheck, Long> vrrpChecks() { return router.checks(); }

    /** Which sync daemons run: master, backup (any thread). */
    public boolean daemonRunning(SyncDaemon.Mode mode) { return (mode == SyncDaemon.Mode.MASTER ? master : backup) != null; }

    /** Records each worker's export ring refused because it was full (the master's workers), by worker. */
    public List<Long> exportRingFull() { return exports.stream().map(SyncRecordRing::refused).toList(); }

    /** Failover's own frame counters: sent, not sent, sync frames ignored (any thread). */
    public long frameCounter(int counter) { return counters.get(counter); }

    private boolean isOwnAddress(int address) {
        for (PortRef p : portsByIndex.values()) if (p.address() == address) return true;
        return false;
    }

    private boolean sendSync(PortRef p, byte[] message) {
        byte[] frame = new byte[SyncFrames.HEADERS + message.length];
        SyncFrames.write(MemorySegment.ofArray(frame), 0, p.mac(), SyncFrames.multicastMac(SYNC_GROUP), p.address(), SYNC_GROUP,
            SYNC_TTL, ipId++, SYNC_PORT, message);
        return send(p.index(), frame);
    }

    private boolean send(int port, byte[] frame) {
        boolean ok = wire.transmit(port, frame);
        counters.incrementAndGet(ok ? SENT : SEND_FAILED);
        return ok;
    }

    /** A VRRP instance's port: adverts and gratuitous ARPs out through the wire. */
    private final class FramePort implements VrrpRouter.Port {
        private final PortRef port;

        FramePort(PortRef port) { this.port = port; }

        @Override public long mac() { return port.mac(); }

        @Override public int address() { return port.address(); }

        @Override public void transmit(byte[] frame) { send(port.index(), frame); }
    }
}
