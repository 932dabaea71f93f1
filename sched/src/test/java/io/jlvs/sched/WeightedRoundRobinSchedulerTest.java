package io.jlvs.sched;

import static io.jlvs.sched.Fixture.picks;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WeightedRoundRobinSchedulerTest {

    private final Fixture f = new Fixture();

    @Test
    void weights_4_3_2_give_ipvs_sequence() {
        // di = 1, mw = 4: cw=4 -> A; cw=3 -> A B; cw=2 -> A B C; cw=1 -> A B C; then again.
        RealServers servers = f.list(s('A', 4), s('B', 3), s('C', 2));
        Scheduler wrr = new WeightedRoundRobinScheduler(servers, 2);
        assertEquals("A A B A B C A B C A A B A B C A B C", picks(wrr, servers, 0, 18));
    }

    @Test
    void each_core_runs_its_own_sequence() {
        RealServers servers = f.list(s('A', 4), s('B', 3), s('C', 2));
        Scheduler wrr = new WeightedRoundRobinScheduler(servers, 2);
        assertEquals("A A B A", picks(wrr, servers, 0, 4));
        assertEquals("A A B A B C", picks(wrr, servers, 1, 6));
        assertEquals("B C A B C", picks(wrr, servers, 0, 5));
    }

    @Test
    void weight_change_mid_stream_restarts_from_the_head() {
        RealServers before = f.list(s('A', 4), s('B', 3), s('C', 2));
        Scheduler wrr = new WeightedRoundRobinScheduler(before, 2);
        assertEquals("A A B A", picks(wrr, before, 0, 4));
        // A drops to 1: new snapshot, new instance. mw = 3: cw=3 -> B; cw=2 -> B C; cw=1 -> A B C.
        RealServers after = f.list(s('A', 1), s('B', 3), s('C', 2));
        Scheduler next = new WeightedRoundRobinScheduler(after, 2);
        assertEquals("B B C A B C B B C", picks(next, after, 0, 9));
    }

    @Test
    void gcd_steps_and_the_last_pass_at_cw_1() {
        // weights 4, 2: di = 2, mw = 4 - (2 - 1) = 3. cw=3 -> A; cw=1 -> A B.
        RealServers servers = f.list(s('A', 4), s('B', 2));
        assertEquals("A A B A A B", picks(new WeightedRoundRobinScheduler(servers, 1), servers, 0, 6));
    }

    @Test
    void weight_0_is_quiesced_and_all_zero_is_no_server() {
        RealServers servers = f.list(s('A', 0), s('B', 1), s('C', 2));
        assertEquals("C B C C B C", picks(new WeightedRoundRobinScheduler(servers, 1), servers, 0, 6));
        RealServers none = f.list(s('A', 0), s('B', 0));
        assertEquals("- -", picks(new WeightedRoundRobinScheduler(none, 1), none, 0, 2));
    }

    @Test
    void equal_weights_are_plain_round_robin_in_list_order() {
        RealServers servers = f.list(s('C', 5), s('B', 5), s('A', 5));
        assertEquals("C B A C B A", picks(new WeightedRoundRobinScheduler(servers, 1), servers, 0, 6));
    }

    @Test
    void overloaded_server_is_skipped_and_all_overloaded_is_no_server() {
        RealServers servers = f.list(s('A', 4, 2, 0), s('B', 1));
        f.counts('A', 0, 2); // total 2 >= -x 2
        assertEquals("B B B", picks(new WeightedRoundRobinScheduler(servers, 1), servers, 0, 3));
        RealServers allOver = f.list(s('A', 4, 2, 0));
        assertEquals("-", picks(new WeightedRoundRobinScheduler(allOver, 1), allOver, 0, 1));
    }
}
