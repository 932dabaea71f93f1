package io.jlvs.daemon;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.model.ForwardMethod;
import io.jlvs.ring.RingMesh;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.admin.ConnectionSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The daemon's side of -L -c, with a worker that has no devices: connections inserted
 * straight into its table, the worker stepped by a thread of the test as a worker thread would.
 */
class WorkerConnectionsTest {

    /** The daemon gives a worker 2 s per chunk; a test thread on a loaded machine gets far longer. */
    private static final long PATIENCE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final DestinationLoad load = new DestinationLoad(1, 16);
    private final ConnectionTable table = new ConnectionTable(1024, 0, load, ConnectionTimeouts.ipvsDefaults());
    private final ForwardingState state = new ForwardingState(ServiceTable.builder(load).build(), NeighbourTable.EMPTY);
    private long now = 1_000_000;
    private final Worker worker = new Worker(0, new PacketProcessor(0, table, state), new EthPort[0], 0, 0,
            new RingMesh(1, 16, 16), () -> now);

    @AfterEach
    void close() {
        worker.close();
        table.close();
    }

    @Test
    void entriesComeOutAsIpvsadmNamesThemWithWholeSecondsLeft() throws Exception {
        int tcp = table.insert(6, Frames.ip("203.0.113.7"), 40001, Frames.ip("10.0.0.100"), 80, Frames.ip("192.168.1.11"), 8080, 0, 1,
                ForwardMethod.NAT_CODE, now);
        table.onTcp(tcp, false, io.jlvs.fastpath.packet.Tcp.FLAG_SYN, now);
        table.insert(17, Frames.ip("203.0.113.7"), 5000, Frames.ip("10.0.0.100"), 53, Frames.ip("192.168.1.11"), 53, 0, 2,
                ForwardMethod.DR_CODE, now);
        now += 1_999;

        List<ConnectionSource.Entry> entries = whileWorkerRuns(() -> new WorkerConnections(new Worker[] {worker}, state, () -> now, PATIENCE_NANOS).connections());

        assertEquals(List.of(
                new ConnectionSource.Entry("TCP", Frames.ip("203.0.113.7"), 40001, Frames.ip("10.0.0.100"), 80,
                        Frames.ip("192.168.1.11"), 8080, "SYN_RECV", 58),
                new ConnectionSource.Entry("UDP", Frames.ip("203.0.113.7"), 5000, Frames.ip("10.0.0.100"), 53,
                        Frames.ip("192.168.1.11"), 53, "UDP", 298)), entries);
    }

    @Test
    void aWorkerThatDoesNotAnswerIsLeftOutInsteadOfHangingJlvsadm() {
        table.insert(6, 1, 1, 2, 80, 3, 80, 0, 1, ForwardMethod.DR_CODE, now);
        // Nobody steps the worker.
        assertEquals(List.of(), new WorkerConnections(new Worker[] {worker}, state, () -> now, 1_000_000).connections());
    }

    private <T> T whileWorkerRuns(java.util.concurrent.Callable<T> action) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread thread = Thread.ofPlatform().name("test-worker").start(() -> {
            while (running.get()) worker.doWork();
        });
        try {
            return action.call();
        } finally {
            running.set(false);
            thread.join();
        }
    }
}
