package io.jlvs.slowpath.sync;

import io.jlvs.model.Ipv4Text;
import io.jlvs.model.ForwardMethod;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.worker.FlowOwnership;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;


import static org.junit.jupiter.api.Assertions.assertEquals;

/** Master workers' export rings -> messages -> a backup's workers' import rings, by flow owner. */
class SyncDaemonTest {

    static final int VIP = Ipv4Text.parse("10.0.0.100"), RS = Ipv4Text.parse("192.168.1.11");
    final List<SyncRecordRing> exports = List.of(new SyncRecordRing(1024), new SyncRecordRing(1024));
    final List<SyncRecordRing> imports = List.of(new SyncRecordRing(1024), new SyncRecordRing(1024));
    final List<byte[]> sent = new ArrayList<>();
    final SyncDaemon master = new SyncDaemon(SyncDaemon.Mode.MASTER, 9, SyncFormat.MASTER_MAX_LENGTH, exports,
        m -> sent.add(m), new SyncCounters());
    final SyncDaemon backup = new SyncDaemon(SyncDaemon.Mode.BACKUP, 9, SyncFormat.MASTER_MAX_LENGTH, imports, null,
        new SyncCounters());

    @AfterEach
    void close() {
        exports.forEach(SyncRecordRing::close);
        imports.forEach(SyncRecordRing::close);
    }

    @Test
    void recordsTravelInFullMessagesOrAfterTheFlushTimeAndLandAtTheirOwner() {
        for (int i = 0; i < 100; i++) {
            int client = Ipv4Text.parse("203.0.113.1") + i;
            exports.get(i % 2).offer(6, client, 40000 + i, VIP, 80, RS, 80, TcpState.ESTABLISHED,
                i % 3 == 0 ? ForwardMethod.DR_CODE : ForwardMethod.NAT_CODE, i % 3 == 0 ? SyncRecordRing.FLAG_NO_OUTPUT : 0, 900);
        }
        master.doWork(0);
        assertEquals(2, sent.size(), "40 records of 36 bytes fill a 1472-byte message: " + sent.size());
        master.doWork(1_999);
        assertEquals(2, sent.size());
        master.doWork(2_000);
        assertEquals(3, sent.size(), "the rest goes after 2 s");
        assertEquals(100, master.counters().get(SyncCounters.Counter.RECORDS_SENT));

        for (byte[] m : sent) backup.receive(m, m.length);
        assertEquals(100, backup.counters().get(SyncCounters.Counter.RECORDS_APPLIED));
        int seen = 0;
        for (int w = 0; w < 2; w++) {
            SyncRecordRing r = imports.get(w);
            for (long s; (s = r.peek()) >= 0; seen++) {
                assertEquals(w, FlowOwnership.ownerOf(r.clientAddr(s), r.clientPort(s), 2), "on its owner's ring");
                int i = r.clientPort(s) - 40000;
                assertEquals(i % 3 == 0 ? ForwardMethod.DR_CODE : ForwardMethod.NAT_CODE, r.forwardMethod(s));
                assertEquals(i % 3 == 0 ? SyncRecordRing.FLAG_NO_OUTPUT : 0, r.flags(s));
                assertEquals(900, r.timeoutSeconds(s));
                assertEquals(TcpState.ESTABLISHED, r.state(s));
                r.release();
            }
        }
        assertEquals(100, seen);
    }

    @Test
    void aFullImportRingIsCountedAndOtherSyncIdsIgnored() {
        SyncMessageWriter w = new SyncMessageWriter(9, 65000);
        List<SyncConn> conns = new ArrayList<>();
        for (int i = 0; i < 3000; i++) conns.add(new SyncConn(17, SyncFlags.MASQ, 0, i, 53, 53, 0, 300, 1, VIP, RS));
        for (byte[] m : w.all(conns)) backup.receive(m, m.length);
        assertEquals(2048, backup.counters().get(SyncCounters.Counter.RECORDS_APPLIED));
        assertEquals(3000 - 2048, backup.counters().get(SyncCounters.Counter.IMPORT_RING_FULL));
        byte[] other = new SyncMessageWriter(10, 1472).all(conns.subList(0, 1)).getFirst();
        backup.receive(other, other.length);
        assertEquals(1, backup.counters().get(SyncCounters.Counter.OTHER_SYNCID));
    }

    @Test
    void templatesAndSequenceDeltasGoOnTheWireAsIpvsWritesThemAndLandWithTheirFlags() {
        int client = Ipv4Text.parse("203.0.113.9");
        SyncRecordRing out = exports.get(0);
        long c = out.claim();
        out.put(c, 6, client, 40021, VIP, 21, RS, 21, TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, SyncRecordRing.FLAG_OUT_SEQ, 900);
        out.putSeq(c, 1, 5047, 5, 0);
        out.publish();
        assertEquals(true, out.offer(6, client, 0, VIP, 0, RS, 21, 0, ForwardMethod.NAT_CODE, SyncRecordRing.FLAG_TEMPLATE, 300));
        master.doWork(0);
        master.flush();
        assertEquals(1, sent.size());
        byte[] m = sent.getFirst();
        // Read back with the format's own reader: flags as ip_vs_sync.c has them, the seq option present.
        List<SyncConn> read = new ArrayList<>();
        SyncMessageReader.read(m, m.length, 9, read::add, new SyncCounters());
        assertEquals(2, read.size());
        SyncConn ftp = read.get(0);
        assertEquals(SyncFlags.OUT_SEQ | SyncFlags.SYNC, ftp.flags() & ~SyncFlags.FWD_MASK);
        assertEquals(new SyncConn.Seq(5047, 5, 0), ftp.outSeq());
        assertEquals(new SyncConn.Seq(0, 0, 0), ftp.inSeq());
        assertEquals(SyncFormat.V4_RECORD_LENGTH + 2 + SyncFormat.SEQ_OPTION_LENGTH, ftp.wireLength());
        SyncConn template = read.get(1);
        assertEquals(SyncFlags.TEMPLATE | SyncFlags.SYNC, template.flags() & ~SyncFlags.FWD_MASK);
        assertEquals(0, template.cport());
        assertEquals(0, template.vport());
        assertEquals(300, template.timeoutSeconds());

        backup.receive(m, m.length);
        assertEquals(1, backup.counters().get(SyncCounters.Counter.RECORDS_APPLIED));
        assertEquals(1, backup.counters().get(SyncCounters.Counter.TEMPLATES_APPLIED));
        int seen = 0;
        for (SyncRecordRing r : imports) {
            for (long s; (s = r.peek()) >= 0; r.release(), seen++) {
                if (r.clientPort(s) == 0) {
                    assertEquals(SyncRecordRing.FLAG_TEMPLATE, r.flags(s));
                    assertEquals(300, r.timeoutSeconds(s));
                } else {
                    assertEquals(SyncRecordRing.FLAG_OUT_SEQ, r.flags(s));
                    assertEquals(5047, r.seq(s, 1, SyncRecordRing.SEQ_INIT));
                    assertEquals(5, r.seq(s, 1, SyncRecordRing.SEQ_DELTA));
                    assertEquals(0, r.seq(s, 0, SyncRecordRing.SEQ_DELTA));
                }
            }
        }
        assertEquals(2, seen);
    }
}
