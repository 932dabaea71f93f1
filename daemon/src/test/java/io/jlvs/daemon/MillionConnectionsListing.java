package io.jlvs.daemon;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.model.ForwardMethod;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.ring.RingMesh;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.admin.AdminProtocol;
import io.jlvs.slowpath.admin.IpvsadmFormatter;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.admin.Response;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run by {@link MillionConnectionsListingTest} in a JVM of its own with a small heap: a worker's
 * table holds {@code args[0]} connections, and {@code -L -n -c} goes through the daemon's path (the
 * worker copying chunks, {@link WorkerConnections}, the formatter, the admin protocol's framing)
 * into a stream that counts what a client would receive. Prints {@code lines=N bytes=N
 * peak-heap-mb=N ms=N}; an OutOfMemoryError ends it with a non-zero status.
 */
public final class MillionConnectionsListing {
    private MillionConnectionsListing() {}

    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        DestinationLoad load = new DestinationLoad(1, 16);
        ConnectionTable table = new ConnectionTable(Integer.highestOneBit(connections) << 1, 0, load, ConnectionTimeouts.ipvsDefaults());
        ForwardingState state = new ForwardingState(ServiceTable.builder(load).build(), NeighbourTable.EMPTY);
        long now = 1_000_000;
        Worker worker = new Worker(0, new PacketProcessor(0, table, state), new EthPort[0], 0, 0,
                new RingMesh(1, 16, 16), () -> now);
        int vip = 0x0a000064;
        for (int i = 0; i < connections; i++) {
            int client = 0xcb000000 | (i >>> 14);
            int port = 1024 + (i & 0x3fff);
            if (table.insert(6, client, port, vip, 80, 0xc0a8010b, 80, 1, 0, ForwardMethod.NAT_CODE, now) < 0) {
                throw new IllegalStateException("table full at " + i);
            }
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();

        AtomicBoolean running = new AtomicBoolean(true);
        Thread stepper = Thread.ofPlatform().name("test-worker").start(() -> {
            while (running.get()) worker.doWork();
        });
        Counting client = new Counting();
        long start = System.nanoTime();
        try {
            WorkerConnections source = new WorkerConnections(new Worker[] {worker}, state, () -> now);
            IpvsadmFormatter formatter = new IpvsadmFormatter(PortNames.NONE);
            AdminProtocol.writeResponse(new DataOutputStream(client),
                    Response.streamed(out -> formatter.connections(source, true, out)));
        } finally {
            running.set(false);
            stepper.join();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.println("lines=" + client.lines + " bytes=" + client.bytes + " peak-heap-mb=" + (peak >> 20) + " ms=" + ms);
        worker.close();
        table.close();
    }

    /** What a client would receive: bytes, and newlines among them (the framing's lengths are binary, no 0x0a in them here). */
    private static final class Counting extends OutputStream {
        long bytes;
        long lines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') lines++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            for (int i = off; i < off + len; i++) if (b[i] == '\n') lines++;
        }
    }
}
