package io.jlvs.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * rx_burst (net_null0) -> read and rewrite a header field of every packet through the static packet
 * segment -> tx_burst (net_null1): after warm-up, millions of packets allocate 0 bytes on the Java heap
 * (com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes around the loop).
 */
class ZeroAllocationTest {
    private static final int BURST = 32;

    /** The loop under test: what a fast-path worker does per burst, minus the real work. */
    static long forward(EthPort rx, EthPort tx, MemorySegment burst, int bursts) {
        long packets = 0;
        for (int b = 0; b < bursts; b++) {
            int n = rx.rxBurst(0, burst, BURST);
            for (int i = 0; i < n; i++) {
                long mbuf = burst.getAtIndex(ValueLayout.JAVA_LONG, i);
                long data = Packets.data(mbuf);
                if (Packets.dataLen(mbuf) >= 34) {
                    int address = Packets.getIntBE(data + 26); // the IPv4 source address's place
                    Packets.putIntBE(data + 26, address + 1);
                }
            }
            int sent = tx.txBurst(0, burst, n);
            if (sent < n) {
                MemorySegment.copy(burst, sent * 8L, burst, 0, (n - sent) * 8L);
                PacketPool.freeBulk(burst, n - sent);
            }
            packets += n;
        }
        return packets;
    }

    @Test
    void forwardingLoopAllocatesNothingPerPacket() {
        PacketPool pool = DpdkTestFixture.pool();
        EthPort rx = DpdkTestFixture.runtime().port("net_null0");
        EthPort tx = DpdkTestFixture.runtime().port("net_null1");
        rx.configure(1, 1, 512, 512, pool);
        tx.configure(1, 1, 512, 512, pool);
        rx.start();
        tx.start();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
            for (int i = 0; i < 200; i++) { // warm-up: C2 compiles forward() and inlines the downcalls
                forward(rx, tx, burst, 1_000);
            }
            long bestBytes = Long.MAX_VALUE;
            long packets = 0;
            for (int attempt = 0; attempt < 5 && bestBytes != 0; attempt++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                packets = forward(rx, tx, burst, 100_000);
                long after = threads.getCurrentThreadAllocatedBytes();
                bestBytes = Math.min(bestBytes, after - before);
            }
            System.out.printf("zero-allocation loop: %d packets, %d bytes allocated (%.4f bytes/packet)%n",
                    packets, bestBytes, (double) bestBytes / packets);
            assertTrue(packets >= 1_000_000, "net_null delivers full bursts: " + packets);
            assertEquals(0, bestBytes, "bytes allocated by " + packets + " packets");
        } finally {
            rx.stop();
            tx.stop();
        }
    }
}
