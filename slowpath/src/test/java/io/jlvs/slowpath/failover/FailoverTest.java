package io.jlvs.slowpath.failover;

import io.jlvs.model.Ipv4Text;
import io.jlvs.model.ForwardMethod;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.slowpath.sync.SyncCounters;
import io.jlvs.slowpath.sync.SyncDaemon;
import io.jlvs.slowpath.vrrp.VrrpRouter;
import io.jlvs.slowpath.vrrp.VrrpSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two directors' failover halves on one simulated LAN (every frame one sends, the other
 * receives, through the same entry point the punted frames take): the election, the standby
 * flags and ARP answers that follow the VRRP state, the takeover, and a connection travelling
 * from the master's export ring to the backup's import ring as a sync frame.
 */
class FailoverTest {

    static final int VIP = Ipv4Text.parse("198.51.100.10");
    static final int PRIMARY = Ipv4Text.parse("198.51.100.3"), BACKUP = Ipv4Text.parse("198.51.100.4");

    final List<SyncRecordRing> rings = new ArrayList<>();
    final List<Director> lan = new ArrayList<>();
    final Director primary = new Director("primary", PRIMARY, 0x026a6c000001L, 150);
    final Director backup = new Director("backup", BACKUP, 0x026a6c000003L, 100);

    final class Director {
        final SyncRecordRing export = ring(), imports = ring();
        final List<VrrpRouter.Transition> transitions = new ArrayList<>();
        final Failover failover;
        boolean up = true;

        Director(String name, int address, long mac, int priority) {
            VrrpSettings settings = new VrrpSettings("VI_VIP", 10, priority, 100, false, List.of(VIP), 5, 5_000, 0);
            failover = new Failover(List.of(new Failover.PortRef(0, "lan", mac, address, 1500)),
                List.of(new Failover.Instance(settings, "lan")), this::wire, List.of(export), List.of(imports), transitions::add);
            lan.add(this);
        }

        /** Everything sent reaches every other director that is up, as the bridge floods multicast. */
        private boolean wire(int port, byte[] frame) {
            if (!up) return false;
            for (Director d : lan) {
                if (d != this && d.up) d.failover.receive(0, MemorySegment.ofArray(frame), 0, frame.length, now);
            }
            return true;
        }
    }

    long now;

    SyncRecordRing ring() {
        SyncRecordRing r = new SyncRecordRing(256);
        rings.add(r);
        return r;
    }

    @AfterEach
    void close() { rings.forEach(SyncRecordRing::close); }

    void runUntil(long end) {
        for (; now <= end; now += 10) {
            for (Director d : lan) if (d.up) d.failover.poll(now);
        }
    }

    @Test
    void theFirstToStartIsMasterTheOtherStandsByAndAnswersNoArpForTheVip() {
        primary.failover.start(0);
        assertTrue(primary.failover.standbyPort(0), "INIT/BACKUP: not forwarding yet");
        runUntil(4_000);
        VrrpRouter.Transition last = primary.transitions.getLast();
        assertEquals("BACKUP -> MASTER", last.from() + " -> " + last.to());
        assertFalse(primary.failover.standbyPort(0));
        assertEquals(Boolean.TRUE, primary.failover.answersArp(VIP));
        assertNull(primary.failover.answersArp(PRIMARY), "its own address: the usual rules");

        backup.failover.start(now);
        runUntil(now + 10_000);
        assertTrue(backup.failover.standbyPort(0));
        assertEquals(Boolean.FALSE, backup.failover.answersArp(VIP));
        assertTrue(backup.failover.status().getFirst().startsWith("VRRP_Instance(VI_VIP) BACKUP vrid 10 priority 100 master 198.51.100.3"),
            backup.failover.status().toString());
        assertTrue(backup.failover.counterValues().getOrDefault("vrrp ok", 0L) >= 9, backup.failover.counterValues().toString());
    }

    @Test
    void aSilentMasterIsReplacedWithinTheMasterDownInterval() {
        primary.failover.start(0);
        runUntil(4_000);
        backup.failover.start(now);
        runUntil(now + 5_000);
        primary.up = false;
        long killed = now;
        long versionBefore = backup.failover.version();
        runUntil(now + 5_000);
        VrrpRouter.Transition t = backup.transitions.getLast();
        assertEquals("BACKUP -> MASTER", t.from() + " -> " + t.to());
        long took = t.time() - killed;
        assertTrue(took <= VrrpSettings.masterDownMs(100, 100), "took " + took + " ms");
        assertTrue(took >= VrrpSettings.masterDownMs(100, 100) - 1_000, "not before the interval minus one advert: " + took);
        assertFalse(backup.failover.standbyPort(0));
        assertEquals(Boolean.TRUE, backup.failover.answersArp(VIP));
        assertTrue(backup.failover.version() > versionBefore, "the daemon republishes the snapshot on a new version");
    }

    @Test
    void anOrderlyShutdownHandsOverAfterTheSkewTimeNotTheMasterDownInterval() {
        primary.failover.start(0);
        runUntil(4_000);
        backup.failover.start(now);
        runUntil(now + 5_000);
        assertFalse(primary.failover.standbyPort(0));
        long stopped = now;
        primary.failover.shutdown(now); // sends priority 0 while still on the wire
        primary.up = false;
        assertTrue(primary.failover.standbyPort(0), "a director that said goodbye forwards nothing for the VIP");
        assertEquals(Boolean.FALSE, primary.failover.answersArp(VIP));
        VrrpRouter.Transition bye = primary.transitions.getLast();
        assertEquals("MASTER -> INIT", bye.from() + " -> " + bye.to());
        runUntil(now + 5_000);
        VrrpRouter.Transition t = backup.transitions.getLast();
        assertEquals("BACKUP -> MASTER", t.from() + " -> " + t.to());
        long took = t.time() - stopped;
        // Skew_Time for priority 100 at 1 s: (256 - 100) * 1000 / 256 = 609 ms; master down would be 3,609 ms.
        assertTrue(took <= 609 + 10, "took " + took + " ms");
        assertTrue(took >= 600, "not before the skew time: " + took + " ms");
    }

    @Test
    void aMasterDaemonsConnectionReachesTheBackupDaemonsImportRingAsASyncFrame() {
        assertNull(primary.failover.startDaemon(SyncDaemon.Mode.MASTER, "lan", 7));
        assertNull(backup.failover.startDaemon(SyncDaemon.Mode.BACKUP, "lan", 7));
        assertEquals("master sync daemon is already running", primary.failover.startDaemon(SyncDaemon.Mode.MASTER, "lan", 7));
        assertTrue(primary.failover.startDaemon(SyncDaemon.Mode.BACKUP, "wan", 7).startsWith("no port named \"wan\""));
        assertEquals(List.of("master sync daemon (mcast=lan, syncid=7)"), primary.failover.daemonLines());
        assertEquals(List.of("backup sync daemon (mcast=lan, syncid=7)"), backup.failover.daemonLines());

        int client = Ipv4Text.parse("198.51.100.2"), rs = Ipv4Text.parse("192.0.2.11");
        assertTrue(primary.export.offer(6, client, 40001, VIP, 80, rs, 80, TcpState.ESTABLISHED, ForwardMethod.DR_CODE,
            SyncRecordRing.FLAG_NO_OUTPUT, 900));
        runUntil(2_100); // a partly filled message goes after 2 s
        long slot = backup.imports.peek();
        assertTrue(slot >= 0, "the backup's worker got the connection: " + backup.failover.counterValues());
        assertEquals(client, backup.imports.clientAddr(slot));
        assertEquals(40001, backup.imports.clientPort(slot));
        assertEquals(rs, backup.imports.destAddr(slot));
        assertEquals(TcpState.ESTABLISHED, backup.imports.state(slot));
        assertEquals(900, backup.imports.timeoutSeconds(slot));
        assertEquals(1, backup.failover.syncCounters().get(SyncCounters.Counter.RECORDS_APPLIED));

        assertNull(backup.failover.stopDaemon(null));
        assertEquals(List.of(), backup.failover.daemonLines());
        assertEquals("no sync daemon is running", backup.failover.stopDaemon(null));
    }

    @Test
    void withoutAMasterDaemonTheWorkersRecordsAreDroppedNotLeftInTheRing() {
        primary.export.offer(6, 1, 2, VIP, 80, 3, 80, TcpState.ESTABLISHED, ForwardMethod.NAT_CODE, 0, 900);
        primary.failover.poll(0);
        assertEquals(0, primary.export.size());
    }
}
