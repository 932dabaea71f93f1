package io.jlvs.fastpath;

import io.jlvs.fastpath.stats.TrafficStats;
import io.jlvs.fastpath.stats.TrafficTotals;
import io.jlvs.fastpath.packet.Tcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jlvs.fastpath.FixtureLab.CLIENT;
import static io.jlvs.fastpath.FixtureLab.DEST_RS1_DNS;
import static io.jlvs.fastpath.FixtureLab.DEST_RS1_HTTP;
import static io.jlvs.fastpath.FixtureLab.DEST_RS2_DR;
import static io.jlvs.fastpath.FixtureLab.RS1;
import static io.jlvs.fastpath.FixtureLab.VIP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ipvsadm's --stats counters through process(): per service and per real server, conns, packets and
 * bytes in (client -> server) and out (server -> client), bytes being the IP packet's total length.
 * Frames come from {@link TestFrames}: a TCP packet without payload is 40 IP bytes, UDP 28.
 * Services of {@link FixtureLab}: 1 = TCP VIP:80 NAT to rs1:8080 (dest 0), 2 = TCP VIP:443 DR (dest 1),
 * 6 = UDP VIP:53 NAT to rs1:5353 (dest 3).
 */
class TrafficStatsTest {

    private static final int SYN = Tcp.FLAG_SYN, ACK = Tcp.FLAG_ACK;
    private final FixtureLab core0 = new FixtureLab();
    private final FixtureLab core1 = new FixtureLab();

    @AfterEach
    void close() {
        core0.close();
        core1.close();
    }

    private static void send(FixtureLab lab, byte[] frame, int rxPort) {
        int verdict = lab.run(frame, rxPort).verdict();
        assertEquals(true, Verdict.isTransmit(verdict), Verdict.toString(verdict));
    }

    @Test
    void natConnectionCountsBothDirectionsOnServiceAndServer() {
        send(core0, TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, SYN, new byte[0]), 0);              // in 40
        send(core0, TestFrames.fromServer(true, RS1, 8080, CLIENT, 40001, 64, SYN | ACK, new byte[0]), 1);      // out 40
        send(core0, TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, ACK, new byte[100]), 0);            // in 140
        send(core0, TestFrames.fromServer(true, RS1, 8080, CLIENT, 40001, 64, ACK, new byte[300]), 1);          // out 340
        // A stray ACK of no connection is dropped and not counted anywhere.
        core0.run(TestFrames.fromClient(true, CLIENT, 49999, VIP, 80, 64, ACK, new byte[0]), 0);

        TrafficTotals totals = new TrafficTotals(List.of(core0.processor.trafficStats()));
        //                      conns inpkts outpkts inbytes outbytes
        assertArrayEquals(new long[] {1, 2, 2, 180, 380}, totals.service(1));
        assertArrayEquals(new long[] {1, 2, 2, 180, 380}, totals.destination(DEST_RS1_HTTP));
        assertArrayEquals(new long[] {0, 0, 0, 0, 0}, totals.service(2));
    }

    @Test
    void aPacketHeldForItsNextHopIsCountedOnceWhenItIsFinallySent() {
        // The real server's MAC is not known yet: the SYN is punted while the slow path resolves it...
        core0.state.publish(FixtureLab.neighbours().without(RS1));
        byte[] syn = TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, SYN, new byte[0]);
        int held = core0.run(syn, 0).verdict();
        assertEquals(PuntReason.NEIGHBOUR_UNKNOWN, Verdict.puntReason(held), Verdict.toString(held));
        assertArrayEquals(new long[] {1, 0, 0, 0, 0}, new TrafficTotals(List.of(core0.processor.trafficStats())).service(1),
                "the connection exists, its packet has not been sent");
        // ...and released to the worker once the ARP reply is in: processed again, counted once.
        core0.state.publish(FixtureLab.neighbours());
        send(core0, syn, 0);
        assertArrayEquals(new long[] {1, 1, 0, 40, 0}, new TrafficTotals(List.of(core0.processor.trafficStats())).service(1));
    }

    @Test
    void drCountsOnlyTheClientSideAndUdpCountsEveryDatagram() {
        send(core0, TestFrames.fromClient(true, CLIENT, 40001, VIP, 443, 64, SYN, new byte[0]), 0);
        send(core0, TestFrames.fromClient(true, CLIENT, 40001, VIP, 443, 64, ACK, new byte[10]), 0);
        send(core0, TestFrames.fromClient(false, CLIENT, 5000, VIP, 53, 64, 0, new byte[4]), 0);             // 32
        send(core0, TestFrames.fromServer(false, RS1, 5353, CLIENT, 5000, 64, 0, new byte[100]), 1);         // 128
        TrafficTotals totals = new TrafficTotals(List.of(core0.processor.trafficStats()));
        assertArrayEquals(new long[] {1, 2, 0, 90, 0}, totals.destination(DEST_RS2_DR));
        assertArrayEquals(new long[] {1, 1, 1, 32, 128}, totals.service(6));
        assertArrayEquals(new long[] {1, 1, 1, 32, 128}, totals.destination(DEST_RS1_DNS));
    }

    @Test
    void totalsSumEveryCore() {
        send(core0, TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, SYN, new byte[0]), 0);
        send(core1, TestFrames.fromClient(true, CLIENT, 40002, VIP, 80, 64, SYN, new byte[0]), 0);
        send(core1, TestFrames.fromClient(true, CLIENT, 40003, VIP, 80, 64, SYN, new byte[0]), 0);
        TrafficTotals totals = new TrafficTotals(List.of(core0.processor.trafficStats(), core1.processor.trafficStats()));
        assertEquals(3, totals.service(1, TrafficStats.CONNS));
        assertEquals(120, totals.destination(DEST_RS1_HTTP, TrafficStats.IN_BYTES));
        assertEquals(1, core0.processor.trafficStats().service(1, TrafficStats.IN_PACKETS));
    }

    @Test
    void countingAllocatesNothing() {
        send(core0, TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, SYN, new byte[0]), 0);
        TrafficStats stats = core0.processor.trafficStats();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) stats.packet(1, DEST_RS1_HTTP, (i & 1) == 0, 40);
        // The least of five rounds: a JIT recompilation can allocate in a round, a counter update never.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) stats.packet(1, DEST_RS1_HTTP, (i & 1) == 0, 40);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least);
        assertEquals(1 + 10_000 + 5 * 10_000, stats.service(1, TrafficStats.IN_PACKETS));
    }
}
