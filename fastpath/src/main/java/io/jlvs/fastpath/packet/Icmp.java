package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** ICMP header (RFC 792) at {@code offset}; the errors the director sends quote the offending datagram. */
public final class Icmp {

    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    /** Unused in most errors; for fragmentation-needed the low half is the next-hop MTU (RFC 1191). */
    public static final int REST_OFFSET = 4;
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DEST_UNREACHABLE = 3;
    public static final int TYPE_SOURCE_QUENCH = 4;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;

    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    public static final int CODE_TTL_EXCEEDED = 0;

    private Icmp() {}

    public static int type(MemorySegment s, long offset) { return NetBytes.u8(s, offset + TYPE_OFFSET); }

    public static int code(MemorySegment s, long offset) { return NetBytes.u8(s, offset + CODE_OFFSET); }

    public static int checksum(MemorySegment s, long offset) { return NetBytes.u16(s, offset + CHECKSUM_OFFSET); }

    /** Dest-unreachable, source-quench and time-exceeded: the errors that quote a datagram IPVS relates to a connection. */
    public static boolean isErrorAboutDatagram(int type) {
        return type == TYPE_DEST_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_TIME_EXCEEDED;
    }

    public static int nextHopMtu(MemorySegment s, long offset) { return NetBytes.u16(s, offset + NEXT_HOP_MTU_OFFSET); }

    /**
     * Writes an ICMP error header before an already-placed quote of {@code quoteLength} bytes and
     * computes the checksum over header and quote.
     */
    public static void writeError(MemorySegment s, long offset, int type, int code, int nextHopMtu, int quoteLength) {
        NetBytes.setU8(s, offset + TYPE_OFFSET, type);
        NetBytes.setU8(s, offset + CODE_OFFSET, code);
        NetBytes.setU16(s, offset + CHECKSUM_OFFSET, 0);
        NetBytes.setU16(s, offset + REST_OFFSET, 0);
        NetBytes.setU16(s, offset + NEXT_HOP_MTU_OFFSET, nextHopMtu);
        NetBytes.setU16(s, offset + CHECKSUM_OFFSET, Checksum.compute(s, offset, HEADER_LENGTH + quoteLength));
    }
}
