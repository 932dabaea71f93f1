package io.jlvs.slowpath.neighbour;

import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Icmp;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;

import java.lang.foreign.MemorySegment;

/** ICMP echo (ping) answered in place: the request's buffer becomes the reply. */
public final class EchoReplies {

    private static final int TTL = 64;

    private EchoReplies() {}

    /**
     * The IPv4 header offset of a well-formed, unfragmented ICMP echo request in this frame, or -1.
     * The ICMP checksum is verified: a corrupted request gets no answer, as from Linux.
     */
    public static long echoRequest(MemorySegment b, long frame, int length) {
        if (length < Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH + Icmp.HEADER_LENGTH) return -1;
        if (Ethernet.etherType(b, frame) != Ethernet.TYPE_IPV4) return -1;
        long ip = frame + Ethernet.HEADER_LENGTH;
        int ihl = Ipv4.headerLength(b, ip);
        int total = Ipv4.totalLength(b, ip);
        if (Ipv4.version(b, ip) != 4 || ihl < Ipv4.MIN_HEADER_LENGTH || total < ihl + Icmp.HEADER_LENGTH
                || Ethernet.HEADER_LENGTH + total > length) return -1;
        if (Ipv4.protocol(b, ip) != Ipv4.PROTOCOL_ICMP || Ipv4.isFragment(b, ip)) return -1;
        if (!Checksum.verify(b, ip, ihl)) return -1;
        long icmp = ip + ihl;
        if (Icmp.type(b, icmp) != Icmp.TYPE_ECHO_REQUEST || Icmp.code(b, icmp) != 0) return -1;
        if (!Checksum.verify(b, icmp, total - ihl)) return -1;
        return ip;
    }

    /**
     * Rewrites the request into its reply: MACs swapped (source = {@code ourMac}), addresses swapped,
     * TTL 64, type 0; identifier, sequence and data stay. Returns the reply's frame length.
     */
    public static int turnIntoReply(MemorySegment b, long frame, long ip, long ourMac) {
        Ethernet.setDstMac(b, frame, Ethernet.srcMac(b, frame));
        Ethernet.setSrcMac(b, frame, ourMac);
        int ihl = Ipv4.headerLength(b, ip);
        int total = Ipv4.totalLength(b, ip);
        int client = Ipv4.srcAddr(b, ip);
        int us = Ipv4.dstAddr(b, ip);
        NetBytes.setU32(b, ip + Ipv4.SRC_ADDR_OFFSET, us);
        NetBytes.setU32(b, ip + Ipv4.DST_ADDR_OFFSET, client);
        NetBytes.setU8(b, ip + Ipv4.TTL_OFFSET, TTL);
        Ipv4.setChecksum(b, ip, 0);
        Ipv4.setChecksum(b, ip, Checksum.compute(b, ip, ihl));
        long icmp = ip + ihl;
        int oldWord = NetBytes.u16(b, icmp);
        NetBytes.setU8(b, icmp + Icmp.TYPE_OFFSET, Icmp.TYPE_ECHO_REPLY);
        NetBytes.setU16(b, icmp + Icmp.CHECKSUM_OFFSET,
                Checksum.update16(Icmp.checksum(b, icmp), oldWord, NetBytes.u16(b, icmp)));
        return Ethernet.HEADER_LENGTH + total;
    }
}
