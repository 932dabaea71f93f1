package io.jlvs.perf.linerate;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The director every line-rate test and the per-method JMH benchmarks share: port 0 faces the
 * clients (10.0.0.1, default route via 10.0.0.254), port 1 the real servers (192.168.1.1). One TCP
 * virtual service 10.0.0.100:80, round robin over 8 real servers 192.168.1.11..18, all by one
 * method (NAT to port 8080; DR and TUN keep port 80). Every neighbour is known, so nothing is
 * punted for ARP. Clients are 11.0.0.0/8: flow {@code i} is {@code 11.0.0.0 + i/64 : 10000 + i%64}.
 */
public final class BenchTopology {

    public static final int VIP = Ipv4Text.parse("10.0.0.100");
    public static final int VIP_PORT = 80;
    public static final int NAT_SERVER_PORT = 8080;
    public static final int SERVERS = 8;
    public static final int FIRST_SERVER = Ipv4Text.parse("192.168.1.11");
    public static final int CLIENT_PORT_ADDRESS = Ipv4Text.parse("10.0.0.1");
    public static final int SERVER_PORT_ADDRESS = Ipv4Text.parse("192.168.1.1");
    public static final int ROUTER = Ipv4Text.parse("10.0.0.254");
    public static final long CLIENT_PORT_MAC = 0x020000000001L;
    public static final long SERVER_PORT_MAC = 0x020000000101L;
    public static final long ROUTER_MAC = 0x0200000000feL;
    /** The MAC of server {@code d} is this plus {@code d}. */
    public static final long FIRST_SERVER_MAC = 0x020000000200L;
    public static final int FIRST_CLIENT = Ipv4Text.parse("11.0.0.0");
    public static final int FIRST_CLIENT_PORT = 10_000;
    public static final int PORTS_PER_CLIENT = 64;

    /** 64 bytes on the wire: 60 in the mbuf (Ethernet 14 + IPv4 20 + TCP 20 + 6 of padding) + 4 of FCS. */
    public static final int FRAME_LENGTH = 60;
    public static final int IP = 14;
    public static final int L4 = 34;
    public static final int IP_TOTAL_LENGTH = 40;

    /** Port table indexes (the rule snapshot's numbering). */
    public static final int CLIENT_SIDE = 0, SERVER_SIDE = 1;

    private BenchTopology() {}

    public static int clientAddress(long flow) { return FIRST_CLIENT + (int) (flow >>> 6); }

    public static int clientPort(long flow) { return FIRST_CLIENT_PORT + (int) (flow & (PORTS_PER_CLIENT - 1)); }

    public static int serverAddress(int d) { return FIRST_SERVER + d; }

    public static long serverMac(int d) { return FIRST_SERVER_MAC + d; }

    /** The server index of an address, or -1 when it is none of ours. */
    public static int serverIndex(int address) {
        int d = address - FIRST_SERVER;
        return d >= 0 && d < SERVERS ? d : -1;
    }

    /** The destination port a real server is given for {@code method}. */
    public static int serverPort(int method) { return method == ForwardMethod.NAT_CODE ? NAT_SERVER_PORT : VIP_PORT; }

    public static ServiceTable services(DestinationLoad load, int method) {
        List<ServiceTable.RealServer> servers = new ArrayList<>();
        for (int d = 0; d < SERVERS; d++) {
            servers.add(new ServiceTable.RealServer(d, serverAddress(d), serverPort(method), 1, 0, 0, ForwardMethod.ofCode(method), SERVER_SIDE, 0));
        }
        return ServiceTable.builder(load)
                .port(new ServiceTable.Port(CLIENT_SIDE, CLIENT_PORT_MAC, List.of(CLIENT_PORT_ADDRESS), 1500))
                .port(new ServiceTable.Port(SERVER_SIDE, SERVER_PORT_MAC, List.of(SERVER_PORT_ADDRESS), 1500))
                .route(new ServiceTable.Route(0, 0, CLIENT_SIDE, ROUTER))
                .service(new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, VIP, VIP_PORT, new RoundRobinScheduler(1), servers))
                .build();
    }

    public static NeighbourTable neighbours() {
        Map<Integer, Long> macs = new HashMap<>();
        macs.put(ROUTER, ROUTER_MAC);
        for (int d = 0; d < SERVERS; d++) macs.put(serverAddress(d), serverMac(d));
        return NeighbourTable.of(macs);
    }

    public static ForwardingState state(DestinationLoad load, int method) {
        return new ForwardingState(services(load, method), neighbours());
    }

    /**
     * Writes the 60-byte client -> VIP frame with client address and port 0 (filled in per flow by
     * {@link #flowIpChecksum}/{@link #flowTcpChecksum}'s incremental updates) and returns nothing:
     * the checksums in the template are those of the zero endpoint.
     */
    public static void writeTemplate(MemorySegment t, long offset, int tcpFlags) {
        t.asSlice(offset, FRAME_LENGTH).fill((byte) 0);
        NetBytes.setMac(t, offset, CLIENT_PORT_MAC);
        NetBytes.setMac(t, offset + 6, ROUTER_MAC);
        NetBytes.setU16(t, offset + 12, 0x0800);
        Ipv4.writeHeader(t, offset + IP, 0, IP_TOTAL_LENGTH, 1, Ipv4.FLAG_DF, 64, Ipv4.PROTOCOL_TCP, 0, VIP);
        long tcp = offset + L4;
        NetBytes.setU16(t, tcp + Tcp.SRC_PORT_OFFSET, 0);
        NetBytes.setU16(t, tcp + Tcp.DST_PORT_OFFSET, VIP_PORT);
        NetBytes.setU32(t, tcp + Tcp.SEQUENCE_OFFSET, 1000);
        NetBytes.setU32(t, tcp + Tcp.ACKNOWLEDGEMENT_OFFSET, (tcpFlags & Tcp.FLAG_ACK) != 0 ? 2000 : 0);
        NetBytes.setU8(t, tcp + Tcp.DATA_OFFSET_OFFSET, 0x50);
        NetBytes.setU8(t, tcp + Tcp.FLAGS_OFFSET, tcpFlags);
        NetBytes.setU16(t, tcp + Tcp.WINDOW_OFFSET, 65535);
        NetBytes.setU16(t, tcp + Tcp.CHECKSUM_OFFSET, 0);
        NetBytes.setU16(t, tcp + Tcp.CHECKSUM_OFFSET, tcpChecksum(t, offset + IP, tcp, Tcp.MIN_HEADER_LENGTH));
    }

    /** The checksum to store in a TCP header whose checksum field holds 0 (pseudo-header included). */
    public static int tcpChecksum(MemorySegment s, long ip, long tcp, int tcpLength) {
        return ~Checksum.fold(Checksum.sum(s, tcp, tcpLength, pseudoHeaderSum(s, ip, tcpLength))) & 0xffff;
    }

    /** Whether a TCP segment's checksum (pseudo-header included) is right. */
    public static boolean tcpChecksumValid(MemorySegment s, long ip, long tcp, int tcpLength) {
        return Checksum.fold(Checksum.sum(s, tcp, tcpLength, pseudoHeaderSum(s, ip, tcpLength))) == 0xffff;
    }

    private static int pseudoHeaderSum(MemorySegment s, long ip, int tcpLength) {
        int sum = Checksum.addWords(0, Ipv4.srcAddr(s, ip));
        sum = Checksum.addWords(sum, Ipv4.dstAddr(s, ip));
        return sum + Ipv4.PROTOCOL_TCP + tcpLength;
    }

    /** The IPv4 header checksum of flow {@code flow}'s frame, from the template's ({@code base}). */
    public static int flowIpChecksum(int base, long flow) {
        return Checksum.update32(base, 0, clientAddress(flow));
    }

    /** The TCP checksum of flow {@code flow}'s frame, from the template's ({@code base}). */
    public static int flowTcpChecksum(int base, long flow) {
        return Checksum.update16(Checksum.update32(base, 0, clientAddress(flow)), 0, clientPort(flow));
    }

    /** Turns a template copied to {@code frame} into flow {@code flow}'s frame. */
    public static void stampFlow(MemorySegment s, long frame, long flow, int templateIpChecksum, int templateTcpChecksum) {
        Ipv4.setSrcAddr(s, frame + IP, clientAddress(flow));
        Ipv4.setChecksum(s, frame + IP, flowIpChecksum(templateIpChecksum, flow));
        NetBytes.setU16(s, frame + L4 + Tcp.SRC_PORT_OFFSET, clientPort(flow));
        NetBytes.setU16(s, frame + L4 + Tcp.CHECKSUM_OFFSET, flowTcpChecksum(templateTcpChecksum, flow));
    }
}
