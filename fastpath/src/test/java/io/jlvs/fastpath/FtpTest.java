package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.conn.SyncPacing;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jlvs.fastpath.FtpFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FTP through NAT (IPVS's ip_vs_ftp), fixtures of {@link FtpFixtures}: the control connection on core 0;
 * its data connections arrive on core 1 (flows are owned by hash of the client endpoint, so the data
 * connection's owner is another core in general) and are created there from the shared expectations.
 * Input bytes -> verdict and output bytes, compared with the independently built expected frames.
 */
class FtpTest {

    static final int VIP = Ipv4Text.parse("203.0.113.100"), RS = Ipv4Text.parse("10.0.0.5"), CLIENT = Ipv4Text.parse("198.51.100.7");
    static final int FTP_SERVICE = 7, DEST_RS = 0;
    static final int TO_SERVER = 1, TO_CLIENT = 0;

    private final DestinationLoad load = new DestinationLoad(2, 4);
    private final ForwardingState state = new ForwardingState(services(), NeighbourTable.of(Map.of(
            Ipv4Text.parse("203.0.113.254"), MacText.parse("02:00:00:00:00:fe"), RS, MacText.parse("02:00:00:00:01:05"))));
    private final ConnectionTable table0 = new ConnectionTable(1024, 0, load, ConnectionTimeouts.ipvsDefaults());
    private final ConnectionTable table1 = new ConnectionTable(1024, 1, load, ConnectionTimeouts.ipvsDefaults());
    private final PacketProcessor core0 = new PacketProcessor(0, table0, state);
    private final PacketProcessor core1 = new PacketProcessor(1, table1, state);
    private final MemorySegment buffer = MemorySegment.ofArray(new byte[4096]);
    private final List<byte[]> transmitted = new ArrayList<>();
    private long now = 1_000_000;

    @AfterEach
    void close() {
        table0.close();
        table1.close();
    }

    private ServiceTable services() {
        return ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:00:01"), List.of(Ipv4Text.parse("203.0.113.1")), 1500))
                .port(new ServiceTable.Port(1, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("203.0.113.254")))
                .service(new ServiceTable.VirtualService(FTP_SERVICE, Ipv4.PROTOCOL_TCP, VIP, 21, new RoundRobinScheduler(2),
                        List.of(new ServiceTable.RealServer(DEST_RS, RS, 21, 1, 0, 0, ForwardMethod.NAT, 1, 0))))
                .build();
    }

    /** Runs the fixture on a core (rx port from its direction) and checks verdict and bytes against {@code expected}. */
    private void expect(PacketProcessor core, String input, int rxPort, int txPort, String expected) {
        byte[] frame = Hex.parse(input);
        buffer.fill((byte) 0x5a);
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, FixtureLab.HEADROOM, frame.length);
        core.beginBurst();
        int verdict = core.process(buffer, FixtureLab.HEADROOM, frame.length, rxPort, now);
        byte[] out = buffer.asSlice(core.outputOffset(), core.outputLength()).toArray(ValueLayout.JAVA_BYTE);
        assertEquals(Verdict.toString(Verdict.transmit(txPort)), Verdict.toString(verdict), "verdict");
        assertEquals(Hex.format(Hex.parse(expected)), Hex.format(out));
        transmitted.add(out);
    }

    private void fromClient(PacketProcessor core, String input, String expected) { expect(core, input, 0, TO_SERVER, expected); }

    private void fromServer(PacketProcessor core, String input, String expected) { expect(core, input, 1, TO_CLIENT, expected); }

    private void controlConnectionEstablished() {
        fromClient(core0, CONTROL_SYN, CONTROL_SYN_OUT);
        fromServer(core0, CONTROL_SYN_ACK, CONTROL_SYN_ACK_OUT);
        fromClient(core0, CONTROL_ACK, CONTROL_ACK_OUT);
        assertEquals(1, core0.ftpSessionsInUse(), "core 0 follows the control connection");
    }

    /** Control connection up, then 227, the client's ack, 229, PORT and EPRT, each checked. */
    private void controlDialogue() {
        controlConnectionEstablished();
        fromServer(core0, PASV_227, PASV_227_OUT);
        fromClient(core0, ACK_AFTER_227, ACK_AFTER_227_OUT);
        fromServer(core0, EPSV_229, EPSV_229_OUT);
        fromClient(core0, PORT, PORT_OUT);
        fromClient(core0, EPRT, EPRT_OUT);
    }

    @Test
    void passiveReplyIsRewrittenToTheVipWithLongerPayloadAndLaterSequenceNumbersShift() {
        controlConnectionEstablished();
        fromServer(core0, PASV_227, PASV_227_OUT);                  // 10,0,0,5 -> 203,0,113,100: 5 bytes longer
        fromClient(core0, ACK_AFTER_227, ACK_AFTER_227_OUT);        // ack 5052 -> 5047
        fromServer(core0, EPSV_229, EPSV_229_OUT);                  // seq 5047 -> 5052, payload as it was
        fromServer(core0, PASV_227, PASV_227_OUT);                  // retransmission: previous delta (0), same bytes out
        fromClient(core0, PORT, PORT_OUT);                          // ack moves back by 5, PORT unchanged
        fromClient(core0, EPRT, EPRT_OUT);
    }

    @Test
    void aBackupThatTookTheMastersSequenceDeltasKeepsShiftingAfterTakeover() {
        SyncRecordRing export = new SyncRecordRing(16);
        SyncRecordRing imports = new SyncRecordRing(16);
        ConnectionTable backupTable = new ConnectionTable(1024, 0, load, ConnectionTimeouts.ipvsDefaults());
        try (export; imports; backupTable) {
            export.setPacing(new SyncPacing(1, 2, 0, 0)); // every 2nd client packet from the 1st
            table0.setSyncExport(export);
            controlConnectionEstablished();                     // client packets 1 (SYN), 2 (ACK: ESTABLISHED, sent)
            assertEquals(1, export.size());
            long first = export.peek();
            assertEquals(0, export.flags(first) & (SyncRecordRing.FLAG_IN_SEQ | SyncRecordRing.FLAG_OUT_SEQ), "no rewrite yet");
            export.release();
            fromServer(core0, PASV_227, PASV_227_OUT);          // the reply grows by 5 bytes: out_seq delta 5
            fromClient(core0, ACK_AFTER_227, ACK_AFTER_227_OUT); // client packet 3: re-sent, with the deltas
            assertEquals(1, export.size());
            long s = export.peek();
            assertEquals(SyncRecordRing.FLAG_OUT_SEQ, export.flags(s) & (SyncRecordRing.FLAG_IN_SEQ | SyncRecordRing.FLAG_OUT_SEQ));
            assertEquals(5, export.seq(s, 1, SyncRecordRing.SEQ_DELTA));
            assertEquals(0, export.seq(s, 1, SyncRecordRing.SEQ_PREVIOUS_DELTA));

            // The backup's worker takes the record (as Worker.importSynced does) ...
            ForwardingState backupState = new ForwardingState(services(), NeighbourTable.of(Map.of(
                    Ipv4Text.parse("203.0.113.254"), MacText.parse("02:00:00:00:00:fe"), RS, MacText.parse("02:00:00:00:01:05"))));
            PacketProcessor backup = new PacketProcessor(0, backupTable, backupState);
            long in = imports.claim();
            imports.put(in, export.protocol(s), export.clientAddr(s), export.clientPort(s), export.virtAddr(s), export.virtPort(s),
                    export.destAddr(s), export.destPort(s), export.state(s), export.forwardMethod(s), export.flags(s),
                    export.timeoutSeconds(s));
            for (int d = 0; d <= 1; d++) {
                imports.putSeq(in, d, export.seq(s, d, SyncRecordRing.SEQ_INIT), export.seq(s, d, SyncRecordRing.SEQ_DELTA),
                        export.seq(s, d, SyncRecordRing.SEQ_PREVIOUS_DELTA));
            }
            imports.publish();
            export.release();
            long r = imports.peek();
            int h = backupTable.importSynced(imports.protocol(r), imports.clientAddr(r), imports.clientPort(r), imports.virtAddr(r),
                    imports.virtPort(r), imports.destAddr(r), imports.destPort(r), DEST_RS, FTP_SERVICE, ForwardMethod.NAT_CODE,
                    imports.state(r), false, false, imports.timeoutSeconds(r) * 1000, now);
            backup.adoptSynced(h, true, imports, r);
            imports.release();
            assertEquals(1, backup.ftpSessionsInUse());

            // ... and after the takeover shifts as the master would have: the same bytes out.
            fromServer(backup, EPSV_229, EPSV_229_OUT);          // seq 5047 -> 5052
            fromClient(backup, PORT, PORT_OUT);                  // ack back by 5
            fromClient(backup, EPRT, EPRT_OUT);
        }
    }

    @Test
    void passiveDataConnectionIsCreatedOnTheCoreThatOwnsIt() {
        controlConnectionEstablished();
        fromServer(core0, PASV_227, PASV_227_OUT);
        fromClient(core1, PASSIVE_DATA_SYN, PASSIVE_DATA_SYN_OUT);  // VIP:30000 -> rs:30000 on core 1
        assertEquals(1, table1.size());
        int h = table1.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 50001, VIP, 30000);
        assertEquals(FTP_SERVICE, table1.serviceId(h));
        assertEquals(DEST_RS, table1.destId(h));
        assertEquals(2, load.active(DEST_RS), "control and data connection, one on each core");

        fromServer(core0, EPSV_229, EPSV_229_OUT);
        fromClient(core1, EXTENDED_PASSIVE_DATA_SYN, EXTENDED_PASSIVE_DATA_SYN_OUT);
        assertEquals(0, state.ftpExpectations().size(now), "each expectation is taken once");
    }

    @Test
    void activeDataConnectionsFromPortAndEprtAreCreatedOnTheCoreThatOwnsThem() {
        controlDialogue();
        fromServer(core1, ACTIVE_DATA_SYN, ACTIVE_DATA_SYN_OUT);    // rs:20 -> client:51210 leaves as VIP:20
        fromServer(core1, EXTENDED_ACTIVE_DATA_SYN, EXTENDED_ACTIVE_DATA_SYN_OUT);
        assertEquals(2, table1.size());
        assertTrue(table1.lookupOut(Ipv4.PROTOCOL_TCP, RS, 20, CLIENT, 51210) >= 0);
    }

    @Test
    void rewritingAndSequenceShiftingAllocateNothing() {
        controlConnectionEstablished();
        byte[] reply = Hex.parse(PASV_227);
        byte[] ack = Hex.parse(ACK_AFTER_227);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = Long.MAX_VALUE;
        // The least of six rounds: JIT warm-up and deoptimisation (which re-allocates objects escape
        // analysis had removed) can allocate in a round; a per-packet allocation shows in every one.
        for (int round = 0; round < 6; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 5_000; i++) {
                // 227 retransmitted (rewritten, expectation filed until its bucket is full) and the client's ack.
                MemorySegment.copy(reply, 0, buffer, ValueLayout.JAVA_BYTE, FixtureLab.HEADROOM, reply.length);
                assertTrue(Verdict.isTransmit(core0.process(buffer, FixtureLab.HEADROOM, reply.length, 1, now)));
                MemorySegment.copy(ack, 0, buffer, ValueLayout.JAVA_BYTE, FixtureLab.HEADROOM, ack.length);
                assertTrue(Verdict.isTransmit(core0.process(buffer, FixtureLab.HEADROOM, ack.length, 0, now)));
            }
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, allocated, "bytes allocated by 10,000 FTP control packets");
    }

    @Test
    void unannouncedDataConnectionsAndExpiredExpectationsGetNothing() {
        controlConnectionEstablished();
        fromServer(core0, PASV_227, PASV_227_OUT);
        now += io.jlvs.fastpath.ftp.FtpExpectations.LIFETIME_MS + 1;
        byte[] syn = Hex.parse(PASSIVE_DATA_SYN);
        MemorySegment.copy(syn, 0, buffer, ValueLayout.JAVA_BYTE, FixtureLab.HEADROOM, syn.length);
        core1.beginBurst();
        assertEquals(Verdict.toString(Verdict.drop(DropReason.NO_SERVICE)),
                Verdict.toString(core1.process(buffer, FixtureLab.HEADROOM, syn.length, 0, now)));
    }

    @Test
    void theFtpSessionIsFreedWhenTheControlConnectionExpires() {
        controlConnectionEstablished();
        now += 901_000;                                              // ESTABLISHED lasts 900 s
        while (table0.expire(now, 10_000) > 0) { }
        assertEquals(0, table0.size());
        assertEquals(0, core0.ftpSessionsInUse());
    }

    @Test
    void tsharkReadsTheRewrittenRepliesAndCommandsWithGoodChecksums(@TempDir Path dir) throws Exception {
        controlDialogue();
        Path pcap = Tshark.writePcap(dir.resolve("ftp.pcap"), transmitted.subList(3, transmitted.size()));
        List<String> rows = Tshark.fields(pcap, "ip.checksum.status", "tcp.checksum.status", "ip.src", "ftp.passive.ip", "ftp.passive.port",
                "ftp.passive.nat", "ftp.epsv.port", "ftp.active.cip", "ftp.active.port", "ftp.eprt.ip", "ftp.eprt.port");
        // ip and tcp checksum status 1 = good; ftp.passive.nat stays empty: the 227 names the packet's own source
        assertEquals(List.of(
                "1|1|203.0.113.100|203.0.113.100|30000||||||",
                "1|1|198.51.100.7||||||||",
                "1|1|203.0.113.100||||30001||||",
                "1|1|198.51.100.7|||||198.51.100.7|51210||",
                "1|1|198.51.100.7|||||||198.51.100.7|51211"), rows);
    }
}
