package io.jlvs.fastpath;

import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Icmp;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.fastpath.packet.Udp;

import java.lang.foreign.MemorySegment;

/**
 * One frame's headers, read once: {@link #parse} checks every length against the frame and fills
 * the offsets, protocol, addresses, ports and flags; ownership ({@code FlowOwnership}), the burst's
 * look-ahead (the connection-index hash and the handle found), the processor's rewrite and the
 * worker's next-hop choice all read them here, so nothing parses a frame twice. A flyweight: the
 * worker keeps one per burst slot and refills it per frame; nothing is allocated per packet.
 *
 * <p>Fields are plain and public-to-the-package readers by design (a C struct, not a bean): the
 * hot path reads them directly. Only the owning worker thread touches a view.
 */
public final class PacketView {

    /** {@link #serviceIndex} before anything looked the destination up. */
    public static final int NOT_LOOKED_UP = -2;

    /** The memory holding the frame, and where the frame's Ethernet header starts in it. */
    MemorySegment buffer;
    long frame;
    int length;
    /** Bytes before {@link #frame} that may be overwritten to prepend headers. */
    long headroom;
    int rxPort;
    /** 0 for a well-formed IPv4 TCP, UDP or ICMP packet; else the drop or punt {@link Verdict} of the frame itself. */
    int parseVerdict;

    int l2Length;
    long ip;
    int ipHeaderLength;
    int ipTotalLength;
    long l4;
    int protocol;
    int ipSrc;
    int ipDst;
    /** IPv4 bytes 8..11: TTL, protocol, header checksum (rewritten as one word). */
    int ipTtlProtocolChecksum;
    int srcPort;
    int dstPort;
    int tcpFlags;

    /** The virtual service (protocol, destination, port) names, ServiceTable.NOT_FOUND, or {@link #NOT_LOOKED_UP}; valid for {@link #servicesOf}. */
    int serviceIndex;
    /** Which rule snapshot {@link #serviceIndex} came from. */
    ServiceTable servicesOf;

    /** Look-ahead: whether the burst stage hashed the key ({@link #hashed}), for which index (true: IN), and the hash. */
    boolean hashed;
    boolean hintIn;
    long hintHash;

    public MemorySegment buffer() { return buffer; }

    public long frame() { return frame; }

    public int length() { return length; }

    public int parseVerdict() { return parseVerdict; }

    public int protocol() { return protocol; }

    public long ip() { return ip; }

    public long l4() { return l4; }

    public int ipSrc() { return ipSrc; }

    public int ipDst() { return ipDst; }

    public int srcPort() { return srcPort; }

    public int dstPort() { return dstPort; }

    public int tcpFlags() { return tcpFlags; }

    public int l4Length() { return ipTotalLength - ipHeaderLength; }

    /**
     * Reads the frame's headers into this view. Returns (and keeps as {@link #parseVerdict}) 0 for a
     * well-formed IPv4 TCP, UDP or ICMP packet, else the verdict for the frame: ARP is punted, IPv6,
     * other ether types, truncated or malformed headers, a bad IPv4 header checksum and fragments are
     * dropped with their reason.
     *
     * @param buffer   memory holding the frame
     * @param frame    where the frame (its Ethernet header) starts
     * @param length   the frame's length in bytes (the mbuf's data_len)
     * @param headroom bytes before {@code frame} that may be overwritten (clamped to what the segment has)
     * @param rxPort   the port it arrived on
     */
    public int parse(MemorySegment buffer, long frame, int length, long headroom, int rxPort) {
        this.buffer = buffer;
        this.frame = frame;
        this.length = length;
        this.headroom = Math.min(headroom, frame);
        this.rxPort = rxPort;
        this.serviceIndex = NOT_LOOKED_UP;
        this.servicesOf = null;
        this.hashed = false;
        this.protocol = 0;
        return parseVerdict = parseHeaders(buffer, frame, length);
    }

    private int parseHeaders(MemorySegment b, long frame, int length) {
        if (length < Ethernet.HEADER_LENGTH) return Verdict.drop(DropReason.TRUNCATED);
        int etherType = Ethernet.etherType(b, frame);
        l2Length = Ethernet.HEADER_LENGTH;
        if (etherType == Ethernet.TYPE_VLAN) {
            if (length < Ethernet.VLAN_HEADER_LENGTH) return Verdict.drop(DropReason.TRUNCATED);
            etherType = Ethernet.vlanEtherType(b, frame);
            l2Length = Ethernet.VLAN_HEADER_LENGTH;
        }
        if (etherType == Ethernet.TYPE_ARP) return Verdict.punt(PuntReason.ARP);
        if (etherType == Ethernet.TYPE_IPV6) return Verdict.drop(DropReason.IPV6);
        if (etherType != Ethernet.TYPE_IPV4) return Verdict.drop(DropReason.UNKNOWN_ETHER_TYPE);

        long ip = frame + l2Length;
        this.ip = ip;
        int l3Available = length - l2Length;
        if (l3Available < Ipv4.MIN_HEADER_LENGTH) return Verdict.drop(DropReason.TRUNCATED);
        int versionLength = NetBytes.u32(b, ip);                         // version, IHL, TOS, total length
        if ((versionLength >>> 28) != 4) return Verdict.drop(DropReason.BAD_IP_VERSION);
        int ipHeaderLength = (versionLength >>> 22) & 0x3c;
        this.ipHeaderLength = ipHeaderLength;
        if (ipHeaderLength < Ipv4.MIN_HEADER_LENGTH) return Verdict.drop(DropReason.BAD_HEADER_LENGTH);
        if (ipHeaderLength > l3Available) return Verdict.drop(DropReason.TRUNCATED);
        int ipTotalLength = versionLength & 0xffff;
        this.ipTotalLength = ipTotalLength;
        // Below the frame's length is fine (Ethernet pads to 60 bytes); beyond it is not.
        if (ipTotalLength < ipHeaderLength || ipTotalLength > l3Available) return Verdict.drop(DropReason.BAD_TOTAL_LENGTH);
        int idFragment = NetBytes.u32(b, ip + Ipv4.IDENTIFICATION_OFFSET);
        int ttlProtocolChecksum = NetBytes.u32(b, ip + Ipv4.TTL_OFFSET);
        int src = NetBytes.u32(b, ip + Ipv4.SRC_ADDR_OFFSET);
        int dst = NetBytes.u32(b, ip + Ipv4.DST_ADDR_OFFSET);
        // Header words read once, wide: fewer accesses keep the forward path within C2's inlining budget.
        int sum = Checksum.addWords(Checksum.addWords(Checksum.addWords(Checksum.addWords(Checksum.addWords(
                0, versionLength), idFragment), ttlProtocolChecksum), src), dst);
        if (ipHeaderLength > Ipv4.MIN_HEADER_LENGTH) {
            sum = Checksum.sum(b, ip + Ipv4.MIN_HEADER_LENGTH, ipHeaderLength - Ipv4.MIN_HEADER_LENGTH, sum);
        }
        if (Checksum.fold(sum) != 0xffff) return Verdict.drop(DropReason.BAD_IP_CHECKSUM);
        if ((idFragment & (Ipv4.FLAG_MF | Ipv4.FRAGMENT_OFFSET_MASK)) != 0) return Verdict.drop(DropReason.FRAGMENT);
        ipSrc = src;
        ipDst = dst;
        ipTtlProtocolChecksum = ttlProtocolChecksum;

        int protocol = (ttlProtocolChecksum >>> 16) & 0xff;
        long l4 = ip + ipHeaderLength;
        this.l4 = l4;
        int l4Length = ipTotalLength - ipHeaderLength;
        if (protocol == Ipv4.PROTOCOL_TCP) {
            if (l4Length < Tcp.MIN_HEADER_LENGTH) return Verdict.drop(DropReason.TRUNCATED);
            int offsetFlags = NetBytes.u16(b, l4 + Tcp.DATA_OFFSET_OFFSET);
            int tcpHeaderLength = (offsetFlags >>> 12) << 2;
            if (tcpHeaderLength < Tcp.MIN_HEADER_LENGTH || tcpHeaderLength > l4Length) return Verdict.drop(DropReason.BAD_HEADER_LENGTH);
            tcpFlags = offsetFlags & 0xff;
            readPorts(b, l4);
            this.protocol = protocol;
            return 0;
        }
        if (protocol == Ipv4.PROTOCOL_UDP) {
            if (l4Length < Udp.HEADER_LENGTH) return Verdict.drop(DropReason.TRUNCATED);
            int udpLength = Udp.length(b, l4);
            if (udpLength < Udp.HEADER_LENGTH || udpLength > l4Length) return Verdict.drop(DropReason.BAD_TOTAL_LENGTH);
            tcpFlags = 0;
            readPorts(b, l4);
            this.protocol = protocol;
            return 0;
        }
        if (protocol == Ipv4.PROTOCOL_ICMP) {
            if (l4Length < Icmp.HEADER_LENGTH) return Verdict.drop(DropReason.TRUNCATED);
            tcpFlags = 0;
            srcPort = 0;
            dstPort = 0;
            this.protocol = protocol;
            return 0;
        }
        if (isLinkLocalMulticast(dst)) return Verdict.punt(PuntReason.LINK_LOCAL_MULTICAST); // VRRP (protocol 112)
        return Verdict.drop(DropReason.UNKNOWN_PROTOCOL);
    }

    /** 224.0.0.0/24: local network control, never routed (RFC 5771). */
    static boolean isLinkLocalMulticast(int address) { return address >>> 8 == 0xE00000; }

    /** TCP and UDP keep their ports in the same first four bytes. */
    private void readPorts(MemorySegment b, long l4) {
        int ports = NetBytes.u32(b, l4);
        srcPort = ports >>> 16;
        dstPort = ports & 0xffff;
    }

    /** The virtual service the packet's (protocol, destination, port) names in {@code services}, or NOT_FOUND; looked up once per snapshot. */
    public int service(ServiceTable services) {
        if (servicesOf != services) {
            serviceIndex = services.findService(protocol, ipDst, dstPort);
            servicesOf = services;
        }
        return serviceIndex;
    }
}
