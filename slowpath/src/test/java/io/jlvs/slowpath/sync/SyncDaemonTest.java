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
}
