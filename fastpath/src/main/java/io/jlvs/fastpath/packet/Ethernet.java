package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** Ethernet II header, optionally with one 802.1Q tag, at {@code offset} in a segment. */
public final class Ethernet {

    public static final int DST_MAC_OFFSET = 0;
    public static final int SRC_MAC_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;
    /** With an 802.1Q tag: tag control information, then the encapsulated ether type. */
    public static final int VLAN_TCI_OFFSET = 14;
    public static final int VLAN_ETHER_TYPE_OFFSET = 16;
    public static final int VLAN_HEADER_LENGTH = 18;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_IPV6 = 0x86DD;

    private Ethernet() {}

    public static long dstMac(MemorySegment s, long offset) { return NetBytes.mac(s, offset + DST_MAC_OFFSET); }

    public static void setDstMac(MemorySegment s, long offset, long mac) { NetBytes.setMac(s, offset + DST_MAC_OFFSET, mac); }

    public static long srcMac(MemorySegment s, long offset) { return NetBytes.mac(s, offset + SRC_MAC_OFFSET); }

    public static void setSrcMac(MemorySegment s, long offset, long mac) { NetBytes.setMac(s, offset + SRC_MAC_OFFSET, mac); }

    /** Both MACs in two stores (8 + 4 bytes) rather than four: the hot path's rewrite of every frame. */
    public static void setMacs(MemorySegment s, long offset, long dstMac, long srcMac) {
        s.set(NetBytes.U64, offset + DST_MAC_OFFSET, (dstMac << 16) | (srcMac >>> 32));
        s.set(NetBytes.U32, offset + SRC_MAC_OFFSET + 2, (int) srcMac);
    }

    /** The outer ether type: {@link #TYPE_VLAN} when tagged. */
    public static int etherType(MemorySegment s, long offset) { return NetBytes.u16(s, offset + ETHER_TYPE_OFFSET); }

    public static int vlanTci(MemorySegment s, long offset) { return NetBytes.u16(s, offset + VLAN_TCI_OFFSET); }

    public static int vlanEtherType(MemorySegment s, long offset) { return NetBytes.u16(s, offset + VLAN_ETHER_TYPE_OFFSET); }
}
