package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/** ARP for IPv4 over Ethernet (RFC 826); the fast path only recognises it and hands it to the slow path. */
public final class Arp {

    public static final int HARDWARE_TYPE_OFFSET = 0;
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    public static final int OPERATION_OFFSET = 6;
    public static final int SENDER_MAC_OFFSET = 8;
    public static final int SENDER_IP_OFFSET = 14;
    public static final int TARGET_MAC_OFFSET = 18;
    public static final int TARGET_IP_OFFSET = 24;
    public static final int LENGTH = 28;

    public static final int OPERATION_REQUEST = 1;
    public static final int OPERATION_REPLY = 2;

    private Arp() {}

    public static int operation(MemorySegment s, long offset) { return NetBytes.u16(s, offset + OPERATION_OFFSET); }

    public static long senderMac(MemorySegment s, long offset) { return NetBytes.mac(s, offset + SENDER_MAC_OFFSET); }

    public static int senderIp(MemorySegment s, long offset) { return NetBytes.u32(s, offset + SENDER_IP_OFFSET); }

    public static long targetMac(MemorySegment s, long offset) { return NetBytes.mac(s, offset + TARGET_MAC_OFFSET); }

    public static int targetIp(MemorySegment s, long offset) { return NetBytes.u32(s, offset + TARGET_IP_OFFSET); }
}
