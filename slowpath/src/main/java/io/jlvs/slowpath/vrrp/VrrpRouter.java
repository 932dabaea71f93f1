package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.slowpath.neighbour.ArpFrames;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The director's virtual routers on the slow path's thread: received VRRP frames are checked
 * ({@link VrrpFrames#read}) and handed to the instance of their port and virtual router id,
 * timers run in {@link #poll}, and what the instances send leaves through the {@link Port} they
 * belong to (adverts to 224.0.0.18, gratuitous ARPs "who has VIP? tell VIP" to broadcast, as
 * keepalived sends them). {@link #isMaster(int)} tells the ARP and forwarding code which virtual
 * addresses this director holds now.
 */
public final class VrrpRouter {

    private static final System.Logger LOG = System.getLogger("jlvs.vrrp");

    /** Where one instance's frames leave (a DPDK port reached through a worker's return ring). */
    public interface Port {
        long mac();

        int address();

        void transmit(byte[] frame);
    }

    /** A state change, for the journal and the status view. */
    public record Transition(long time, String instance, int vrid, VrrpState from, VrrpState to, String why) {
        public String describe() {
            return "VRRP_Instance(" + instance + ") vrid " + vrid + ": " + from + " -> " + to + " (" + why + ")";
        }
    }

    private record Bound(VrrpInstance instance, Port port) {}

    private final List<Bound> instances = new ArrayList<>();
    private final AtomicLongArray checks = new AtomicLongArray(VrrpCheck.values().length);
    private final java.util.function.Consumer<Transition> onTransition;
    private final VrrpFrames.Received received = new VrrpFrames.Received();
    private long now;
    private int ipId;

    public VrrpRouter(java.util.function.Consumer<Transition> onTransition) {
        this.onTransition = onTransition;
    }

    /** Adds an instance on {@code port}; call {@link #start} after adding all. */
    public VrrpInstance add(VrrpSettings settings, Port port) {
        for (Bound b : instances) {
            if (b.port == port && b.instance.settings().vrid() == settings.vrid()) {
                throw new IllegalArgumentException("vrrp " + settings.name() + ": vrid " + settings.vrid()
                    + " already used on this port by " + b.instance.settings().name());
            }
        }
        VrrpInstance i = new VrrpInstance(settings, port.address(), new Actions(port));
        instances.add(new Bound(i, port));
        return i;
    }

    public void start(long time) {
        now = time;
        for (Bound b : instances) b.instance.start(time);
    }

    /** Sends priority 0 from every master, so backups take over after their skew time. */
    public void shutdown(long time) {
        now = time;
        for (Bound b : instances) b.instance.shutdown(time);
    }

    public int poll(long time) {
        now = time;
        int work = 0;
        for (Bound b : instances) work += b.instance.poll(time);
        return work;
    }

    /** A frame punted from {@code port} that may be a VRRP advert. */
    public VrrpCheck receive(Port port, MemorySegment b, long frame, int length, long time) {
        now = time;
        VrrpCheck check = VrrpFrames.read(b, frame, length, received);
        if (check == VrrpCheck.OK) {
            check = VrrpCheck.OTHER_VRID;
            for (Bound bound : instances) {
                if (bound.port != port || bound.instance.settings().vrid() != received.advert.vrid()) continue;
                if (received.source == port.address()) {
                    check = VrrpCheck.OWN;
                } else {
                    bound.instance.onAdvert(received.advert, received.source, time);
                    check = VrrpCheck.OK;
                }
            }
        }
        checks.incrementAndGet(check.ordinal());
        return check;
    }

    /** Whether a master instance of this director holds {@code address}. */
    public boolean isMaster(int address) {
        for (Bound b : instances) {
            if (b.instance.state() == VrrpState.MASTER && b.instance.settings().addresses().contains(address)) return true;
        }
        return false;
    }

    /** Whether some instance (in any state) manages {@code address}: then only its master answers for it. */
    public boolean manages(int address) {
        for (Bound b : instances) if (b.instance.settings().addresses().contains(address)) return true;
        return false;
    }

    /** Whether every instance on {@code port} is master (false when the port has none). */
    public boolean allMasterOn(Port port) {
        boolean any = false;
        for (Bound b : instances) {
            if (b.port != port) continue;
            if (b.instance.state() != VrrpState.MASTER) return false;
            any = true;
        }
        return any;
    }

    public List<VrrpInstance> instances() { return instances.stream().map(Bound::instance).toList(); }

    public Map<VrrpCheck, Long> checks() {
        Map<VrrpCheck, Long> m = new EnumMap<>(VrrpCheck.class);
        for (VrrpCheck c : VrrpCheck.values()) if (checks.get(c.ordinal()) != 0) m.put(c, checks.get(c.ordinal()));
        return m;
    }

    /** One line per instance, keepalived's words: name, state, vrid, priority, master, addresses. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (Bound b : instances) {
            VrrpInstance i = b.instance;
            VrrpSettings s = i.settings();
            lines.add("VRRP_Instance(" + s.name() + ") " + i.state() + " vrid " + s.vrid() + " priority " + s.priority()
                + " master " + (i.masterAddress() == 0 ? "-" : Ipv4Text.format(i.masterAddress()))
                + " addresses " + s.describeAddresses());
        }
        return lines;
    }

    private final class Actions implements VrrpInstance.Actions {
        private final Port port;

        Actions(Port port) { this.port = port; }

        @Override
        public void sendAdvert(VrrpInstance instance, VrrpAdvert advert) {
            byte[] frame = new byte[VrrpFrames.frameLength(advert.addresses().length)];
            VrrpFrames.write(MemorySegment.ofArray(frame), 0, port.mac(), port.address(), ipId++, advert);
            port.transmit(frame);
        }

        @Override
        public void sendGratuitousArps(VrrpInstance instance, int[] addresses, int repeat) {
            for (int r = 0; r < repeat; r++) {
                for (int vip : addresses) {
                    byte[] frame = new byte[ArpFrames.FRAME_LENGTH];
                    ArpFrames.writeRequest(MemorySegment.ofArray(frame), 0, port.mac(), vip, vip);
                    port.transmit(frame);
                }
            }
        }

        @Override
        public void transition(VrrpInstance instance, VrrpState from, VrrpState to, String why) {
            Transition t = new Transition(now, instance.settings().name(), instance.settings().vrid(), from, to, why);
            LOG.log(to == VrrpState.MASTER || from == VrrpState.MASTER ? System.Logger.Level.WARNING
                : System.Logger.Level.INFO, t.describe());
            onTransition.accept(t);
        }
    }
}
