package io.jlvs.sched;

import static io.jlvs.sched.Fixture.name;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** lc, wlc, sed, nq, fo, ovf, twos against hand-computed IPVS answers. Overhead = active*256 + inactive. */
class LoadBasedSchedulersTest {

    private final Fixture f = new Fixture();

    private String pick(Scheduler s, RealServers servers) {
        return name(servers, s.pick(servers, 0, 0, 0, 0, 0));
    }

    @Test
    void lc_least_overhead_ties_to_the_earlier_server() {
        RealServers servers = f.list(s('A', 1), s('B', 5), s('C', 1));
        f.counts('A', 1, 0);   // 256
        f.counts('B', 0, 300); // 300
        f.counts('C', 1, 0);   // 256
        assertEquals("A", pick(new LeastConnectionScheduler(), servers));
        f.counts('C', 0, 255); // 255 < 256
        assertEquals("C", pick(new LeastConnectionScheduler(), servers));
        RealServers quiesced = f.list(s('C', 0), s('A', 1));
        assertEquals("A", pick(new LeastConnectionScheduler(), quiesced));
    }

    @Test
    void wlc_overhead_over_weight_by_cross_multiplication() {
        RealServers servers = f.list(s('A', 1), s('B', 2), s('C', 3));
        f.counts('A', 1, 0); // 256/1
        f.counts('B', 1, 0); // 256/2 = 128: 256*2 > 256*1 -> B
        f.counts('C', 2, 0); // 512/3 = 170.7: 256*3 > 512*2 is false -> B stays
        assertEquals("B", pick(new WeightedLeastConnectionScheduler(), servers));
        f.counts('B', 2, 0); // 512/2 = 256 == A's 256/1: tie -> the earlier, A
        // then C: 256*3 = 768 > 512*1 = 512 -> C
        assertEquals("C", pick(new WeightedLeastConnectionScheduler(), servers));
        f.counts('C', 3, 0); // 768/3 = 256: tie with A -> A
        assertEquals("A", pick(new WeightedLeastConnectionScheduler(), servers));
    }

    @Test
    void wlc_products_do_not_overflow_32_bits() {
        // 65536*256 overhead times weight 2^31-1 overflows int; IPVS uses __s64.
        RealServers servers = f.list(s('A', Integer.MAX_VALUE), s('B', Integer.MAX_VALUE - 1));
        f.counts('A', 65536, 0);
        f.counts('B', 65535, 0);
        // A: 16777216 / (2^31-1); B: 16776960 / (2^31-2): 16777216*(2^31-2) > 16776960*(2^31-1) -> B
        assertEquals("B", pick(new WeightedLeastConnectionScheduler(), servers));
    }

    @Test
    void sed_counts_active_plus_one_and_ignores_inactive() {
        RealServers servers = f.list(s('A', 1), s('B', 3));
        f.counts('A', 0, 1000); // (0+1)/1 = 1
        f.counts('B', 2, 0);    // (2+1)/3 = 1: tie -> A
        assertEquals("A", pick(new ShortestExpectedDelayScheduler(), servers));
        RealServers heavier = f.list(s('A', 1), s('B', 4)); // 3/4 < 1 -> B
        assertEquals("B", pick(new ShortestExpectedDelayScheduler(), heavier));
    }

    @Test
    void nq_idle_server_wins_at_once_else_sed() {
        RealServers servers = f.list(s('A', 5), s('B', 1), s('C', 1));
        f.counts('A', 3, 0);
        f.counts('B', 0, 50); // idle: no active connection
        f.counts('C', 0, 0);
        assertEquals("B", pick(new NeverQueueScheduler(), servers));
        f.counts('B', 1, 0);  // (1+1)/1 = 2
        f.counts('C', 1, 0);  // 2
        // A: (3+1)/5 = 0.8 -> A
        assertEquals("A", pick(new NeverQueueScheduler(), servers));
    }

    @Test
    void fo_highest_weight_first_in_list_on_ties_skips_overloaded() {
        RealServers servers = f.list(s('A', 2), s('B', 5, 1, 0), s('C', 5));
        assertEquals("B", pick(new WeightedFailoverScheduler(), servers));
        f.counts('B', 0, 1); // total 1 >= -x 1
        assertEquals("C", pick(new WeightedFailoverScheduler(), servers));
    }

    @Test
    void ovf_highest_weight_with_active_at_most_weight() {
        RealServers servers = f.list(s('A', 3), s('B', 5), s('C', 0));
        f.counts('B', 5, 0);
        assertEquals("B", pick(new WeightedOverflowScheduler(), servers)); // 5 <= 5
        f.counts('B', 6, 0);
        assertEquals("A", pick(new WeightedOverflowScheduler(), servers)); // 6 > 5 overflows to A
        f.counts('A', 4, 0);
        assertEquals("-", pick(new WeightedOverflowScheduler(), servers));
    }

    @Test
    void twos_walks_the_draws_and_keeps_the_less_loaded_relative_to_weight() {
        RealServers servers = f.list(s('A', 1), s('B', 2), s('C', 1));
        // draw1 = 1: A takes it to 0 -> choice1 A. draw2 = 3: A -> 2, B -> 0 -> choice2 B.
        f.counts('A', 1, 0); // 256
        f.counts('B', 1, 0); // 256: 2*256 > 1*256 -> B
        assertEquals("B", name(servers, PowerOfTwoScheduler.choose(servers, 1, 3)));
        f.counts('B', 3, 0); // 768: 2*256 > 1*768 false -> A
        assertEquals("A", name(servers, PowerOfTwoScheduler.choose(servers, 1, 3)));
        // draw 0 lands on the first server, draw == total weight (4) on the last.
        assertEquals("C", name(servers, PowerOfTwoScheduler.choose(servers, 4, 4)));
    }

    @Test
    void twos_random_draws_follow_the_weights() {
        RealServers servers = f.list(s('A', 1), s('B', 3));
        Scheduler twos = new PowerOfTwoScheduler(2, 42);
        int[] hits = new int[2];
        for (int k = 0; k < 40_000; k++) hits[twos.pick(servers, k & 1, 0, 0, 0, 0)]++;
        // idle servers: choice1 wins ties, so P(A) = P(draw1 <= 1) = 2/5 of draws in [0, 4].
        double shareA = hits[0] / 40_000.0;
        System.out.printf("twos idle share of A (weight 1 of 4, draws in [0,4]): %.3f%n", shareA);
        assertEquals(0.4, shareA, 0.02);
    }
}
