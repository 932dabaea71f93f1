package io.jlvs.daemon;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.worker.ConnectionListing;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.sched.PersistenceTemplates;
import io.jlvs.slowpath.admin.ConnectionSource;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.EpochClock;

/**
 * {@code jlvsadm -L -c} in the data-plane daemon: the workers' connections, chunk by chunk through
 * each worker's {@link ConnectionListing} (the worker copies, this thread waits and converts), worker
 * after worker, then the persistence templates (ipvsadm lists them too, state NONE). Entries go to
 * the caller's sink as each chunk arrives, so a million connections are never held at once. The
 * admin side may allocate and wait; the worker side does neither. A worker that does not answer
 * within {@link #patienceNanos} (stopped, or stuck) is left out of the listing and logged, so jlvsadm
 * never hangs on it.
 */
final class WorkerConnections implements ConnectionSource {

    private static final System.Logger LOG = System.getLogger(WorkerConnections.class.getName());
    static final long DEFAULT_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Worker[] workers;
    private final ForwardingState state;
    private final EpochClock clock;
    private final long patienceNanos;

    WorkerConnections(Worker[] workers, ForwardingState state, EpochClock clock) {
        this(workers, state, clock, DEFAULT_PATIENCE_NANOS);
    }

    /**
     * @param state         where the templates and the current destinations (for their addresses) are
     * @param clock         the workers' clock, for the templates' time left
     * @param patienceNanos how long to wait for one chunk of one worker
     */
    WorkerConnections(Worker[] workers, ForwardingState state, EpochClock clock, long patienceNanos) {
        this.workers = workers.clone();
        this.state = state;
        this.clock = clock;
        this.patienceNanos = patienceNanos;
    }

    /** One listing at a time: each worker's mailbox holds one request. */
    @Override
    public synchronized void forEach(Consumer<Entry> sink) {
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
                for (int i = 0; i < listing.count(); i++) sink.accept(entry(listing, i));
                from = listing.next();
            }
        }
        templates(sink);
    }

    /**
     * The templates as IPVS lists them: client network with port 0, the virtual address with the
     * template's port (0 for port-0 and FTP services), the server with its port, or 0 when the
     * template's is (ip_vs_sched_persist). A template whose server has left the rules is not listed:
     * its address is no longer known here (the next connection of its client re-binds it).
     */
    private void templates(Consumer<Entry> sink) {
        PersistenceTemplates templates = state.templates();
        ServiceTable services = state.services();
        long now = clock.time();
        for (int slot = 0; slot < templates.capacity(); slot++) {
            PersistenceTemplates.Template t = templates.read(slot);
            if (t == null || !services.hasDestination(t.destId())) continue;
            String protocol = t.protocol() == 17 ? "UDP" : "TCP";
            sink.accept(new Entry(protocol, t.clientNetwork(), 0, t.virtualAddress(), t.virtualPort(),
                    services.destAddress(t.destId()), t.virtualPort() == 0 ? 0 : services.destPort(t.destId()),
                    "NONE", Math.max(0, t.expiresAtMillis() - now) / 1000));
        }
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
