package io.jlvs.slowpath.neighbour;

import io.jlvs.fastpath.packet.Arp;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.NetBytes;

import java.lang.foreign.MemorySegment;

/** ARP for IPv4 over Ethernet (RFC 826): reading a frame, writing a request, turning a request into its reply in place. */
public final class ArpFrames {

    /** Ethernet header + ARP payload, padded to Ethernet's 60-byte minimum as a NIC would. */
    public static final int FRAME_LENGTH = 60;
    private static final int HARDWARE_ETHERNET = 1;
    private static final long BROADCAST = 0xffff_ffff_ffffL;

    private ArpFrames() {}

    /** Offset of the ARP payload, or -1 when the frame is not an Ethernet/IPv4 ARP packet of full length. */
    public static long payload(MemorySegment b, long frame, int length) {
        if (length < Ethernet.HEADER_LENGTH + Arp.LENGTH || Ethernet.etherType(b, frame) != Ethernet.TYPE_ARP) return -1;
        long arp = frame + Ethernet.HEADER_LENGTH;
        if (NetBytes.u16(b, arp + Arp.HARDWARE_TYPE_OFFSET) != HARDWARE_ETHERNET
                || NetBytes.u16(b, arp + Arp.PROTOCOL_TYPE_OFFSET) != Ethernet.TYPE_IPV4
                || NetBytes.u8(b, arp + Arp.HARDWARE_LENGTH_OFFSET) != 6
                || NetBytes.u8(b, arp + Arp.PROTOCOL_LENGTH_OFFSET) != 4) return -1;
        return arp;
    }

    /** Writes a broadcast "who has {@code target}? tell {@code senderIp}" of {@link #FRAME_LENGTH} bytes. */
    public static void writeRequest(MemorySegment b, long frame, long senderMac, int senderIp, int target) {
        b.asSlice(frame, FRAME_LENGTH).fill((byte) 0);
        Ethernet.setDstMac(b, frame, BROADCAST);
        Ethernet.setSrcMac(b, frame, senderMac);
        NetBytes.setU16(b, frame + Ethernet.ETHER_TYPE_OFFSET, Ethernet.TYPE_ARP);
        long arp = frame + Ethernet.HEADER_LENGTH;
        writeHeader(b, arp, Arp.OPERATION_REQUEST);
        NetBytes.setMac(b, arp + Arp.SENDER_MAC_OFFSET, senderMac);
        NetBytes.setU32(b, arp + Arp.SENDER_IP_OFFSET, senderIp);
        NetBytes.setMac(b, arp + Arp.TARGET_MAC_OFFSET, 0);
        NetBytes.setU32(b, arp + Arp.TARGET_IP_OFFSET, target);
    }

    /** Turns the request at {@code arp} into the answer "{@code target IP} is at {@code ourMac}", addressed to the asker. */
    public static void turnIntoReply(MemorySegment b, long frame, long arp, long ourMac) {
        long askerMac = Arp.senderMac(b, arp);
        int askerIp = Arp.senderIp(b, arp);
        int answeredIp = Arp.targetIp(b, arp);
        Ethernet.setDstMac(b, frame, askerMac);
        Ethernet.setSrcMac(b, frame, ourMac);
        writeHeader(b, arp, Arp.OPERATION_REPLY);
        NetBytes.setMac(b, arp + Arp.SENDER_MAC_OFFSET, ourMac);
        NetBytes.setU32(b, arp + Arp.SENDER_IP_OFFSET, answeredIp);
        NetBytes.setMac(b, arp + Arp.TARGET_MAC_OFFSET, askerMac);
        NetBytes.setU32(b, arp + Arp.TARGET_IP_OFFSET, askerIp);
    }

    private static void writeHeader(MemorySegment b, long arp, int operation) {
        NetBytes.setU16(b, arp + Arp.HARDWARE_TYPE_OFFSET, HARDWARE_ETHERNET);
        NetBytes.setU16(b, arp + Arp.PROTOCOL_TYPE_OFFSET, Ethernet.TYPE_IPV4);
        NetBytes.setU8(b, arp + Arp.HARDWARE_LENGTH_OFFSET, 6);
        NetBytes.setU8(b, arp + Arp.PROTOCOL_LENGTH_OFFSET, 4);
        NetBytes.setU16(b, arp + Arp.OPERATION_OFFSET, operation);
    }
}
