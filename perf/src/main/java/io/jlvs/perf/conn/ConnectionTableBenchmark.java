package io.jlvs.perf.conn;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The per-core connection table at 1K, 1M and 10M live, established NAT connections (TCP, 8 real servers).
 *
 * <ul>
 *   <li>{@code lookupIn} / {@code lookupOut}: find a random live connection from the client side /
 *       the real-server side.
 *   <li>{@code establishedPacket}: what a worker does per packet of an established flow: lookupIn, then
 *       the ACK through the state machine (same state, deadline re-armed lazily).
 *   <li>{@code insertAndExpire}: churn at constant size: the oldest connection is removed
 *       ({@code expireNow}: both indexes, counts, timer wheel) and a new one inserted, as one operation.
 * </ul>
 * Keys are visited in a scattered order (a stride coprime to the size), so the large tables measure
 * cache and TLB misses rather than a warm working set. Run with {@code -prof gc}: all show 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ConnectionTableBenchmark {

    private static final int TCP = 6;
    private static final int SYN = 0x02, ACK = 0x10;
    private static final int VIP = 0x0A000001;
    /** Odd and not a multiple of 5, so coprime to every power-of-ten size: visits every key once per lap. */
    private static final int STRIDE = 7_919_371;

    @Param({"1000", "1000000", "10000000"})
    int connections;

    private ConnectionTable table;
    /** handles[k % connections] = handle of the connection with key k, for the churn benchmark. */
    private int[] handles;
    private int cursor;
    /** Keys 0..next-1 were inserted; the live ones are next-connections..next-1. */
    private int next;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        DestinationLoad load = new DestinationLoad(1, 8);
        table = new ConnectionTable(connections, 0, load, ConnectionTimeouts.ipvsDefaults());
        handles = new int[connections];
        now = 1_000_000;
        for (next = 0; next < connections; next++) {
            int h = insert(next);
            table.onTcp(h, false, SYN, now);      // established before measuring, so establishedPacket
            table.onTcp(h, false, ACK, now);      // measures the steady state (ESTABLISHED stays ESTABLISHED)
            handles[next] = h;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        table.close();
    }

    private int insert(int key) {
        return table.insert(TCP, client(key), port(key), VIP, 80, real(key), 8080, key & 7, 0, ForwardMethod.NAT_CODE, now);
    }

    /** A live key, scattered over the table. */
    private int liveKey() {
        int c = cursor + STRIDE;
        if (c >= connections || c < 0) c = Math.floorMod(c, connections);
        cursor = c;
        return next - connections + c;
    }

    @Benchmark
    public int lookupIn() {
        int key = liveKey();
        return table.lookupIn(TCP, client(key), port(key), VIP, 80);
    }

    @Benchmark
    public int lookupOut() {
        int key = liveKey();
        return table.lookupOut(TCP, real(key), 8080, client(key), port(key));
    }

    @Benchmark
    public int establishedPacket() {
        int key = liveKey();
        int h = table.lookupIn(TCP, client(key), port(key), VIP, 80);
        table.onTcp(h, false, ACK, now);
        return h;
    }

    @Benchmark
    public int insertAndExpire() {
        int slot = next % connections;
        table.expireNow(handles[slot], now);
        int h = insert(next);
        handles[slot] = h;
        next++;
        return h;
    }

    private static int client(int key) { return 0x64000000 + (key >>> 12); }

    private static int port(int key) { return 1024 + (key & 4095); }

    private static int real(int key) { return 0xC0A80100 + (key & 7); }
}
