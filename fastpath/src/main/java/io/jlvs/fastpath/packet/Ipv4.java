package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** IPv4 header (RFC 791) at {@code offset}; options allowed (header length from IHL). */
public final class Ipv4 {

    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_ADDR_OFFSET = 12;
    public static final int DST_ADDR_OFFSET = 16;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;

    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_IPIP = 4;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;

    private Ipv4() {}

    public static int version(MemorySegment s, long offset) { return NetBytes.u8(s, offset) >>> 4; }

    /** Header length in bytes (IHL * 4). */
    public static int headerLength(MemorySegment s, long offset) { return (NetBytes.u8(s, offset) & 0x0f) << 2; }

    public static int tos(MemorySegment s, long offset) { return NetBytes.u8(s, offset + TOS_OFFSET); }

    public static int totalLength(MemorySegment s, long offset) { return NetBytes.u16(s, offset + TOTAL_LENGTH_OFFSET); }

    public static int identification(MemorySegment s, long offset) { return NetBytes.u16(s, offset + IDENTIFICATION_OFFSET); }

    /** The 16-bit flags + fragment offset word. */
    public static int flagsFragment(MemorySegment s, long offset) { return NetBytes.u16(s, offset + FLAGS_FRAGMENT_OFFSET); }

    /** True for any fragment: more-fragments set or a non-zero fragment offset. */
    public static boolean isFragment(MemorySegment s, long offset) {
        return (flagsFragment(s, offset) & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public static boolean dontFragment(MemorySegment s, long offset) { return (flagsFragment(s, offset) & FLAG_DF) != 0; }

    public static int ttl(MemorySegment s, long offset) { return NetBytes.u8(s, offset + TTL_OFFSET); }

    public static void setTtl(MemorySegment s, long offset, int ttl) { NetBytes.setU8(s, offset + TTL_OFFSET, ttl); }

    public static int protocol(MemorySegment s, long offset) { return NetBytes.u8(s, offset + PROTOCOL_OFFSET); }

    public static int checksum(MemorySegment s, long offset) { return NetBytes.u16(s, offset + CHECKSUM_OFFSET); }

    public static void setChecksum(MemorySegment s, long offset, int checksum) { NetBytes.setU16(s, offset + CHECKSUM_OFFSET, checksum); }

    public static int srcAddr(MemorySegment s, long offset) { return NetBytes.u32(s, offset + SRC_ADDR_OFFSET); }

    public static void setSrcAddr(MemorySegment s, long offset, int address) { NetBytes.setU32(s, offset + SRC_ADDR_OFFSET, address); }

    public static int dstAddr(MemorySegment s, long offset) { return NetBytes.u32(s, offset + DST_ADDR_OFFSET); }

    public static void setDstAddr(MemorySegment s, long offset, int address) { NetBytes.setU32(s, offset + DST_ADDR_OFFSET, address); }

    /**
     * Writes a 20-byte header without options and its checksum; used for the TUN outer header and
     * for ICMP errors the director originates.
     */
    public static void writeHeader(MemorySegment s, long offset, int tos, int totalLength, int identification,
                                   int flagsFragment, int ttl, int protocol, int srcAddr, int dstAddr) {
        NetBytes.setU8(s, offset, 0x45);
        NetBytes.setU8(s, offset + TOS_OFFSET, tos);
        NetBytes.setU16(s, offset + TOTAL_LENGTH_OFFSET, totalLength);
        NetBytes.setU16(s, offset + IDENTIFICATION_OFFSET, identification);
        NetBytes.setU16(s, offset + FLAGS_FRAGMENT_OFFSET, flagsFragment);
        NetBytes.setU8(s, offset + TTL_OFFSET, ttl);
        NetBytes.setU8(s, offset + PROTOCOL_OFFSET, protocol);
        NetBytes.setU16(s, offset + CHECKSUM_OFFSET, 0);
        NetBytes.setU32(s, offset + SRC_ADDR_OFFSET, srcAddr);
        NetBytes.setU32(s, offset + DST_ADDR_OFFSET, dstAddr);
        NetBytes.setU16(s, offset + CHECKSUM_OFFSET, Checksum.compute(s, offset, MIN_HEADER_LENGTH));
    }
}
