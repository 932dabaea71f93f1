package io.jlvs.bindings.runtime;

import java.lang.foreign.MemorySegment;

/**
 * The address span of every packet-pool memory chunk, mapped once into one segment that
 * {@link Packets} keeps in a {@code static final} field. Pools register their chunks when they are
 * created; the first packet access seals the span. A pool created after that must lie inside it
 * (create packet pools before touching packets).
 */
final class PacketMemory {
    private PacketMemory() {}

    private static long low = Long.MAX_VALUE;
    private static long high = Long.MIN_VALUE;
    private static boolean sealed;

    /** Adds a chunk [address, address + length) of a packet pool. */
    static synchronized void register(String pool, long address, long length) {
        if (sealed) {
            if (address < low || address + length > high) {
                throw new PoolException("pool '" + pool + "' lies outside the packet memory mapped at the first packet access"
                        + " (create every packet pool before touching packets)", 0);
            }
            return;
        }
        low = Math.min(low, address);
        high = Math.max(high, address + length);
    }

    /** The segment over all registered chunks; no chunk may be added outside it from now on. */
    static synchronized MemorySegment seal() {
        if (low >= high) {
            throw new IllegalStateException("no packet pool exists: create one (DpdkRuntime.createPacketPool) before touching packets");
        }
        sealed = true;
        return MemorySegment.ofAddress(low).reinterpret(high - low);
    }
}
