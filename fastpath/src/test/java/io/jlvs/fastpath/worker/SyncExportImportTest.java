package io.jlvs.fastpath.worker;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.fastpath.DropReason;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.PuntReason;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.Verdict;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.model.ForwardMethod;
import io.jlvs.fastpath.conn.SyncPacing;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.ring.RingMesh;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection sync at the workers: a master's worker writes its new connections and state changes
 * to its export ring; the records, moved as the slow path moves them, reach a backup's worker
 * through its import ring, and its table then forwards the connection's next packet to the same
 * real server, with the master's state and timeout. The backup's rules list the servers in another
 * order and with other ids: records carry addresses, not ids.
 *
 * <pre>
 * TCP 10.0.0.100:80 rr -> 192.168.1.11:8080 Masq, 192.168.1.12:8080 Masq
 * UDP 10.0.0.100:53 rr -> 192.168.1.11:5353 Masq
 * TCP 10.0.0.100:443 rr -p 300 -> 192.168.1.11:443 Masq, 192.168.1.12:443 Masq
 * </pre>
 */
class SyncExportImportTest {

    static final int VIP = Ipv4Text.parse("10.0.0.100"), RS1 = Ipv4Text.parse("192.168.1.11"), RS2 = Ipv4Text.parse("192.168.1.12");
    static final int CLIENT = Ipv4Text.parse("203.0.113.7");
    static final int SYN = Tcp.FLAG_SYN, ACK = Tcp.FLAG_ACK, FIN = Tcp.FLAG_FIN;
    static final long ROUTER_MAC = MacText.parse("02:00:00:00:00:fe"), PORT0_MAC = MacText.parse("02:00:00:00:00:01");
    static final long PORT1_MAC = MacText.parse("02:00:00:00:01:01");

    /** One director with one worker, no devices, stepped by hand. */
    static final class Director {
        final DestinationLoad load = new DestinationLoad(1, 16);
        final ConnectionTable table = new ConnectionTable(1024, 0, load, ConnectionTimeouts.ipvsDefaults());
        final ForwardingState state;
        final PacketProcessor processor;
        final Worker worker;
        final SyncRecordRing export = new SyncRecordRing(8);
        final SyncRecordRing imports = new SyncRecordRing(64);
        final MemorySegment buffer = MemorySegment.ofArray(new byte[2048]);
        long now = 5_000_000;

        Director(boolean serversReversed, int firstDestId) {
            List<ServiceTable.RealServer> web = List.of(
                new ServiceTable.RealServer(firstDestId, RS1, 8080, 1, 0, 0, ForwardMethod.NAT, 1, 0),
                new ServiceTable.RealServer(firstDestId + 1, RS2, 8080, 1, 0, 0, ForwardMethod.NAT, 1, 0));
            if (serversReversed) web = List.of(web.get(1), web.get(0));
            List<ServiceTable.RealServer> tls = List.of(
                new ServiceTable.RealServer(firstDestId + 3, RS1, 443, 1, 0, 0, ForwardMethod.NAT, 1, 0),
                new ServiceTable.RealServer(firstDestId + 4, RS2, 443, 1, 0, 0, ForwardMethod.NAT, 1, 0));
            if (serversReversed) tls = List.of(tls.get(1), tls.get(0));
            ServiceTable services = ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, PORT0_MAC, List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, PORT1_MAC, List.of(Ipv4Text.parse("192.168.1.1")), 1500))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("10.0.0.254")))
                .service(new ServiceTable.VirtualService(firstDestId + 10, Ipv4.PROTOCOL_TCP, VIP, 80, new RoundRobinScheduler(2), web))
                .service(new ServiceTable.VirtualService(firstDestId + 11, Ipv4.PROTOCOL_UDP, VIP, 53, new RoundRobinScheduler(1),
                    List.of(new ServiceTable.RealServer(firstDestId + 2, RS1, 5353, 1, 0, 0, ForwardMethod.NAT, 1, 0))))
                .service(new ServiceTable.VirtualService(firstDestId + 12, Ipv4.PROTOCOL_TCP, VIP, 443, new RoundRobinScheduler(1),
                    tls, 300, -1))
                .build();
            state = new ForwardingState(services, NeighbourTable.of(Map.of(Ipv4Text.parse("10.0.0.254"), ROUTER_MAC,
                RS1, MacText.parse("02:00:00:00:01:0b"), RS2, MacText.parse("02:00:00:00:01:0c"))));
            processor = new PacketProcessor(0, table, state);
            worker = new Worker(0, processor, new EthPort[0], 0, 0, new RingMesh(1, 16, 16), () -> now);
            worker.useSync(export, imports);
        }

        /** Client -> VIP; returns the real server address the NAT rewrite chose. */
        int fromClient(boolean tcp, int clientPort, int vport, int flags) {
            byte[] f = ConnectionListingTest.frame(tcp, ROUTER_MAC, PORT0_MAC, CLIENT, clientPort, VIP, vport, flags);
            MemorySegment.copy(f, 0, buffer, ValueLayout.JAVA_BYTE, 128, f.length);
            processor.beginBurst();
            int verdict = processor.process(buffer, 128, f.length, 0, now);
            assertEquals(Verdict.toString(Verdict.transmit(1)), Verdict.toString(verdict));
            return buffer.get(io.jlvs.fastpath.packet.NetBytes.U32, processor.outputOffset() + 14 + 16);
        }

        void fromServer(int rs, int clientPort, int flags) { fromServer(rs, 8080, clientPort, flags); }

        void fromServer(int rs, int rsPort, int clientPort, int flags) {
            byte[] f = ConnectionListingTest.frame(true, MacText.parse("02:00:00:00:01:0b"), PORT1_MAC, rs, rsPort, CLIENT, clientPort, flags);
            MemorySegment.copy(f, 0, buffer, ValueLayout.JAVA_BYTE, 128, f.length);
            processor.beginBurst();
            assertEquals(Verdict.toString(Verdict.transmit(0)), Verdict.toString(processor.process(buffer, 128, f.length, 1, now)));
        }

        void close() {
            worker.close();
            table.close();
            export.close();
            imports.close();
        }
    }

    private final Director master = new Director(false, 0);
    private final Director backup = new Director(true, 5);

    @AfterEach
    void close() {
        master.close();
        backup.close();
    }

    /** What the slow path does between the two: every exported record becomes an imported one. */
    private int carry() {
        int n = 0;
        for (long s; (s = master.export.peek()) >= 0; n++) {
            SyncRecordRing r = master.export;
            assertTrue(backup.imports.offer(r.protocol(s), r.clientAddr(s), r.clientPort(s), r.virtAddr(s), r.virtPort(s),
                r.destAddr(s), r.destPort(s), r.state(s), r.forwardMethod(s), r.flags(s), r.timeoutSeconds(s)));
            r.release();
        }
        return n;
    }

    @Test
    void anEstablishedConnectionReachesTheBackupAndItsNextPacketGoesToTheSameServer() {
        master.fromClient(true, 40000, 80, SYN);   // first server: RS1
        int rs = master.fromClient(true, 40001, 80, SYN);
        assertEquals(RS2, rs);
        assertEquals(0, master.export.size(), "SYN_RECV is not synced (IPVS syncs ES and the closing states)");
        master.fromServer(RS2, 40001, SYN | ACK);
        master.fromClient(true, 40001, 80, ACK);
        assertEquals(1, carry(), "ESTABLISHED is");

        backup.worker.doWork();
        assertEquals(1, backup.worker.counters().get(WorkerCounters.SYNC_IMPORTED));
        int h = backup.table.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 40001, VIP, 80);
        assertTrue(h >= 0);
        assertEquals(TcpState.ESTABLISHED, backup.table.state(h));
        assertEquals(6, backup.table.destId(h), "the backup's own id for 192.168.1.12:8080 (1 on the master)");
        assertEquals(backup.now + 900_000, backup.table.expiresAt(h), "the master's timeout for ESTABLISHED");
        assertEquals(1, backup.load.active(6));

        backup.now += 60_000; // the master died; the client's next segment arrives at the backup
        assertEquals(RS2, backup.fromClient(true, 40001, 80, ACK), "same real server, not rr's next pick");
        assertEquals(backup.now + 900_000, backup.table.expiresAt(h));

        // The master closes one, and the change reaches the backup.
        master.fromClient(true, 40001, 80, FIN);
        assertEquals(1, carry());
        backup.worker.doWork();
        assertEquals(TcpState.CLOSE_WAIT, backup.table.state(h), "IPVS: a client FIN on ESTABLISHED (IN table)");
        assertEquals(0, backup.load.active(6));
        assertEquals(1, backup.load.inactive(6));
    }

    @Test
    void aStandbyPortForwardsNothingUntilTheBackupBecomesMaster() {
        backup.imports.offer(Ipv4.PROTOCOL_TCP, CLIENT, 7, VIP, 80, RS1, 8080, TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, 0, 900);
        backup.worker.doWork();
        backup.state.publishStandbyPorts(0b11); // VRRP backup on both ports
        byte[] f = ConnectionListingTest.frame(true, ROUTER_MAC, PORT0_MAC, CLIENT, 7, VIP, 80, ACK);
        MemorySegment.copy(f, 0, backup.buffer, ValueLayout.JAVA_BYTE, 128, f.length);
        backup.processor.beginBurst();
        assertEquals(Verdict.toString(Verdict.drop(DropReason.STANDBY)),
            Verdict.toString(backup.processor.process(backup.buffer, 128, f.length, 0, backup.now)));
        byte[] toDirector = ConnectionListingTest.frame(true, ROUTER_MAC, PORT0_MAC, CLIENT, 7, Ipv4Text.parse("10.0.0.1"), 22, SYN);
        MemorySegment.copy(toDirector, 0, backup.buffer, ValueLayout.JAVA_BYTE, 128, toDirector.length);
        assertEquals(Verdict.toString(Verdict.punt(PuntReason.LOCAL)),
            Verdict.toString(backup.processor.process(backup.buffer, 128, toDirector.length, 0, backup.now)),
            "the director's own address still reaches the slow path");

        backup.state.publishStandbyPorts(0); // master now: read at the next burst
        assertEquals(RS1, backup.fromClient(true, 7, 80, ACK));
    }

    @Test
    void udpIsSyncedWhenCreatedAndUnknownServersAreCountedAndSkipped() {
        master.fromClient(false, 5000, 53, 0);
        assertEquals(1, carry());
        backup.imports.offer(Ipv4.PROTOCOL_TCP, CLIENT, 1, VIP, 80, Ipv4Text.parse("192.168.1.99"), 8080,
            TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, 0, 900);
        backup.imports.offer(Ipv4.PROTOCOL_TCP, CLIENT, 1, VIP, 443, RS1, 8080, TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, 0, 900);
        backup.worker.doWork();
        assertEquals(1, backup.worker.counters().get(WorkerCounters.SYNC_IMPORTED));
        assertEquals(2, backup.worker.counters().get(WorkerCounters.SYNC_NO_SERVICE));
        int h = backup.table.lookupIn(Ipv4.PROTOCOL_UDP, CLIENT, 5000, VIP, 53);
        assertEquals(backup.now + 300_000, backup.table.expiresAt(h));
        assertEquals(0, backup.export.size(), "an imported connection is not exported again");
    }

    @Test
    void aRecordForAnotherServerReplacesTheEntryUnlessItIsTheOldOnesInactiveNews() {
        backup.imports.offer(Ipv4.PROTOCOL_TCP, CLIENT, 7, VIP, 80, RS1, 8080, TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, 0, 900);
        backup.worker.doWork();
        backup.imports.offer(Ipv4.PROTOCOL_TCP, CLIENT, 7, VIP, 80, RS2, 8080, TcpState.TIME_WAIT, ForwardMethod.NAT_CODE,
            SyncRecordRing.FLAG_INACTIVE, 120);
        backup.worker.doWork();
        int h = backup.table.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 7, VIP, 80);
        assertEquals(RS1, backup.table.destAddr(h), "stale news about a replaced connection is ignored");
        backup.imports.offer(Ipv4.PROTOCOL_TCP, CLIENT, 7, VIP, 80, RS2, 8080, TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, 0, 900);
        backup.worker.doWork();
        h = backup.table.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 7, VIP, 80);
        assertEquals(RS2, backup.table.destAddr(h));
        assertEquals(1, backup.table.size());
        assertEquals(0, backup.load.active(5), "RS1's count went with the old entry");
        assertEquals(1, backup.load.active(6));
    }

    /** A connection to 80 from client port {@code port}, established on the master; its one record carried over. */
    private int establish(int port) {
        int rs = master.fromClient(true, port, 80, SYN);
        master.fromServer(rs, port, SYN | ACK);
        master.fromClient(true, port, 80, ACK);
        assertEquals(1, carry(), "ESTABLISHED is sent at once");
        return rs;
    }

    @Test
    void anEstablishedConnectionIsSentAgainEverySyncPeriodPacketsSoTheBackupsTimeoutFollows() {
        int rs = establish(40010);        // client packets 1 (SYN) and 2 (ACK)
        backup.worker.doWork();
        int h = backup.table.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 40010, VIP, 80);
        // IPVS's defaults (sync_threshold 3 50): packets 3, 53, 103, ... of the client. The 3rd is
        // already served by the ESTABLISHED record.
        for (int packet = 3; packet <= 52; packet++) {
            master.now += 10_000;
            master.fromClient(true, 40010, 80, ACK);
            assertEquals(0, master.export.size(), "packet " + packet);
        }
        master.now += 10_000;
        master.fromClient(true, 40010, 80, ACK);     // the 53rd, 510 s after the handshake
        assertEquals(1, master.export.size());
        long slot = master.export.peek();
        assertEquals(TcpState.ESTABLISHED, master.export.state(slot));
        assertEquals(900, master.export.timeoutSeconds(slot));
        assertEquals(rs, master.export.destAddr(slot));
        backup.now += 510_000;
        assertEquals(1, carry());
        backup.worker.doWork();
        assertEquals(backup.now + 900_000, backup.table.expiresAt(h),
            "refreshed: the entry does not expire 900 s after the handshake while the master still forwards it");
        for (int packet = 54; packet <= 103; packet++) master.fromClient(true, 40010, 80, ACK);
        assertEquals(1, carry(), "the 103rd");
    }

    @Test
    void withAPeriodOfZeroAndARefreshPeriodAConnectionIsResentOnceItsExpiryMovedThatMuch() {
        master.export.setPacing(new SyncPacing(3, 0, 60_000, 0)); // sync_threshold 3 0, sync_refresh_period 60
        establish(40020);
        for (int s = 10; s <= 50; s += 10) {
            master.now += 10_000;
            master.fromClient(true, 40020, 80, ACK);
            assertEquals(0, master.export.size(), s + " s after the last record");
        }
        master.now += 10_000;
        master.fromClient(true, 40020, 80, ACK);
        assertEquals(1, carry(), "60 s: the reported expiry moved by the refresh period");
        master.now += 1_000;
        master.fromClient(true, 40020, 80, ACK);
        assertEquals(0, master.export.size());

        master.export.setPacing(new SyncPacing(3, 0, 60_000, 2)); // two retries, 60 / 8 = 7.5 s apart
        master.now += 7_000;
        master.fromClient(true, 40020, 80, ACK);
        assertEquals(1, carry(), "first retry: more than 7.5 s since the record");
        master.fromClient(true, 40020, 80, ACK);
        assertEquals(0, master.export.size(), "not again within 7.5 s");
        master.now += 8_000;
        master.fromClient(true, 40020, 80, ACK);
        assertEquals(1, carry(), "second retry");
        master.now += 1_000;
        master.fromClient(true, 40020, 80, ACK);
        assertEquals(0, master.export.size(), "retries spent");
    }

    @Test
    void aPersistentClientsTemplateTravelsWithItsConnectionAndKeepsItsServerAfterTakeover() {
        int rs = master.fromClient(true, 41000, 443, SYN);
        assertEquals(RS1, rs, "rr's first pick on the master");
        master.fromServer(rs, 443, 41000, SYN | ACK);
        master.fromClient(true, 41000, 443, ACK);
        assertEquals(2, master.export.size(), "the connection, then its template");
        master.export.release();
        long t = master.export.peek();
        assertEquals(SyncRecordRing.FLAG_TEMPLATE, master.export.flags(t) & SyncRecordRing.FLAG_TEMPLATE);
        assertEquals(0, master.export.clientPort(t), "IPVS's templates have client port 0");
        assertEquals(CLIENT, master.export.clientAddr(t), "the client under -M 255.255.255.255");
        assertEquals(443, master.export.virtPort(t));
        assertEquals(RS1, master.export.destAddr(t));
        assertEquals(443, master.export.destPort(t));
        assertEquals(300, master.export.timeoutSeconds(t), "-p 300");
        assertEquals(1, carry());

        backup.worker.doWork();
        assertEquals(1, backup.worker.counters().get(WorkerCounters.SYNC_TEMPLATES_IMPORTED));
        assertEquals(8, backup.state.templates().destinationOf(Ipv4.PROTOCOL_TCP, CLIENT, VIP, 443),
            "the backup's id of 192.168.1.11:443");
        assertEquals(1, backup.load.persistent(8));

        // Takeover: a new connection of the same client goes where the master sent it, although the
        // backup lists the servers the other way round and its rr would pick 192.168.1.12 first.
        backup.now += 100_000;
        assertEquals(RS1, backup.fromClient(true, 41001, 443, SYN));
        assertEquals(RS1, backup.fromClient(true, 41002, 443, SYN));
        assertEquals(1, backup.state.templates().size());
    }

    @Test
    void withoutItsTemplateTheBackupWouldScheduleAnew() {
        assertEquals(RS2, backup.fromClient(true, 41001, 443, SYN), "the backup's own rr pick: why templates are synced");
    }

    @Test
    void aFullExportRingCountsWhatItLosesAndNeverBlocksTheWorker() {
        for (int p = 0; p < 12; p++) master.fromClient(false, 6000 + p, 53, 0);
        assertEquals(8, master.export.size());
        assertEquals(4, master.table.syncExportLost());
        assertEquals(12, master.table.size(), "every connection still made");
    }
}
