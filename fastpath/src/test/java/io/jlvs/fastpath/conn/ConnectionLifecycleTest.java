package io.jlvs.fastpath.conn;

import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.jlvs.fastpath.conn.ConnectionTable.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Connections walked packet by packet, checking after each packet the state, the real server's
 * active/inactive counts (IPVS: ESTABLISHED, SYN_SENT, SYN_RECV and SYNACK are active) and the expiry time.
 */
class ConnectionLifecycleTest {

    private static final int TCP = 6;
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;
    private static final boolean CLIENT = false, SERVER = true;

    private static final int CLIENT_ADDR = 0xCB00_7107;   // 203.0.113.7
    private static final int CLIENT_PORT = 51234;
    private static final int VIP = 0x0A00_0001;           // 10.0.0.1
    private static final int REAL = 0xC0A8_010B;          // 192.168.1.11
    private static final int DEST = 2;
    private static final long T0 = 5_000_000;

    private final DestinationLoad load = new DestinationLoad(2, 4);
    /** Core 1's table: counts must land in row 1 and still sum up. */
    private final ConnectionTable table = new ConnectionTable(1000, 1, load, ConnectionTimeouts.ipvsDefaults());

    @AfterEach
    void close() { table.close(); }

    @Test
    void natConnectionFromSynToTimeWaitAndExpiry() {
        int h = table.insert(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80, REAL, 8080, DEST, 7, ForwardMethod.NAT_CODE, T0);
        expect(h, "NONE", 0, 1, T0 + 2_000);
        assertEquals(h, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80));
        assertEquals(h, table.lookupOut(TCP, REAL, 8080, CLIENT_ADDR, CLIENT_PORT));

        table.onTcp(h, CLIENT, SYN, T0);
        expect(h, "SYN_RECV", 1, 0, T0 + 60_000);
        table.onTcp(h, SERVER, SYN | ACK, T0 + 1);
        expect(h, "SYN_RECV", 1, 0, T0 + 1 + 60_000);
        table.onTcp(h, CLIENT, ACK, T0 + 2);
        expect(h, "ESTABLISHED", 1, 0, T0 + 2 + 900_000);
        table.onTcp(h, SERVER, ACK, T0 + 3);
        expect(h, "ESTABLISHED", 1, 0, T0 + 3 + 900_000);
        table.onTcp(h, CLIENT, FIN | ACK, T0 + 4);
        expect(h, "CLOSE_WAIT", 0, 1, T0 + 4 + 60_000);
        table.onTcp(h, SERVER, ACK, T0 + 5);
        expect(h, "CLOSE_WAIT", 0, 1, T0 + 5 + 60_000);
        table.onTcp(h, SERVER, FIN | ACK, T0 + 6);
        expect(h, "TIME_WAIT", 0, 1, T0 + 6 + 120_000);
        table.onTcp(h, CLIENT, ACK, T0 + 7);
        expect(h, "TIME_WAIT", 0, 1, T0 + 7 + 120_000);

        long deadline = T0 + 7 + 120_000;
        table.expire(deadline - 1, 1_000_000);
        assertEquals(h, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80), "still there 1 ms before");
        // The wheel removes it at the first tick boundary at or after the deadline.
        table.expire(deadline - deadline % ConnectionTable.TICK_MS + ConnectionTable.TICK_MS, 1_000_000);
        assertEquals(NOT_FOUND, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80));
        assertEquals(NOT_FOUND, table.lookupOut(TCP, REAL, 8080, CLIENT_ADDR, CLIENT_PORT));
        assertEquals(0, table.size());
        assertEquals(0, load.active(DEST));
        assertEquals(0, load.inactive(DEST));
    }

    @Test
    void directRoutingConnectionUsesTheInputOnlyTable() {
        int h = table.insert(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80, REAL, 80, DEST, 7, ForwardMethod.DR_CODE, T0);
        assertEquals(NOT_FOUND, table.lookupOut(TCP, REAL, 80, CLIENT_ADDR, CLIENT_PORT), "DR replies bypass us");
        table.onTcp(h, CLIENT, SYN, T0);
        expect(h, "SYN_RECV", 1, 0, T0 + 60_000);
        table.onTcp(h, CLIENT, ACK, T0 + 10);
        expect(h, "ESTABLISHED", 1, 0, T0 + 10 + 900_000);
        table.onTcp(h, CLIENT, FIN | ACK, T0 + 20);          // input-only: ES --fin--> FIN_WAIT
        expect(h, "FIN_WAIT", 0, 1, T0 + 20 + 120_000);
        table.onTcp(h, CLIENT, ACK, T0 + 30);
        expect(h, "FIN_WAIT", 0, 1, T0 + 30 + 120_000);
        // The deadline moved from ES's 900 s to FIN_WAIT's 120 s: the entry must not wait for the old one.
        table.expire(T0 + 30 + 120_000 + ConnectionTable.TICK_MS, 1_000_000);
        assertEquals(NOT_FOUND, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80));
        assertEquals(0, load.active(DEST) + load.inactive(DEST));
    }

    @Test
    void resetsCloseTheConnection() {
        int nat = table.insert(TCP, CLIENT_ADDR, 1001, VIP, 80, REAL, 80, DEST, 7, ForwardMethod.NAT_CODE, T0);
        table.onTcp(nat, CLIENT, SYN, T0);
        table.onTcp(nat, SERVER, RST | ACK, T0 + 1);        // server refuses: OUT rst on SR -> CLOSE
        expect(nat, "CLOSE", 0, 1, T0 + 1 + 10_000);

        int est = table.insert(TCP, CLIENT_ADDR, 1002, VIP, 80, REAL, 80, DEST, 7, ForwardMethod.NAT_CODE, T0);
        table.onTcp(est, CLIENT, SYN, T0);
        table.onTcp(est, SERVER, SYN | ACK, T0);
        table.onTcp(est, CLIENT, ACK, T0);
        assertEquals(1, load.active(DEST));
        table.onTcp(est, CLIENT, RST, T0 + 2);              // IN rst on ES -> CLOSE
        expect(est, "CLOSE", 0, 2, T0 + 2 + 10_000);

        int half = table.insert(TCP, CLIENT_ADDR, 1003, VIP, 80, REAL, 80, DEST, 7, ForwardMethod.DR_CODE, T0);
        table.onTcp(half, CLIENT, SYN, T0);
        table.onTcp(half, CLIENT, RST, T0 + 3);             // IN rst on SR stays SYN_RECV (still active)
        expect(half, "SYN_RECV", 1, 2, T0 + 3 + 60_000);
    }

    @Test
    void aNewSynReusesATimeWaitEntry() {
        int old = table.insert(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80, REAL, 8080, DEST, 7, ForwardMethod.NAT_CODE, T0);
        table.onTcp(old, CLIENT, SYN, T0);
        table.onTcp(old, SERVER, SYN | ACK, T0);
        table.onTcp(old, CLIENT, ACK, T0);
        table.onTcp(old, CLIENT, FIN | ACK, T0);
        table.onTcp(old, SERVER, FIN | ACK, T0);
        expect(old, "TIME_WAIT", 0, 1, T0 + 120_000);

        // A SYN from the same client port: the worker finds the TIME_WAIT entry, expires it and schedules afresh.
        long t1 = T0 + 100_000;
        int found = table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80);
        assertEquals(old, found);
        table.expireNow(found, t1);
        assertEquals(0, load.active(DEST) + load.inactive(DEST));
        assertEquals(NOT_FOUND, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80));

        int fresh = table.insert(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80, REAL, 8080, DEST, 7, ForwardMethod.NAT_CODE, t1);
        table.onTcp(fresh, CLIENT, SYN, t1);
        expect(fresh, "SYN_RECV", 1, 0, t1 + 60_000);
        assertEquals(fresh, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80));
        assertEquals(1, table.size());
        assertEquals(old, fresh, "the freed record is reused");

        // The old entry's wheel slot comes round at T0 + 120 s: nothing left there may touch the new one.
        table.expire(T0 + 121_000, 1_000_000);
        assertEquals(fresh, table.lookupIn(TCP, CLIENT_ADDR, CLIENT_PORT, VIP, 80));
        assertEquals(1, load.active(DEST));
    }

    @Test
    void udpIsInactiveForItsWholeLife() {
        int h = table.insert(17, CLIENT_ADDR, 5353, VIP, 53, REAL, 53, DEST, 7, ForwardMethod.NAT_CODE, T0);
        expect(h, "NONE", 0, 1, T0 + 300_000);
        table.onUdp(h, T0 + 100_000);
        expect(h, "NONE", 0, 1, T0 + 400_000);
        assertEquals(17, table.protocol(h));
        assertNotEquals(NOT_FOUND, table.lookupOut(17, REAL, 53, CLIENT_ADDR, 5353));
    }

    @Test
    void entryKeepsWhatItWasGiven() {
        int h = table.insert(TCP, CLIENT_ADDR, 65535, VIP, 443, REAL, 65534, 3, 99, ForwardMethod.TUN_CODE, T0);
        assertEquals(TCP, table.protocol(h));
        assertEquals(CLIENT_ADDR, table.clientAddr(h));
        assertEquals(65535, table.clientPort(h));
        assertEquals(VIP, table.virtAddr(h));
        assertEquals(443, table.virtPort(h));
        assertEquals(REAL, table.destAddr(h));
        assertEquals(65534, table.destPort(h));
        assertEquals(3, table.destId(h));
        assertEquals(99, table.serviceId(h));
        assertEquals(ForwardMethod.TUN_CODE, table.forwardMethod(h));
    }

    private void expect(int h, String state, int active, int inactive, long expiresAt) {
        assertEquals(state, TcpState.name(table.state(h)), "state");
        assertEquals(active, load.active(DEST), "active");
        assertEquals(inactive, load.inactive(DEST), "inactive");
        assertEquals(expiresAt, table.expiresAt(h), "expires at");
    }
}
