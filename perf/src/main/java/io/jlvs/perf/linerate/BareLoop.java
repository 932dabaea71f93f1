package io.jlvs.perf.linerate;

import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The limit: rx_burst on the client-side port, tx_burst of the same mbufs on the server-side
 * port, nothing else, on the worker's core. Fed by the same generator as the worker, it shows what
 * the generator, the rings and the burst calls can carry on this machine.
 */
final class BareLoop implements Runnable {

    private static final int BURST = 32;

    private final EthPort in;
    private final EthPort out;
    private final int cpu;
    private final DpdkRuntime dpdk;
    private volatile boolean running = true;
    // Written by the loop's thread only, read after join.
    long rx;
    long tx;
    long txFailed;
    volatile Throwable failure;
    /** The Linux thread id once the loop runs (for its CPU time). */
    volatile int tid;

    BareLoop(EthPort in, EthPort out, int cpu, DpdkRuntime dpdk) {
        this.in = in;
        this.out = out;
        this.cpu = cpu;
        this.dpdk = dpdk;
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            dpdk.registerCurrentThread(cpu);
            tid = io.jlvs.bindings.libc.LibC.gettid();
            MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
            long received = 0, sent = 0, failed = 0;
            while (running) {
                int n = in.rxBurst(0, burst, BURST);
                if (n == 0) continue;
                received += n;
                int took = out.txBurst(0, burst, n);
                sent += took;
                if (took < n) {
                    failed += n - took;
                    PacketPool.freeBulk(burst.asSlice(took * 8L), n - took);
                }
            }
            rx = received;
            tx = sent;
            txFailed = failed;
        } catch (Throwable t) {
            failure = t;
        } finally {
            dpdk.unregisterCurrentThread();
        }
    }

    void stop() { running = false; }
}
