package io.jlvs.perf.linerate;

import io.jlvs.bindings.runtime.DpdkRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of every line-rate scenario (the pointer-only and the touching bare loop, NAT/DR/TUN
 * established at 1K flows in random order, NAT SYN), each online and offline, over real DPDK ring
 * ports and the production {@link io.jlvs.fastpath.worker.Worker}: every packet must be accounted
 * for exactly, every frame must come out as its method requires (the touching loop's with its MACs
 * swapped), every checked checksum must be valid, and the offline mode must have timed packets. No
 * figure is asserted (the machine is shared).
 */
class LineRateHarnessTest {

    @Test
    void everyPacketIsAccountedForInEveryScenario() throws Exception {
        List<LineRateHarness.Result> results;
        try (DpdkRuntime dpdk = DpdkRuntime.start()) {
            results = new LineRateHarness(LineRateHarness.Options.quick(), dpdk).runAll();
        }
        assertEquals(8, results.size(), "bare pointer-only and touching, NAT/DR/TUN established, NAT SYN, touching and pointer-only");
        for (LineRateHarness.Result r : results) {
            Accounting a = r.accounting();
            assertEquals(List.of(), a.mismatches(), r.name());
            assertTrue(a.generated > 0, r.name() + ": nothing generated");
            assertEquals(0, r.wrong(), r.name() + ": first wrong frame " + r.firstWrong());
            assertEquals(0, r.checksumsBad(), r.name());
            assertTrue(r.checksumsChecked() > 0, r.name() + ": no checksum checked");
            assertEquals(a.generated, a.sinkReceived, r.name() + ": established and SYN traffic is all forwarded: " + a.dropsText());
            assertTrue(r.offlinePackets() > 0 && r.offlineNsPerPacket() > 0, r.name() + ": offline mode timed no packet");
            if (r.traffic().equals("syn")) assertEquals(a.sinkReceived, r.connectionsCreated(), "one connection per SYN");
        }
    }
}
