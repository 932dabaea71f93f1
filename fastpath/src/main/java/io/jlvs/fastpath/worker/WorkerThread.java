package io.jlvs.fastpath.worker;

import io.jlvs.bindings.runtime.DpdkRuntime;
import org.agrona.concurrent.IdleStrategy;

/**
 * Runs a {@link Worker} on its own thread: pins it to its CPU and registers it with EAL (an lcore id,
 * so the mempool caches work), then {@code idle.idle(worker.doWork())} until {@link #stop()}.
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
            while (running) {
                i.idle(w.doWork());
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

    /** What stopped the loop, or null. */
    public Throwable failure() { return failure; }
}
