package io.jlvs.bindings.runtime;

import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$buf_addr;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$buf_len;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$data_len;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$data_off;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$hash_rss;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$nb_segs;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$next;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$ol_flags;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$pkt_len;
import static io.jlvs.bindings.dpdk.RteMbuf.rte_mbuf$port;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Packets and mbufs by absolute address, with no per-packet objects: every access goes through one
 * {@code static final} segment that covers all packet-pool memory (mapped once, see
 * {@link PacketMemory}), at offset {@code address - BASE}. An address outside the span of the pools
 * throws IndexOutOfBoundsException instead of corrupting memory (the span runs from the lowest chunk
 * to the end of the highest; with several pools, gaps between them are inside it but not theirs).
 *
 * <p>An mbuf is named by its address (a {@code long}, as rx_burst stores it). The mbuf helpers
 * assume single-segment mbufs (jlvs' pools hold a full frame per mbuf), as the fast path does.
 * Multi-byte packet fields come in network order ({@code *BE}); mbuf fields in native order.
 *
 * <p>The span is sealed on first use: create every packet pool before the first call.
 */
public final class Packets {
    private Packets() {}

    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort U16_BE = U16.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32_BE = U32.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64_BE = U64.withOrder(ByteOrder.BIG_ENDIAN);

    /** The mapped span, initialised (and sealed) at the first packet access. */
    private static final class Span {
        static final MemorySegment MEM;
        static final long BASE;

        static {
            MEM = PacketMemory.seal();
            BASE = MEM.address();
        }
    }

    /**
     * Asks the CPU to bring the cache lines at {@code count} absolute addresses (longs in
     * {@code addresses}) into its caches ({@code rte_prefetch0}); a hint, so any address is safe. A
     * burst's stages prefetch what the next stage reads, so the misses of 32 packets overlap.
     */
    public static void prefetch(MemorySegment addresses, int count) {
        if (count > 0) io.jlvs.bindings.dpdk.JlvsShim.jlvs_prefetch(addresses, count);
    }

    /** The segment over all packet memory (offset = address - {@link #base()}). */
    public static MemorySegment memory() {
        return Span.MEM;
    }

    /** The absolute address of offset 0 of {@link #memory()}. */
    public static long base() {
        return Span.BASE;
    }

    /** Whether [address, address + length) lies in packet memory. */
    public static boolean contains(long address, long length) {
        long off = address - Span.BASE;
        return off >= 0 && length >= 0 && off + length <= Span.MEM.byteSize();
    }

    // ---- mbuf fields ----

    /** buf_addr: the address of the mbuf's data buffer. */
    public static long bufAddr(long mbuf) {
        return Span.MEM.get(U64, mbuf - Span.BASE + rte_mbuf$buf_addr);
    }

    /** data_off: the headroom before the packet data. */
    public static int dataOff(long mbuf) {
        return Short.toUnsignedInt(Span.MEM.get(U16, mbuf - Span.BASE + rte_mbuf$data_off));
    }

    /** The address of the packet's first byte (rte_pktmbuf_mtod). */
    public static long data(long mbuf) {
        return bufAddr(mbuf) + dataOff(mbuf);
    }

    /** data_len: bytes of data in this segment. */
    public static int dataLen(long mbuf) {
        return Short.toUnsignedInt(Span.MEM.get(U16, mbuf - Span.BASE + rte_mbuf$data_len));
    }

    /** pkt_len: bytes of the whole packet. */
    public static int pktLen(long mbuf) {
        return Span.MEM.get(U32, mbuf - Span.BASE + rte_mbuf$pkt_len);
    }

    /** buf_len: the data buffer's size, headroom included. */
    public static int bufLen(long mbuf) {
        return Short.toUnsignedInt(Span.MEM.get(U16, mbuf - Span.BASE + rte_mbuf$buf_len));
    }

    /** port: the input port. */
    public static int port(long mbuf) {
        return Short.toUnsignedInt(Span.MEM.get(U16, mbuf - Span.BASE + rte_mbuf$port));
    }

    /** nb_segs */
    public static int segments(long mbuf) {
        return Short.toUnsignedInt(Span.MEM.get(U16, mbuf - Span.BASE + rte_mbuf$nb_segs));
    }

    /** next: the next segment's address, or 0. */
    public static long next(long mbuf) {
        return Span.MEM.get(U64, mbuf - Span.BASE + rte_mbuf$next);
    }

    /** ol_flags */
    public static long offloadFlags(long mbuf) {
        return Span.MEM.get(U64, mbuf - Span.BASE + rte_mbuf$ol_flags);
    }

    /** hash.rss: the NIC's RSS hash (when the port computes one). */
    public static int rssHash(long mbuf) {
        return Span.MEM.get(U32, mbuf - Span.BASE + rte_mbuf$hash_rss);
    }

    /** Sets data_len and pkt_len of a single-segment mbuf. */
    public static void setLength(long mbuf, int length) {
        Span.MEM.set(U16, mbuf - Span.BASE + rte_mbuf$data_len, (short) length);
        Span.MEM.set(U32, mbuf - Span.BASE + rte_mbuf$pkt_len, length);
    }

    /** The free bytes before the data (rte_pktmbuf_headroom). */
    public static int headroom(long mbuf) {
        return dataOff(mbuf);
    }

    /** The free bytes after the data of a single-segment mbuf (rte_pktmbuf_tailroom). */
    public static int tailroom(long mbuf) {
        return bufLen(mbuf) - dataOff(mbuf) - dataLen(mbuf);
    }

    /**
     * Grows the packet at the front by {@code length} bytes (rte_pktmbuf_prepend): returns the new
     * data address, or 0 when the headroom is too small (nothing changed).
     */
    public static long prepend(long mbuf, int length) {
        int off = dataOff(mbuf);
        if (length < 0 || length > off) {
            return 0;
        }
        long m = mbuf - Span.BASE;
        Span.MEM.set(U16, m + rte_mbuf$data_off, (short) (off - length));
        Span.MEM.set(U16, m + rte_mbuf$data_len, (short) (dataLen(mbuf) + length));
        Span.MEM.set(U32, m + rte_mbuf$pkt_len, pktLen(mbuf) + length);
        return bufAddr(mbuf) + off - length;
    }

    /**
     * Removes {@code length} bytes from the front (rte_pktmbuf_adj): returns the new data address, or
     * 0 when the segment holds fewer bytes (nothing changed).
     */
    public static long adj(long mbuf, int length) {
        int len = dataLen(mbuf);
        if (length < 0 || length > len) {
            return 0;
        }
        int off = dataOff(mbuf);
        long m = mbuf - Span.BASE;
        Span.MEM.set(U16, m + rte_mbuf$data_off, (short) (off + length));
        Span.MEM.set(U16, m + rte_mbuf$data_len, (short) (len - length));
        Span.MEM.set(U32, m + rte_mbuf$pkt_len, pktLen(mbuf) - length);
        return bufAddr(mbuf) + off + length;
    }

    /**
     * Grows a single-segment packet at the end (rte_pktmbuf_append): returns the address of the
     * added bytes, or 0 when the tailroom is too small (nothing changed).
     */
    public static long append(long mbuf, int length) {
        if (length < 0 || length > tailroom(mbuf)) {
            return 0;
        }
        long tail = data(mbuf) + dataLen(mbuf);
        long m = mbuf - Span.BASE;
        Span.MEM.set(U16, m + rte_mbuf$data_len, (short) (dataLen(mbuf) + length));
        Span.MEM.set(U32, m + rte_mbuf$pkt_len, pktLen(mbuf) + length);
        return tail;
    }

    /** Removes {@code length} bytes from the end of a single-segment packet (rte_pktmbuf_trim); false when too short. */
    public static boolean trim(long mbuf, int length) {
        int len = dataLen(mbuf);
        if (length < 0 || length > len) {
            return false;
        }
        long m = mbuf - Span.BASE;
        Span.MEM.set(U16, m + rte_mbuf$data_len, (short) (len - length));
        Span.MEM.set(U32, m + rte_mbuf$pkt_len, pktLen(mbuf) - length);
        return true;
    }

    // ---- bytes of packet data, by absolute address ----

    public static int getU8(long address) {
        return Byte.toUnsignedInt(Span.MEM.get(U8, address - Span.BASE));
    }

    public static void putU8(long address, int value) {
        Span.MEM.set(U8, address - Span.BASE, (byte) value);
    }

    /** A 16-bit field in network order, unsigned. */
    public static int getU16BE(long address) {
        return Short.toUnsignedInt(Span.MEM.get(U16_BE, address - Span.BASE));
    }

    public static void putU16BE(long address, int value) {
        Span.MEM.set(U16_BE, address - Span.BASE, (short) value);
    }

    /** A 32-bit field in network order (an IPv4 address, a TCP sequence number). */
    public static int getIntBE(long address) {
        return Span.MEM.get(U32_BE, address - Span.BASE);
    }

    public static void putIntBE(long address, int value) {
        Span.MEM.set(U32_BE, address - Span.BASE, value);
    }

    public static long getLongBE(long address) {
        return Span.MEM.get(U64_BE, address - Span.BASE);
    }

    public static void putLongBE(long address, long value) {
        Span.MEM.set(U64_BE, address - Span.BASE, value);
    }

    /** Copies bytes inside packet memory (the ranges may overlap). */
    public static void copy(long from, long to, long length) {
        MemorySegment.copy(Span.MEM, from - Span.BASE, Span.MEM, to - Span.BASE, length);
    }

    /** Copies packet bytes out to a Java array (for tests and tools; the fast path does not need it). */
    public static void copyOut(long from, byte[] to, int offset, int length) {
        MemorySegment.copy(Span.MEM, U8, from - Span.BASE, to, offset, length);
    }

    /** Copies bytes from a Java array into packet memory. */
    public static void copyIn(byte[] from, int offset, long to, int length) {
        MemorySegment.copy(from, offset, Span.MEM, U8, to - Span.BASE, length);
    }
}
