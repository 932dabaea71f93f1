package io.jlvs.fastpath.conn;

import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.jlvs.fastpath.conn.ConnectionTable.NOT_FOUND;
import static io.jlvs.fastpath.conn.ConnectionTable.TICK_MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry by hand-driven clock: never before the state's timeout, at most one wheel tick after. */
class ConnectionTimeoutTest {

    private static final int TCP = 6, UDP = 17;
    private static final int SYN = 0x02, ACK = 0x10, FIN = 0x01;
    private static final int VIP = 0x0A000001, REAL = 0xC0A8010B;
    private static final int EVERYTHING = Integer.MAX_VALUE;
    /** A multiple of the tick, so whole-second timeouts end exactly on a tick. */
    private static final long T0 = 7_000_000;

    private final DestinationLoad load = new DestinationLoad(1, 4);
    private ConnectionTable table = new ConnectionTable(1000, 0, load, ConnectionTimeouts.ipvsDefaults());

    @AfterEach
    void close() { table.close(); }

    @Test
    void ipvsDefaultTimeouts() {
        ConnectionTimeouts defaults = ConnectionTimeouts.ipvsDefaults();
        //                       NONE  ES   SS   SR  FW   TW   CL  CW  LA  LI   SA
        assertArrayEquals(new int[] {2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120}, defaults.tcpSeconds());
        assertEquals(300, defaults.udpSeconds());
        assertEquals("Timeout (tcp tcpfin udp): 900 120 300", defaults.ipvsadmTimeoutLine());
    }

    @Test
    void setChangesEstablishedFinWaitAndUdpAndZeroKeeps() {
        ConnectionTimeouts set = ConnectionTimeouts.ipvsDefaults().withSet(3600, 30, 60);
        assertArrayEquals(new int[] {2, 3600, 120, 60, 30, 120, 10, 60, 30, 120, 120}, set.tcpSeconds());
        assertEquals(60, set.udpSeconds());
        assertEquals(set, set.withSet(0, 0, 0));
        assertEquals("Timeout (tcp tcpfin udp): 3600 30 120", set.withSet(0, 0, 120).ipvsadmTimeoutLine());
    }

    @Test
    void anUnansweredEntryExpiresAtTheNoneTimeoutAndNotBefore() {
        int h = tcp(1000, T0);
        table.expire(T0 + 1_999, EVERYTHING);
        assertEquals(h, find(1000));
        table.expire(T0 + 2_000, EVERYTHING);
        assertEquals(NOT_FOUND, find(1000));
        assertEquals(0, load.inactive(1));
    }

    @Test
    void aDeadlineBetweenTicksExpiresWithinOneTick() {
        long t = T0 + 37;
        int h = tcp(1000, t);
        table.expire(t + 1_999, EVERYTHING);
        assertEquals(h, find(1000), "not before the deadline");
        table.expire(t + 2_000 + TICK_MS, EVERYTHING);
        assertEquals(NOT_FOUND, find(1000), "by one tick after it");
    }

    @Test
    void packetsKeepAnEstablishedEntryAlive() {
        int h = establish(1000, T0);
        // A packet every 600 s for an hour: each re-arms for 900 s, so the entry never expires.
        for (long t = T0 + 600_000; t <= T0 + 3_600_000; t += 600_000) {
            table.expire(t, EVERYTHING);
            assertEquals(h, find(1000), "alive at " + (t - T0) + " ms");
            table.onTcp(h, false, ACK, t);
        }
        long last = T0 + 3_600_000;
        table.expire(last + 899_999, EVERYTHING);
        assertEquals(h, find(1000));
        table.expire(last + 900_000, EVERYTHING);
        assertEquals(NOT_FOUND, find(1000));
        assertEquals(0, load.active(1) + load.inactive(1));
    }

    @Test
    void expireCalledOftenGivesTheSameResult() {
        int h = establish(1000, T0);
        for (long t = T0; t < T0 + 900_000; t += TICK_MS) {
            table.expire(t, EVERYTHING);
        }
        assertEquals(h, find(1000));
        table.expire(T0 + 900_000, EVERYTHING);
        assertEquals(NOT_FOUND, find(1000));
    }

    @Test
    void aMoveToAShorterTimeoutTakesEffectAtOnce() {
        // ESTABLISHED for 300 s (inside one lap of the wheel), then a RST: CLOSE's 10 s must win.
        table.setTimeouts(ConnectionTimeouts.ipvsDefaults().withSet(300, 0, 0));
        int h = establish(1000, T0);
        table.expire(T0 + 5_000, EVERYTHING);   // the wheel has re-filed the entry for T0 + 300 s
        table.onTcp(h, false, 0x04, T0 + 5_000);
        assertEquals(TcpState.CLOSE, table.state(h));
        table.expire(T0 + 14_999, EVERYTHING);
        assertEquals(h, find(1000));
        table.expire(T0 + 15_000, EVERYTHING);
        assertEquals(NOT_FOUND, find(1000));
    }

    @Test
    void setValuesApplyToLaterPackets() {
        table.setTimeouts(ConnectionTimeouts.ipvsDefaults().withSet(60, 30, 10));
        int est = establish(1000, T0);
        assertEquals(T0 + 60_000, table.expiresAt(est));
        int fin = establish(1001, T0);
        table.onTcp(fin, false, FIN | ACK, T0);
        table.onTcp(fin, true, ACK, T0);                 // OUT ack on CLOSE_WAIT stays CLOSE_WAIT (60 s)
        int dr = table.insert(TCP, 0x01020304, 1002, VIP, 80, REAL, 80, 1, 0, ForwardMethod.DR_CODE, T0);
        table.onTcp(dr, false, SYN, T0);
        table.onTcp(dr, false, ACK, T0);
        table.onTcp(dr, false, FIN | ACK, T0);             // input-only: FIN_WAIT, now 30 s
        assertEquals(T0 + 30_000, table.expiresAt(dr));
        int udp = table.insert(UDP, 0x01020304, 1003, VIP, 53, REAL, 53, 1, 0, ForwardMethod.NAT_CODE, T0);
        assertEquals(T0 + 10_000, table.expiresAt(udp));

        table.expire(T0 + 10_000, EVERYTHING);
        assertEquals(NOT_FOUND, table.lookupIn(UDP, 0x01020304, 1003, VIP, 53));
        table.expire(T0 + 30_000, EVERYTHING);
        assertEquals(NOT_FOUND, find(1002));
        assertEquals(est, find(1000));
        table.expire(T0 + 60_000, EVERYTHING);
        assertEquals(NOT_FOUND, find(1000));
        assertEquals(NOT_FOUND, find(1001));
    }

    @Test
    void expireStopsAtItsBudgetAndResumes() {
        for (int port = 1; port <= 10; port++) {
            table.insert(UDP, 0x01020304, port, VIP, 53, REAL, 53, 1, 0, ForwardMethod.NAT_CODE, T0);
        }
        long later = T0 + 300_000;
        int calls = 0;
        int work;
        do {
            work = table.expire(later, 3);
            assertTrue(work <= 3, "work " + work);
            calls++;
        } while (work > 0);
        assertEquals(0, table.size());
        assertEquals(0, load.inactive(1));
        // 10 entries at one unit each plus the wheel slots walked: more than 3 calls were needed.
        assertTrue(calls > 4, "calls " + calls);
        assertEquals(0, table.expire(later, 3), "nothing left to do");
    }

    @Test
    void deadlinesCrossingA32BitBoundaryStillCompareRight() {
        // Deadlines are stored as 32 bits: a clock near 2^31 and near 2^32 ms must not confuse them.
        for (long start : new long[] {(1L << 31) - 1_000, (1L << 32) - 1_000, (5L << 32) - 100}) {
            int h = table.insert(TCP, 0x01020304, 1000, VIP, 80, REAL, 80, 1, 0, ForwardMethod.NAT_CODE, start);
            assertEquals(start + 2_000, table.expiresAt(h));
            table.expire(start + 1_999, EVERYTHING);
            assertEquals(h, find(1000), "alive just before, start " + start);
            table.expire(start + 2_000 + TICK_MS, EVERYTHING);
            assertEquals(NOT_FOUND, find(1000), "gone after, start " + start);
        }
    }

    @Test
    void nothingIsDueBeforeAnyTimeout() {
        for (int port = 1; port <= 100; port++) tcp(port, T0);
        table.expire(T0 + 1_000, EVERYTHING);
        assertEquals(100, table.size());
        assertNotEquals(NOT_FOUND, find(50));
    }

    private int tcp(int clientPort, long now) {
        return table.insert(TCP, 0x01020304, clientPort, VIP, 80, REAL, 80, 1, 0, ForwardMethod.NAT_CODE, now);
    }

    private int establish(int clientPort, long now) {
        int h = tcp(clientPort, now);
        table.onTcp(h, false, SYN, now);
        table.onTcp(h, true, SYN | ACK, now);
        table.onTcp(h, false, ACK, now);
        assertEquals(TcpState.ESTABLISHED, table.state(h));
        return h;
    }

    private int find(int clientPort) {
        return table.lookupIn(TCP, 0x01020304, clientPort, VIP, 80);
    }
}
