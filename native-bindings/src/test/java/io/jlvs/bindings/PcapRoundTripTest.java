package io.jlvs.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.bindings.pcap.PcapFile;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EAL with a net_pcap port (rx_pcap=in.pcap, tx_pcap=out.pcap): 1,500 packets of 60 to 1,514 bytes
 * go through a Java rx->tx loop; out.pcap then holds the same packets, byte for byte and in order.
 * (Only the record timestamps differ: the pcap driver stamps packets when it writes them.)
 */
class PcapRoundTripTest {

    @Test
    void captureCrossesTheJavaLoopUnchanged() throws Exception {
        List<PcapFile.Packet> input = DpdkTestFixture.input();
        assertTrue(input.size() >= 1000);
        assertTrue(input.stream().mapToInt(p -> p.data().length).distinct().count() > 10, "mixed sizes");
        PacketPool pool = DpdkTestFixture.pool();
        EthPort port = DpdkTestFixture.runtime().port("net_pcap0");
        assertEquals("net_pcap", port.driver());
        port.configure(1, 1, 512, 512, pool);
        port.start();
        assertTrue(port.link().up(), "pcap link is up once started");

        long received = 0;
        long sent = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, 32);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (received < input.size() && System.nanoTime() < deadline) {
                int n = port.rxBurst(0, burst, 32);
                received += n;
                int done = 0;
                while (done < n) { // pcap tx takes everything; loop anyway, as a fast path must
                    done += port.txBurst(0, burst.asSlice(done * 8L), n - done);
                }
                sent += done;
            }
        }
        EthPort.Stats stats = port.stats();
        port.close(); // stop flushes and closes the pcap writer
        assertEquals(input.size(), received, "packets received");
        assertEquals(input.size(), sent, "packets sent");
        assertEquals(input.size(), stats.ipackets());
        assertEquals(input.size(), stats.opackets());
        assertEquals(pool.size(), pool.available(), "every mbuf back in the pool");

        List<PcapFile.Packet> output = PcapFile.read(DpdkTestFixture.OUT_PCAP);
        assertEquals(input.size(), output.size(), "packet count of out.pcap");
        for (int i = 0; i < input.size(); i++) {
            assertArrayEquals(input.get(i).data(), output.get(i).data(), "packet " + i);
        }
    }
}
