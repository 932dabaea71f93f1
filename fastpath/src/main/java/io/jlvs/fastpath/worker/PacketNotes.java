package io.jlvs.fastpath.worker;

import io.jlvs.bindings.dpdk.RteMbuf;
import io.jlvs.bindings.runtime.Packets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Two words of mbuf metadata that travel with a packet between a worker and the slow path, so the
 * rings carry nothing but mbuf addresses. They reuse the 8 bytes of {@code rte_mbuf.hash} (offset
 * 44): the RSS/flow-director hash is written by the driver at rx and read by nobody after
 * ownership is decided, so overwriting it costs nothing.
 *
 * <ul>
 *   <li>worker -> slow path (punt ring): {@link #reason} is the {@link io.jlvs.fastpath.PuntReason};
 *       for a neighbour-unknown punt, {@link #nextHop} is the IPv4 address whose MAC is missing.</li>
 *   <li>slow path -> worker (return ring): {@link #reason} is {@link #ACTION_REPROCESS} (process the
 *       packet again, e.g. once its neighbour resolved) or {@link #transmitOn(int)} (send it out of
 *       that port as it is: ARP and echo replies, ARP requests).</li>
 * </ul>
 */
public final class PacketNotes {

    /** hash.rss: the next hop of a neighbour-unknown punt. */
    public static final long NEXT_HOP_OFFSET = RteMbuf.rte_mbuf$hash_rss;
    /** hash.fdir.hi: punt reason, or the slow path's instruction for a returned packet. */
    public static final long REASON_OFFSET = RteMbuf.rte_mbuf$hash_rss + 4;

    /** Returned packet: run it through the processor again (its rx port is the mbuf's port field). */
    public static final int ACTION_REPROCESS = 0x7fff_ffff;
    private static final int ACTION_TRANSMIT = 0x1_0000;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    private PacketNotes() {}

    /** The instruction "transmit on the port with this table index". */
    public static int transmitOn(int port) { return ACTION_TRANSMIT | port; }

    public static boolean isTransmit(int action) { return (action & ~0xffff) == ACTION_TRANSMIT; }

    public static int transmitPort(int action) { return action & 0xffff; }

    public static int reason(long mbuf) { return mem().get(U32, mbuf - Packets.base() + REASON_OFFSET); }

    public static void setReason(long mbuf, int reason) { mem().set(U32, mbuf - Packets.base() + REASON_OFFSET, reason); }

    public static int nextHop(long mbuf) { return mem().get(U32, mbuf - Packets.base() + NEXT_HOP_OFFSET); }

    public static void setNextHop(long mbuf, int address) { mem().set(U32, mbuf - Packets.base() + NEXT_HOP_OFFSET, address); }

    /** Sets the mbuf's input-port field (the ethdev port id): a packet the slow path builds claims the port it leaves by. */
    public static void setInputPort(long mbuf, int dpdkPortId) {
        mem().set(ValueLayout.JAVA_SHORT_UNALIGNED, mbuf - Packets.base() + RteMbuf.rte_mbuf$port, (short) dpdkPortId);
    }

    private static MemorySegment mem() { return Packets.memory(); }
}
