package io.jlvs.sched;

import io.jlvs.model.SchedulerFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Set;

import static io.jlvs.sched.Fixture.ip;
import static io.jlvs.sched.Fixture.name;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every scheduler shares: weight 0 is quiesced, -x/-y overload with hysteresis, NO_SERVER, no allocation. */
class EverySchedulerTest {

    // 10.0.0.2 puts dh and sh on bucket 98, which holds position 0 (B) in a two-server list.
    private static final int CLIENT = ip("10.0.0.2");
    private static final int VIP = ip("10.0.0.2");

    private final Fixture f = new Fixture();

    static Iterable<String> names() { return Schedulers.NAMES; }

    private static Set<SchedulerFlag> fallbackFlags(String name) {
        return switch (name) {
            case "sh" -> EnumSet.of(SchedulerFlag.SH_FALLBACK);
            case "mh" -> EnumSet.of(SchedulerFlag.MH_FALLBACK);
            default -> EnumSet.noneOf(SchedulerFlag.class);
        };
    }

    private String pick(String name, RealServers servers) {
        Scheduler s = Schedulers.create(name, fallbackFlags(name), servers, 2);
        return name(servers, s.pick(servers, 1, CLIENT, 4321, VIP, 80));
    }

    @ParameterizedTest
    @MethodSource("names")
    void overload_sets_at_upper_and_clears_below_three_quarters_with_no_lower_threshold(String name) {
        // B: -x 4, no -y. A is quiesced, so B is the only candidate.
        RealServers servers = f.list(s('B', 1, 4, 0), s('A', 0));
        f.counts('B', 0, 3);
        assertEquals("B", pick(name, servers), "3 < 4, never overloaded");
        f.counts('B', 0, 4);
        assertEquals("-", pick(name, servers), "4 >= -x 4: OVERLOAD");
        f.counts('B', 0, 3);
        assertEquals("-", pick(name, servers), "3*4 < 4*3 is false: still OVERLOAD");
        f.counts('B', 0, 2);
        assertEquals("B", pick(name, servers), "2*4 < 4*3: cleared");
    }

    @ParameterizedTest
    @MethodSource("names")
    void overload_clears_below_the_lower_threshold(String name) {
        RealServers servers = f.list(s('B', 1, 5, 2), s('A', 0));
        f.counts('B', 0, 5);
        assertEquals("-", pick(name, servers), "5 >= -x 5");
        f.counts('B', 0, 2);
        assertEquals("-", pick(name, servers), "2 is not < -y 2");
        f.counts('B', 0, 1);
        assertEquals("B", pick(name, servers), "1 < -y 2: cleared");
    }

    @ParameterizedTest
    @MethodSource("names")
    void all_quiesced_or_empty_is_no_server(String name) {
        RealServers quiesced = f.list(s('B', 0), s('A', 0));
        assertEquals("-", pick(name, quiesced));
        assertEquals("-", pick(name, f.list()));
    }

    @ParameterizedTest
    @MethodSource("names")
    void a_pick_allocates_nothing(String name) {
        RealServers servers = f.list(s('C', 3, 100, 0), s('B', 1), s('A', 2));
        Scheduler s = Schedulers.create(name, fallbackFlags(name), servers, 2);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int k = 0; k < 20_000; k++) sink += s.pick(servers, k & 1, CLIENT + (k & 255), k, VIP + (k & 63), 80);
        // The least of five rounds: a JIT recompilation can allocate once on this thread, a pick never.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20_000; k++) sink += s.pick(servers, k & 1, CLIENT + (k & 255), k, VIP + (k & 63), 80);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != Integer.MIN_VALUE);
        assertEquals(0, least, name + " allocated " + least + " bytes in 20000 picks");
    }

    @Test
    void factory_names_the_unknown_scheduler_and_lists_the_valid_ones() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedulers.create("wrrr", Set.of(), f.list(), 1));
        assertEquals("unknown scheduler 'wrrr'; valid: [rr, wrr, lc, wlc, sed, nq, lblc, lblcr, dh, sh, mh, fo, ovf, twos]",
                e.getMessage());
    }

    @Test
    void factory_rejects_flags_of_another_scheduler_and_parses_ipvsadm_flags() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedulers.create("sh", Set.of(SchedulerFlag.MH_PORT), f.list(), 1));
        assertEquals("scheduler flag mh-port does not apply to scheduler sh", e.getMessage());
        assertEquals(EnumSet.of(SchedulerFlag.SH_FALLBACK, SchedulerFlag.SH_PORT), SchedulerFlag.parse("sh-fallback, sh-port"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SchedulerFlag.parse("sh-prot"));
        assertTrue(bad.getMessage().startsWith("unknown scheduler flag 'sh-prot'"), bad.getMessage());
    }

    @Test
    void every_name_builds_a_scheduler_that_reports_it() {
        RealServers servers = f.list(s('A', 1));
        for (String name : Schedulers.NAMES) {
            assertEquals(name, Schedulers.create(name, Set.of(), servers, 1).name());
        }
    }
}
