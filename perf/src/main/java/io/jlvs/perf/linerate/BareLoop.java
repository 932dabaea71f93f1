package io.jlvs.perf.linerate;

import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import io.jlvs.fastpath.packet.Ethernet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The limit: rx_burst on the client-side port, tx_burst of the same mbufs on the server-side
 * port, on the worker's core. Fed by the same generator as the worker, it shows what the generator,
 * the rings and the burst calls can carry on this machine.
 *
 * <p>Two kinds. The <em>pointer-only</em> loop moves mbuf addresses and never reads a packet: it
 * flatters, since a forwarder must at least bring each mbuf and its header into the cache. The
 * <em>touching</em> loop does what testpmd's macswap mode does: read the mbuf (data pointer) and the
 * Ethernet header, swap the two MACs, write them back; that is the bare loop jlvs is held against.
 *
 * <p>{@link #step()} is one rx/touch/tx round, so the same loop runs free ({@link #run()}) or is
 * stepped by {@link OfflineDevice}.
 */
final class BareLoop implements Runnable, OfflineDevice.Device {

    private static final int BURST = 32;

    private final EthPort in;
    private final EthPort out;
    private final int cpu;
    private final DpdkRuntime dpdk;
    private final boolean touch;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
    private volatile boolean running = true;
    // Written by the stepping thread only (plain fields), read by it or after it ended.
    private long rx;
    private long tx;
    private long txFailed;
    volatile Throwable failure;
    /** The Linux thread id once the loop runs (for its CPU time). */
    volatile int tid;

    BareLoop(EthPort in, EthPort out, int cpu, DpdkRuntime dpdk, boolean touch) {
        this.in = in;
        this.out = out;
        this.cpu = cpu;
        this.dpdk = dpdk;
        this.touch = touch;
    }

    boolean touches() { return touch; }

    @Override
    public void run() {
        try {
            dpdk.registerCurrentThread(cpu);
            tid = io.jlvs.bindings.libc.LibC.gettid();
            while (running) step();
        } catch (Throwable t) {
            failure = t;
        } finally {
            dpdk.unregisterCurrentThread();
        }
    }

    /** One rx_burst, (macswap), tx_burst; returns frames received. */
    @Override
    public int step() {
        MemorySegment b = burst;
        int n = in.rxBurst(0, b, BURST);
        if (n == 0) return 0;
        rx += n;
        if (touch) {
            MemorySegment mem = Packets.memory();
            long base = Packets.base();
            for (int i = 0; i < n; i++) {
                long frame = Packets.data(b.getAtIndex(ValueLayout.JAVA_LONG, i)) - base;
                long dst = Ethernet.dstMac(mem, frame);
                long src = Ethernet.srcMac(mem, frame);
                Ethernet.setMacs(mem, frame, src, dst);
            }
        }
        int took = out.txBurst(0, b, n);
        tx += took;
        if (took < n) {
            txFailed += n - took;
            PacketPool.freeBulk(b.asSlice(took * 8L), n - took);
        }
        return n;
    }

    @Override
    public long received() { return rx; }

    long transmitted() { return tx; }

    long txFailed() { return txFailed; }

    void stop() { running = false; }

    void close() { arena.close(); }
}
