package io.jlvs.daemon;

import io.jlvs.bindings.runtime.Affinity;
import io.jlvs.fastpath.PacketCounters;
import io.jlvs.fastpath.worker.WorkerThread;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * {@code jlvs: status: key=value ...} every {@code jlvs.status.seconds} seconds (a system property,
 * e.g. through JLVS_JAVA_OPTS; unset or 0: no report): the levels a long run must hold steady. Packet
 * pool free and size, connection-table entries over all workers, the workers' counter totals, the
 * heap after the last collection, collections and their time so far, and the bytes the worker threads
 * have allocated (which must not move after warm-up). Every value is read without a lock: the tables'
 * sizes and the counters have one writer each and a word-sized read of them is never torn.
 */
final class StatusReport implements AutoCloseable {

    static final String PROPERTY = "jlvs.status.seconds";

    private final DataPlane plane;
    private final List<WorkerThread> workers;
    private final PrintStream log;
    private final Thread thread;

    private StatusReport(DataPlane plane, List<WorkerThread> workers, PrintStream log, long seconds, int controlCore) {
        this.plane = plane;
        this.workers = workers;
        this.log = log;
        this.thread = Thread.ofPlatform().name("jlvs-status").daemon().unstarted(() -> {
            Affinity.pinCurrentThread(controlCore);
            try {
                while (true) {
                    Thread.sleep(seconds * 1000);
                    log.println(line());
                }
            } catch (InterruptedException stopping) {
                // close()
            }
        });
    }

    /** Starts the report when the property asks for one, else returns null. */
    static StatusReport startIfAsked(DataPlane plane, List<WorkerThread> workers, PrintStream log, int controlCore) {
        long seconds = Long.getLong(PROPERTY, 0);
        if (seconds <= 0) return null;
        StatusReport report = new StatusReport(plane, workers, log, seconds, controlCore);
        report.thread.start();
        return report;
    }

    String line() {
        StringBuilder s = new StringBuilder("jlvs: status:");
        s.append(" uptime_ms=").append(ManagementFactory.getRuntimeMXBean().getUptime());
        s.append(" pool_free=").append(plane.pool.available()).append(" pool_size=").append(plane.pool.size());
        long connections = 0;
        for (var table : plane.connections) connections += table.size();
        s.append(" connections=").append(connections);
        long evicted = 0, evictionMissed = 0, underPressure = 0;
        for (var w : plane.workers) {
            var d = w.processor().synDefence();
            evicted += d.evicted();
            evictionMissed += d.evictionMissed();
            if (d.underPressure()) underPressure++;
        }
        s.append(" capacity=").append((long) plane.connections[0].capacity() * plane.connections.length);
        s.append(" syn_evicted=").append(evicted).append(" syn_eviction_missed=").append(evictionMissed)
                .append(" syn_pressure_workers=").append(underPressure);
        long rateLimited = 0, tableFull = 0;
        for (var w : plane.workers) {
            rateLimited += w.processor().counters().drops(io.jlvs.fastpath.DropReason.RATE_LIMITED);
            tableFull += w.processor().counters().drops(io.jlvs.fastpath.DropReason.TABLE_FULL);
        }
        s.append(" syn_rate_limited=").append(rateLimited).append(" table_full=").append(tableFull);
        for (int t = 0; t < PacketCounters.TOTALS; t++) {
            long sum = 0;
            for (var w : plane.workers) sum += w.processor().counters().get(t);
            s.append(' ').append(PacketCounters.totalName(t).replace(' ', '_')).append('=').append(sum);
        }
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collected = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (collected != null) afterGc += collected.getUsed();
        }
        s.append(" heap_after_gc=").append(afterGc);
        s.append(" heap_used=").append(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        long collections = 0, collectionMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            collectionMs += Math.max(0, gc.getCollectionTime());
        }
        s.append(" gc_count=").append(collections).append(" gc_ms=").append(collectionMs);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (WorkerThread w : workers) allocated += Math.max(0, threads.getThreadAllocatedBytes(w.thread().threadId()));
        s.append(" worker_allocated_bytes=").append(allocated);
        return s.toString();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
