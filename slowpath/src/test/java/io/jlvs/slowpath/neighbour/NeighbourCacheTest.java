package io.jlvs.slowpath.neighbour;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The ARP cache's life cycle, and what the workers see of it (the published NeighbourTable). */
class NeighbourCacheTest {

    static final int SERVER = Ipv4Text.parse("192.0.2.11");
    static final int GATEWAY = Ipv4Text.parse("192.0.2.254");
    static final long SERVER_MAC = MacText.parse("02:00:00:00:01:11");
    static final long GATEWAY_MAC = MacText.parse("02:00:00:00:0c:fe");
    static final NeighbourCache.Timing TIMING = new NeighbourCache.Timing(30_000, 1_000, 3, 2);

    final ForwardingState state = new ForwardingState(ServiceTable.builder(new DestinationLoad(1, 16))
            .port(new ServiceTable.Port(0, MacText.parse("02:00:00:00:01:01"), List.of(Ipv4Text.parse("192.0.2.1")), 1500))
            .build(), NeighbourTable.EMPTY);
    final NeighbourCache cache = new NeighbourCache(state, Map.of(GATEWAY, GATEWAY_MAC), TIMING);

    @Test
    void staticEntriesArePublishedAtOnceAndNeverAge() {
        assertEquals(GATEWAY_MAC, state.neighbours().mac(GATEWAY));
        assertEquals(List.of(), cache.tick(10_000_000).probe());
        assertEquals(GATEWAY_MAC, state.neighbours().mac(GATEWAY));
        cache.learn(GATEWAY, SERVER_MAC, true, 0);
        assertEquals(GATEWAY_MAC, state.neighbours().mac(GATEWAY), "ARP does not replace a static entry");
    }

    @Test
    void packetsWaitForTheReplyAndAreReleasedWithIt() {
        assertEquals(NeighbourCache.HoldResult.HELD_SEND_REQUEST, cache.hold(SERVER, 0x1000, 0, 0));
        assertEquals(NeighbourCache.HoldResult.HELD, cache.hold(SERVER, 0x2000, 1, 5));
        assertEquals(NeighbourCache.HoldResult.QUEUE_FULL, cache.hold(SERVER, 0x3000, 1, 6), "two held at most");
        assertEquals(NeighbourTable.UNKNOWN, state.neighbours().mac(SERVER));

        NeighbourTable before = state.neighbours();
        List<NeighbourCache.Held> released = cache.learn(SERVER, SERVER_MAC, false, 10);
        assertEquals(List.of(new NeighbourCache.Held(0x1000, 0), new NeighbourCache.Held(0x2000, 1)), released);
        assertNotSame(before, state.neighbours(), "a new snapshot was published");
        assertEquals(SERVER_MAC, state.neighbours().mac(SERVER));
        assertEquals(NeighbourCache.HoldResult.KNOWN, cache.hold(SERVER, 0x4000, 0, 11));
    }

    @Test
    void anUnansweredRequestIsRepeatedThenGivenUpWithItsPackets() {
        cache.hold(SERVER, 0x1000, 0, 0);
        assertEquals(List.of(), cache.tick(999).probe(), "not before the retransmit time");
        assertEquals(List.of(SERVER), cache.tick(1_000).probe());
        assertEquals(List.of(SERVER), cache.tick(2_000).probe());
        NeighbourCache.TickResult last = cache.tick(3_000);
        assertEquals(List.of(), last.probe());
        assertEquals(List.of(new NeighbourCache.Held(0x1000, 0)), last.dropped(), "three requests, no answer: dropped");
        assertEquals(NeighbourCache.HoldResult.HELD_SEND_REQUEST, cache.hold(SERVER, 0x2000, 0, 4_000), "asked afresh later");
    }

    @Test
    void aReachableEntryGoesStaleIsReprobedAndStaysUsableUntilItFails() {
        cache.learn(SERVER, SERVER_MAC, true, 0);
        assertEquals(List.of(), cache.tick(29_999).probe());
        assertEquals(List.of(SERVER), cache.tick(30_000).probe(), "stale: probe");
        assertEquals(SERVER_MAC, state.neighbours().mac(SERVER), "a stale entry is still used");
        cache.learn(SERVER, SERVER_MAC, false, 30_500);
        NeighbourTable confirmed = state.neighbours();
        assertEquals(List.of(), cache.tick(31_500).probe(), "reachable again");
        assertSame(confirmed, state.neighbours(), "same MAC: nothing republished");

        cache.tick(60_500);
        cache.tick(61_500);
        cache.tick(62_500);
        cache.tick(63_500);
        assertEquals(NeighbourTable.UNKNOWN, state.neighbours().mac(SERVER), "silent after three probes: gone");
    }

    @Test
    void aRequesterOnLinkIsLearnedOnlyWhenItAskedForUs() {
        cache.learn(SERVER, SERVER_MAC, false, 0);
        assertEquals(NeighbourTable.UNKNOWN, state.neighbours().mac(SERVER));
        cache.learn(SERVER, SERVER_MAC, true, 0);
        assertEquals(SERVER_MAC, state.neighbours().mac(SERVER));
    }
}
