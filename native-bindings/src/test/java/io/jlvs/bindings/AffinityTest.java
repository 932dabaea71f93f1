package io.jlvs.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jlvs.bindings.dpdk.RteEal;
import io.jlvs.bindings.runtime.Affinity;
import io.jlvs.bindings.runtime.DpdkRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A Java thread registered with EAL and pinned to a CPU; the kernel's view read back from /proc. */
class AffinityTest {

    @Test
    void registeredThreadIsPinnedToItsCpu() throws Exception {
        DpdkRuntime dpdk = DpdkTestFixture.runtime();
        BitSet allowed = DpdkTestFixture.cpusBeforeInit();
        int cpu = allowed.length() - 1; // the last CPU this process may use
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().name("pinned-worker").start(() -> {
            try {
                int lcore = dpdk.registerCurrentThread(cpu);
                int tid = Affinity.tid();
                String status = Files.readString(Path.of("/proc/self/task/" + tid + "/status"));
                String list = status.lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                        .map(l -> l.substring("Cpus_allowed_list:".length()).trim()).findFirst().orElseThrow();
                result.set(lcore + " " + DpdkRuntime.currentLcore() + " " + list);
                dpdk.unregisterCurrentThread();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        String[] parts = result.get().split(" ");
        assertNotEquals(RteEal.LCORE_ID_ANY, Integer.parseInt(parts[0]), "an lcore id");
        assertEquals(parts[0], parts[1], "rte_lcore_id() on the thread");
        assertEquals(Integer.toString(cpu), parts[2], "Cpus_allowed_list of the pinned thread");
    }

    @Test
    void ealInitLeavesTheCallersMaskAlone() throws Exception {
        DpdkTestFixture.runtime();
        // rte_eal_init pins its caller to the main lcore; the runtime restores the caller's mask.
        // The fixture ran on some test thread; a thread started now inherits from this one.
        BitSet[] seen = new BitSet[1];
        Thread t = Thread.ofPlatform().start(() -> seen[0] = Affinity.currentThreadCpus());
        t.join();
        assertEquals(DpdkTestFixture.cpusBeforeInit(), seen[0]);
    }
}
