package io.jlvs.sched;

import static io.jlvs.sched.Fixture.ip;
import static io.jlvs.sched.Fixture.name;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** lblc and lblcr by destination address (the cache servers' case: one destination, many clients). */
class LocalitySchedulersTest {

    private static final int D1 = ip("198.51.100.1");
    private static final int D2 = ip("198.51.100.2");
    private static final long HOUR = 3_600_000L;

    private final Fixture f = new Fixture();

    private static String pick(Scheduler s, RealServers servers, int core, int dst) {
        return name(servers, s.pick(servers, core, ip("192.0.2.1") + core, 40000 + core, dst, 80));
    }

    @Test
    void lblc_keeps_a_destination_on_its_server_from_every_core() {
        RealServers servers = f.list(s('A', 1), s('B', 1));
        Scheduler lblc = new LocalityBasedScheduler(new LocalityCache(1024));
        assertEquals("A", pick(lblc, servers, 0, D1)); // wlc over idle A, B: the first
        f.counts('A', 1, 0);                           // A 1 active <= weight 1: keeps D1
        assertEquals("A", pick(lblc, servers, 1, D1)); // other core, same cache
        assertEquals("B", pick(lblc, servers, 0, D2)); // wlc: A 256 > B 0
        f.counts('B', 1, 0);
        assertEquals("B", pick(lblc, servers, 1, D2));
    }

    @Test
    void lblc_moves_when_cached_server_is_busier_than_its_weight_and_a_peer_has_room() {
        RealServers servers = f.list(s('A', 1), s('B', 4));
        Scheduler lblc = new LocalityBasedScheduler(new LocalityCache(1024));
        assertEquals("A", pick(lblc, servers, 0, D1));
        f.counts('A', 2, 0); // 2 > weight 1
        f.counts('B', 2, 0); // 2*2 < 4 is false: nobody has room -> stay on A
        assertEquals("A", pick(lblc, servers, 0, D1));
        f.counts('B', 1, 0); // 1*2 < 4: B has room -> reschedule by wlc: A 512/1, B 256/4 -> B
        assertEquals("B", pick(lblc, servers, 0, D1));
        f.counts('A', 0, 0);
        assertEquals("B", pick(lblc, servers, 1, D1)); // now cached on B
    }

    @Test
    void lblc_cache_survives_a_new_snapshot_but_not_the_removal_of_its_server() {
        RealServers servers = f.list(s('A', 1), s('B', 1));
        Scheduler first = Schedulers.create("lblc", Set.of(), servers, 2);
        assertEquals("A", pick(first, servers, 0, D1));
        RealServers withC = f.list(s('C', 1), s('A', 1), s('B', 1)); // C added at the head
        Scheduler second = Schedulers.create("lblc", Set.of(), withC, 2, Schedulers.Options.DEFAULT, first);
        assertEquals("A", pick(second, withC, 0, D1)); // fresh wlc would say C
        RealServers withoutA = f.list(s('C', 1), s('B', 1));
        Scheduler third = Schedulers.create("lblc", Set.of(), withoutA, 2, Schedulers.Options.DEFAULT, second);
        assertEquals("C", pick(third, withoutA, 0, D1));
        RealServers quiesced = f.list(s('C', 0), s('B', 1));
        Scheduler fourth = Schedulers.create("lblc", Set.of(), quiesced, 2, Schedulers.Options.DEFAULT, third);
        assertEquals("B", pick(fourth, quiesced, 0, D1));
    }

    @Test
    void lblc_entries_expire_after_24_hours_idle() {
        RealServers servers = f.list(s('A', 1), s('B', 1));
        LocalityBasedScheduler lblc = new LocalityBasedScheduler(new LocalityCache(1024));
        lblc.maintain(0);
        assertEquals("A", pick(lblc, servers, 0, D1));
        assertEquals(0, lblc.maintain(23 * HOUR));
        assertEquals(1, lblc.maintain(24 * HOUR));
        assertEquals(0, lblc.cache().size());
    }

    @Test
    void lblcr_grows_the_set_when_its_least_loaded_member_is_busy() {
        RealServers servers = f.list(s('A', 1), s('B', 1), s('C', 1));
        LocalityReplicaScheduler lblcr = new LocalityReplicaScheduler(new LocalityReplicaScheduler.Sets(1024));
        assertEquals("A", pick(lblcr, servers, 0, D1));
        assertArrayEquals(new int[] {0}, lblcr.sets().members(D1));
        f.counts('A', 2, 0); // A: 2 > 1 and B has room -> wlc over all: B (C ties, B earlier)
        assertEquals("B", pick(lblcr, servers, 1, D1));
        assertArrayEquals(new int[] {1, 0}, lblcr.sets().members(D1)); // newest member first
        f.counts('B', 1, 0); // set {B 256, A 512}: least B, 1 <= weight 1 -> B, set unchanged
        assertEquals("B", pick(lblcr, servers, 0, D1));
        f.counts('B', 2, 0); // B 512 ties A 512 -> set min B (first); 2 > 1 and C has room -> wlc: C
        assertEquals("C", pick(lblcr, servers, 0, D1));
        assertArrayEquals(new int[] {2, 1, 0}, lblcr.sets().members(D1));
    }

    @Test
    void lblcr_set_sheds_its_most_loaded_member_after_24_hours_unchanged() {
        RealServers servers = f.list(s('A', 1), s('B', 1));
        LocalityReplicaScheduler lblcr = new LocalityReplicaScheduler(new LocalityReplicaScheduler.Sets(1024));
        lblcr.maintain(0);
        assertEquals("A", pick(lblcr, servers, 0, D1));
        f.counts('A', 2, 0);
        assertEquals("B", pick(lblcr, servers, 0, D1));
        assertArrayEquals(new int[] {1, 0}, lblcr.sets().members(D1));
        f.counts('B', 1, 0);
        lblcr.maintain(12 * HOUR);
        assertEquals("B", pick(lblcr, servers, 0, D1)); // used: the entry itself stays
        lblcr.maintain(24 * HOUR); // not yet: more than the expiration must pass
        assertEquals("B", pick(lblcr, servers, 0, D1));
        assertArrayEquals(new int[] {1, 0}, lblcr.sets().members(D1));
        lblcr.maintain(24 * HOUR + 1000); // set unchanged > 24 h: drop the most loaded, A (512 vs 256)
        assertEquals("B", pick(lblcr, servers, 0, D1));
        assertArrayEquals(new int[] {1}, lblcr.sets().members(D1));
    }

    @Test
    void lblcr_drops_removed_members_and_no_server_when_none_eligible() {
        RealServers servers = f.list(s('A', 1), s('B', 1));
        LocalityReplicaScheduler lblcr = new LocalityReplicaScheduler(new LocalityReplicaScheduler.Sets(1024));
        assertEquals("A", pick(lblcr, servers, 0, D1));
        RealServers withoutA = f.list(s('B', 1));
        assertEquals("B", pick(lblcr, withoutA, 0, D1));
        assertArrayEquals(new int[] {1}, lblcr.sets().members(D1));
        RealServers quiesced = f.list(s('B', 0));
        assertEquals("-", pick(lblcr, quiesced, 0, D1));
    }
}
