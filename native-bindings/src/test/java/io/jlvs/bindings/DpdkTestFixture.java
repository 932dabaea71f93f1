package io.jlvs.bindings;

import io.jlvs.bindings.pcap.PcapFile;
import io.jlvs.bindings.pcap.SamplePackets;
import io.jlvs.bindings.runtime.Affinity;
import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.PacketPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/**
 * The one EAL of the test JVM (DPDK initialises once per process), shared by the in-process tests:
 * <ul>
 *   <li>net_pcap0: rx_pcap = {@link #IN_PCAP} ({@link #PACKETS} sample packets), tx_pcap = {@link #OUT_PCAP};</li>
 *   <li>net_null0 and net_null1: endless 64-byte packets in, a sink out;</li>
 *   <li>one packet pool, {@link #pool()}.</li>
 * </ul>
 * The runtime closes when the JVM exits (its shutdown hook).
 */
public final class DpdkTestFixture {
    private DpdkTestFixture() {}

    public static final int PACKETS = 1500;
    public static final Path DIR = Path.of(System.getProperty("jlvs.test.dir", "target/test-work")).toAbsolutePath();
    public static final Path IN_PCAP = DIR.resolve("roundtrip-in.pcap");
    public static final Path OUT_PCAP = DIR.resolve("roundtrip-out.pcap");

    private static DpdkRuntime runtime;
    private static PacketPool pool;
    private static BitSet cpusBeforeInit;
    private static List<PcapFile.Packet> input;

    private static synchronized void init() {
        if (runtime != null) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            Files.deleteIfExists(OUT_PCAP);
            input = SamplePackets.generate(PACKETS, 42);
            PcapFile.write(IN_PCAP, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cpusBeforeInit = Affinity.currentThreadCpus();
        runtime = DpdkRuntime.start(
                "--vdev=net_pcap0,rx_pcap=" + IN_PCAP + ",tx_pcap=" + OUT_PCAP,
                "--vdev=net_null0",
                "--vdev=net_null1");
        pool = runtime.createPacketPool("test", 8191);
    }

    public static DpdkRuntime runtime() {
        init();
        return runtime;
    }

    public static PacketPool pool() {
        init();
        return pool;
    }

    /** The packets written to {@link #IN_PCAP}. */
    public static List<PcapFile.Packet> input() {
        init();
        return input;
    }

    /** The CPU mask of the thread that started EAL, read before rte_eal_init. */
    public static BitSet cpusBeforeInit() {
        init();
        return cpusBeforeInit;
    }
}
