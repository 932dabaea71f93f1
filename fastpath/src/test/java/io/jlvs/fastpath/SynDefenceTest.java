package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.jlvs.fastpath.FixtureLab.CLIENT;
import static io.jlvs.fastpath.FixtureLab.RS1;
import static io.jlvs.fastpath.FixtureLab.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SYN-flood defences through process(): spoofed SYNs (client -> VIP:80, a NAT service to
 * rs1:8080) in, verdicts and rewritten frames out, the table's size against its bound, and the
 * counters of each layer.
 */
class SynDefenceTest {

    private static final int SYN = Tcp.FLAG_SYN, ACK = Tcp.FLAG_ACK;
    private static final String FORWARDED = Verdict.toString(Verdict.transmit(1));
    private static final SynDefenceSettings DROP_ENTRY = new SynDefenceSettings(true, SynDefenceSettings.OFF, 75, 3, 24, 0, 64, 0);

    /** A spoofed source for flood packet {@code i}: 10.x.y.z, never the real client's prefix. */
    private static int spoofed(int i) { return 0x0a000000 | (i * 7919 + 1) & 0xffffff; }

    private static FixtureLab.Result syn(FixtureLab lab, int source, int port) {
        return lab.run(TestFrames.fromClient(true, source, port, VIP, 80, 64, SYN, new byte[0]), 0);
    }

    /** A client that completes its handshake: SYN, the server's SYN-ACK, ACK. */
    private static void establish(FixtureLab lab, int client, int port) {
        assertEquals(FORWARDED, Verdict.toString(syn(lab, client, port).verdict()));
        FixtureLab.Result synAck = lab.run(TestFrames.fromServer(true, RS1, 8080, client, port, 64, SYN | ACK, new byte[0]), 1);
        assertEquals(Verdict.toString(Verdict.transmit(0)), Verdict.toString(synAck.verdict()));
        assertEquals(FORWARDED, Verdict.toString(lab.run(TestFrames.fromClient(true, client, port, VIP, 80, 64, ACK, new byte[0]), 0).verdict()));
        assertEquals(TcpState.name(TcpState.ESTABLISHED), TcpState.name(lab.connections.state(lab.connections.lookupIn(Ipv4.PROTOCOL_TCP, client, port, VIP, 80))));
    }

    @Test
    void dropEntryKeepsTheTableAtItsBoundAndEvictsOnlyHalfOpenEntries() {
        try (FixtureLab lab = new FixtureLab(64)) {
            lab.state.publish(DROP_ENTRY);
            int capacity = lab.connections.capacity();
            for (int port = 1; port <= 8; port++) establish(lab, CLIENT, port);
            for (int i = 0; i < 10 * capacity; i++) {
                FixtureLab.Result r = syn(lab, spoofed(i), 1024 + i % 60000);
                assertEquals(FORWARDED, Verdict.toString(r.verdict()), "flood SYN " + i + " is scheduled: it takes a half-open entry's place");
                MemorySegment out = MemorySegment.ofArray(r.frame());
                assertEquals(RS1, Ipv4.dstAddr(out, 14));
                assertEquals(8080, Tcp.dstPort(out, 34));
                assertTrue(lab.connections.size() <= capacity, "size " + lab.connections.size() + " over the bound " + capacity);
            }
            assertEquals(capacity, lab.connections.size());
            assertEquals(10L * capacity - (capacity - 8), lab.processor.synDefence().evicted(), "one eviction per SYN once full");
            assertEquals(0, lab.processor.counters().drops(DropReason.TABLE_FULL));
            // The established clients were never evicted and keep flowing.
            for (int port = 1; port <= 8; port++) {
                FixtureLab.Result r = lab.run(TestFrames.fromClient(true, CLIENT, port, VIP, 80, 64, ACK, new byte[0]), 0);
                assertEquals(FORWARDED, Verdict.toString(r.verdict()), "established client port " + port);
            }
            // A real client's new connection also gets in while the flood holds the table.
            establish(lab, CLIENT, 9);
        }
    }

    @Test
    void aTableFullOfEstablishedConnectionsStillRefusesNewOnes() {
        try (FixtureLab lab = new FixtureLab(16)) {
            lab.state.publish(DROP_ENTRY);
            int capacity = lab.connections.capacity();
            for (int port = 1; port <= capacity; port++) establish(lab, CLIENT, port);
            FixtureLab.Result r = syn(lab, spoofed(1), 5000);
            assertEquals(Verdict.toString(Verdict.drop(DropReason.TABLE_FULL)), Verdict.toString(r.verdict()));
            assertEquals(1, lab.processor.synDefence().evictionMissed());
            assertEquals(0, lab.processor.synDefence().evicted());
            assertEquals(capacity, lab.connections.size());
        }
    }

    @Test
    void withoutDropEntryAFullTableDropsTheFlood() {
        try (FixtureLab lab = new FixtureLab(16)) {
            int capacity = lab.connections.capacity();
            for (int i = 0; i < capacity; i++) assertEquals(FORWARDED, Verdict.toString(syn(lab, spoofed(i), 2000).verdict()));
            assertEquals(Verdict.toString(Verdict.drop(DropReason.TABLE_FULL)), Verdict.toString(syn(lab, CLIENT, 7).verdict()));
            assertEquals(0, lab.processor.synDefence().evicted());
        }
    }

    @Test
    void secureTcpShortensHalfOpenTimeoutsUnderPressureOnly() {
        try (FixtureLab lab = new FixtureLab(64)) {
            lab.state.publish(new SynDefenceSettings(false, SynDefenceSettings.AUTO, 50, 3, 24, 0, 64, 0));
            int capacity = lab.connections.capacity();
            establish(lab, CLIENT, 1);
            syn(lab, spoofed(0), 2000);          // before pressure: SYN_RECV keeps its 60 s
            int calm = lab.connections.lookupIn(Ipv4.PROTOCOL_TCP, spoofed(0), 2000, VIP, 80);
            assertEquals(60_000, lab.connections.expiresAt(calm) - lab.now);
            for (int i = 1; lab.connections.size() < capacity / 2; i++) syn(lab, spoofed(i), 2000);
            lab.processor.housekeeping(lab.now);
            assertTrue(lab.processor.synDefence().underPressure(), "half full: under pressure");
            syn(lab, spoofed(9999), 3000);
            int late = lab.connections.lookupIn(Ipv4.PROTOCOL_TCP, spoofed(9999), 3000, VIP, 80);
            assertEquals(3_000, lab.connections.expiresAt(late) - lab.now, "SYN_RECV under secure_tcp");
            int size = lab.connections.size();
            lab.now += 3_100;
            lab.connections.expire(lab.now, 1_000_000);
            assertEquals(size - 1, lab.connections.size(), "only the half-open entry made under pressure went");
            lab.now += 60_000;
            lab.connections.expire(lab.now, 1_000_000);
            assertEquals(1, lab.connections.size(), "the established connection stays");
            lab.processor.housekeeping(lab.now + SynDefence.TICK_MS);
            assertTrue(!lab.processor.synDefence().underPressure(), "pressure gone below 3/4 of the threshold");
            assertEquals(1, lab.processor.synDefence().pressureEpisodes());
            syn(lab, spoofed(4242), 4000);
            int after = lab.connections.lookupIn(Ipv4.PROTOCOL_TCP, spoofed(4242), 4000, VIP, 80);
            assertEquals(60_000, lab.connections.expiresAt(after) - lab.now);
        }
    }

    @Test
    void rateLimitCountsNewConnectionsPerSourcePrefix() {
        try (FixtureLab lab = new FixtureLab(1024)) {
            lab.state.publish(new SynDefenceSettings(false, SynDefenceSettings.OFF, 75, 3, 24, 10, 5, 0));
            int prefix = CLIENT & 0xffffff00;
            for (int i = 0; i < 5; i++) {
                assertEquals(FORWARDED, Verdict.toString(syn(lab, prefix | (i + 1), 1000).verdict()), "burst " + i);
            }
            assertEquals(Verdict.toString(Verdict.drop(DropReason.RATE_LIMITED)), Verdict.toString(syn(lab, prefix | 99, 1000).verdict()));
            // An established connection of the limited prefix is not a new connection.
            assertEquals(FORWARDED, Verdict.toString(lab.run(TestFrames.fromClient(true, prefix | 1, 1000, VIP, 80, 64, ACK, new byte[0]), 0).verdict()));
            assertEquals(FORWARDED, Verdict.toString(syn(lab, 0xc6336401, 1000).verdict()), "another prefix has its own bucket");
            lab.now += 100;                  // 10/s: one more after 100 ms
            assertEquals(FORWARDED, Verdict.toString(syn(lab, prefix | 98, 1000).verdict()));
            assertEquals(Verdict.toString(Verdict.drop(DropReason.RATE_LIMITED)), Verdict.toString(syn(lab, prefix | 97, 1000).verdict()));
            assertEquals(2, lab.processor.counters().drops(DropReason.RATE_LIMITED));
            lab.state.publish(SynDefenceSettings.NONE);
            assertEquals(FORWARDED, Verdict.toString(syn(lab, prefix | 96, 1000).verdict()), "limit off");
        }
    }

    @Test
    void aTotalLimitStopsAFloodFromRandomSources() {
        try (FixtureLab lab = new FixtureLab(1024)) {
            lab.state.publish(new SynDefenceSettings(false, SynDefenceSettings.OFF, 75, 3, 24, 0, 64, 100));
            int forwarded = 0, limited = 0;
            for (int i = 0; i < 50; i++) {              // within one ms: the saved-up tenth of a second, 10
                int v = syn(lab, spoofed(i), 1000).verdict();
                if (Verdict.isTransmit(v)) forwarded++;
                else if (Verdict.dropReason(v) == DropReason.RATE_LIMITED) limited++;
            }
            assertEquals(10, forwarded);
            assertEquals(40, limited);
            lab.now += 1000;                                // 100 per second: a second later, 10 again (the cap)
            for (int i = 50; i < 100; i++) if (Verdict.isTransmit(syn(lab, spoofed(i), 1000).verdict())) forwarded++;
            assertEquals(20, forwarded);
        }
    }

    @Test
    void aFloodThroughEvictionAllocatesNothing() {
        try (FixtureLab lab = new FixtureLab(64)) {
            lab.state.publish(new SynDefenceSettings(true, SynDefenceSettings.AUTO, 75, 3, 24, 1000, 64, 0));
            int frames = 4096;
            int length = TestFrames.fromClient(true, 1, 1, VIP, 80, 64, SYN, new byte[0]).length;
            MemorySegment flood = MemorySegment.ofArray(new byte[frames * 128]);
            for (int i = 0; i < frames; i++) {
                byte[] f = TestFrames.fromClient(true, spoofed(i), 1024 + i, VIP, 80, 64, SYN, new byte[0]);
                MemorySegment.copy(f, 0, flood, ValueLayout.JAVA_BYTE, i * 128L + 64, f.length);
            }
            MemorySegment work = MemorySegment.ofArray(new byte[128]);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 6; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < frames; i++) {
                    MemorySegment.copy(flood, i * 128L, work, 0, 128);
                    lab.processor.beginBurst();
                    lab.processor.process(work, 64, length, 0, lab.now);
                    lab.processor.housekeeping(lab.now);
                    lab.now++;
                }
                // The least of several rounds: a JIT recompilation can allocate in a round, the flood never.
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, least);
            assertEquals(lab.connections.capacity(), lab.connections.size());
            assertTrue(lab.processor.synDefence().evicted() > 5 * frames, "evicted " + lab.processor.synDefence().evicted());
        }
    }
}
