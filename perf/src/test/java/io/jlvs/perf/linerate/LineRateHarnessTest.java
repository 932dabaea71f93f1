package io.jlvs.perf.linerate;

import io.jlvs.bindings.runtime.DpdkRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of every line-rate scenario (the bare loop, NAT/DR/TUN established at 1K flows, NAT
 * SYN) over real DPDK ring ports and the production {@link io.jlvs.fastpath.worker.Worker}: every
 * packet must be accounted for exactly, every frame must come out as its method requires, every
 * checked checksum must be valid. No figure is asserted (the machine is shared).
 */
class LineRateHarnessTest {

    @Test
    void everyPacketIsAccountedForInEveryScenario() throws Exception {
        List<LineRateHarness.Result> results;
        try (DpdkRuntime dpdk = DpdkRuntime.start()) {
            results = new LineRateHarness(LineRateHarness.Options.quick(), dpdk).runAll();
        }
        assertEquals(6, results.size(), "bare, NAT/DR/TUN established, NAT SYN, bare");
        for (LineRateHarness.Result r : results) {
            Accounting a = r.accounting();
            assertEquals(List.of(), a.mismatches(), r.name());
            assertTrue(a.generated > 0, r.name() + ": nothing generated");
            assertEquals(0, r.wrong(), r.name() + ": first wrong frame " + r.firstWrong());
            assertEquals(0, r.checksumsBad(), r.name());
            assertTrue(r.checksumsChecked() > 0, r.name() + ": no checksum checked");
            assertEquals(a.generated, a.sinkReceived, r.name() + ": established and SYN traffic is all forwarded: " + a.dropsText());
            if (r.traffic().equals("syn")) assertEquals(a.sinkReceived, r.connectionsCreated(), "one connection per SYN");
        }
    }
}
