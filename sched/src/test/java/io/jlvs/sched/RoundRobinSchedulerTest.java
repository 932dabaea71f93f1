package io.jlvs.sched;

import static io.jlvs.sched.Fixture.picks;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundRobinSchedulerTest {

    private final Fixture f = new Fixture();

    @Test
    void cycles_in_list_order_newest_first() {
        RealServers servers = f.list(s('C', 1), s('B', 1), s('A', 1));
        assertEquals("C B A C B", picks(new RoundRobinScheduler(1), servers, 0, 5));
    }

    @Test
    void weights_other_than_zero_do_not_matter_and_zero_is_skipped() {
        RealServers servers = f.list(s('A', 9), s('B', 0), s('C', 1));
        assertEquals("A C A C", picks(new RoundRobinScheduler(1), servers, 0, 4));
    }

    @Test
    void cores_keep_separate_cursors() {
        RealServers servers = f.list(s('A', 1), s('B', 1), s('C', 1));
        Scheduler rr = new RoundRobinScheduler(2);
        assertEquals("A B", picks(rr, servers, 0, 2));
        assertEquals("A", picks(rr, servers, 1, 1));
        assertEquals("C", picks(rr, servers, 0, 1));
    }

    @Test
    void no_eligible_server() {
        RealServers servers = f.list(s('A', 0), s('B', 1, 1, 0));
        f.counts('B', 1, 0);
        assertEquals("- -", picks(new RoundRobinScheduler(1), servers, 0, 2));
        RealServers empty = f.list();
        assertEquals("-", picks(new RoundRobinScheduler(1), empty, 0, 1));
    }
}
