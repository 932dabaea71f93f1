package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.Arp;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.slowpath.neighbour.ArpFrames;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two directors' routers on one wire, stepped by hand: election, takeover, foreign and bad adverts. */
class VrrpRouterTest {

    static final int VIP = Ipv4Text.parse("10.0.0.100");

    /** A port whose frames go to the other router's port, and are kept for the test to look at. */
    static final class Wire implements VrrpRouter.Port {
        final long mac;
        final int address;
        Wire peer;
        VrrpRouter peerRouter;
        boolean cut;
        long time;
        final List<byte[]> sent = new ArrayList<>();

        Wire(long mac, String address) {
            this.mac = mac;
            this.address = Ipv4Text.parse(address);
        }

        @Override public long mac() { return mac; }
        @Override public int address() { return address; }

        @Override
        public void transmit(byte[] frame) {
            sent.add(frame);
            if (!cut && peerRouter != null) peerRouter.receive(peer, MemorySegment.ofArray(frame), 0, frame.length, time);
        }
    }

    final List<VrrpRouter.Transition> events = new ArrayList<>();
    final VrrpRouter a = new VrrpRouter(events::add), b = new VrrpRouter(events::add);
    final Wire wa = new Wire(0x020000000001L, "10.0.0.2"), wb = new Wire(0x020000000002L, "10.0.0.3");

    VrrpRouterTest() {
        wa.peer = wb;
        wa.peerRouter = b;
        wb.peer = wa;
        wb.peerRouter = a;
        a.add(new VrrpSettings("VI_1", 51, 150, 100, true, List.of(VIP), 5, 5000, 0), wa);
        b.add(new VrrpSettings("VI_1", 51, 100, 100, true, List.of(VIP), 5, 5000, 0), wb);
    }

    void step(long from, long to) {
        for (long t = from; t <= to; t += 10) {
            wa.time = wb.time = t;
            a.poll(t);
            b.poll(t);
        }
    }

    @Test
    void theHigherPriorityWinsAndTheOtherTakesOverWhenItFallsSilent() {
        a.start(0);
        b.start(0);
        step(0, 10_000);
        assertTrue(a.isMaster(VIP));
        assertFalse(b.isMaster(VIP));
        assertTrue(b.manages(VIP));
        long garps = wa.sent.stream().filter(f -> ArpFrames.payload(MemorySegment.ofArray(f), 0, f.length) >= 0).count();
        assertEquals(10, garps, "5 gratuitous ARPs on becoming master and 5 more after 5 s");
        byte[] garp = wa.sent.stream().filter(f -> f.length == ArpFrames.FRAME_LENGTH).findFirst().orElseThrow();
        MemorySegment g = MemorySegment.ofArray(garp);
        assertEquals(VIP, Arp.senderIp(g, 14));
        assertEquals(VIP, Arp.targetIp(g, 14));

        wa.cut = true; // a dies (kill -9: no priority-0 goodbye)
        long lastAdvert = 10_000 - (10_000 - 3_414) % 1000;
        step(10_010, lastAdvert + 3_609 - 10);
        assertFalse(b.isMaster(VIP), "not before the master down interval (3 x 1 s + 609 ms skew)");
        step(lastAdvert + 3_609 - 10, lastAdvert + 3_609 + 10);
        assertTrue(b.isMaster(VIP));
        assertTrue(events.stream().anyMatch(e -> e.instance().equals("VI_1") && e.to() == VrrpState.MASTER
            && e.describe().contains("master down")));
        assertEquals(List.of("VRRP_Instance(VI_1) MASTER vrid 51 priority 100 master 10.0.0.3 addresses 10.0.0.100"), b.status());
    }

    @Test
    void foreignAndBadAdvertsAreCountedAndChangeNothing() {
        b.start(0);
        Wire other = new Wire(0x020000000009L, "10.0.0.9");
        byte[] foreign = new byte[VrrpFrames.frameLength(1)];
        VrrpFrames.write(MemorySegment.ofArray(foreign), 0, other.mac, other.address, 1, new VrrpAdvert(52, 200, 100, new int[] {VIP}));
        assertEquals(VrrpCheck.OTHER_VRID, b.receive(wb, MemorySegment.ofArray(foreign), 0, foreign.length, 100));
        byte[] bad = new byte[VrrpFrames.frameLength(1)];
        VrrpFrames.write(MemorySegment.ofArray(bad), 0, other.mac, other.address, 1, new VrrpAdvert(51, 200, 100, new int[] {VIP}));
        bad[bad.length - 1] ^= 1;
        assertEquals(VrrpCheck.BAD_CHECKSUM, b.receive(wb, MemorySegment.ofArray(bad), 0, bad.length, 100));
        step(0, 3_610); // polled every 10 ms: master down at 3609 ms is seen at 3610
        assertTrue(b.isMaster(VIP), "neither advert held the backup down");
        assertEquals(1L, b.checks().get(VrrpCheck.OTHER_VRID));
        assertEquals(1L, b.checks().get(VrrpCheck.BAD_CHECKSUM));
    }
}
