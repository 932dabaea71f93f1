package io.jlvs.bindings.demo;

import io.jlvs.bindings.dpdk.DpdkUnavailableException;
import io.jlvs.bindings.pcap.PcapFile;
import io.jlvs.bindings.pcap.SamplePackets;
import io.jlvs.bindings.runtime.DpdkException;
import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import io.jlvs.bindings.runtime.Packets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code make demo} (for now): forwards a capture through a Java rx->tx loop over a DPDK net_pcap
 * port (rx_pcap = the input, tx_pcap = the output), printing every packet in and out, then checks
 * that the output capture holds the same packets.
 *
 * <p>Usage: {@code PcapForwardDemo WORKDIR [IN.pcap]}: without IN.pcap, the bundled capture (32
 * deterministic UDP packets of mixed sizes, {@link SamplePackets}) is written to WORKDIR/in.pcap.
 * Exit status 0 when the output matches, 1 when not, 2 when DPDK cannot run here.
 */
public final class PcapForwardDemo {
    private PcapForwardDemo() {}

    private static final int BURST = 32;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PcapForwardDemo WORKDIR [IN.pcap]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path in = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        if (args.length <= 1) {
            PcapFile.write(in, SamplePackets.generate(32, 2026));
        }
        try {
            System.exit(run(in, out) ? 0 : 1);
        } catch (DpdkException | DpdkUnavailableException e) {
            System.err.println("jlvs demo: " + e.getMessage());
            System.exit(2);
        }
    }

    static boolean run(Path in, Path out) throws IOException {
        List<PcapFile.Packet> input = PcapFile.read(in);
        System.out.printf("jlvs demo: forwarding %d packets from %s through DPDK net_pcap and a Java rx->tx loop%n",
                input.size(), in);
        long packetsIn = 0;
        long packetsOut = 0;
        try (DpdkRuntime dpdk = DpdkRuntime.start("--vdev=net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out);
             Arena arena = Arena.ofConfined()) {
            System.out.println("jlvs demo: EAL " + String.join(" ", dpdk.ealArguments()));
            PacketPool pool = dpdk.createPacketPool("demo", 1023);
            EthPort port = dpdk.port("net_pcap0");
            port.configure(1, 1, 256, 256, pool);
            port.start();
            System.out.printf("jlvs demo: port %d %s (%s) mac %s link %s%n", port.id(), port.name(), port.driver(),
                    port.mac(), port.link().up() ? "up" : "down");
            MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, BURST);
            int[] lengths = new int[BURST];
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < 300_000_000L) {
                int n = port.rxBurst(0, burst, BURST);
                if (n == 0) {
                    Thread.onSpinWait();
                    continue;
                }
                idleSince = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long m = burst.getAtIndex(ValueLayout.JAVA_LONG, i);
                    lengths[i] = Packets.dataLen(m);
                    System.out.println("  in  #" + (++packetsIn) + "  rx net_pcap0 q0  " + describe(m));
                }
                int sent = 0;
                while (sent < n) { // the driver frees what it sent
                    sent += port.txBurst(0, burst.asSlice(sent * 8L), n - sent);
                }
                for (int i = 0; i < n; i++) {
                    System.out.println("  out #" + (++packetsOut) + "  tx net_pcap0 q0  len " + lengths[i] + "  -> " + out.getFileName());
                }
            }
        } // close: the port stops (the pcap writer flushes), EAL is cleaned up
        List<PcapFile.Packet> output = PcapFile.read(out);
        boolean same = output.size() == input.size();
        for (int i = 0; same && i < input.size(); i++) {
            same = Arrays.equals(input.get(i).data(), output.get(i).data());
        }
        long bytes = input.stream().mapToLong(p -> p.data().length).sum();
        System.out.printf("jlvs demo: %d packets in, %d packets out (%d bytes); %s has %d packets, %s%n",
                packetsIn, packetsOut, bytes, out, output.size(),
                same ? "byte-identical to the input" : "DIFFERENT from the input");
        return same;
    }

    /** "len 98  10.0.0.1:10000 -> 192.0.2.1:80 udp" read in place through the packet segment. */
    private static String describe(long mbuf) {
        long p = Packets.data(mbuf);
        int len = Packets.dataLen(mbuf);
        StringBuilder s = new StringBuilder("len ").append(len);
        if (len >= 34 && Packets.getU16BE(p + 12) == 0x0800) {
            int proto = Packets.getU8(p + 23);
            s.append("  ").append(ip(Packets.getIntBE(p + 26)));
            String ports = "";
            if ((proto == 6 || proto == 17) && len >= 38) {
                s.append(':').append(Packets.getU16BE(p + 34));
                ports = ":" + Packets.getU16BE(p + 36);
            }
            s.append(" -> ").append(ip(Packets.getIntBE(p + 30))).append(ports)
                    .append(proto == 17 ? " udp" : proto == 6 ? " tcp" : " proto " + proto);
        }
        return s.toString();
    }

    private static String ip(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
