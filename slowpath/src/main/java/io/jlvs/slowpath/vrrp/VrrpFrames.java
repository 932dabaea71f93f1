package io.jlvs.slowpath.vrrp;

import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ethernet;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;

import java.lang.foreign.MemorySegment;

/**
 * VRRP version 3 advertisements for IPv4 (RFC 5798, section 5) in Ethernet frames: writing one and
 * checking a received one as section 7.1 says.
 *
 * <pre>
 * VRRP packet (IPv4 protocol 112, to 224.0.0.18, TTL 255)
 * offset size field
 *  0     1    version (4 bits, 3) | type (4 bits, 1 = ADVERTISEMENT)
 *  1     1    virtual router id (1..255)
 *  2     1    priority (0 = the master stops, 255 = address owner)
 *  3     1    count of IPv4 addresses
 *  4     2    reserved (4 bits, 0) | max advertisement interval (12 bits, centiseconds)
 *  6     2    checksum: RFC 1071 over a pseudo-header (source, destination, 0, 112, VRRP length)
 *             followed by the VRRP packet (5.2.8; VRRPv2 had no pseudo-header)
 *  8     4n   the virtual addresses
 * </pre>
 * The frame's source MAC is the sending port's own MAC, as keepalived sends without {@code use_vmac}:
 * the director answers ARP for the VIPs with that MAC too, so switches learn one address per director.
 */
public final class VrrpFrames {

    public static final int PROTOCOL_VRRP = 112;
    public static final int GROUP = 0xE0000012; // 224.0.0.18
    /** IPv4 multicast 224.0.0.18 mapped to Ethernet (RFC 1112). */
    public static final long GROUP_MAC = 0x01005E000012L;
    public static final int TTL = 255;
    public static final int VERSION = 3;
    public static final int TYPE_ADVERTISEMENT = 1;
    /** keepalived's IPTOS_PREC_INTERNETCONTROL: adverts are network control traffic. */
    static final int TOS = 0xC0;

    static final int VERSION_TYPE_OFFSET = 0;
    static final int VRID_OFFSET = 1;
    static final int PRIORITY_OFFSET = 2;
    static final int COUNT_OFFSET = 3;
    static final int INTERVAL_OFFSET = 4;
    static final int CHECKSUM_OFFSET = 6;
    static final int ADDRESSES_OFFSET = 8;
    public static final int HEADER_LENGTH = 8;
    public static final int MAX_INTERVAL_CENTIS = 0x0FFF;

    private VrrpFrames() {}

    /** Bytes of the whole frame (Ethernet, 20-byte IPv4 header, VRRP) for {@code addresses} VIPs. */
    public static int frameLength(int addresses) {
        return Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH + HEADER_LENGTH + 4 * addresses;
    }

    /**
     * Writes an advertisement frame at {@code frame} ({@link #frameLength} bytes) from the port with
     * {@code srcMac} / {@code srcIp}. Returns the frame length.
     */
    public static int write(MemorySegment b, long frame, long srcMac, int srcIp, int ipId, VrrpAdvert advert) {
        int vrrpLength = HEADER_LENGTH + 4 * advert.addresses().length;
        Ethernet.setMacs(b, frame, GROUP_MAC, srcMac);
        NetBytes.setU16(b, frame + Ethernet.ETHER_TYPE_OFFSET, Ethernet.TYPE_IPV4);
        long ip = frame + Ethernet.HEADER_LENGTH;
        NetBytes.setU8(b, ip + Ipv4.VERSION_IHL_OFFSET, 0x45);
        NetBytes.setU8(b, ip + Ipv4.TOS_OFFSET, TOS);
        NetBytes.setU16(b, ip + Ipv4.TOTAL_LENGTH_OFFSET, Ipv4.MIN_HEADER_LENGTH + vrrpLength);
        NetBytes.setU16(b, ip + Ipv4.IDENTIFICATION_OFFSET, ipId & 0xFFFF);
        NetBytes.setU16(b, ip + Ipv4.FLAGS_FRAGMENT_OFFSET, 0);
        NetBytes.setU8(b, ip + Ipv4.TTL_OFFSET, TTL);
        NetBytes.setU8(b, ip + Ipv4.PROTOCOL_OFFSET, PROTOCOL_VRRP);
        NetBytes.setU16(b, ip + Ipv4.CHECKSUM_OFFSET, 0);
        NetBytes.setU32(b, ip + Ipv4.SRC_ADDR_OFFSET, srcIp);
        NetBytes.setU32(b, ip + Ipv4.DST_ADDR_OFFSET, GROUP);
        NetBytes.setU16(b, ip + Ipv4.CHECKSUM_OFFSET, Checksum.compute(b, ip, Ipv4.MIN_HEADER_LENGTH));

        long v = ip + Ipv4.MIN_HEADER_LENGTH;
        NetBytes.setU8(b, v + VERSION_TYPE_OFFSET, VERSION << 4 | TYPE_ADVERTISEMENT);
        NetBytes.setU8(b, v + VRID_OFFSET, advert.vrid());
        NetBytes.setU8(b, v + PRIORITY_OFFSET, advert.priority());
        NetBytes.setU8(b, v + COUNT_OFFSET, advert.addresses().length);
        NetBytes.setU16(b, v + INTERVAL_OFFSET, advert.intervalCentis() & MAX_INTERVAL_CENTIS);
        NetBytes.setU16(b, v + CHECKSUM_OFFSET, 0);
        int[] addresses = advert.addresses();
        for (int i = 0; i < addresses.length; i++) NetBytes.setU32(b, v + ADDRESSES_OFFSET + 4L * i, addresses[i]);
        NetBytes.setU16(b, v + CHECKSUM_OFFSET, checksum(b, v, vrrpLength, srcIp, GROUP));
        return Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH + vrrpLength;
    }

    /** The VRRP checksum of {@code length} bytes at {@code v} whose checksum field holds zero. */
    static int checksum(MemorySegment b, long v, int length, int src, int dst) {
        int sum = Checksum.addWords(0, src);
        sum = Checksum.addWords(sum, dst);
        sum += PROTOCOL_VRRP + length;
        sum = Checksum.sum(b, v, length, sum);
        return ~Checksum.fold(sum) & 0xFFFF;
    }

    /**
     * Checks a received frame as RFC 5798 7.1 says and reads the advert. The verdict is {@link
     * VrrpCheck#OK} only for a well-formed version 3 advertisement; the caller still compares the
     * virtual router id with its instances ({@link VrrpCheck#OTHER_VRID}).
     *
     * @param out receives the fields when the verdict is OK (or OTHER_VRID); untouched otherwise
     */
    public static VrrpCheck read(MemorySegment b, long frame, int length, Received out) {
        if (length < Ethernet.HEADER_LENGTH + Ipv4.MIN_HEADER_LENGTH) return VrrpCheck.TRUNCATED;
        int etherType = Ethernet.etherType(b, frame);
        long ip = frame + Ethernet.HEADER_LENGTH;
        if (etherType == Ethernet.TYPE_VLAN) {
            etherType = Ethernet.vlanEtherType(b, frame);
            ip = frame + Ethernet.VLAN_HEADER_LENGTH;
        }
        long end = frame + length;
        if (etherType != Ethernet.TYPE_IPV4 || ip + Ipv4.MIN_HEADER_LENGTH > end) return VrrpCheck.NOT_VRRP;
        if (Ipv4.version(b, ip) != 4) return VrrpCheck.NOT_VRRP;
        int ihl = Ipv4.headerLength(b, ip);
        int total = Ipv4.totalLength(b, ip);
        if (ihl < Ipv4.MIN_HEADER_LENGTH || total < ihl || ip + total > end) return VrrpCheck.TRUNCATED;
        if (Ipv4.protocol(b, ip) != PROTOCOL_VRRP) return VrrpCheck.NOT_VRRP;
        if (!Checksum.verify(b, ip, ihl)) return VrrpCheck.BAD_IP_CHECKSUM;
        if (Ipv4.ttl(b, ip) != TTL) return VrrpCheck.BAD_TTL;
        int vrrpLength = total - ihl;
        long v = ip + ihl;
        if (vrrpLength < HEADER_LENGTH) return VrrpCheck.TRUNCATED;
        int versionType = NetBytes.u8(b, v + VERSION_TYPE_OFFSET);
        if (versionType >>> 4 != VERSION) return VrrpCheck.BAD_VERSION;
        int src = Ipv4.srcAddr(b, ip);
        int dst = Ipv4.dstAddr(b, ip);
        int sum = Checksum.addWords(0, src);
        sum = Checksum.addWords(sum, dst);
        sum += PROTOCOL_VRRP + vrrpLength;
        if (Checksum.fold(Checksum.sum(b, v, vrrpLength, sum)) != 0xFFFF) return VrrpCheck.BAD_CHECKSUM;
        if ((versionType & 0x0F) != TYPE_ADVERTISEMENT) return VrrpCheck.BAD_TYPE;
        int count = NetBytes.u8(b, v + COUNT_OFFSET);
        if (vrrpLength != HEADER_LENGTH + 4 * count) return VrrpCheck.BAD_LENGTH;
        int vrid = NetBytes.u8(b, v + VRID_OFFSET);
        if (vrid == 0) return VrrpCheck.BAD_VRID;
        int interval = NetBytes.u16(b, v + INTERVAL_OFFSET) & MAX_INTERVAL_CENTIS;
        if (interval == 0) return VrrpCheck.BAD_INTERVAL;
        int[] addresses = new int[count];
        for (int i = 0; i < count; i++) addresses[i] = NetBytes.u32(b, v + ADDRESSES_OFFSET + 4L * i);
        out.source = src;
        out.destination = dst;
        out.advert = new VrrpAdvert(vrid, NetBytes.u8(b, v + PRIORITY_OFFSET), interval, addresses);
        return VrrpCheck.OK;
    }

    /** What {@link #read} found: the advert and the IPv4 addresses it came from and went to. */
    public static final class Received {
        public int source;
        public int destination;
        public VrrpAdvert advert;
    }
}
