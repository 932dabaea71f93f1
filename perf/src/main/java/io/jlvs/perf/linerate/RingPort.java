package io.jlvs.perf.linerate;

import io.jlvs.bindings.dpdk.DpdkLibrary;
import io.jlvs.bindings.dpdk.RteRing;
import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * An ethdev port of DPDK's ring PMD whose rx queue reads one rte_ring and whose tx queue writes
 * another ({@code rte_eth_from_rings}). The harness's generator enqueues into {@link #rxRing()}
 * (what the port "receives") and its sink dequeues from {@link #txRing()} (what the port "sent"),
 * so the worker under test runs its ordinary rx_burst/tx_burst calls against a real ethdev.
 *
 * <p>{@code net_ring} as a plain {@code --vdev} loops tx back into rx on the same ring, which would
 * feed a worker its own output; hence one ring per direction, created here.
 */
final class RingPort {

    private static final MethodHandle ETH_FROM_RINGS = Linker.nativeLinker().downcallHandle(
            ringPmd().find("rte_eth_from_rings").orElseThrow(() -> new UnsatisfiedLinkError("rte_eth_from_rings")),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final EthPort port;
    private final MemorySegment rxRing;
    private final MemorySegment txRing;

    private RingPort(EthPort port, MemorySegment rxRing, MemorySegment txRing) {
        this.port = port;
        this.rxRing = rxRing;
        this.txRing = txRing;
    }

    /** DPDK's ring PMD library: linked into the shim's DPDK set already, or loaded by name. */
    private static SymbolLookup ringPmd() {
        if (DpdkLibrary.lookup().find("rte_eth_from_rings").isPresent()) return DpdkLibrary.lookup();
        try {
            return SymbolLookup.libraryLookup("librte_net_ring.so.23", Arena.global());
        } catch (IllegalArgumentException e) {
            return SymbolLookup.libraryLookup("librte_net_ring.so", Arena.global());
        }
    }

    /**
     * Creates the two rings (single producer, single consumer) and the port, configured and
     * started. A tx ring larger than the packet pool can never be full, so no frame is lost at tx
     * because a slow sink fell behind: the generator runs out of mbufs and waits instead.
     */
    static RingPort create(DpdkRuntime dpdk, String name, int rxRingSize, int txRingSize, PacketPool pool) {
        int flags = RteRing.RING_F_SP_ENQ | RteRing.RING_F_SC_DEQ;
        MemorySegment rx, tx;
        int id;
        try (Arena a = Arena.ofConfined()) {
            rx = RteRing.rte_ring_create(a.allocateFrom(name + "_rx"), rxRingSize, -1, flags);
            tx = RteRing.rte_ring_create(a.allocateFrom(name + "_tx"), txRingSize, -1, flags);
            if (rx.equals(MemorySegment.NULL) || tx.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("rte_ring_create failed for " + name);
            }
            MemorySegment rxs = a.allocate(ValueLayout.ADDRESS, 1);
            MemorySegment txs = a.allocate(ValueLayout.ADDRESS, 1);
            rxs.setAtIndex(ValueLayout.ADDRESS, 0, rx);
            txs.setAtIndex(ValueLayout.ADDRESS, 0, tx);
            id = (int) ETH_FROM_RINGS.invokeExact(a.allocateFrom(name), rxs, 1, txs, 1, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (id < 0) throw new IllegalStateException("rte_eth_from_rings(" + name + ") failed");
        EthPort port = dpdk.port("net_ring_" + name); // the ring PMD prefixes the name
        port.configure(1, 1, 1024, 1024, pool); // the ring PMD ignores descriptor counts
        port.start();
        return new RingPort(port, rx, tx);
    }

    EthPort port() { return port; }

    /** The ring the port's rx queue reads: the generator enqueues here. */
    MemorySegment rxRing() { return rxRing; }

    /** The ring the port's tx queue writes: the sink dequeues here. */
    MemorySegment txRing() { return txRing; }
}
