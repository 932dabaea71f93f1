package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network-byte-order field access over a {@link MemorySegment} at any alignment: IPv4 addresses sit
 * at 2-byte alignment behind a 14-byte Ethernet header, and VLAN tags shift everything by 4 more.
 * All values come back unsigned in an int (or a long for 48-bit MACs).
 */
public final class NetBytes {

    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private NetBytes() {}

    public static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    public static void setU8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    public static int u16(MemorySegment s, long offset) {
        return s.get(U16, offset) & 0xffff;
    }

    public static void setU16(MemorySegment s, long offset, int value) {
        s.set(U16, offset, (short) value);
    }

    public static int u32(MemorySegment s, long offset) {
        return s.get(U32, offset);
    }

    public static void setU32(MemorySegment s, long offset, int value) {
        s.set(U32, offset, value);
    }

    /** A MAC address as the low 48 bits of a long, first octet most significant. */
    public static long mac(MemorySegment s, long offset) {
        return ((s.get(U32, offset) & 0xffffffffL) << 16) | (s.get(U16, offset + 4) & 0xffffL);
    }

    public static void setMac(MemorySegment s, long offset, long mac) {
        s.set(U32, offset, (int) (mac >>> 16));
        s.set(U16, offset + 4, (short) mac);
    }
}
