package io.jlvs.perf.bindings;

import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The FFM boundary and the static packet segment, per packet: rx_burst of 32 from DPDK's net_null0,
 * read and rewrite one IPv4 header word of each packet through {@link Packets}, tx_burst to net_null1.
 * One EAL per forked JVM. Per operation = per packet. Run with {@code -prof gc}:
 * gc.alloc.rate.norm must be 0 B/op.
 *
 * <ul>
 *   <li>{@code rxTx}: the two burst calls alone;</li>
 *   <li>{@code rxRewriteTx}: plus the header rewrite of every packet.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ForwardLoopBenchmark.BURST)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class ForwardLoopBenchmark {
    static final int BURST = 32;

    private DpdkRuntime dpdk;
    private EthPort rx;
    private EthPort tx;
    private Arena arena;
    private MemorySegment burst;

    @Setup(Level.Trial)
    public void start() {
        dpdk = DpdkRuntime.start("--vdev=net_null0", "--vdev=net_null1");
        PacketPool pool = dpdk.createPacketPool("bench", 8191);
        rx = dpdk.port("net_null0");
        tx = dpdk.port("net_null1");
        rx.configure(1, 1, 512, 512, pool);
        tx.configure(1, 1, 512, 512, pool);
        rx.start();
        tx.start();
        arena = Arena.ofShared();
        burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
    }

    @TearDown(Level.Trial)
    public void stop() {
        dpdk.close();
        arena.close();
    }

    @Benchmark
    public int rxTx() {
        int n = rx.rxBurst(0, burst, BURST);
        return send(n);
    }

    @Benchmark
    public int rxRewriteTx() {
        MemorySegment b = burst;
        int n = rx.rxBurst(0, b, BURST);
        for (int i = 0; i < n; i++) {
            long data = Packets.data(b.getAtIndex(ValueLayout.JAVA_LONG, i));
            Packets.putIntBE(data + 26, Packets.getIntBE(data + 26) + 1); // the IPv4 source address's place
        }
        return send(n);
    }

    private int send(int n) {
        int sent = tx.txBurst(0, burst, n);
        if (sent < n) {
            MemorySegment.copy(burst, sent * 8L, burst, 0, (n - sent) * 8L);
            PacketPool.freeBulk(burst, n - sent);
        }
        return sent;
    }
}
