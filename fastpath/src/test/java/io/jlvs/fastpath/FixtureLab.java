package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * The test topology of {@link PacketFixtures}, and a buffer with 128 bytes of headroom (as a DPDK
 * mbuf has) to run frames through one {@link PacketProcessor}.
 */
final class FixtureLab implements AutoCloseable {

    static final int HEADROOM = 128;
    static final int VIP = Ipv4Text.parse("10.0.0.100");
    static final int CLIENT = Ipv4Text.parse("203.0.113.7");
    static final int RS1 = Ipv4Text.parse("192.168.1.11");
    /** Destination ids. */
    static final int DEST_RS1_HTTP = 0, DEST_RS2_DR = 1, DEST_RS3_TUN = 2, DEST_RS1_DNS = 3, DEST_RS4_TUN = 4, DEST_QUIESCED = 5;

    final DestinationLoad load = new DestinationLoad(1, 16);
    final ConnectionTable connections;
    final ForwardingState state;
    final PacketProcessor processor;
    final MemorySegment buffer = MemorySegment.ofArray(new byte[4096]);
    long now = 1_000_000;

    FixtureLab() {
        this(1024);
    }

    FixtureLab(int capacity) {
        this(capacity, FixtureLab::services);
    }

    /** The lab with other services: {@code rules} is built over {@link #load}. */
    FixtureLab(int capacity, java.util.function.Function<DestinationLoad, ServiceTable> rules) {
        connections = new ConnectionTable(capacity, 0, load, ConnectionTimeouts.ipvsDefaults());
        state = new ForwardingState(rules.apply(load), neighbours());
        processor = new PacketProcessor(0, connections, state);
    }

    static ServiceTable services(DestinationLoad load) {
        return servicesBuilder(load).build();
    }

    /** The fixtures' ports, route and services, for a test that adds more. */
    static ServiceTable.Builder servicesBuilder(DestinationLoad load) {
        int tcp = Ipv4.PROTOCOL_TCP;
        return ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:00:01"), List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("192.168.1.1")), 1500))
                .port(new ServiceTable.Port(2, MacText.parse("02:00:00:00:02:01"), List.of(Ipv4Text.parse("192.168.2.1")), 80))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("10.0.0.254")))
                .service(service(1, tcp, 80, server(DEST_RS1_HTTP, RS1, 8080, 1, ForwardMethod.NAT, 1)))
                .service(service(2, tcp, 443, server(DEST_RS2_DR, Ipv4Text.parse("192.168.1.12"), 443, 1, ForwardMethod.DR, 1)))
                .service(service(3, tcp, 8443, server(DEST_RS3_TUN, Ipv4Text.parse("192.168.1.13"), 8443, 1, ForwardMethod.TUN, 1)))
                .service(service(4, tcp, 9000, server(DEST_RS4_TUN, Ipv4Text.parse("192.168.2.14"), 9000, 1, ForwardMethod.TUN, 2)))
                .service(service(5, tcp, 81, server(DEST_QUIESCED, Ipv4Text.parse("192.168.1.15"), 81, 0, ForwardMethod.NAT, 1)))
                .service(service(6, Ipv4.PROTOCOL_UDP, 53, server(DEST_RS1_DNS, RS1, 5353, 1, ForwardMethod.NAT, 1)));
    }

    static ServiceTable.VirtualService service(int id, int protocol, int port, ServiceTable.RealServer server) {
        return new ServiceTable.VirtualService(id, protocol, VIP, port, new RoundRobinScheduler(1), List.of(server));
    }

    static ServiceTable.RealServer server(int destId, int address, int port, int weight, ForwardMethod method, int egressPort) {
        return new ServiceTable.RealServer(destId, address, port, weight, 0, 0, method, egressPort, 0);
    }

    static NeighbourTable neighbours() {
        return NeighbourTable.of(Map.of(
                Ipv4Text.parse("10.0.0.254"), MacText.parse("02:00:00:00:00:fe"),
                RS1, MacText.parse("02:00:00:00:01:0b"),
                Ipv4Text.parse("192.168.1.12"), MacText.parse("02:00:00:00:01:0c"),
                Ipv4Text.parse("192.168.1.13"), MacText.parse("02:00:00:00:01:0d"),
                Ipv4Text.parse("192.168.2.14"), MacText.parse("02:00:00:00:02:0e")));
    }

    /** The result of one frame: the verdict and the frame as it is afterwards. */
    record Result(int verdict, byte[] frame) {
        @Override
        public String toString() { return Verdict.toString(verdict) + "\n" + Hex.format(frame); }
    }

    Result run(String fixture, int rxPort) {
        return run(Hex.parse(fixture), rxPort);
    }

    Result run(byte[] frame, int rxPort) {
        buffer.fill((byte) 0x5a);
        MemorySegment.copy(frame, 0, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, HEADROOM, frame.length);
        processor.beginBurst();
        int verdict = processor.process(buffer, HEADROOM, frame.length, rxPort, now);
        byte[] out = buffer.asSlice(processor.outputOffset(), processor.outputLength()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return new Result(verdict, out);
    }

    @Override
    public void close() { connections.close(); }
}
