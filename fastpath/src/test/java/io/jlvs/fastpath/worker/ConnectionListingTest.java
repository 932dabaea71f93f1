package io.jlvs.fastpath.worker;

import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.Verdict;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.conn.TcpState;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.ring.RingMesh;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ipvsadm -L -c} and {@code --set} at the worker: another thread asks for the connections
 * through the worker's {@link ConnectionListing}, the worker copies them at the end of its rounds
 * (bounded per round), and new timeouts reach its table at the start of a round. The worker has no
 * devices; packets go through its own processor, and the test steps {@link Worker#doWork()} with a
 * clock it moves by hand.
 *
 * <pre>
 * TCP 10.0.0.100:80 rr -> 192.168.1.11:8080 Masq
 * UDP 10.0.0.100:53 rr -> 192.168.1.11:5353 Masq
 * </pre>
 */
class ConnectionListingTest {

    static final int VIP = Ipv4Text.parse("10.0.0.100"), RS = Ipv4Text.parse("192.168.1.11");
    static final int CLIENT = Ipv4Text.parse("203.0.113.7"), OTHER_CLIENT = Ipv4Text.parse("198.51.100.9");
    static final int SYN = Tcp.FLAG_SYN, ACK = Tcp.FLAG_ACK;
    static final long ROUTER_MAC = MacText.parse("02:00:00:00:00:fe"), PORT0_MAC = MacText.parse("02:00:00:00:00:01");
    static final long RS_MAC = MacText.parse("02:00:00:00:01:0b"), PORT1_MAC = MacText.parse("02:00:00:00:01:01");

    private final DestinationLoad load = new DestinationLoad(1, 16);
    private final ConnectionTable connections = new ConnectionTable(16_384, 0, load, ConnectionTimeouts.ipvsDefaults());
    private final ForwardingState state = new ForwardingState(services(null), NeighbourTable.of(Map.of(
            Ipv4Text.parse("10.0.0.254"), ROUTER_MAC, RS, RS_MAC)));
    private final PacketProcessor processor = new PacketProcessor(0, connections, state);
    private long now = 1_000_000;
    private final Worker worker = new Worker(0, processor, new EthPort[0], 0, 0, new RingMesh(1, 16, 16), () -> now);
    private final ConnectionListing listing = worker.connectionListing();
    private final MemorySegment buffer = MemorySegment.ofArray(new byte[2048]);

    @AfterEach
    void close() {
        worker.close();
        connections.close();
    }

    /** @param timeouts what the snapshot carries; null leaves the table's own */
    private ServiceTable services(ConnectionTimeouts timeouts) {
        return ServiceTable.builder(load)
                .timeouts(timeouts)
                .port(new ServiceTable.Port(0, PORT0_MAC, List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, PORT1_MAC, List.of(Ipv4Text.parse("192.168.1.1")), 1500))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("10.0.0.254")))
                .service(new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, VIP, 80, new RoundRobinScheduler(1),
                        List.of(new ServiceTable.RealServer(0, RS, 8080, 1, 0, 0, ForwardMethod.NAT, 1, 0))))
                .service(new ServiceTable.VirtualService(2, Ipv4.PROTOCOL_UDP, VIP, 53, new RoundRobinScheduler(1),
                        List.of(new ServiceTable.RealServer(1, RS, 5353, 1, 0, 0, ForwardMethod.NAT, 1, 0))))
                .build();
    }

    @Test
    void listsEachConnectionWithItsStateExpiryAndAddressesOverSeveralRounds() {
        // An established NAT connection: SYN, the server's SYN+ACK, the client's ACK.
        fromClient(true, CLIENT, 40001, 80, SYN);
        fromServer(true, 8080, CLIENT, 40001, SYN | ACK);
        fromClient(true, CLIENT, 40001, 80, ACK);
        // A half-open one and a UDP one.
        fromClient(true, OTHER_CLIENT, 40002, 80, SYN);
        fromClient(false, CLIENT, 5000, 53, 0);
        // Enough others that one answer takes several rounds of SCAN_BUDGET handles.
        for (int i = 0; i < 3000; i++) fromClient(true, Ipv4Text.parse("192.0.2.1") + i / 1000, 10000 + i % 1000, 80, SYN);
        now += 1_500;

        List<Line> lines = listAll();

        assertEquals(3003, lines.size(), "every connection, once");
        assertTrue(lines.contains(new Line("TCP", "14:58", "ESTABLISHED", "203.0.113.7:40001", "10.0.0.100:80", "192.168.1.11:8080")), lines.subList(0, 3).toString());
        assertTrue(lines.contains(new Line("TCP", "00:58", "SYN_RECV", "198.51.100.9:40002", "10.0.0.100:80", "192.168.1.11:8080")));
        assertTrue(lines.contains(new Line("UDP", "04:58", "UDP", "203.0.113.7:5000", "10.0.0.100:53", "192.168.1.11:5353")));
        assertTrue(lines.contains(new Line("TCP", "00:58", "SYN_RECV", "192.0.2.3:10999", "10.0.0.100:80", "192.168.1.11:8080")));
    }

    @Test
    void aLongTableStreamsInChunksWithBoundedWorkPerRound() {
        for (int i = 0; i < 5000; i++) fromClient(true, Ipv4Text.parse("192.0.2.1") + i / 1000, 10000 + i % 1000, 80, SYN);

        long first = listing.request(0);
        int rounds = 0;
        while (!listing.isAnswered(first)) {
            int work = worker.doWork();
            assertTrue(work <= ConnectionListing.SCAN_BUDGET + 1 + 64 + 64, "bounded work per round, was " + work);
            rounds++;
        }
        assertEquals(ConnectionListing.CHUNK / ConnectionListing.SCAN_BUDGET, rounds, "a full chunk: CHUNK / SCAN_BUDGET rounds");
        assertEquals(ConnectionListing.CHUNK, listing.count());
        assertEquals(ConnectionListing.CHUNK, listing.next(), "the next chunk starts after the handles visited");

        long second = listing.request(listing.next());
        while (!listing.isAnswered(second)) worker.doWork();
        assertEquals(5000 - ConnectionListing.CHUNK, listing.count());
        assertEquals(-1, listing.next(), "end of the table");

        assertEquals(0, worker.doWork(), "no request: the listing adds no work");
    }

    @Test
    void aNewerRequestReplacesOneTheRequesterGaveUpOn() {
        fromClient(true, CLIENT, 40001, 80, SYN);
        long abandoned = listing.request(0);
        long current = listing.request(0);
        worker.doWork();
        assertFalse(listing.isAnswered(abandoned));
        assertTrue(listing.isAnswered(current));
        assertEquals(1, listing.count());
    }

    @Test
    void timeoutsInANewSnapshotReachTheTableAtTheNextRoundAndRunningDeadlinesKeepTheirsUntilTheirNextPacket() {
        fromClient(true, CLIENT, 40001, 80, SYN);
        fromServer(true, 8080, CLIENT, 40001, SYN | ACK);
        fromClient(true, CLIENT, 40001, 80, ACK); // ESTABLISHED under the default 900 s

        state.publish(services(ConnectionTimeouts.ipvsDefaults().withSet(100, 20, 50))); // ipvsadm --set 100 20 50
        worker.doWork();
        fromClient(true, OTHER_CLIENT, 40002, 80, SYN);
        fromServer(true, 8080, OTHER_CLIENT, 40002, SYN | ACK);
        fromClient(true, OTHER_CLIENT, 40002, 80, ACK);
        fromClient(false, CLIENT, 5000, 53, 0);

        List<Line> lines = listAll();
        assertTrue(lines.contains(new Line("TCP", "15:00", "ESTABLISHED", "203.0.113.7:40001", "10.0.0.100:80", "192.168.1.11:8080")),
                "the old connection keeps its deadline: " + lines);
        assertTrue(lines.contains(new Line("TCP", "01:40", "ESTABLISHED", "198.51.100.9:40002", "10.0.0.100:80", "192.168.1.11:8080")),
                "a new connection gets tcp = 100 s: " + lines);
        assertTrue(lines.contains(new Line("UDP", "00:50", "UDP", "203.0.113.7:5000", "10.0.0.100:53", "192.168.1.11:5353")),
                "udp = 50 s: " + lines);

        now += 10_000;
        fromClient(true, CLIENT, 40001, 80, ACK);
        assertTrue(listAll().contains(new Line("TCP", "01:40", "ESTABLISHED", "203.0.113.7:40001", "10.0.0.100:80", "192.168.1.11:8080")),
                "its next packet re-arms the old connection with the new value");
    }

    /** One line of ipvsadm -L -n -c, fields as ipvsadm prints them. */
    record Line(String protocol, String expire, String state, String source, String virtual, String destination) {}

    /** What a requester does: chunk after chunk until the end, stepping the worker while it waits. */
    private List<Line> listAll() {
        List<Line> lines = new ArrayList<>();
        int from = 0;
        while (from >= 0) {
            long request = listing.request(from);
            for (int rounds = 0; !listing.isAnswered(request); rounds++) {
                assertTrue(rounds < 100, "answered within 100 rounds");
                worker.doWork();
            }
            for (int i = 0; i < listing.count(); i++) {
                boolean udp = listing.protocol(i) == Ipv4.PROTOCOL_UDP;
                int seconds = listing.expiresInMs(i) / 1000; // the kernel's /proc shows whole seconds, rounded down
                lines.add(new Line(udp ? "UDP" : "TCP", "%02d:%02d".formatted(seconds / 60, seconds % 60),
                        udp ? "UDP" : TcpState.name(listing.state(i)),
                        endpoint(listing.clientAddr(i), listing.clientPort(i)),
                        endpoint(listing.virtAddr(i), listing.virtPort(i)),
                        endpoint(listing.destAddr(i), listing.destPort(i))));
            }
            from = listing.next();
        }
        return lines;
    }

    private static String endpoint(int address, int port) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff) + ":" + port;
    }

    private void fromClient(boolean tcp, int client, int clientPort, int vport, int flags) {
        run(frame(tcp, ROUTER_MAC, PORT0_MAC, client, clientPort, VIP, vport, flags), 0, 1);
    }

    private void fromServer(boolean tcp, int rsPort, int client, int clientPort, int flags) {
        run(frame(tcp, RS_MAC, PORT1_MAC, RS, rsPort, client, clientPort, flags), 1, 0);
    }

    private void run(byte[] frame, int rxPort, int txPort) {
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 128, frame.length);
        processor.beginBurst();
        int verdict = processor.process(buffer, 128, frame.length, rxPort, now);
        assertEquals(Verdict.toString(Verdict.transmit(txPort)), Verdict.toString(verdict));
    }

    /** A frame with a good IPv4 header; the L4 checksum is left 0 (the fast path updates it incrementally, it does not check it). */
    static byte[] frame(boolean tcp, long srcMac, long dstMac, int src, int srcPort, int dst, int dstPort, int flags) {
        int ipLength = Ipv4.MIN_HEADER_LENGTH + (tcp ? 20 : 8);
        byte[] frame = new byte[14 + ipLength];
        MemorySegment s = MemorySegment.ofArray(frame);
        NetBytes.setMac(s, 0, dstMac);
        NetBytes.setMac(s, 6, srcMac);
        NetBytes.setU16(s, 12, 0x0800);
        Ipv4.writeHeader(s, 14, 0, ipLength, 1, Ipv4.FLAG_DF, 64, tcp ? Ipv4.PROTOCOL_TCP : Ipv4.PROTOCOL_UDP, src, dst);
        ByteBuffer l4 = ByteBuffer.wrap(frame, 34, ipLength - 20);
        l4.putShort((short) srcPort).putShort((short) dstPort);
        if (tcp) l4.putInt(1000).putInt(0).put((byte) 0x50).put((byte) flags).putShort((short) 1000).putInt(0);
        else l4.putShort((short) 8).putShort((short) 0);
        return frame;
    }
}
