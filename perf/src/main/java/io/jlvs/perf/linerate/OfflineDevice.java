package io.jlvs.perf.linerate;

import io.jlvs.bindings.runtime.DpdkRuntime;

import java.util.concurrent.locks.LockSupport;

/**
 * Offline mode: the device under test (the worker, or a bare loop) on its own pinned thread,
 * stepped only while it drains a batch the generator put into its rx ring beforehand. The
 * generator is idle (parked) while the device works, and the clock runs only from the first step
 * of a batch to the step that took its last frame (whose round also flushed tx), so
 * {@link #nanosPerPacket()} is the device's own cost per packet: no cross-core contention on the
 * rings, no time waiting for the generator. The time is the device thread's own CPU time
 * ({@code CLOCK_THREAD_CPUTIME_ID}, read at both ends of a batch), so a batch during which another
 * engineer's process had the core is not charged to the device; and the figure is the median over
 * the batches of each batch's time per packet, so the odd disturbed batch does not move it.
 */
final class OfflineDevice {

    /** What the offline thread steps. */
    interface Device {
        /** One round; returns the work done. */
        int step();

        /** Frames received so far (read on the stepping thread). */
        long received();
    }

    private final Device device;
    private final Thread thread;
    private volatile boolean running = true;
    /** The received count the device must reach; raised by {@link #drain}. */
    private volatile long target;
    /** The target last reached. */
    private volatile long reached;
    private volatile Throwable failure;
    private volatile Thread waiter;
    // Written by the device thread, read by the harness after drain() returned (volatile reached orders them).
    private long busyNanos;
    private long packets;
    private final double[] batchNanosPerPacket = new double[1 << 16];
    private int batches;

    OfflineDevice(String name, Device device, int cpu, DpdkRuntime dpdk, long alreadyReceived) {
        this.device = device;
        this.target = alreadyReceived;
        this.reached = alreadyReceived;
        this.thread = new Thread(() -> run(cpu, dpdk), "jlvs-offline-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int cpu, DpdkRuntime dpdk) {
        try {
            dpdk.registerCurrentThread(cpu);
            Device d = device;
            java.lang.management.ThreadMXBean cpuClock = java.lang.management.ManagementFactory.getThreadMXBean();
            long done = reached;
            while (running) {
                long t = target;
                if (t == done) {
                    Thread.onSpinWait();
                    continue;
                }
                long start = cpuClock.getCurrentThreadCpuTime();
                while (d.received() < t) d.step();
                long took = cpuClock.getCurrentThreadCpuTime() - start;
                busyNanos += took;
                packets += t - done;
                if (batches < batchNanosPerPacket.length) batchNanosPerPacket[batches++] = (double) took / (t - done);
                done = t;
                reached = t;
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        } catch (Throwable t) {
            failure = t;
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        } finally {
            dpdk.unregisterCurrentThread();
        }
    }

    /** Lets the device take {@code frames} more frames (already in its rx ring) and waits, parked, until it did. */
    void drain(int frames) {
        waiter = Thread.currentThread();
        long t = target + frames;
        target = t;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (reached != t) {
            if (failure != null) throw new IllegalStateException("offline device failed", failure);
            if (System.nanoTime() > deadline) throw new IllegalStateException("offline device did not drain " + frames + " frames in 10 s");
            LockSupport.parkNanos(100_000);
        }
    }

    long packets() { return packets; }

    /** The median batch's nanoseconds per packet (NaN before the first batch). */
    double nanosPerPacket() {
        if (batches == 0) return Double.NaN;
        double[] sorted = java.util.Arrays.copyOf(batchNanosPerPacket, batches);
        java.util.Arrays.sort(sorted);
        return sorted[batches / 2];
    }

    /** All draining CPU time over all packets. */
    double meanNanosPerPacket() { return packets == 0 ? Double.NaN : (double) busyNanos / packets; }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
        if (failure != null) throw new IllegalStateException("offline device failed", failure);
    }
}
