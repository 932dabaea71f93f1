package io.jlvs.daemon;

import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.worker.ConnectionListing;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.slowpath.admin.ConnectionSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code jlvsadm -L -c} in the data-plane daemon: the workers' connections, chunk by chunk through
 * each worker's {@link ConnectionListing} (the worker copies, this thread waits and converts), worker
 * after worker. The admin side may allocate and wait; the worker side does neither. A worker that
 * does not answer within {@link #patienceNanos} (stopped, or stuck) is left out of the listing and
 * logged, so jlvsadm never hangs on it.
 */
final class WorkerConnections implements ConnectionSource {

    private static final System.Logger LOG = System.getLogger(WorkerConnections.class.getName());
    static final long DEFAULT_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Worker[] workers;
    private final long patienceNanos;

    WorkerConnections(Worker[] workers) {
        this(workers, DEFAULT_PATIENCE_NANOS);
    }

    /** @param patienceNanos how long to wait for one chunk of one worker */
    WorkerConnections(Worker[] workers, long patienceNanos) {
        this.workers = workers.clone();
        this.patienceNanos = patienceNanos;
    }

    /** One listing at a time: each worker's mailbox holds one request. */
    @Override
    public synchronized List<Entry> connections() {
        List<Entry> entries = new ArrayList<>();
        for (Worker worker : workers) {
            ConnectionListing listing = worker.connectionListing();
            int from = 0;
            while (from >= 0) {
                long request = listing.request(from);
                if (!await(listing, request)) {
                    LOG.log(System.Logger.Level.WARNING, "jlvsadm -c: worker " + worker.index()
                            + " did not answer within " + TimeUnit.NANOSECONDS.toMillis(patienceNanos) + " ms; its connections are left out");
                    break;
                }
                for (int i = 0; i < listing.count(); i++) entries.add(entry(listing, i));
                from = listing.next();
            }
        }
        return entries;
    }

    private boolean await(ConnectionListing listing, long request) {
        long deadline = System.nanoTime() + patienceNanos;
        int spins = 0;
        while (!listing.isAnswered(request)) {
            if (System.nanoTime() - deadline > 0) return false;
            // A busy worker answers a chunk in a few rounds (microseconds); an idle one sleeps between rounds.
            if (++spins < 100) Thread.onSpinWait();
            else LockSupport.parkNanos(50_000);
        }
        return true;
    }

    static Entry entry(ConnectionListing listing, int i) {
        boolean udp = listing.protocol(i) == 17;
        return new Entry(udp ? "UDP" : "TCP", listing.clientAddr(i), listing.clientPort(i), listing.virtAddr(i),
                listing.virtPort(i), listing.destAddr(i), listing.destPort(i),
                // IPVS names its one UDP state "UDP" (ip_vs_proto_udp.c).
                udp ? "UDP" : TcpState.name(listing.state(i)),
                // /proc/net/ip_vs_conn shows whole seconds left, rounded down, and ipvsadm prints those.
                listing.expiresInMs(i) / 1000);
    }
}
