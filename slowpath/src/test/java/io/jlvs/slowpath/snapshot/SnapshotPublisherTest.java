package io.jlvs.slowpath.snapshot;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.PacketProcessor;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.PortConfig;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.Timeouts;
import io.jlvs.slowpath.rules.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection counts per destination id across snapshots: cleared for an id new to the configured rules
 * only. The rule set's timeouts travel in the snapshot.
 */
class SnapshotPublisherTest {

    private static final int RS_12 = 0xc0a8_010c;   // 192.168.1.12

    private final DestinationLoad load = new DestinationLoad(1, 64);
    private final ServiceTableBuilder builder = new ServiceTableBuilder(List.of(new PortConfig("lan", "net_null0",
            PortConfig.Role.ONE_ARM, List.of(Ipv4Prefix.parse("192.168.1.1/24")), 1500, null, null)), port -> 0x020000000001L, load);
    private final ForwardingState state = new ForwardingState(builder.build(RuleSet.EMPTY, null), NeighbourTable.of(Map.of()));
    private final SnapshotPublisher publisher = new SnapshotPublisher(builder, state, load);

    private static RuleSet twoServers() {
        Jlvsadm jlvsadm = new Jlvsadm();
        jlvsadm.ok("-A -t 192.168.1.100:80 -s wlc");
        jlvsadm.ok("-a -t 192.168.1.100:80 -r 192.168.1.11 -g");
        jlvsadm.ok("-a -t 192.168.1.100:80 -r 192.168.1.12 -g");
        return jlvsadm.plane.rules();
    }

    /** What a health check's removal publishes: the configured rules without 192.168.1.12. */
    private static RuleSet without12(RuleSet configured) {
        VirtualService s = configured.services().getFirst();
        return configured.withServices(List.of(new VirtualService(s.serviceId(), s.key(), s.settings(),
                s.servers().stream().filter(r -> r.address() != RS_12).toList())));
    }

    @Test
    void aServerTakenOutByItsCheckAndPutBackKeepsItsCounts() {
        RuleSet configured = twoServers();
        int id = configured.services().getFirst().server(RS_12, 80).orElseThrow().destId();
        publisher.publish(configured);
        load.addActive(0, id, 5);

        publisher.prepare(without12(configured), configured).run();
        assertFalse(state.services().hasDestination(id), "out of the fast path's table");
        publisher.prepare(configured, configured).run();

        assertTrue(state.services().hasDestination(id));
        assertEquals(5, load.active(id), "its open connections still count, and will decrement when they end");
    }

    @Test
    void anIdNewToTheConfiguredRulesStartsAtZero() {
        RuleSet configured = twoServers();
        int id = configured.services().getFirst().server(RS_12, 80).orElseThrow().destId();
        publisher.publish(without12(configured));
        load.addActive(0, id, 5);   // what a deleted server that had this id left behind

        publisher.publish(configured);

        assertEquals(0, load.active(id));
    }

    @Test
    void theRuleSetsTimeoutsTravelInTheSnapshotAndReachAProcessorsTableAtItsNextBurst() {
        RuleSet rules = new RuleSet(List.of(), new Timeouts(100, 20, 50), 0, 0);   // config, then --set 100 20 50
        try (ConnectionTable table = new ConnectionTable(1024, 0, load, ConnectionTimeouts.ipvsDefaults())) {
            PacketProcessor processor = new PacketProcessor(0, table, state);
            Runnable publish = publisher.prepare(rules);
            assertEquals(ConnectionTimeouts.ipvsDefaults(), state.services().timeouts(), "nothing published before the action runs");

            publish.run();
            assertEquals(ConnectionTimeouts.ipvsDefaults().withSet(100, 20, 50), state.services().timeouts());
            processor.beginBurst();
            int h = table.insert(17, 1, 1, 2, 53, 3, 53, 0, 2, ForwardMethod.DR_CODE, 1_000_000);
            assertEquals(1_000_000 + 50_000, table.expiresAt(h), "udp = 50 s in the processor's table");
        }
    }

    @Test
    void timeoutsTheFastPathCannotHoldRefuseTheChangeBeforeAnythingIsPublished() {
        ServiceTable before = state.services();
        RuleSet rules = new RuleSet(List.of(), new Timeouts(ConnectionTimeouts.MAX_SECONDS + 1, 20, 50), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> publisher.prepare(rules));
        assertSame(before, state.services());
    }
}
