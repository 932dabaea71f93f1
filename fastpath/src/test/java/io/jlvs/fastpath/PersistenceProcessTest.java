package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.PersistenceTemplates;
import io.jlvs.sched.RoundRobinScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Persistence (-p T -M mask) through process(): which real server each new connection reaches.
 * Every service uses rr, which without a template alternates between its two servers; a second
 * connection reaching the same server as the first is the template's doing.
 *
 * <p>Topology: client side on port 0 (router 10.0.0.254), servers on port 1.
 * <pre>
 * TCP 10.0.0.100:80  rr -p 300 -M 255.255.255.0   -> A 192.168.1.11:8080 Masq (dest 0), B 192.168.1.12:8080 Masq (dest 1)
 * TCP 10.0.0.100:21  rr -p 300                    -> A 192.168.1.11:21 Masq (dest 2),   B 192.168.1.12:21 Masq (dest 3)
 * TCP 10.0.0.101:0   rr -p 300                    -> A 192.168.1.11 Route (dest 4),     B 192.168.1.12 Route (dest 5)
 * </pre>
 * IPVS list order is newest first: rr's first pick is the first server listed (A).
 */
class PersistenceProcessTest {

    private static final int SYN = Tcp.FLAG_SYN, ACK = Tcp.FLAG_ACK, RST = Tcp.FLAG_RST;
    static final int VIP = Ipv4Text.parse("10.0.0.100"), VIP_ALL_PORTS = Ipv4Text.parse("10.0.0.101");
    static final int A = Ipv4Text.parse("192.168.1.11"), B = Ipv4Text.parse("192.168.1.12");
    static final int CLIENT = Ipv4Text.parse("203.0.113.7"), NEIGHBOUR = Ipv4Text.parse("203.0.113.8"), STRANGER = Ipv4Text.parse("198.51.100.9");
    static final int TIMEOUT_S = 300, SLASH_24 = 0xffffff00;

    private final DestinationLoad load = new DestinationLoad(1, 16);
    private final ConnectionTable connections = new ConnectionTable(1024, 0, load, ConnectionTimeouts.ipvsDefaults());
    private final ForwardingState state = new ForwardingState(services(true, true), neighbours());
    private final PacketProcessor processor = new PacketProcessor(0, connections, state);
    private final MemorySegment buffer = MemorySegment.ofArray(new byte[2048]);
    private long now = 1_000_000;

    @AfterEach
    void close() { connections.close(); }

    private ServiceTable services(boolean withA, boolean withB) {
        int tcp = Ipv4.PROTOCOL_TCP;
        return ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:00:01"), List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("192.168.1.1")), 1500))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("10.0.0.254")))
                .service(new ServiceTable.VirtualService(1, tcp, VIP, 80, new RoundRobinScheduler(1),
                        servers(withA, withB, 0, 8080, ForwardMethod.NAT), TIMEOUT_S, SLASH_24))
                .service(new ServiceTable.VirtualService(2, tcp, VIP, 21, new RoundRobinScheduler(1),
                        servers(withA, withB, 2, 21, ForwardMethod.NAT), TIMEOUT_S, -1))
                .service(new ServiceTable.VirtualService(3, tcp, VIP_ALL_PORTS, 0, new RoundRobinScheduler(1),
                        servers(withA, withB, 4, 0, ForwardMethod.DR), TIMEOUT_S, -1))
                .build();
    }

    private static List<ServiceTable.RealServer> servers(boolean withA, boolean withB, int firstDest, int port, ForwardMethod method) {
        ServiceTable.RealServer a = new ServiceTable.RealServer(firstDest, A, port, 1, 0, 0, method, 1, 0);
        ServiceTable.RealServer b = new ServiceTable.RealServer(firstDest + 1, B, port, 1, 0, 0, method, 1, 0);
        return withA && withB ? List.of(a, b) : withA ? List.of(a) : List.of(b);
    }

    private static NeighbourTable neighbours() {
        return NeighbourTable.of(Map.of(Ipv4Text.parse("10.0.0.254"), MacText.parse("02:00:00:00:00:fe"),
                A, MacText.parse("02:00:00:00:01:0b"), B, MacText.parse("02:00:00:00:01:0c")));
    }

    /** Runs a client -> VIP TCP packet; returns the frame as it left (asserting it was transmitted). */
    private MemorySegment fromClient(int client, int clientPort, int vip, int vport, int flags) {
        byte[] frame = TestFrames.fromClient(true, client, clientPort, vip, vport, 64, flags, new byte[0]);
        return run(frame, 0, 1);
    }

    private MemorySegment run(byte[] frame, int rxPort, int expectedTxPort) {
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 128, frame.length);
        processor.beginBurst();
        int verdict = processor.process(buffer, 128, frame.length, rxPort, now);
        assertEquals(Verdict.toString(Verdict.transmit(expectedTxPort)), Verdict.toString(verdict));
        return buffer.asSlice(processor.outputOffset(), processor.outputLength());
    }

    /** The real server a NAT packet was sent to (its rewritten destination address). */
    private static int natServer(MemorySegment out) { return Ipv4.dstAddr(out, 14); }

    /** The real server a DR packet was sent to, by its destination MAC (the IP packet is unchanged). */
    private static int drServer(MemorySegment out) {
        return out.get(ValueLayout.JAVA_BYTE, 5) == 0x0b ? A : B;
    }

    @Test
    void twoConnectionsFromOneSlash24GoToTheServerOfTheFirst() {
        assertEquals(A, natServer(fromClient(CLIENT, 40001, VIP, 80, SYN)), "first connection: rr picks A");
        assertEquals(A, natServer(fromClient(CLIENT, 40002, VIP, 80, SYN)), "same client, other port: template -> A");
        assertEquals(A, natServer(fromClient(NEIGHBOUR, 50000, VIP, 80, SYN)), "203.0.113.8 & /24 = 203.0.113.0: same template -> A");
        assertEquals(B, natServer(fromClient(STRANGER, 40001, VIP, 80, SYN)), "198.51.100.0/24: no template, rr's next pick -> B");
        PersistenceTemplates templates = state.templates();
        assertEquals(2, templates.size());
        assertEquals(0, templates.destinationOf(Ipv4.PROTOCOL_TCP, Ipv4Text.parse("203.0.113.0"), VIP, 80), "template <203.0.113.0, VIP:80> -> dest 0");
        assertEquals(1, load.persistent(0));
        assertEquals(1, load.persistent(1));
    }

    @Test
    void ftpControlAndPassiveDataConnectionShareOneTemplateWithPortZero() {
        assertEquals(A, natServer(fromClient(CLIENT, 40001, VIP, 21, SYN)), "control connection: rr picks A");
        // The data connection goes to a port no service names: IPVS finds the FTP service for
        // unprivileged ports, and the template <client, VIP, 0> sends it to A, same port.
        MemorySegment data = fromClient(CLIENT, 40002, VIP, 30000, SYN);
        assertEquals(A, natServer(data));
        assertEquals(30000, Tcp.dstPort(data, 34));
        assertEquals(2, state.templates().destinationOf(Ipv4.PROTOCOL_TCP, CLIENT, VIP, 0), "template <client, VIP, port 0> -> dest 2 (A)");
        // A's reply from port 30000 is a NAT reply although 30000 is no service port.
        MemorySegment reply = run(TestFrames.fromServer(true, A, 30000, CLIENT, 40002, 64, SYN | ACK, new byte[0]), 1, 0);
        assertEquals(VIP, Ipv4.srcAddr(reply, 14));
        assertEquals(30000, Tcp.srcPort(reply, 34));
        // A privileged port other than 20 is not FTP data: no service.
        byte[] ssh = TestFrames.fromClient(true, CLIENT, 40003, VIP, 22, 64, SYN, new byte[0]);
        MemorySegment.copy(ssh, 0, buffer, ValueLayout.JAVA_BYTE, 128, ssh.length);
        assertEquals(Verdict.toString(Verdict.drop(DropReason.NO_SERVICE)), Verdict.toString(processor.process(buffer, 128, ssh.length, 0, now)));
    }

    @Test
    void portZeroServiceTakesEveryPortAndKeepsTheClientOnOneServer() {
        MemorySegment ssh = fromClient(CLIENT, 40001, VIP_ALL_PORTS, 22, SYN);
        assertEquals(A, drServer(ssh));
        assertEquals(22, Tcp.dstPort(ssh, 34), "DR: the packet is unchanged");
        assertEquals(A, drServer(fromClient(CLIENT, 40002, VIP_ALL_PORTS, 443, SYN)), "other port, template <client, VIP, 0> -> A");
        assertEquals(B, drServer(fromClient(STRANGER, 40001, VIP_ALL_PORTS, 8080, SYN)), "another client: rr's next pick");
        assertEquals(A, drServer(fromClient(CLIENT, 40001, VIP_ALL_PORTS, 22, ACK)), "the connection itself is found as usual");
    }

    @Test
    void portZeroServiceWithoutPersistenceTakesNoOtherPort() {
        // IPVS: "port zero only supported in persistent services": such a service schedules nothing.
        state.publish(ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:00:01"), List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("192.168.1.1")), 1500))
                .service(new ServiceTable.VirtualService(3, Ipv4.PROTOCOL_TCP, VIP_ALL_PORTS, 0, new RoundRobinScheduler(1),
                        servers(true, true, 4, 0, ForwardMethod.DR)))
                .build());
        byte[] ssh = TestFrames.fromClient(true, CLIENT, 40001, VIP_ALL_PORTS, 22, 64, SYN, new byte[0]);
        MemorySegment.copy(ssh, 0, buffer, ValueLayout.JAVA_BYTE, 128, ssh.length);
        processor.beginBurst();
        assertEquals(Verdict.toString(Verdict.drop(DropReason.NO_SERVICE)), Verdict.toString(processor.process(buffer, 128, ssh.length, 0, now)));
    }

    @Test
    void templateIsReleasedWhenItsConnectionExpiresAndThenExpiresItself() {
        fromClient(CLIENT, 40001, VIP, 80, SYN);
        PersistenceTemplates templates = state.templates();
        int h = connections.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 40001, VIP, 80);
        int template = connections.link(h) - 1;
        assertTrue(template >= 0, "the entry links its template");
        assertEquals(1, templates.controlled(template), "the connection keeps the template alive");

        // After T the template is due, but a live connection re-arms it (IPVS re-arms its timer).
        now += TIMEOUT_S * 1000L + 1;
        fromClient(CLIENT, 40001, VIP, 80, ACK);
        sweepAll();
        assertEquals(1, templates.size(), "kept while it controls a connection");

        fromClient(CLIENT, 40001, VIP, 80, RST);          // SYN_RECV -> CLOSE: 10 s
        now += 11_000;
        connections.expire(now, 1_000_000);             // the wheel catches up over 300 s of ticks
        assertEquals(0, connections.size());
        assertEquals(0, templates.controlled(template), "the expired entry released its template");
        now += TIMEOUT_S * 1000L + 1;
        sweepAll();
        assertEquals(0, templates.size(), "uncontrolled and past its lifetime: gone");
        assertEquals(0, load.persistent(0));
    }

    @Test
    void timeWaitReuseReleasesTheOldEntrysTemplate() {
        fromClient(CLIENT, 40001, VIP, 80, SYN);
        int template = connections.link(connections.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 40001, VIP, 80)) - 1;
        fromClient(CLIENT, 40001, VIP, 80, RST);           // CLOSE
        fromClient(CLIENT, 40001, VIP, 80, SYN);           // reuses the CLOSE entry: old one expired, new one attached
        assertEquals(1, state.templates().controlled(template), "one connection, one reference");
    }

    @Test
    void removedServerMakesTheTemplateRescheduleTheNextConnection() {
        assertEquals(A, natServer(fromClient(CLIENT, 40001, VIP, 80, SYN)));
        state.publish(services(false, true));              // A removed from every service
        assertEquals(B, natServer(fromClient(CLIENT, 40002, VIP, 80, SYN)), "template re-bound to the remaining server");
        assertEquals(1, state.templates().destinationOf(Ipv4.PROTOCOL_TCP, Ipv4Text.parse("203.0.113.0"), VIP, 80));
        assertEquals(B, natServer(fromClient(NEIGHBOUR, 40003, VIP, 80, SYN)), "and stays there");
    }

    @Test
    void persistentSchedulingAndReleaseAllocateNothing() {
        byte[] syn = TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, SYN, new byte[0]);
        byte[] rst = TestFrames.fromClient(true, CLIENT, 40001, VIP, 80, 64, RST, new byte[0]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = Long.MAX_VALUE;
        // The least of six rounds: JIT warm-up and deoptimisation (which re-allocates objects escape
        // analysis had removed) can allocate in a round; a per-packet allocation shows in every one.
        for (int round = 0; round < 6; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 5_000; i++) {
                // SYN on a CLOSE entry: the old entry goes (template released), the SYN finds the template again.
                MemorySegment.copy(syn, 0, buffer, ValueLayout.JAVA_BYTE, 128, syn.length);
                assertTrue(Verdict.isTransmit(processor.process(buffer, 128, syn.length, 0, now)));
                MemorySegment.copy(rst, 0, buffer, ValueLayout.JAVA_BYTE, 128, rst.length);
                assertTrue(Verdict.isTransmit(processor.process(buffer, 128, rst.length, 0, now)));
                processor.housekeeping(now);
                processor.sweepTemplates(now);
            }
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, allocated, "bytes allocated by 10,000 packets and 5,000 housekeeping calls");
        assertEquals(1, state.templates().controlled(connections.link(connections.lookupIn(Ipv4.PROTOCOL_TCP, CLIENT, 40001, VIP, 80)) - 1));
    }

    /** Housekeeping until every bucket of the shared table was visited once. */
    private void sweepAll() {
        int calls = state.templates().capacity() / PersistenceTemplates.WAYS / PacketProcessor.TEMPLATE_SWEEP_BUCKETS + 1;
        for (int i = 0; i < calls; i++) processor.sweepTemplates(now);
    }

    @Test
    void housekeepingSweepsTemplatesOncePerTickNotEveryRound() {
        long start = processor.templateSweeps();
        for (int round = 0; round < 1_000; round++) processor.housekeeping(now);
        assertEquals(1, processor.templateSweeps() - start, "a thousand rounds in one tick: one sweep");
        for (int round = 0; round < 1_000; round++) processor.housekeeping(now + PacketProcessor.TEMPLATE_SWEEP_INTERVAL_MS - 1);
        assertEquals(1, processor.templateSweeps() - start, "still the same tick");
        processor.housekeeping(now + PacketProcessor.TEMPLATE_SWEEP_INTERVAL_MS);
        assertEquals(2, processor.templateSweeps() - start, "the next tick sweeps again");
    }

    @Test
    void ticksSweepAnExpiredTemplateAwayWithinOnePassOfTheTable() {
        fromClient(CLIENT, 40001, VIP, 80, SYN);
        fromClient(CLIENT, 40001, VIP, 80, ACK);          // ESTABLISHED
        fromClient(CLIENT, 40001, VIP, 80, RST);          // CLOSE: 10 s, then the template is uncontrolled
        now += 11_000;
        connections.expire(now, 1_000_000);
        now += TIMEOUT_S * 1000L + 1;                     // the template's lifetime has run out
        int ticksPerPass = state.templates().capacity() / PersistenceTemplates.WAYS / PacketProcessor.TEMPLATE_SWEEP_BUCKETS + 1;
        int expired = 0;
        for (int tick = 0; tick < ticksPerPass; tick++) expired += processor.housekeeping(now + tick * PacketProcessor.TEMPLATE_SWEEP_INTERVAL_MS);
        assertEquals(1, expired);
        assertEquals(0, state.templates().size());
    }
}
