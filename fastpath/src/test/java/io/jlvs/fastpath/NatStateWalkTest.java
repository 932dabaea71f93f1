package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static io.jlvs.fastpath.FixtureLab.CLIENT;
import static io.jlvs.fastpath.FixtureLab.DEST_RS1_HTTP;
import static io.jlvs.fastpath.FixtureLab.RS1;
import static io.jlvs.fastpath.FixtureLab.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A NAT connection walked through process() with packets, as IPVS's state tables say: the state
 * after each packet, the rewritten endpoints, and the real server's active/inactive counts.
 */
class NatStateWalkTest {

    private static final int SYN = Tcp.FLAG_SYN, ACK = Tcp.FLAG_ACK, FIN = Tcp.FLAG_FIN, RST = Tcp.FLAG_RST;
    private static final int CLIENT_PORT = 40001;

    private final FixtureLab lab = new FixtureLab();

    @AfterEach
    void close() { lab.close(); }

    /** Client -> VIP:80; checks it left for rs1:8080 on port 1. */
    private void fromClient(int flags) {
        FixtureLab.Result r = lab.run(TestFrames.fromClient(true, CLIENT, CLIENT_PORT, VIP, 80, 64, flags, new byte[0]), 0);
        assertEquals(Verdict.toString(Verdict.transmit(1)), Verdict.toString(r.verdict()), "client packet " + Integer.toHexString(flags));
        MemorySegment out = MemorySegment.ofArray(r.frame());
        assertEquals(RS1, Ipv4.dstAddr(out, 14));
        assertEquals(8080, Tcp.dstPort(out, 34));
    }

    /** rs1:8080 -> client; checks it left as VIP:80 on port 0. */
    private void fromServer(int flags) {
        FixtureLab.Result r = lab.run(TestFrames.fromServer(true, RS1, 8080, CLIENT, CLIENT_PORT, 64, flags, new byte[0]), 1);
        assertEquals(Verdict.toString(Verdict.transmit(0)), Verdict.toString(r.verdict()), "server packet " + Integer.toHexString(flags));
        MemorySegment out = MemorySegment.ofArray(r.frame());
        assertEquals(VIP, Ipv4.srcAddr(out, 14));
        assertEquals(80, Tcp.srcPort(out, 34));
    }

    private void assertState(int expectedState, int active, int inactive) {
        int h = lab.connections.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, CLIENT_PORT, VIP, 80);
        int state = h < 0 ? -1 : lab.connections.state(h);
        assertEquals(TcpState.name(expectedState), state < 0 ? "no connection" : TcpState.name(state));
        assertEquals(active, lab.load.active(DEST_RS1_HTTP), "active connections of rs1");
        assertEquals(inactive, lab.load.inactive(DEST_RS1_HTTP), "inactive connections of rs1");
    }

    private void walkToTimeWait() {
        fromClient(SYN);
        assertState(TcpState.SYN_RECV, 1, 0);          // IN syn: NONE -> SYN_RECV, active
        fromServer(SYN | ACK);
        assertState(TcpState.SYN_RECV, 1, 0);          // OUT syn: SYN_RECV stays
        fromClient(ACK);
        assertState(TcpState.ESTABLISHED, 1, 0);       // IN ack: SYN_RECV -> ESTABLISHED
        fromServer(ACK);
        assertState(TcpState.ESTABLISHED, 1, 0);
        fromClient(FIN | ACK);
        assertState(TcpState.CLOSE_WAIT, 0, 1);        // IN fin: ESTABLISHED -> CLOSE_WAIT, now inactive
        fromServer(ACK);
        assertState(TcpState.CLOSE_WAIT, 0, 1);        // OUT ack: CLOSE_WAIT stays
        fromServer(FIN | ACK);
        assertState(TcpState.TIME_WAIT, 0, 1);         // OUT fin: CLOSE_WAIT -> TIME_WAIT
        fromClient(ACK);
        assertState(TcpState.TIME_WAIT, 0, 1);         // IN ack: TIME_WAIT stays
    }

    @Test
    void synSynAckEstablishedFinBothWaysTimeWaitThenExpiry() {
        walkToTimeWait();
        lab.now += 119_000;
        lab.connections.expire(lab.now, 1000);
        assertState(TcpState.TIME_WAIT, 0, 1);         // TIME_WAIT lasts 120 s
        lab.now += 2_000;
        lab.connections.expire(lab.now, 1000);
        assertEquals(0, lab.connections.size());
        assertEquals(0, lab.load.active(DEST_RS1_HTTP));
        assertEquals(0, lab.load.inactive(DEST_RS1_HTTP));
        FixtureLab.Result late = lab.run(TestFrames.fromClient(true, CLIENT, CLIENT_PORT, VIP, 80, 64, ACK, new byte[0]), 0);
        assertEquals(Verdict.toString(Verdict.drop(DropReason.NO_CONNECTION)), Verdict.toString(late.verdict()));
    }

    @Test
    void newSynReusingTimeWaitEntryIsScheduledAfresh() {
        walkToTimeWait();
        lab.now += 5_000;
        fromClient(SYN);
        assertState(TcpState.SYN_RECV, 1, 0);          // old entry expired (inactive -1), new one active
        assertEquals(1, lab.connections.size());
        assertEquals(2, lab.processor.counters().get(PacketCounters.CONNECTIONS_CREATED));
    }

    @Test
    void synWithRstDoesNotCreateAConnection() {
        FixtureLab.Result r = lab.run(TestFrames.fromClient(true, CLIENT, CLIENT_PORT, VIP, 80, 64, SYN | RST, new byte[0]), 0);
        assertEquals(Verdict.toString(Verdict.drop(DropReason.NO_CONNECTION)), Verdict.toString(r.verdict()));
        assertEquals(0, lab.connections.size());
    }

    @Test
    void udpCreatesOnFirstPacketAndRepliesReturnThroughIt() {
        FixtureLab.Result in = lab.run(TestFrames.fromClient(false, CLIENT, 5555, VIP, 53, 64, 0, new byte[] {1, 2, 3}), 0);
        assertEquals(Verdict.toString(Verdict.transmit(1)), Verdict.toString(in.verdict()));
        assertEquals(0, lab.load.active(FixtureLab.DEST_RS1_DNS), "UDP is never active");
        assertEquals(1, lab.load.inactive(FixtureLab.DEST_RS1_DNS));
        FixtureLab.Result out = lab.run(TestFrames.fromServer(false, RS1, 5353, CLIENT, 5555, 64, 0, new byte[] {4}), 1);
        assertEquals(Verdict.toString(Verdict.transmit(0)), Verdict.toString(out.verdict()));
        assertEquals(VIP, Ipv4.srcAddr(MemorySegment.ofArray(out.frame()), 14));
        assertEquals(53, Tcp.srcPort(MemorySegment.ofArray(out.frame()), 34));
    }

    @Test
    void fullTableDropsNewConnectionsAndKeepsEstablishedOnes() {
        try (FixtureLab small = new FixtureLab(64)) {
            small.run(TestFrames.fromClient(true, CLIENT, 1, VIP, 80, 64, SYN, new byte[0]), 0);
            int port = 2;
            int verdict = 0;
            while (port < 10_000) {
                verdict = small.run(TestFrames.fromClient(true, CLIENT, port++, VIP, 80, 64, SYN, new byte[0]), 0).verdict();
                if (!Verdict.isTransmit(verdict)) break;
            }
            assertEquals(Verdict.toString(Verdict.drop(DropReason.TABLE_FULL)), Verdict.toString(verdict));
            assertEquals(small.connections.capacity(), small.connections.size(), "full at capacity");
            int established = small.run(TestFrames.fromClient(true, CLIENT, 1, VIP, 80, 64, ACK, new byte[0]), 0).verdict();
            assertEquals(Verdict.toString(Verdict.transmit(1)), Verdict.toString(established));
            assertEquals(1, small.processor.counters().drops(DropReason.TABLE_FULL));
            assertEquals(ConnectionTable.TABLE_FULL, -2);
        }
    }

    @Test
    void connectionToARemovedServerIsDroppedAfterTheSnapshotChanges() {
        fromClient(SYN);
        lab.state.publish(ServiceTable.builder(lab.load)
                .port(new ServiceTable.Port(0, TestFrames.PORT0_MAC, java.util.List.of(0x0a000001), 1500))
                .port(new ServiceTable.Port(1, TestFrames.PORT1_MAC, java.util.List.of(0xc0a80101), 1500))
                .build());
        FixtureLab.Result r = lab.run(TestFrames.fromClient(true, CLIENT, CLIENT_PORT, VIP, 80, 64, ACK, new byte[0]), 0);
        assertEquals(Verdict.toString(Verdict.drop(DropReason.DESTINATION_REMOVED)), Verdict.toString(r.verdict()));
    }
}
