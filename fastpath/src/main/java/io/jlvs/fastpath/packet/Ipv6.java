package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** IPv6 fixed header (RFC 8200): recognised so it can be counted and dropped cleanly. */
public final class Ipv6 {

    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_ADDR_OFFSET = 8;
    public static final int DST_ADDR_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;

    private Ipv6() {}

    public static int version(MemorySegment s, long offset) { return NetBytes.u8(s, offset) >>> 4; }

    public static int payloadLength(MemorySegment s, long offset) { return NetBytes.u16(s, offset + PAYLOAD_LENGTH_OFFSET); }

    public static int nextHeader(MemorySegment s, long offset) { return NetBytes.u8(s, offset + NEXT_HEADER_OFFSET); }
}
