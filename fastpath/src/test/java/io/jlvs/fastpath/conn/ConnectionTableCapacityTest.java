package io.jlvs.fastpath.conn;

import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static io.jlvs.fastpath.conn.ConnectionTable.NOT_FOUND;
import static io.jlvs.fastpath.conn.ConnectionTable.TABLE_FULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Size, memory per connection, the full-table policy and index consistency under churn. */
class ConnectionTableCapacityTest {

    private static final int TCP = 6;
    private static final int SYN = 0x02, ACK = 0x10;
    private static final int VIP = 0x0A000001;

    @Test
    void aMillionConnectionsAreFoundFromBothDirectionsInAtMost64BytesEach() {
        int n = 1_000_000;
        DestinationLoad load = new DestinationLoad(1, 8);
        try (ConnectionTable table = new ConnectionTable(n, 0, load, ConnectionTimeouts.ipvsDefaults())) {
            int[] handles = new int[n];
            for (int i = 0; i < n; i++) {
                handles[i] = table.insert(TCP, client(i), port(i), VIP, 80, real(i), 8080, i & 7, 0,
                    ForwardMethod.NAT_CODE, 0);
                assertTrue(handles[i] >= 0);
            }
            for (int i = 0; i < n; i++) {
                if (table.lookupIn(TCP, client(i), port(i), VIP, 80) != handles[i]
                    || table.lookupOut(TCP, real(i), 8080, client(i), port(i)) != handles[i]) {
                    throw new AssertionError("connection " + i + " not found from both directions");
                }
            }
            assertEquals(NOT_FOUND, table.lookupIn(TCP, client(n), port(n), VIP, 80));
            assertEquals(n, table.size());
            assertEquals(n, sumInactive(load));

            double exact = (double) table.offHeapBytes() / table.capacity();
            System.out.printf("connection table: %d connections in a table of capacity %d, %d off-heap bytes, "
                    + "%.2f bytes per connection of capacity (%.2f per connection held)%n",
                n, table.capacity(), table.offHeapBytes(), exact, (double) table.offHeapBytes() / n);
            assertTrue(table.bytesPerConnection() <= 64, "bytes per connection " + table.bytesPerConnection());
            assertTrue(table.capacity() >= n);

            // Churn: remove every other connection; the rest stay reachable, the removed ones are gone.
            for (int i = 0; i < n; i += 2) table.expireNow(handles[i], 0);
            for (int i = 0; i < n; i++) {
                int expected = (i & 1) == 0 ? NOT_FOUND : handles[i];
                if (table.lookupIn(TCP, client(i), port(i), VIP, 80) != expected
                    || table.lookupOut(TCP, real(i), 8080, client(i), port(i)) != expected) {
                    throw new AssertionError("after churn, connection " + i);
                }
            }
            assertEquals(n / 2, table.size());
            assertEquals(n / 2, sumInactive(load));
        }
    }

    @Test
    void capacityIsRoundedUpToThreeQuartersOfAPowerOfTwo() {
        DestinationLoad load = new DestinationLoad(1, 1);
        try (ConnectionTable small = new ConnectionTable(1, 0, load, ConnectionTimeouts.ipvsDefaults());
             ConnectionTable exact = new ConnectionTable(12, 0, load, ConnectionTimeouts.ipvsDefaults());
             ConnectionTable million = new ConnectionTable(1_000_000, 0, load, ConnectionTimeouts.ipvsDefaults())) {
            assertEquals(12, small.capacity());        // 16 index slots
            assertEquals(12, exact.capacity());
            assertEquals(1_572_864, million.capacity()); // 2^21 slots * 3/4
            // 48-byte entries + 2 indexes of 4-byte slots at 4/3 slots per entry + the 16 KiB wheel.
            assertEquals(1_572_864L * 48 + 2L * (1 << 21) * 4 + 4097 * 4, million.offHeapBytes());
            assertEquals(59, million.bytesPerConnection());
        }
    }

    @Test
    void aFullTableRefusesNewConnectionsAndKeepsServingTheOldOnes() {
        DestinationLoad load = new DestinationLoad(1, 2);
        try (ConnectionTable table = new ConnectionTable(12, 0, load, ConnectionTimeouts.ipvsDefaults())) {
            int[] handles = new int[12];
            for (int i = 0; i < 12; i++) {
                handles[i] = table.insert(TCP, client(i), port(i), VIP, 80, real(i), 80, 1, 0, ForwardMethod.NAT_CODE, 0);
                table.onTcp(handles[i], false, SYN, 0);
            }
            assertEquals(12, load.active(1));

            assertEquals(TABLE_FULL, table.insert(TCP, client(12), port(12), VIP, 80, real(12), 80, 1, 0,
                ForwardMethod.NAT_CODE, 10));
            assertEquals(12, table.size());
            assertEquals(12, load.active(1));
            assertEquals(0, load.inactive(1), "a refused connection is not counted");
            assertEquals(NOT_FOUND, table.lookupIn(TCP, client(12), port(12), VIP, 80));

            for (int i = 0; i < 12; i++) {
                int h = table.lookupIn(TCP, client(i), port(i), VIP, 80);
                assertEquals(handles[i], h);
                table.onTcp(h, false, ACK, 20);
                assertEquals(TcpState.ESTABLISHED, table.state(h));
            }

            table.expireNow(handles[5], 30);
            int h = table.insert(TCP, client(12), port(12), VIP, 80, real(12), 80, 1, 0, ForwardMethod.NAT_CODE, 30);
            assertEquals(handles[5], h, "the freed record is reused");
            assertEquals(TABLE_FULL, table.insert(TCP, client(13), port(13), VIP, 80, real(13), 80, 1, 0,
                ForwardMethod.NAT_CODE, 30));
        }
    }

    @Test
    void indexesAgreeWithAMapUnderRandomChurnAtFullLoad() {
        DestinationLoad load = new DestinationLoad(1, 1);
        Random random = new Random(42);
        try (ConnectionTable table = new ConnectionTable(96, 0, load, ConnectionTimeouts.ipvsDefaults())) {
            Map<Integer, Integer> live = new HashMap<>();   // key number -> handle
            for (int round = 0; round < 200_000; round++) {
                int key = random.nextInt(200);
                Integer handle = live.get(key);
                if (handle == null) {
                    int method = key % 3 == 0 ? ForwardMethod.DR_CODE : ForwardMethod.NAT_CODE;
                    int h = table.insert(TCP, client(key), port(key), VIP, 80, real(key), 80, 0, 0, method, round);
                    if (live.size() == table.capacity()) {
                        assertEquals(TABLE_FULL, h);
                    } else {
                        assertTrue(h >= 0);
                        live.put(key, h);
                    }
                } else {
                    table.expireNow(handle, round);
                    live.remove(key);
                }
                int probe = random.nextInt(200);
                Integer expected = live.get(probe);
                assertEquals(expected == null ? NOT_FOUND : expected,
                    table.lookupIn(TCP, client(probe), port(probe), VIP, 80), "IN lookup, round " + round);
                int expectedOut = expected == null || probe % 3 == 0 ? NOT_FOUND : expected;
                assertEquals(expectedOut, table.lookupOut(TCP, real(probe), 80, client(probe), port(probe)),
                    "OUT lookup, round " + round);
            }
            assertEquals(live.size(), table.size());
            assertEquals(live.size(), load.inactive(0));
        }
    }

    private static int client(int i) { return 0x64000000 + (i >>> 12); }   // 100.0.0.0/8

    private static int port(int i) { return 1024 + (i & 4095); }

    private static int real(int i) { return 0xC0A80100 + (i & 7); }

    private static int sumInactive(DestinationLoad load) {
        int sum = 0;
        for (int d = 0; d < load.capacity(); d++) sum += load.inactive(d);
        return sum;
    }
}
