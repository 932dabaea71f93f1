package io.jlvs.fastpath.worker;

import io.jlvs.fastpath.PacketView;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.packet.Icmp;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;

import java.lang.foreign.MemorySegment;

/**
 * Which worker owns a packet's flow: a hash of the <em>client</em> endpoint (address, port) modulo
 * the number of workers. The client is the source of a packet to a virtual service and the
 * destination of a reply from a NAT real server, so both directions of a connection meet the same
 * worker (and its connection table) whatever queue the device put them on. Direction is decided
 * from the rule snapshot alone: destination is a VIP:port -> request; else source is a NAT real
 * server's endpoint -> reply; else the source is taken as the client. Allocation-free.
 *
 * <p>An ICMP error (destination unreachable, source quench, time exceeded) belongs to the flow of
 * the datagram it quotes, as the processor looks that connection up in its own table: the quoted
 * header is read the same way, seen from the other side (a quoted reply from a VIP names the client
 * as its destination; a quoted request to a NAT server or a VIP names it as its source). Other
 * frames without a flow (ARP, echo, fragments, malformed) stay with the worker that received them
 * ({@code self}), which punts or drops them.
 */
public final class FlowOwnership {

    private FlowOwnership() {}

    /**
     * The owner of a frame {@link PacketView#parse} has read: no header is read again (the quote of
     * an ICMP error excepted), and the virtual-service lookup stays in the view for the processor.
     *
     * @param self the returned owner for frames without a flow
     */
    public static int owner(ServiceTable services, PacketView p, int workers, int self) {
        if (workers == 1 || p.parseVerdict() != 0) return self;
        int protocol = p.protocol();
        if (protocol == Ipv4.PROTOCOL_ICMP) {
            return icmpErrorOwner(services, p.buffer(), p.l4(), p.frame() + p.length(), workers, self);
        }
        // A NAT server of a persistent FTP (port 21) or port-0 service answers from ports no service
        // names (FTP data from port 20, passive data ports): its address alone marks a reply.
        if (p.service(services) == ServiceTable.NOT_FOUND
                && (services.isNatServer(protocol, p.ipSrc(), p.srcPort()) || services.isAnyPortNatServer(protocol, p.ipSrc()))) {
            return ownerOf(p.ipDst(), p.dstPort(), workers);
        }
        return ownerOf(p.ipSrc(), p.srcPort(), workers);
    }

    /**
     * The owner of a frame not parsed yet (tools and tests; allocates a view): as
     * {@link #owner(ServiceTable, PacketView, int, int)}. A frame the parser rejects (malformed,
     * fragment, bad IPv4 checksum, ARP, ...) stays with {@code self}, which drops or punts it.
     *
     * @param frame  offset of the Ethernet header in {@code buffer}
     * @param length the frame's length
     */
    public static int owner(ServiceTable services, MemorySegment buffer, long frame, int length, int workers, int self) {
        PacketView p = new PacketView();
        p.parse(buffer, frame, length, 0, 0);
        return owner(services, p, workers, self);
    }

    /** The owner of the flow an ICMP error at {@code icmp} quotes, or {@code self}. */
    private static int icmpErrorOwner(ServiceTable services, MemorySegment buffer, long icmp, long end, int workers, int self) {
        if (!Icmp.isErrorAboutDatagram(Icmp.type(buffer, icmp))) return self;
        long quoted = icmp + Icmp.HEADER_LENGTH;
        if (quoted + Ipv4.MIN_HEADER_LENGTH > end || Ipv4.version(buffer, quoted) != 4) return self;
        int protocol = Ipv4.protocol(buffer, quoted);
        if (protocol != Ipv4.PROTOCOL_TCP && protocol != Ipv4.PROTOCOL_UDP) return self;
        long ports = quoted + Ipv4.headerLength(buffer, quoted);
        if (Ipv4.headerLength(buffer, quoted) < Ipv4.MIN_HEADER_LENGTH || ports + 4 > end) return self;
        int src = Ipv4.srcAddr(buffer, quoted);
        int dst = Ipv4.dstAddr(buffer, quoted);
        int srcPort = Tcp.srcPort(buffer, ports);
        int dstPort = Tcp.dstPort(buffer, ports);
        if (services.findService(protocol, src, srcPort) != ServiceTable.NOT_FOUND) return ownerOf(dst, dstPort, workers);
        if (services.isNatServer(protocol, dst, dstPort)
                || services.findService(protocol, dst, dstPort) != ServiceTable.NOT_FOUND) return ownerOf(src, srcPort, workers);
        return self;
    }

    /** The worker owning the client endpoint {@code address:port}. */
    public static int ownerOf(int address, int port, int workers) {
        int h = address * 0x9E3779B1 + port;
        // murmur3's finaliser: every input bit moves every output bit, so neighbouring ports spread.
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return (int) ((h & 0xffff_ffffL) % workers);
    }
}
