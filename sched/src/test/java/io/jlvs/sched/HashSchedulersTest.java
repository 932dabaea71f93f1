package io.jlvs.sched;

import static io.jlvs.sched.Fixture.ip;
import static io.jlvs.sched.Fixture.name;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * dh and sh: 256 buckets, bucket = (offset + (port + addr) * 2654435761) & 255. Only the low byte of
 * addr + port matters: 10.0.0.1 -> 177 (0xB1), 10.0.0.2 -> 354 & 255 = 98, 10.0.0.3 -> 531 & 255 = 19.
 */
class HashSchedulersTest {

    private final Fixture f = new Fixture();

    @Test
    void bucket_function_matches_hand_computed_values() {
        assertEquals(177, HashBuckets.bucket(ip("10.0.0.1"), 0, 0));
        assertEquals(98, HashBuckets.bucket(ip("10.0.0.2"), 0, 0));
        assertEquals(19, HashBuckets.bucket(ip("10.0.0.3"), 0, 0));
        assertEquals(98, HashBuckets.bucket(ip("10.0.0.1"), 1, 0)); // port 1: (1 + 1) * 177
        assertEquals(99, HashBuckets.bucket(ip("10.0.0.2"), 0, 1));
    }

    @Test
    void dh_one_bucket_per_server_by_destination_address() {
        RealServers servers = f.list(s('A', 1), s('B', 7), s('C', 1));
        DestinationHashScheduler dh = new DestinationHashScheduler(servers);
        // bucket b holds position b % 3, weights do not matter
        assertEquals(0, dh.bucketOwner(0));
        assertEquals(2, dh.bucketOwner(98));
        assertEquals("A", name(servers, dh.pick(servers, 0, ip("192.0.2.9"), 1000, ip("10.0.0.1"), 80))); // 177 % 3 = 0
        assertEquals("C", name(servers, dh.pick(servers, 1, ip("192.0.2.7"), 2000, ip("10.0.0.2"), 80))); // 98 % 3 = 2
        assertEquals("B", name(servers, dh.pick(servers, 0, 0, 0, ip("10.0.0.3"), 80)));                   // 19 % 3 = 1
    }

    @Test
    void dh_unavailable_server_means_no_server() {
        RealServers servers = f.list(s('A', 0), s('B', 1), s('C', 1, 1, 0));
        f.counts('C', 1, 0);
        DestinationHashScheduler dh = new DestinationHashScheduler(servers);
        assertEquals("-", name(servers, dh.pick(servers, 0, 0, 0, ip("10.0.0.1"), 80))); // A, weight 0
        assertEquals("-", name(servers, dh.pick(servers, 0, 0, 0, ip("10.0.0.2"), 80))); // C, overloaded
        assertEquals("B", name(servers, dh.pick(servers, 0, 0, 0, ip("10.0.0.3"), 80)));
    }

    @Test
    void sh_weight_consecutive_buckets_by_source_address() {
        // A weight 2, B weight 1: buckets A A B A A B ...: bucket b -> A when b % 3 < 2
        RealServers servers = f.list(s('A', 2), s('B', 1));
        SourceHashScheduler sh = new SourceHashScheduler(servers, false, false);
        assertEquals("A", name(servers, sh.pick(servers, 0, ip("10.0.0.1"), 5555, ip("10.9.9.9"), 80))); // 177 % 3 = 0
        assertEquals("B", name(servers, sh.pick(servers, 0, ip("10.0.0.2"), 5555, ip("10.9.9.9"), 80))); // 98 % 3 = 2
        assertEquals("A", name(servers, sh.pick(servers, 0, ip("10.0.0.3"), 5555, ip("10.9.9.9"), 80))); // 19 % 3 = 1
        int[] share = new int[2];
        for (int b = 0; b < 256; b++) share[sh.bucketOwner(b)]++;
        assertEquals(171, share[0]); // 85 full rounds of A A B plus A in 255
        assertEquals(85, share[1]);
    }

    @Test
    void sh_port_mixes_in_the_source_port() {
        RealServers servers = f.list(s('A', 2), s('B', 1));
        SourceHashScheduler sh = new SourceHashScheduler(servers, true, false);
        // 10.0.0.1 port 1: bucket 98 -> B; port 0 would be bucket 177 -> A
        assertEquals("B", name(servers, sh.pick(servers, 0, ip("10.0.0.1"), 1, ip("10.9.9.9"), 80)));
        assertEquals("A", name(servers, sh.pick(servers, 0, ip("10.0.0.1"), 0, ip("10.9.9.9"), 80)));
    }

    @Test
    void sh_fallback_walks_offsets_when_the_server_is_unavailable() {
        // B quiesced still takes 1 bucket (the kernel's ++count >= 0): pattern A A B.
        RealServers servers = f.list(s('A', 2), s('B', 0));
        SourceHashScheduler plain = new SourceHashScheduler(servers, false, false);
        SourceHashScheduler fallback = new SourceHashScheduler(servers, false, true);
        assertEquals("-", name(servers, plain.pick(servers, 0, ip("10.0.0.2"), 0, 0, 80))); // bucket 98 -> B
        // offset k = 0: roffset 98, bucket (98 + 98) & 255 = 196, 196 % 3 = 1 -> A
        assertEquals("A", name(servers, fallback.pick(servers, 0, ip("10.0.0.2"), 0, 0, 80)));
        RealServers none = f.list(s('A', 0), s('B', 0));
        assertEquals("-", name(none, new SourceHashScheduler(none, false, true).pick(none, 0, ip("10.0.0.2"), 0, 0, 80)));
    }

    @Test
    void empty_lists_give_no_server() {
        RealServers empty = f.list();
        assertEquals(Scheduler.NO_SERVER, new DestinationHashScheduler(empty).pick(empty, 0, 1, 1, 1, 1));
        assertEquals(Scheduler.NO_SERVER, new SourceHashScheduler(empty, true, true).pick(empty, 0, 1, 1, 1, 1));
        assertEquals(Scheduler.NO_SERVER, new MaglevScheduler(empty, 251, true, true).pick(empty, 0, 1, 1, 1, 1));
    }
}
