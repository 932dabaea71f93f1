package io.jlvs.perf.suite;

import io.jlvs.fastpath.packet.Checksum;
import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.perf.linerate.BenchTopology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * Checksum work of a NAT rewrite on the 64-byte frame: the incremental updates the fast path uses
 * (RFC 1624: an address, an address and a port in one fold) against recomputing from the bytes
 * (IPv4 header, TCP header with pseudo-header), and the IPv4 header verification every received
 * packet gets. The address changes every call so nothing folds to a constant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ChecksumBenchmark {

    private Arena arena;
    private MemorySegment frame;
    private int ipChecksum;
    private int tcpChecksum;
    private int address = BenchTopology.FIRST_SERVER;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        frame = arena.allocate(BenchTopology.FRAME_LENGTH, 8);
        BenchTopology.writeTemplate(frame, 0, Tcp.FLAG_ACK);
        BenchTopology.stampFlow(frame, 0, 12345, Ipv4.checksum(frame, BenchTopology.IP),
                NetBytes.u16(frame, BenchTopology.L4 + Tcp.CHECKSUM_OFFSET));
        ipChecksum = Ipv4.checksum(frame, BenchTopology.IP);
        tcpChecksum = NetBytes.u16(frame, BenchTopology.L4 + Tcp.CHECKSUM_OFFSET);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private int nextAddress() {
        return address = address + 1;
    }

    /** IPv4 header checksum after the destination address changed (update32). */
    @Benchmark
    public int incrementalIpAddress() {
        return Checksum.update32(ipChecksum, BenchTopology.VIP, nextAddress());
    }

    /** TCP checksum after the destination address and port changed, one fold. */
    @Benchmark
    public int incrementalTcpAddressAndPort() {
        return Checksum.updateAddressAndPort(tcpChecksum, BenchTopology.VIP, nextAddress(), BenchTopology.VIP_PORT,
                BenchTopology.NAT_SERVER_PORT);
    }

    /** The IPv4 header checksum recomputed from its 20 bytes after writing the new address. */
    @Benchmark
    public int recomputeIpHeader() {
        long ip = BenchTopology.IP;
        Ipv4.setDstAddr(frame, ip, nextAddress());
        Ipv4.setChecksum(frame, ip, 0);
        int c = Checksum.compute(frame, ip, Ipv4.MIN_HEADER_LENGTH);
        Ipv4.setChecksum(frame, ip, c);
        return c;
    }

    /** The TCP checksum recomputed over pseudo-header and 20-byte header after writing the new address. */
    @Benchmark
    public int recomputeTcp() {
        long ip = BenchTopology.IP, tcp = BenchTopology.L4;
        Ipv4.setDstAddr(frame, ip, nextAddress());
        NetBytes.setU16(frame, tcp + Tcp.CHECKSUM_OFFSET, 0);
        int c = BenchTopology.tcpChecksum(frame, ip, tcp, Tcp.MIN_HEADER_LENGTH);
        NetBytes.setU16(frame, tcp + Tcp.CHECKSUM_OFFSET, c);
        return c;
    }

    /** Verification of a received IPv4 header (what the parser does for every packet, here from the bytes). */
    @Benchmark
    public boolean verifyIpHeader() {
        return Checksum.verify(frame, BenchTopology.IP, Ipv4.MIN_HEADER_LENGTH);
    }
}
