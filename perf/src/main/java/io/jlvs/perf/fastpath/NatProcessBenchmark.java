package io.jlvs.perf.fastpath;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.Verdict;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link PacketProcessor#process} on established NAT TCP traffic (ACKs, 54-byte frames) spread over
 * 1,000 or 1,000,000 flows to 8 real servers: parse, IPv4 checksum check, connection lookup, state
 * machine, TTL, address/port rewrite with incremental checksums, MAC rewrite.
 *
 * <ul>
 *   <li>{@code clientToServer}: client -> VIP, rewritten to the real server (lookupIn).
 *   <li>{@code serverToClient}: real server -> client, rewritten to come from the VIP (lookupIn misses,
 *       lookupOut hits, route lookup).
 *   <li>{@code prepareOnly}: the harness alone: restoring the frame (process rewrites it in place) with
 *       the flow's addresses and checksums. Subtract it from the others for the cost of process().
 * </ul>
 * Flows are visited in order; the connection table hashes them to scattered slots, so at 1M flows it
 * measures cache misses, not a warm working set. Run with {@code -prof gc}: gc.alloc.rate.norm must be 0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class NatProcessBenchmark {

    private static final int HEADROOM = 128;
    private static final int FRAME_LENGTH = 54;
    private static final int IP = 14, TCP_HEADER = 34;
    private static final int VIP = Ipv4Text.parse("10.0.0.100");
    private static final int SERVERS = 8;
    private static final long PORT0_MAC = 0x020000000001L, PORT1_MAC = 0x020000000101L, ROUTER_MAC = 0x0200000000feL;

    @Param({"1000", "1000000"})
    int flows;

    private Arena arena;
    private MemorySegment buffer;
    private ConnectionTable connections;
    private PacketProcessor processor;
    private long now = 1_000_000;
    private int cursor;

    /**
     * Per flow, interleaved in one array so the harness touches one sequential record per packet
     * (its own cache misses would otherwise dominate at 1M flows): client address, client port,
     * server address, then the IPv4 and TCP checksums of the client->server and server->client frames.
     */
    private int[] flowData;
    private static final int CLIENT_ADDR = 0, CLIENT_PORT = 1, SERVER_ADDR = 2, IN_IP = 3, IN_TCP = 4, OUT_IP = 5, OUT_TCP = 6;
    private static final int FLOW_INTS = 8;
    private MemorySegment inTemplate, outTemplate;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        buffer = arena.allocate(HEADROOM + 2048, 64);
        DestinationLoad load = new DestinationLoad(1, SERVERS);
        List<ServiceTable.RealServer> servers = new ArrayList<>();
        Map<Integer, Long> neighbours = new java.util.HashMap<>();
        neighbours.put(Ipv4Text.parse("10.0.0.254"), ROUTER_MAC);
        for (int d = 0; d < SERVERS; d++) {
            int address = Ipv4Text.parse("192.168.1.11") + d;
            servers.add(new ServiceTable.RealServer(d, address, 8080, 1, 0, 0, ForwardMethod.NAT, 1, 0));
            neighbours.put(address, 0x020000000200L + d);
        }
        ServiceTable services = ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, PORT0_MAC, List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, PORT1_MAC, List.of(Ipv4Text.parse("192.168.1.1")), 1500))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("10.0.0.254")))
                .service(new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, VIP, 80, new RoundRobinScheduler(1), servers))
                .build();
        connections = new ConnectionTable(flows, 0, load, ConnectionTimeouts.ipvsDefaults());
        processor = new PacketProcessor(0, connections, new ForwardingState(services, NeighbourTable.of(neighbours)));

        inTemplate = template(ROUTER_MAC, PORT0_MAC, 0, 0, VIP, 80);
        flowData = new int[flows * FLOW_INTS];
        int inIp = Ipv4.checksum(inTemplate, IP), inTcp = Tcp.checksum(inTemplate, TCP_HEADER);
        for (int i = 0; i < flows; i++) {
            int f = i * FLOW_INTS;
            int client = 0x0b000000 + (i >>> 6), port = 10_000 + (i & 63);
            flowData[f + CLIENT_ADDR] = client;
            flowData[f + CLIENT_PORT] = port;
            flowData[f + IN_IP] = Checksum.update32(inIp, 0, client);
            flowData[f + IN_TCP] = Checksum.update16(Checksum.update32(inTcp, 0, client), 0, port);
        }
        // Open every flow: SYN, then ACK, so each is ESTABLISHED; remember which server it went to.
        for (int i = 0; i < flows; i++) {
            require(sendIn(i, Tcp.FLAG_SYN), "SYN of flow " + i);
            require(sendIn(i, Tcp.FLAG_ACK), "ACK of flow " + i);
            flowData[i * FLOW_INTS + SERVER_ADDR] = Ipv4.dstAddr(buffer, HEADROOM + IP);
        }
        outTemplate = template(0x020000000200L, PORT1_MAC, 0, 8080, 0, 0);
        int outIp = Ipv4.checksum(outTemplate, IP), outTcp = Tcp.checksum(outTemplate, TCP_HEADER);
        for (int i = 0; i < flows; i++) {
            int f = i * FLOW_INTS;
            int client = flowData[f + CLIENT_ADDR], server = flowData[f + SERVER_ADDR];
            flowData[f + OUT_IP] = Checksum.update32(Checksum.update32(outIp, 0, server), 0, client);
            flowData[f + OUT_TCP] = Checksum.update16(
                    Checksum.update32(Checksum.update32(outTcp, 0, server), 0, client), 0, flowData[f + CLIENT_PORT]);
        }
        processor.beginBurst();
    }

    private static void require(int verdict, String what) {
        if (!Verdict.isTransmit(verdict)) throw new IllegalStateException(what + ": " + Verdict.toString(verdict));
    }

    /** A 54-byte TCP ACK frame with correct checksums for the given endpoints (0 = filled in per flow). */
    private MemorySegment template(long srcMac, long dstMac, int src, int srcPort, int dst, int dstPort) {
        MemorySegment t = arena.allocate(FRAME_LENGTH);
        NetBytes.setMac(t, 0, dstMac);
        NetBytes.setMac(t, 6, srcMac);
        NetBytes.setU16(t, 12, 0x0800);
        Ipv4.writeHeader(t, IP, 0, 40, 1, Ipv4.FLAG_DF, 64, Ipv4.PROTOCOL_TCP, src, dst);
        NetBytes.setU16(t, TCP_HEADER, srcPort);
        NetBytes.setU16(t, TCP_HEADER + 2, dstPort);
        NetBytes.setU32(t, TCP_HEADER + 4, 1000);
        NetBytes.setU8(t, TCP_HEADER + 12, 0x50);
        NetBytes.setU8(t, TCP_HEADER + 13, Tcp.FLAG_ACK);
        NetBytes.setU16(t, TCP_HEADER + 14, 65535);
        MemorySegment pseudo = arena.allocate(12);
        NetBytes.setU32(pseudo, 0, src);
        NetBytes.setU32(pseudo, 4, dst);
        NetBytes.setU16(pseudo, 8, Ipv4.PROTOCOL_TCP);
        NetBytes.setU16(pseudo, 10, 20);
        Tcp.setChecksum(t, TCP_HEADER, ~Checksum.fold(Checksum.sum(t, TCP_HEADER, 20, Checksum.sum(pseudo, 0, 12, 0))) & 0xffff);
        return t;
    }

    private int sendIn(int flow, int flags) {
        prepareIn(flow);
        if (flags != Tcp.FLAG_ACK) {
            int old = NetBytes.u16(buffer, HEADROOM + TCP_HEADER + 12);
            int word = (old & 0xff00) | flags;
            NetBytes.setU16(buffer, HEADROOM + TCP_HEADER + 12, word);
            Tcp.setChecksum(buffer, HEADROOM + TCP_HEADER, Checksum.update16(Tcp.checksum(buffer, HEADROOM + TCP_HEADER), old, word));
        }
        return processor.process(buffer, HEADROOM, FRAME_LENGTH, 0, now);
    }

    private void prepareIn(int flow) {
        int f = flow * FLOW_INTS;
        int[] d = flowData;
        prepare(inTemplate, d[f + CLIENT_ADDR], VIP, Tcp.SRC_PORT_OFFSET, d[f + CLIENT_PORT], d[f + IN_IP], d[f + IN_TCP]);
    }

    private void prepareOut(int flow) {
        int f = flow * FLOW_INTS;
        int[] d = flowData;
        prepare(outTemplate, d[f + SERVER_ADDR], d[f + CLIENT_ADDR], Tcp.DST_PORT_OFFSET, d[f + CLIENT_PORT], d[f + OUT_IP], d[f + OUT_TCP]);
    }

    /** Restores the frame for one flow: template, addresses, the client's port, precomputed checksums. */
    private void prepare(MemorySegment template, int src, int dst, int portField, int port, int ipChecksum, int tcpChecksum) {
        MemorySegment b = buffer;
        MemorySegment.copy(template, 0, b, HEADROOM, FRAME_LENGTH);
        Ipv4.setSrcAddr(b, HEADROOM + IP, src);
        Ipv4.setDstAddr(b, HEADROOM + IP, dst);
        Ipv4.setChecksum(b, HEADROOM + IP, ipChecksum);
        NetBytes.setU16(b, HEADROOM + TCP_HEADER + portField, port);
        Tcp.setChecksum(b, HEADROOM + TCP_HEADER, tcpChecksum);
    }

    /**
     * Flows in order: the harness reads its records sequentially, while the connection table, which
     * hashes the endpoints, still sees them at scattered places.
     */
    private int nextFlow() {
        int c = cursor + 1;
        if (c == flows) c = 0;
        cursor = c;
        return c;
    }

    @Benchmark
    public int clientToServer() {
        prepareIn(nextFlow());
        return processor.process(buffer, HEADROOM, FRAME_LENGTH, 0, now);
    }

    @Benchmark
    public int serverToClient() {
        prepareOut(nextFlow());
        return processor.process(buffer, HEADROOM, FRAME_LENGTH, 1, now);
    }

    @Benchmark
    public int prepareOnly() {
        int flow = nextFlow();
        prepareIn(flow);
        return flow;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long transmitted = processor.counters().get(io.jlvs.fastpath.PacketCounters.TRANSMITTED);
        long received = processor.counters().get(io.jlvs.fastpath.PacketCounters.RECEIVED);
        if (transmitted != received) {
            throw new IllegalStateException("not every packet was forwarded: " + processor.counters());
        }
        connections.close();
        arena.close();
    }
}
