package io.jlvs.slowpath.sync;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.slowpath.TsharkFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static io.jlvs.slowpath.TsharkFields.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IPVS sync protocol version 1: our bytes, tshark's IPVS dissector, a decoder from ip_vs_sync.c's structs, bad input. */
class SyncMessageTest {

    static final int CLIENT = Ipv4Text.parse("203.0.113.7");
    static final int VIP = Ipv4Text.parse("10.0.0.100");
    static final int RS = Ipv4Text.parse("192.168.1.11");

    /** An established NAT connection and an FTP control connection with sequence deltas. */
    static final SyncConn NAT = new SyncConn(6, SyncFlags.MASQ, 1, 51234, 80, 80, 0, 900, CLIENT, VIP, RS);
    static final SyncConn FTP = new SyncConn(6, SyncFlags.MASQ | SyncFlags.IN_SEQ | SyncFlags.OUT_SEQ, 1, 40000, 21, 21,
        0, 900, CLIENT, VIP, RS, new SyncConn.Seq(0x11111111, 5, 0), new SyncConn.Seq(0x22222222, -5, 0), null, null);
    static final SyncConn DR_UDP = new SyncConn(17, SyncFlags.DROUTE | SyncFlags.INACTIVE | SyncFlags.NOOUTPUT, 0,
        5353, 53, 53, 0, 300, CLIENT, VIP, RS);

    /** Written by hand from the structs in ip_vs_sync.c (fields named in the comments). */
    static final String MESSAGE = """
        00 07 0090 03 01 0000                        # reserved, syncid 7, size 144, 3 records, version 1, spare
        00 06 0024 00000000 0001 c822 0050 0050      # v4, TCP, size 36; flags MASQ; ES; cport 51234, vport 80, dport 80
        00000000 00000384 cb007107 0a000064 c0a8010b # fwmark 0, timeout 900; caddr, vaddr, daddr
        00 06 003e 00000600 0001 9c40 0015 0015      # v4, TCP, size 62; flags IN_SEQ|OUT_SEQ; ES; 40000 -> 21 -> 21
        00000000 00000384 cb007107 0a000064 c0a8010b
        01 18 11111111 00000005 00000000             # IPVS_OPT_SEQ_DATA, 24 bytes: in_seq
        22222222 fffffffb 00000000                   # out_seq
        0000                                         # padding to 4 bytes
        00 11 0024 00000183 0000 14e9 0035 0035      # v4, UDP, size 36; flags DROUTE|NOOUTPUT|INACTIVE; 5353 -> 53
        00000000 0000012c cb007107 0a000064 c0a8010b # timeout 300
        """;

    @Test
    void batchesRecordsAsTheKernelWritesThem() {
        SyncMessageWriter w = new SyncMessageWriter(7, SyncFormat.MASTER_MAX_LENGTH);
        List<byte[]> messages = w.all(List.of(NAT, FTP, DR_UDP));
        assertEquals(1, messages.size());
        assertEquals(HexFormat.of().formatHex(hex(MESSAGE)), HexFormat.of().formatHex(messages.getFirst()));
    }

    @Test
    void aDecoderWrittenFromTheStructsReadsOurMessages() throws IOException {
        List<SyncConn> conns = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(8848);
        for (int i = 0; i < 200; i++) {
            boolean seq = r.nextInt(5) == 0;
            conns.add(new SyncConn(r.nextBoolean() ? 6 : 17, r.nextInt(4) | (seq ? SyncFlags.SEQ_MASK : 0),
                r.nextInt(11), r.nextInt(65536), r.nextInt(65536), r.nextInt(65536), r.nextInt(), r.nextInt(1, 1000),
                r.nextInt(), r.nextInt(), r.nextInt(),
                seq ? new SyncConn.Seq(r.nextInt(), r.nextInt(), r.nextInt()) : null,
                seq ? new SyncConn.Seq(r.nextInt(), r.nextInt(), r.nextInt()) : null, null, null));
        }
        List<byte[]> messages = new SyncMessageWriter(3, SyncFormat.MASTER_MAX_LENGTH).all(conns);
        List<SyncConn> decoded = new ArrayList<>();
        for (byte[] m : messages) {
            assertTrue(m.length <= SyncFormat.MASTER_MAX_LENGTH, "message fits the MTU: " + m.length);
            decoded.addAll(StructDecoder.decode(m));
        }
        assertEquals(conns, decoded);
        assertTrue(messages.size() > 4, "200 records need several 1472-byte messages: " + messages.size());
    }

    /**
     * Wireshark's IPVS dissector (4.0, packet-ipvs-syncd.c) reads version 1 records as 36 bytes each and
     * does not step over options, so it is given records without options here; the sequence option's
     * layout is checked by {@link StructDecoder} and the fixture above.
     */
    @Test
    void tsharksIpvsDissectorReadsTheMessage(@TempDir Path dir) throws Exception {
        SyncConn templ = new SyncConn(6, SyncFlags.MASQ | SyncFlags.TEMPLATE, 0, 0, 0, 80, 0, 360,
            Ipv4Text.parse("203.0.113.0"), VIP, RS);
        byte[] message = new SyncMessageWriter(7, SyncFormat.MASTER_MAX_LENGTH).all(List.of(NAT, templ, DR_UDP)).getFirst();
        byte[] frame = new byte[SyncFrames.HEADERS + message.length];
        SyncFrames.write(MemorySegment.ofArray(frame), 0, 0x020000000001L, SyncFrames.multicastMac(SyncFormat.GROUP),
            Ipv4Text.parse("10.0.0.2"), SyncFormat.GROUP, 1, 1, SyncFormat.PORT, message);
        List<String> lines = TsharkFields.read(dir, List.of(frame), List.of(), "udp.checksum.status", "eth.dst",
            "ipvs.syncid", "ipvs.size", "ipvs.conncount", "ipvs.version", "ipvs.proto", "ipvs.size.v1",
            "ipvs.flags.v1", "ipvs.state", "ipvs.cport", "ipvs.vport", "ipvs.dport", "ipvs.timeout",
            "ipvs.caddr", "ipvs.vaddr", "ipvs.daddr");
        assertEquals(1, lines.size());
        String[] f = lines.getFirst().split("\\|", -1);
        assertEquals("1", f[0], "udp checksum good");
        assertEquals("01:00:5e:00:00:51", f[1]);
        assertEquals(List.of("7", "116", "3", "1", "0x06,0x06,0x11", "36,36,36"), List.of(f).subList(2, 8));
        assertEquals("0x00000000,0x00001000,0x00000183", f[8]);
        assertEquals(List.of("0x0001,0x0000,0x0000", "51234,0,5353", "80,0,53", "80,80,53", "900,360,300",
            "203.0.113.7,203.0.113.0,203.0.113.7", "10.0.0.100,10.0.0.100,10.0.0.100",
            "192.168.1.11,192.168.1.11,192.168.1.11"), List.of(f).subList(9, 17));
    }

    @Test
    void theReaderGivesBackWhatTheMasterSentWithTheBackupsFlags() {
        List<SyncConn> got = new ArrayList<>();
        SyncCounters counters = new SyncCounters();
        byte[] m = hex(MESSAGE);
        SyncMessageReader.read(m, m.length, 7, got::add, counters);
        assertEquals(3, got.size());
        assertEquals(SyncFlags.MASQ | SyncFlags.SYNC, got.get(0).flags());
        assertEquals(FTP.inSeq(), got.get(1).inSeq());
        assertEquals(FTP.outSeq(), got.get(1).outSeq());
        assertEquals(300, got.get(2).timeoutSeconds());
        SyncMessageReader.read(m, m.length, 8, got::add, counters);
        assertEquals(3, got.size(), "another syncid is ignored");
        assertEquals(1, counters.get(SyncCounters.Counter.OTHER_SYNCID));
        SyncMessageReader.read(m, m.length, 0, got::add, counters);
        assertEquals(6, got.size(), "syncid 0 takes every master's messages");
    }

    @Test
    void malformedMessagesAreCountedAndIgnored() {
        SyncCounters c = new SyncCounters();
        List<SyncConn> got = new ArrayList<>();
        byte[] good = hex(MESSAGE);

        SyncMessageReader.read(good, 3, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.HEADER_TOO_SHORT));
        SyncMessageReader.read(good, good.length - 4, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.BAD_SIZE));

        byte[] v0 = good.clone();
        v0[5] = 0;
        SyncMessageReader.read(v0, v0.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.VERSION_0));

        byte[] recordVersion = good.clone();
        recordVersion[8 + 2] = 0x10; // record version 1
        SyncMessageReader.read(recordVersion, recordVersion.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.BAD_RECORD_VERSION));

        byte[] tooBig = good.clone();
        tooBig[8 + 3] = (byte) 0xF0; // record size 240 > message
        SyncMessageReader.read(tooBig, tooBig.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.MESSAGE_TRUNCATED));

        byte[] seqLength = good.clone();
        seqLength[44 + 37] = 23; // sequence option of 23 bytes
        SyncMessageReader.read(seqLength, seqLength.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.BAD_OPTION));

        byte[] state = good.clone();
        state[8 + 9] = 11; // TCP state 11 does not exist: this record alone is skipped
        SyncMessageReader.read(state, state.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.BAD_STATE));

        byte[] sctp = good.clone();
        sctp[8 + 1] = (byte) 132;
        SyncMessageReader.read(sctp, sctp.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.UNSUPPORTED_PROTOCOL));

        byte[] mandatory = good.clone();
        mandatory[44 + 36] = 9; // an unknown option without IPVS_OPT_F_PARAM
        SyncMessageReader.read(mandatory, mandatory.length, 7, got::add, c);
        assertEquals(1, c.get(SyncCounters.Counter.UNKNOWN_MANDATORY_OPTION));
        byte[] optional = good.clone();
        optional[44 + 36] = (byte) (9 | SyncFormat.OPT_F_PARAM); // the same, marked optional: skipped
        int before = got.size();
        SyncMessageReader.read(optional, optional.length, 7, got::add, c);
        assertEquals(3, got.size() - before);
        assertNull(got.get(got.size() - 2).inSeq(), "the optional option is skipped, not read as sequence data");

        // a broken layout keeps the records before it (1, bad option); a skipped record keeps the others
        // (2 each for bad state, other protocol, unknown mandatory option); the optional one keeps all 3
        assertEquals(1 + 2 + 2 + 2 + 3, got.size());
    }

    /** 30,000 damaged messages: nothing throws, and every record handed on is a well-formed IPv4 TCP/UDP one. */
    @Test
    void damagedMessagesNeverThrow() {
        byte[] good = hex(MESSAGE);
        SyncCounters c = new SyncCounters();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 30_000; i++) {
            byte[] m = good.clone();
            int changes = 1 + r.nextInt(6);
            for (int k = 0; k < changes; k++) m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            int len = r.nextInt(3) == 0 ? r.nextInt(m.length + 1) : m.length;
            if (r.nextBoolean()) { m[2] = (byte) (len >> 8); m[3] = (byte) len; }
            SyncMessageReader.read(m, len, 0, conn -> {
                assertTrue(conn.protocol() == 6 || conn.protocol() == 17 || conn.isTemplate());
                assertTrue((conn.flags() & ~(SyncFlags.BACKUP_MASK | SyncFlags.SYNC)) == 0);
            }, c);
        }
        assertEquals(30_000, c.get(SyncCounters.Counter.MESSAGES_RECEIVED));
    }

    @Test
    void framesCarryThePayloadBack() {
        byte[] message = hex(MESSAGE);
        byte[] frame = new byte[SyncFrames.HEADERS + message.length];
        MemorySegment s = MemorySegment.ofArray(frame);
        SyncFrames.write(s, 0, 1, 2, 3, SyncFormat.GROUP, 1, 1, SyncFormat.PORT, message);
        assertEquals(HexFormat.of().formatHex(message), HexFormat.of().formatHex(SyncFrames.payload(s, 0, frame.length, SyncFormat.PORT)));
        assertNull(SyncFrames.payload(s, 0, frame.length, 8849));
        assertNull(SyncFrames.payload(s, 0, frame.length - 1, SyncFormat.PORT));
    }

    /** ip_vs_sync.c's layout read with a DataInputStream, field by field, without the main code's constants. */
    static final class StructDecoder {
        static List<SyncConn> decode(byte[] m) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(m));
            assertEquals(0, in.readUnsignedByte(), "reserved");
            in.readUnsignedByte(); // syncid
            assertEquals(m.length, in.readUnsignedShort(), "size");
            int count = in.readUnsignedByte();
            assertEquals(1, in.readByte(), "version");
            assertEquals(0, in.readUnsignedShort(), "spare");
            int at = 8;
            List<SyncConn> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                while (at % 4 != 0) { assertEquals(0, in.readUnsignedByte(), "padding"); at++; }
                assertEquals(0, in.readUnsignedByte(), "type: IPv4");
                int protocol = in.readUnsignedByte();
                int verSize = in.readUnsignedShort();
                assertEquals(0, verSize >> 12, "record version");
                int size = verSize & 0xFFF;
                int flags = in.readInt(), state = in.readUnsignedShort();
                int cport = in.readUnsignedShort(), vport = in.readUnsignedShort(), dport = in.readUnsignedShort();
                int fwmark = in.readInt(), timeout = in.readInt();
                int caddr = in.readInt(), vaddr = in.readInt(), daddr = in.readInt();
                SyncConn.Seq inSeq = null, outSeq = null;
                int left = size - 36;
                while (left > 0) {
                    int type = in.readUnsignedByte(), len = in.readUnsignedByte();
                    assertEquals(1, type, "only sequence options here");
                    assertEquals(24, len);
                    inSeq = new SyncConn.Seq(in.readInt(), in.readInt(), in.readInt());
                    outSeq = new SyncConn.Seq(in.readInt(), in.readInt(), in.readInt());
                    left -= 2 + len;
                }
                assertEquals(0, left);
                at += size;
                out.add(new SyncConn(protocol, flags, state, cport, vport, dport, fwmark, timeout, caddr, vaddr, daddr,
                    inSeq, outSeq, null, null));
            }
            assertEquals(m.length, at, "no bytes after the last record");
            return out;
        }
    }
}
