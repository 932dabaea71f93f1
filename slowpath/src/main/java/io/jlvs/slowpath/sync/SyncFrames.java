package io.jlvs.slowpath.sync;

import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;

import java.lang.foreign.MemorySegment;

/**
 * Sync messages in UDP/IPv4/Ethernet frames, sent and received through the director's DPDK ports
 * (the kernel has no address there). Multicast goes to 224.0.0.81 with TTL 1, as the kernel's
 * master sends (mcast_ttl 1).
 */
public final class SyncFrames {

    public static final int UDP_HEADER = 8;
    public static final int HEADERS = Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH + UDP_HEADER;

    private SyncFrames() {}

    /** Ethernet address of an IPv4 multicast group (RFC 1112: 01:00:5e + the low 23 bits). */
    public static long multicastMac(int group) { return 0x01005E000000L | (group & 0x7FFFFF); }

    /** Writes the frame at {@code frame}; returns its length ({@link #HEADERS} + payload). */
    public static int write(MemorySegment b, long frame, long srcMac, long dstMac, int srcIp, int dstIp, int ttl,
                            int ipId, int port, byte[] payload) {
        int udpLength = UDP_HEADER + payload.length;
        Ethernet.setMacs(b, frame, dstMac, srcMac);
        NetBytes.setU16(b, frame + Ethernet.ETHER_TYPE_OFFSET, Ethernet.TYPE_IPV4);
        long ip = frame + Ethernet.HEADER_LENGTH;
        NetBytes.setU8(b, ip + Ipv4.VERSION_IHL_OFFSET, 0x45);
        NetBytes.setU8(b, ip + Ipv4.TOS_OFFSET, 0);
        NetBytes.setU16(b, ip + Ipv4.TOTAL_LENGTH_OFFSET, Ipv4.MIN_HEADER_LENGTH + udpLength);
        NetBytes.setU16(b, ip + Ipv4.IDENTIFICATION_OFFSET, ipId & 0xFFFF);
        NetBytes.setU16(b, ip + Ipv4.FLAGS_FRAGMENT_OFFSET, 0);
        NetBytes.setU8(b, ip + Ipv4.TTL_OFFSET, ttl);
        NetBytes.setU8(b, ip + Ipv4.PROTOCOL_OFFSET, Ipv4.PROTOCOL_UDP);
        NetBytes.setU16(b, ip + Ipv4.CHECKSUM_OFFSET, 0);
        NetBytes.setU32(b, ip + Ipv4.SRC_ADDR_OFFSET, srcIp);
        NetBytes.setU32(b, ip + Ipv4.DST_ADDR_OFFSET, dstIp);
        NetBytes.setU16(b, ip + Ipv4.CHECKSUM_OFFSET, Checksum.compute(b, ip, Ipv4.MIN_HEADER_LENGTH));
        long udp = ip + Ipv4.MIN_HEADER_LENGTH;
        NetBytes.setU16(b, udp, port);
        NetBytes.setU16(b, udp + 2, port);
        NetBytes.setU16(b, udp + 4, udpLength);
        NetBytes.setU16(b, udp + 6, 0);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, b, udp + UDP_HEADER, payload.length);
        int sum = Checksum.addWords(Checksum.addWords(0, srcIp), dstIp) + Ipv4.PROTOCOL_UDP + udpLength;
        int checksum = ~Checksum.fold(Checksum.sum(b, udp, udpLength, sum)) & 0xFFFF;
        NetBytes.setU16(b, udp + 6, checksum == 0 ? 0xFFFF : checksum);
        return HEADERS + payload.length;
    }

    /**
     * The UDP payload of a sync frame to {@code port} (IPv4 without options or with, not fragmented,
     * lengths within the frame), or null when the frame is something else.
     */
    public static byte[] payload(MemorySegment b, long frame, int length, int port) {
        if (length < HEADERS || Ethernet.etherType(b, frame) != Ethernet.TYPE_IPV4) return null;
        long ip = frame + Ethernet.HEADER_LENGTH;
        int ihl = Ipv4.headerLength(b, ip);
        int total = Ipv4.totalLength(b, ip);
        if (Ipv4.version(b, ip) != 4 || ihl < Ipv4.MIN_HEADER_LENGTH || total < ihl + UDP_HEADER
                || Ethernet.HEADER_LENGTH + total > length || Ipv4.protocol(b, ip) != Ipv4.PROTOCOL_UDP
                || Ipv4.isFragment(b, ip)) return null;
        long udp = ip + ihl;
        int udpLength = NetBytes.u16(b, udp + 4);
        if (NetBytes.u16(b, udp + 2) != port || udpLength < UDP_HEADER || udpLength > total - ihl) return null;
        byte[] out = new byte[udpLength - UDP_HEADER];
        MemorySegment.copy(b, udp + UDP_HEADER, MemorySegment.ofArray(out), 0, out.length);
        return out;
    }
}
