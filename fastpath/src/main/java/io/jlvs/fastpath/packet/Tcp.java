package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** TCP header (RFC 9293) at {@code offset}. */
public final class Tcp {

    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int SEQUENCE_OFFSET = 4;
    public static final int ACKNOWLEDGEMENT_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_POINTER_OFFSET = 18;
    public static final int MIN_HEADER_LENGTH = 20;

    public static final int FLAG_FIN = 0x01;
    public static final int FLAG_SYN = 0x02;
    public static final int FLAG_RST = 0x04;
    public static final int FLAG_PSH = 0x08;
    public static final int FLAG_ACK = 0x10;

    private Tcp() {}

    public static int srcPort(MemorySegment s, long offset) { return NetBytes.u16(s, offset + SRC_PORT_OFFSET); }

    public static void setSrcPort(MemorySegment s, long offset, int port) { NetBytes.setU16(s, offset + SRC_PORT_OFFSET, port); }

    public static int dstPort(MemorySegment s, long offset) { return NetBytes.u16(s, offset + DST_PORT_OFFSET); }

    public static void setDstPort(MemorySegment s, long offset, int port) { NetBytes.setU16(s, offset + DST_PORT_OFFSET, port); }

    /** Header length in bytes (data offset * 4). */
    public static int headerLength(MemorySegment s, long offset) { return (NetBytes.u8(s, offset + DATA_OFFSET_OFFSET) >>> 4) << 2; }

    public static int flags(MemorySegment s, long offset) { return NetBytes.u8(s, offset + FLAGS_OFFSET); }

    public static int checksum(MemorySegment s, long offset) { return NetBytes.u16(s, offset + CHECKSUM_OFFSET); }

    public static void setChecksum(MemorySegment s, long offset, int checksum) { NetBytes.setU16(s, offset + CHECKSUM_OFFSET, checksum); }
}
