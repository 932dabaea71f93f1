package io.jlvs.perf.suite;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.PacketCounters;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.Verdict;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.perf.linerate.BenchTopology;
import io.jlvs.sched.DestinationLoad;
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
import java.util.concurrent.TimeUnit;

/**
 * Parse + connection lookup + rewrite per forwarding method, one established client -> VIP frame
 * (the line-rate harness's 64-byte TCP ACK, {@link BenchTopology}) per operation, over 1K or 1M
 * flows to 8 real servers:
 * <ul>
 *   <li>NAT: destination address and port, TTL, incremental IPv4 and TCP checksums, MACs;</li>
 *   <li>DR: MACs only;</li>
 *   <li>TUN: a 20-byte outer IPv4 header prepended in the headroom, MACs.</li>
 * </ul>
 * {@code established} includes restoring the frame (the processor rewrites it in place);
 * {@code restoreOnly} is that restoring alone, to subtract. {@code newConnection} is a SYN from a
 * new client endpoint each time: service lookup, scheduler pick, connection insert, rewrite (a
 * fresh table, untimed, between iterations once half full; the {@code flows} parameter does not apply). Run with {@code -prof gc}: gc.alloc.rate.norm must be 0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MethodProcessBenchmark {

    private static final long HEADROOM = 128;

    @Param({"NAT", "DR", "TUN"})
    String method;

    @Param({"1000", "1000000"})
    int flows;

    private Arena arena;
    private MemorySegment buffer;
    private MemorySegment ack, syn;
    private int ackIp, ackTcp, synIp, synTcp;
    private ConnectionTable connections;
    private ConnectionTable newConnections;
    private PacketProcessor processor;
    private PacketProcessor newProcessor;
    private long now = 1_000_000;
    private int cursor;
    private long nextNewFlow;

    static int method(String name) {
        return switch (name) {
            case "NAT" -> ForwardMethod.NAT_CODE;
            case "DR" -> ForwardMethod.DR_CODE;
            case "TUN" -> ForwardMethod.TUN_CODE;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        buffer = arena.allocate(HEADROOM + 256, 64);
        ack = arena.allocate(BenchTopology.FRAME_LENGTH);
        syn = arena.allocate(BenchTopology.FRAME_LENGTH);
        BenchTopology.writeTemplate(ack, 0, Tcp.FLAG_ACK);
        BenchTopology.writeTemplate(syn, 0, Tcp.FLAG_SYN);
        ackIp = Ipv4.checksum(ack, BenchTopology.IP);
        ackTcp = NetBytes.u16(ack, BenchTopology.L4 + Tcp.CHECKSUM_OFFSET);
        synIp = Ipv4.checksum(syn, BenchTopology.IP);
        synTcp = NetBytes.u16(syn, BenchTopology.L4 + Tcp.CHECKSUM_OFFSET);

        DestinationLoad load = new DestinationLoad(1, BenchTopology.SERVERS);
        ForwardingState state = BenchTopology.state(load, method(method));
        connections = new ConnectionTable(flows + flows / 4, 0, load, ConnectionTimeouts.ipvsDefaults());
        processor = new PacketProcessor(0, connections, state);
        for (int f = 0; f < flows; f++) {
            require(send(syn, synIp, synTcp, f), "SYN of flow " + f);
            require(send(ack, ackIp, ackTcp, f), "ACK of flow " + f);
        }
        freshNewConnectionTable();
        processor.beginBurst();
    }

    private static void require(int verdict, String what) {
        if (!Verdict.isTransmit(verdict)) throw new IllegalStateException(what + ": " + Verdict.toString(verdict));
    }

    private void restore(MemorySegment template, int ipChecksum, int tcpChecksum, long flow) {
        MemorySegment.copy(template, 0, buffer, HEADROOM, BenchTopology.FRAME_LENGTH);
        BenchTopology.stampFlow(buffer, HEADROOM, flow, ipChecksum, tcpChecksum);
    }

    private int send(MemorySegment template, int ipChecksum, int tcpChecksum, long flow) {
        restore(template, ipChecksum, tcpChecksum, flow);
        return processor.process(buffer, HEADROOM, BenchTopology.FRAME_LENGTH, BenchTopology.CLIENT_SIDE, now);
    }

    /** Flows in order: the harness's reads stay sequential; the table hashes them to scattered slots. */
    private int nextFlow() {
        int c = cursor + 1;
        if (c == flows) c = 0;
        cursor = c;
        return c;
    }

    @Benchmark
    public int established() {
        return send(ack, ackIp, ackTcp, nextFlow());
    }

    @Benchmark
    public int restoreOnly() {
        int flow = nextFlow();
        restore(ack, ackIp, ackTcp, flow);
        return flow;
    }

    /** A new, empty table for {@code newConnection}, untimed, when the last iteration filled half of it. */
    @Setup(Level.Iteration)
    public void emptyNewConnections() {
        if (newConnections.size() > newConnections.capacity() / 2) {
            checkForwarded(newProcessor);
            newConnections.close();
            freshNewConnectionTable();
        }
    }

    /** Room for 8M connections: more than one 1-second iteration creates on this kind of machine. */
    private void freshNewConnectionTable() {
        DestinationLoad load = new DestinationLoad(1, BenchTopology.SERVERS);
        newConnections = new ConnectionTable(8 << 20, 0, load, ConnectionTimeouts.ipvsDefaults());
        newProcessor = new PacketProcessor(0, newConnections, BenchTopology.state(load, method(method)));
    }

    private void checkForwarded(PacketProcessor p) {
        PacketCounters c = p.counters();
        if (c.get(PacketCounters.TRANSMITTED) != c.get(PacketCounters.RECEIVED)) {
            throw new IllegalStateException(method + ": not every packet was forwarded: " + c);
        }
    }

    @Benchmark
    public int newConnection() {
        long flow = nextNewFlow++;
        restore(syn, synIp, synTcp, flow);
        return newProcessor.process(buffer, HEADROOM, BenchTopology.FRAME_LENGTH, BenchTopology.CLIENT_SIDE, now);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        checkForwarded(processor);
        checkForwarded(newProcessor);
        connections.close();
        newConnections.close();
        arena.close();
    }
}
