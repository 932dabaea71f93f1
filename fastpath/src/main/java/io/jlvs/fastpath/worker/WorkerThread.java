package io.jlvs.fastpath.worker;

import io.jlvs.bindings.runtime.DpdkRuntime;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.agrona.concurrent.IdleStrategy;

/**
 * Runs a {@link Worker} on its own thread: pins it to its CPU and registers it with EAL (an lcore id,
 * so the mempool caches work), then {@code idle.idle(worker.doWork())} until {@link #stop()}.
 *
 * <p>It also times its loop for the busy fraction a scrape reports: one clock read per round, the
 * round's time (its doWork and its idle) counted as busy when doWork did work. The sums are
 * published with opaque stores and read by any thread ({@link #busyNanos}, {@link #loopNanos}).
 */
public final class WorkerThread {

    private final Worker worker;
    private final int cpu;
    private final IdleStrategy idle;
    private final DpdkRuntime dpdk;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int tid;
    private volatile Throwable failure;
    private long busyNanos;
    private long loopNanos;
    private static final VarHandle BUSY;
    private static final VarHandle LOOP;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BUSY = lookup.findVarHandle(WorkerThread.class, "busyNanos", long.class);
            LOOP = lookup.findVarHandle(WorkerThread.class, "loopNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public WorkerThread(Worker worker, int cpu, IdleStrategy idle, DpdkRuntime dpdk) {
        this.worker = worker;
        this.cpu = cpu;
        this.idle = idle;
        this.dpdk = dpdk;
        this.thread = new Thread(this::run, "jlvs-worker-" + worker.index());
    }

    public void start() { thread.start(); }

    private void run() {
        try {
            dpdk.registerCurrentThread(cpu);
            tid = io.jlvs.bindings.libc.LibC.gettid();
            final Worker w = worker;
            final IdleStrategy i = idle;
            long start = System.nanoTime();
            long busy = 0;
            long loop = 0;
            while (running) {
                int work = w.doWork();
                i.idle(work);
                long end = System.nanoTime();
                long round = end - start;
                start = end;
                if (work > 0) {
                    busy += round;
                    BUSY.setOpaque(this, busy);
                }
                loop += round;
                LOOP.setOpaque(this, loop);
            }
        } catch (Throwable t) {
            failure = t;
            System.err.println("jlvs: " + thread.getName() + " on cpu " + cpu + " failed: " + t);
        } finally {
            try {
                dpdk.unregisterCurrentThread();
            } catch (RuntimeException ignored) {
                // the runtime may be closing
            }
        }
    }

    /** Asks the loop to stop and waits for it (the current round finishes first). */
    public void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    public Worker worker() { return worker; }

    public int cpu() { return cpu; }

    public Thread thread() { return thread; }

    /** The Linux thread id once the thread runs (0 before). */
    public int tid() { return tid; }

    /** Time spent in rounds that did work, since the loop started; any thread. */
    public long busyNanos() { return (long) BUSY.getOpaque(this); }

    /** Time the loop has run; {@code busyNanos / loopNanos} is the busy fraction. Any thread. */
    public long loopNanos() { return (long) LOOP.getOpaque(this); }

    /** What stopped the loop, or null. */
    public Throwable failure() { return failure; }
}
