package io.jlvs.perf.ring;

import io.jlvs.ring.SpscLongRing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Burst throughput of {@link SpscLongRing}, in the ways the workers use it.
 *
 * <ul>
 *   <li>{@code sameThread}: one thread offers a burst and drains it again. The cost of the ring's
 *       own code (two array copies, index publication) without any cache-line traffic.
 *   <li>{@code sameThreadOffHeap}: the same from and to off-heap pointer arrays, as rx_burst
 *       fills them and tx_burst reads them.
 *   <li>{@code crossThread}: a producer thread and a consumer thread, as between two worker
 *       cores. The {@code drained} counter is the one-way throughput in values per µs; an operation
 *       is one offer or drain call, including calls that found the ring full or empty.
 * </ul>
 * Run with {@code -prof gc}: all must show 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpscRingBenchmark {

    @State(Scope.Thread)
    public static class SameThread {
        @Param({"1", "32"})
        int burst;
        SpscLongRing ring;
        long[] src;
        long[] dst;

        @Setup
        public void setUp() {
            ring = new SpscLongRing(1024);
            src = new long[burst];
            dst = new long[burst];
            for (int i = 0; i < burst; i++) {
                src[i] = 0x1_0000_0000L + i * 128L;
            }
        }
    }

    /** One operation: offer a burst, drain it back. Values per µs = ops/µs * burst. */
    @Benchmark
    public int sameThread(SameThread state) {
        int offered = state.ring.offer(state.src, 0, state.burst);
        return offered + state.ring.drain(state.dst, state.burst);
    }

    @State(Scope.Thread)
    public static class SameThreadOffHeap {
        @Param({"1", "32"})
        int burst;
        SpscLongRing ring;
        MemorySegment rx;
        MemorySegment tx;

        @Setup
        public void setUp() {
            ring = new SpscLongRing(1024);
            rx = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG, burst);
            tx = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG, burst);
            for (int i = 0; i < burst; i++) {
                rx.setAtIndex(ValueLayout.JAVA_LONG, i, 0x1_0000_0000L + i * 128L);
            }
        }
    }

    /** As {@link #sameThread}, from and to off-heap pointer arrays, as rx_burst fills and tx_burst reads. */
    @Benchmark
    public int sameThreadOffHeap(SameThreadOffHeap state) {
        int offered = state.ring.offer(state.rx, 0, state.burst);
        return offered + state.ring.drain(state.tx, 0, state.burst);
    }

    @State(Scope.Group)
    public static class Shared {
        @Param({"1", "32"})
        int burst;
        SpscLongRing ring;

        @Setup(Level.Trial)
        public void setUp() {
            ring = new SpscLongRing(1024);
        }
    }

    /** Values the producer thread got into the ring. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Offered {
        public long offered;
        final long[] src = new long[256];

        @Setup(Level.Iteration)
        public void reset() {
            offered = 0;
        }
    }

    /** Values the consumer thread took out: the ring's one-way throughput. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Drained {
        public long drained;
        final long[] dst = new long[256];

        @Setup(Level.Iteration)
        public void reset() {
            drained = 0;
        }
    }

    @Benchmark
    @Group("crossThread")
    @GroupThreads(1)
    public int producer(Shared shared, Offered counter) {
        int n = shared.ring.offer(counter.src, 0, shared.burst);
        counter.offered += n;
        return n;
    }

    @Benchmark
    @Group("crossThread")
    @GroupThreads(1)
    public int consumer(Shared shared, Drained counter) {
        int n = shared.ring.drain(counter.dst, shared.burst);
        counter.drained += n;
        return n;
    }
}
