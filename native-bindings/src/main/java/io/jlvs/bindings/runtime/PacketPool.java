package io.jlvs.bindings.runtime;

import io.jlvs.bindings.dpdk.JlvsShim;
import io.jlvs.bindings.dpdk.RteMbuf;
import io.jlvs.bindings.dpdk.RteMempool;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A pktmbuf mempool (rte_pktmbuf_pool_create), its memory chunks registered with {@link Packets}.
 * Created by {@link DpdkRuntime#createPacketPool}. The bulk calls take an off-heap array of mbuf
 * addresses (8 bytes each), the same array rx_burst fills.
 */
public final class PacketPool {
    /** One memory chunk of the pool (rte_mempool_memhdr addr and len). */
    public record Chunk(long address, long length) {}

    private final String name;
    private final MemorySegment pool;
    private final int size;
    private final int dataRoom;
    private final List<Chunk> chunks;

    PacketPool(String name, MemorySegment pool, int size, int dataRoom, List<Chunk> chunks) {
        this.name = name;
        this.pool = pool;
        this.size = size;
        this.dataRoom = dataRoom;
        this.chunks = List.copyOf(chunks);
    }

    public String name() {
        return name;
    }

    /** The struct rte_mempool pointer. */
    public MemorySegment pointer() {
        return pool;
    }

    /** The number of mbufs the pool was created with. */
    public int size() {
        return size;
    }

    /** Each mbuf's data room (headroom included). */
    public int dataRoom() {
        return dataRoom;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** Mbufs free in the pool now (rte_mempool_avail_count). */
    public int available() {
        return RteMempool.rte_mempool_avail_count(pool);
    }

    /** Allocates {@code count} mbufs into {@code mbufs}: all of them (true) or none (false). */
    public boolean allocBulk(MemorySegment mbufs, int count) {
        return JlvsShim.jlvs_pktmbuf_alloc_bulk(pool, mbufs, count) == 0;
    }

    /** Frees the first {@code count} mbufs of {@code mbufs} (rte_pktmbuf_free_bulk). */
    public static void freeBulk(MemorySegment mbufs, int count) {
        RteMbuf.rte_pktmbuf_free_bulk(mbufs, count);
    }

    @Override
    public String toString() {
        return "PacketPool[" + name + ", " + size + " mbufs, " + chunks.size() + " chunk(s)]";
    }
}
