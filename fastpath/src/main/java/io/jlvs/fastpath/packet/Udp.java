package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** UDP header (RFC 768) at {@code offset}. A checksum of zero means "none" and must stay zero. */
public final class Udp {

    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    private Udp() {}

    public static int srcPort(MemorySegment s, long offset) { return NetBytes.u16(s, offset + SRC_PORT_OFFSET); }

    public static void setSrcPort(MemorySegment s, long offset, int port) { NetBytes.setU16(s, offset + SRC_PORT_OFFSET, port); }

    public static int dstPort(MemorySegment s, long offset) { return NetBytes.u16(s, offset + DST_PORT_OFFSET); }

    public static void setDstPort(MemorySegment s, long offset, int port) { NetBytes.setU16(s, offset + DST_PORT_OFFSET, port); }

    public static int length(MemorySegment s, long offset) { return NetBytes.u16(s, offset + LENGTH_OFFSET); }

    public static int checksum(MemorySegment s, long offset) { return NetBytes.u16(s, offset + CHECKSUM_OFFSET); }

    public static void setChecksum(MemorySegment s, long offset, int checksum) { NetBytes.setU16(s, offset + CHECKSUM_OFFSET, checksum); }
}
