package io.jlvs.fastpath.worker;

import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The owner of a flow is the same for a client's request to the VIP and the NAT server's reply to it. */
class FlowOwnershipTest {

    static final int VIP = Ipv4Text.parse("198.51.100.10");
    static final int SERVER = Ipv4Text.parse("192.0.2.11");
    static final int CLIENT = Ipv4Text.parse("203.0.113.7");

    static final ServiceTable SERVICES = ServiceTable.builder(new DestinationLoad(4, 16))
            .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:00:01"), List.of(Ipv4Text.parse("198.51.100.1")), 1500))
            .port(new ServiceTable.Port(1, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("192.0.2.1")), 1500))
            .service(new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, VIP, 80, new RoundRobinScheduler(4),
                    List.of(new ServiceTable.RealServer(0, SERVER, 8080, 1, 0, 0, ForwardMethod.NAT, 1, 0))))
            .build();

    static MemorySegment frame(int src, int srcPort, int dst, int dstPort, int protocol) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort(12, (short) 0x0800);
        b.put(14, (byte) 0x45).put(23, (byte) protocol).putInt(26, src).putInt(30, dst);
        b.putShort(34, (short) srcPort).putShort(36, (short) dstPort);
        // A well-formed header (the parser checks lengths and the IPv4 checksum before anything reads the flow).
        b.putShort(16, (short) 40).put(22, (byte) 64);
        if (protocol == Ipv4.PROTOCOL_TCP) b.put(46, (byte) 0x50);
        else b.putShort(38, (short) 20);
        return withIpChecksum(b);
    }

    static MemorySegment withIpChecksum(ByteBuffer b) {
        MemorySegment s = MemorySegment.ofArray(b.array());
        Ipv4.setChecksum(s, 14, Checksum.compute(s, 14, 20));
        return s;
    }

    @Test
    void requestAndNatReplyOfOneConnectionHaveOneOwner() {
        for (int workers = 2; workers <= 4; workers++) {
            for (int port = 1024; port < 1024 + 500; port++) {
                int request = FlowOwnership.owner(SERVICES, frame(CLIENT, port, VIP, 80, Ipv4.PROTOCOL_TCP), 0, 64, workers, -1);
                int reply = FlowOwnership.owner(SERVICES, frame(SERVER, 8080, CLIENT, port, Ipv4.PROTOCOL_TCP), 0, 64, workers, -1);
                assertEquals(request, reply, "client port " + port + " with " + workers + " workers");
                assertEquals(FlowOwnership.ownerOf(CLIENT, port, workers), request);
            }
        }
    }

    static final int FTP_SERVER = Ipv4Text.parse("192.0.2.12");

    /** A persistent NAT FTP service: its server also answers from port 20 and from passive data ports. */
    static final ServiceTable FTP_SERVICES = ServiceTable.builder(new DestinationLoad(4, 16))
            .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:00:01"), List.of(Ipv4Text.parse("198.51.100.1")), 1500))
            .port(new ServiceTable.Port(1, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("192.0.2.1")), 1500))
            .service(new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, VIP, 21, new RoundRobinScheduler(4),
                    List.of(new ServiceTable.RealServer(0, FTP_SERVER, 21, 1, 0, 0, ForwardMethod.NAT, 1, 0)),
                    300, 0xffffffff))
            .build();

    @Test
    void ftpDataFromTheNatServerBelongsToTheClientEndpoint() {
        for (int workers = 2; workers <= 4; workers++) {
            for (int clientPort = 40000; clientPort < 40000 + 300; clientPort++) {
                int client = FlowOwnership.ownerOf(CLIENT, clientPort, workers);
                // Active mode: the server opens the data connection from port 20 to the PORT the client named.
                assertEquals(client, FlowOwnership.owner(FTP_SERVICES, frame(FTP_SERVER, 20, CLIENT, clientPort, Ipv4.PROTOCOL_TCP), 0, 64, workers, -1),
                        "active data SYN to client port " + clientPort + " with " + workers + " workers");
                // Passive mode: the server answers from the data port it offered in its 227 reply.
                assertEquals(client, FlowOwnership.owner(FTP_SERVICES, frame(FTP_SERVER, 50123, CLIENT, clientPort, Ipv4.PROTOCOL_TCP), 0, 64, workers, -1),
                        "passive data reply to client port " + clientPort + " with " + workers + " workers");
                // The client's side of the passive data connection, to VIP:50123.
                assertEquals(client, FlowOwnership.owner(FTP_SERVICES, frame(CLIENT, clientPort, VIP, 50123, Ipv4.PROTOCOL_TCP), 0, 64, workers, -1));
            }
        }
    }

    /** An ICMP error (type 3) from {@code from}, quoting a TCP datagram src:srcPort -> dst:dstPort. */
    static MemorySegment icmpError(int from, int to, int src, int srcPort, int dst, int dstPort) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 20 + 8);
        b.putShort(12, (short) 0x0800);
        b.put(14, (byte) 0x45).put(23, (byte) Ipv4.PROTOCOL_ICMP).putInt(26, from).putInt(30, to);
        b.put(34, (byte) 3).put(35, (byte) 3);
        b.put(42, (byte) 0x45).put(42 + 9, (byte) Ipv4.PROTOCOL_TCP).putInt(42 + 12, src).putInt(42 + 16, dst);
        b.putShort(62, (short) srcPort).putShort(64, (short) dstPort);
        b.putShort(16, (short) (20 + 8 + 20 + 8)).put(22, (byte) 64);
        return withIpChecksum(b);
    }

    @Test
    void anIcmpErrorBelongsToTheFlowOfTheDatagramItQuotes() {
        int router = Ipv4Text.parse("198.51.100.254");
        for (int port = 1024; port < 1024 + 200; port++) {
            int owner = FlowOwnership.ownerOf(CLIENT, port, 4);
            // the NAT server complains about a request the director sent it (client -> server:8080)
            assertEquals(owner, FlowOwnership.owner(SERVICES, icmpError(SERVER, CLIENT, CLIENT, port, SERVER, 8080), 0, 76, 4, -1));
            // a router complains about a reply the director sent (VIP:80 -> client)
            assertEquals(owner, FlowOwnership.owner(SERVICES, icmpError(router, VIP, VIP, 80, CLIENT, port), 0, 76, 4, -1));
            // a DR/TUN path complains about a request to the VIP (client -> VIP:80)
            assertEquals(owner, FlowOwnership.owner(SERVICES, icmpError(router, CLIENT, CLIENT, port, VIP, 80), 0, 76, 4, -1));
        }
        assertEquals(-1, FlowOwnership.owner(SERVICES, icmpError(router, CLIENT, CLIENT, 5, Ipv4Text.parse("192.0.2.99"), 22), 0, 76, 4, -1),
                "a datagram of no flow of ours stays with the receiver");
    }

    @Test
    void clientsSpreadOverEveryWorker() {
        int[] flows = new int[4];
        for (int port = 1024; port < 1024 + 4000; port++) flows[FlowOwnership.ownerOf(CLIENT, port, 4)]++;
        for (int w = 0; w < 4; w++) assertTrue(flows[w] > 800 && flows[w] < 1200, "worker " + w + " owns " + flows[w] + " of 4000");
    }

    @Test
    void framesWithoutAFlowStayWithTheReceiver() {
        MemorySegment arp = MemorySegment.ofArray(new byte[60]);
        arp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 12, (byte) 0x08);
        arp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 13, (byte) 0x06);
        assertEquals(3, FlowOwnership.owner(SERVICES, arp, 0, 60, 4, 3), "ARP");
        assertEquals(2, FlowOwnership.owner(SERVICES, frame(CLIENT, 0, VIP, 0, Ipv4.PROTOCOL_ICMP), 0, 64, 4, 2), "ICMP echo");
        assertEquals(1, FlowOwnership.owner(SERVICES, frame(CLIENT, 5, VIP, 80, Ipv4.PROTOCOL_TCP), 0, 20, 4, 1), "truncated");
        // One parser decides for ownership and processing: a frame it rejects is dropped by whoever received it.
        MemorySegment damaged = frame(CLIENT, 5, VIP, 80, Ipv4.PROTOCOL_TCP);
        damaged.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 25, (byte) (damaged.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 25) ^ 1));
        assertEquals(1, FlowOwnership.owner(SERVICES, damaged, 0, 64, 4, 1), "bad IPv4 header checksum");
    }
}
