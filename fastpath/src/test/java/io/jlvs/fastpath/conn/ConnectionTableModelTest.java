package io.jlvs.fastpath.conn;

import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

import static io.jlvs.fastpath.conn.ConnectionTable.NOT_FOUND;
import static io.jlvs.fastpath.conn.ConnectionTable.TABLE_FULL;
import static io.jlvs.fastpath.conn.ConnectionTable.TICK_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random inserts, packets, reuses and clock jumps (small steps, and jumps past a whole lap of the timer
 * wheel) against a plain model: after the wheel is drained at time {@code now}, a connection whose
 * deadline, rounded up to the tick, is at or before {@code now} is gone; one whose deadline is still
 * ahead is found from both directions; one in between may be either. The real servers' counts equal
 * the model's.
 */
class ConnectionTableModelTest {

    private static final int TCP = 6, UDP = 17;
    private static final int[] FLAG_CHOICES = {0x02, 0x12, 0x10, 0x11, 0x01, 0x04, 0x14, 0x18, 0x00};
    private static final int KEYS = 150;

    /** What the model remembers of a live connection. */
    private static final class Conn {
        int handle;
        long deadline;
    }

    @Test
    void wheelIndexesAndCountsAgreeWithAModel() {
        for (long seed = 1; seed <= 5; seed++) {
            run(new Random(seed));
        }
    }

    private void run(Random random) {
        DestinationLoad load = new DestinationLoad(1, 4);
        ConnectionTimeouts timeouts = ConnectionTimeouts.ipvsDefaults();
        try (ConnectionTable table = new ConnectionTable(96, 0, load, timeouts)) {
            Map<Integer, Conn> live = new HashMap<>();
            long now = 1_000_000_000L + random.nextInt(100_000);
            for (int step = 0; step < 20_000; step++) {
                int roll = random.nextInt(100);
                if (roll < 2) {
                    now += 300_000 + random.nextInt(600_000);          // past a whole lap (409.6 s) at times
                } else if (roll < 40) {
                    now += random.nextInt(3_000);
                }
                int key = random.nextInt(KEYS);
                Conn conn = live.get(key);
                if (conn == null) {
                    int h = table.insert(proto(key), client(key), port(key), 0x0A000001, 80, real(key), 8080,
                        key & 3, 0, method(key), now);
                    if (live.size() == table.capacity()) {
                        assertEquals(TABLE_FULL, h);
                        continue;
                    }
                    conn = new Conn();
                    conn.handle = h;
                    conn.deadline = now + 1000L * (proto(key) == UDP ? timeouts.udpSeconds()
                        : timeouts.tcpSeconds(TcpState.NONE));
                    live.put(key, conn);
                } else if (proto(key) == UDP) {
                    table.onUdp(conn.handle, now);
                    conn.deadline = now + 1000L * timeouts.udpSeconds();
                } else if (random.nextInt(20) == 0) {
                    table.expireNow(conn.handle, now);                   // e.g. a SYN reusing the entry
                    live.remove(key);
                } else {
                    boolean fromServer = method(key) == ForwardMethod.NAT_CODE && random.nextBoolean();
                    table.onTcp(conn.handle, fromServer, FLAG_CHOICES[random.nextInt(FLAG_CHOICES.length)], now);
                    conn.deadline = now + 1000L * timeouts.tcpSeconds(table.state(conn.handle));
                }
                assertEquals(conn == null ? 0 : conn.deadline, conn == null ? 0 : table.expiresAt(conn.handle));

                if (random.nextInt(10) == 0) {
                    int budget = 1 + random.nextInt(8);
                    while (table.expire(now, budget) > 0) {
                        // drain in small bites: expire must resume where it stopped
                    }
                    check(table, load, live, now);
                }
            }
        }
    }

    private static void check(ConnectionTable table, DestinationLoad load, Map<Integer, Conn> live, long now) {
        int[] active = new int[4];
        int[] inactive = new int[4];
        for (Iterator<Map.Entry<Integer, Conn>> it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Conn> e = it.next();
            int key = e.getKey();
            Conn conn = e.getValue();
            int in = table.lookupIn(proto(key), client(key), port(key), 0x0A000001, 80);
            long dueAt = Math.ceilDiv(conn.deadline, TICK_MS) * TICK_MS;
            if (dueAt <= now) {
                assertEquals(NOT_FOUND, in, "key " + key + " due at " + dueAt + " still there at " + now);
                it.remove();
                continue;
            }
            if (conn.deadline <= now && in == NOT_FOUND) {
                it.remove();    // past its deadline, inside the last tick: the wheel may already have taken it
                continue;
            }
            assertEquals(conn.handle, in, "key " + key + " lost before its deadline");
            int out = table.lookupOut(proto(key), real(key), 8080, client(key), port(key));
            assertEquals(method(key) == ForwardMethod.NAT_CODE ? conn.handle : NOT_FOUND, out);
            boolean isActive = proto(key) == TCP && TcpState.isActive(table.state(conn.handle));
            if (isActive) active[key & 3]++;
            else inactive[key & 3]++;
        }
        assertEquals(live.size(), table.size());
        for (int d = 0; d < 4; d++) {
            assertEquals(active[d], load.active(d), "active of " + d);
            assertEquals(inactive[d], load.inactive(d), "inactive of " + d);
        }
        assertTrue(table.size() <= table.capacity());
    }

    private static int proto(int key) { return key % 5 == 0 ? UDP : TCP; }

    private static int method(int key) { return key % 3 == 0 ? ForwardMethod.DR_CODE : ForwardMethod.NAT_CODE; }

    private static int client(int key) { return 0x64000000 + key * 7; }

    private static int port(int key) { return 1024 + key; }

    private static int real(int key) { return 0xC0A80100 + (key & 3); }
}
