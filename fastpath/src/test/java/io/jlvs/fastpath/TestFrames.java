package io.jlvs.fastpath;

import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Builds many TCP/UDP frames for tests that walk flows (state machine, tshark over random flows).
 * Their checksums come from {@link Checksum#compute}; the fixed fixtures in {@link PacketFixtures}
 * do not depend on it, and tshark judges whatever the fast path makes of these.
 */
final class TestFrames {

    static final long PORT0_MAC = 0x020000000001L, PORT1_MAC = 0x020000000101L;
    static final long ROUTER_MAC = 0x0200000000feL, RS1_MAC = 0x02000000010bL;

    private TestFrames() {}

    /** A frame from the client side (router -> port 0). */
    static byte[] fromClient(boolean tcp, int src, int srcPort, int dst, int dstPort, int ttl, int tcpFlags, byte[] payload) {
        return build(tcp, ROUTER_MAC, PORT0_MAC, src, srcPort, dst, dstPort, ttl, tcpFlags, payload, false);
    }

    /** A frame from real server rs1 (rs1 -> port 1). */
    static byte[] fromServer(boolean tcp, int src, int srcPort, int dst, int dstPort, int ttl, int tcpFlags, byte[] payload) {
        return build(tcp, RS1_MAC, PORT1_MAC, src, srcPort, dst, dstPort, ttl, tcpFlags, payload, false);
    }

    static byte[] build(boolean tcp, long srcMac, long dstMac, int src, int srcPort, int dst, int dstPort, int ttl,
                        int tcpFlags, byte[] payload, boolean noUdpChecksum) {
        int ipLength = Ipv4.MIN_HEADER_LENGTH + (tcp ? 20 : 8) + payload.length;
        byte[] frame = new byte[14 + ipLength];
        MemorySegment s = MemorySegment.ofArray(frame);
        NetBytes.setMac(s, 0, dstMac);
        NetBytes.setMac(s, 6, srcMac);
        NetBytes.setU16(s, 12, 0x0800);
        Ipv4.writeHeader(s, 14, 0, ipLength, 7, Ipv4.FLAG_DF, ttl, tcp ? Ipv4.PROTOCOL_TCP : Ipv4.PROTOCOL_UDP, src, dst);
        ByteBuffer l4 = ByteBuffer.wrap(frame, 34, ipLength - 20);
        l4.putShort((short) srcPort).putShort((short) dstPort);
        if (tcp) {
            l4.putInt(12345).putInt(0).put((byte) 0x50).put((byte) tcpFlags).putShort((short) 1000).putInt(0);
        } else {
            l4.putShort((short) (8 + payload.length)).putShort((short) 0);
        }
        l4.put(payload);
        if (noUdpChecksum && !tcp) return frame;
        MemorySegment pseudo = MemorySegment.ofArray(new byte[12]);
        NetBytes.setU32(pseudo, 0, src);
        NetBytes.setU32(pseudo, 4, dst);
        NetBytes.setU16(pseudo, 8, tcp ? Ipv4.PROTOCOL_TCP : Ipv4.PROTOCOL_UDP);
        NetBytes.setU16(pseudo, 10, ipLength - 20);
        int checksum = ~Checksum.fold(Checksum.sum(s, 34, ipLength - 20, Checksum.sum(pseudo, 0, 12, 0))) & 0xffff;
        NetBytes.setU16(s, 34 + (tcp ? 16 : 6), !tcp && checksum == 0 ? 0xffff : checksum);
        return frame;
    }
}
