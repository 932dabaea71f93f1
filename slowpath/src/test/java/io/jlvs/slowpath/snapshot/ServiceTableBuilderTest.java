package io.jlvs.slowpath.snapshot;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.config.Ipv4Address;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.PortConfig;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two-arm director: clients on port 0 (203.0.113.10/24, gateway .1), servers on port 1 (192.168.1.1/24). */
class ServiceTableBuilderTest {

    private static final int VIP = 0xcb00710a + 90;   // 203.0.113.100

    private final DestinationLoad load = new DestinationLoad(2, 64);
    private final ServiceTableBuilder builder = new ServiceTableBuilder(List.of(
            new PortConfig("outside", "net_null0", PortConfig.Role.EXTERNAL, List.of(Ipv4Prefix.parse("203.0.113.10/24")),
                    1500, null, Ipv4Address.parse("203.0.113.1")),
            new PortConfig("inside", "net_null1", PortConfig.Role.INTERNAL, List.of(Ipv4Prefix.parse("192.168.1.1/24")),
                    9000, null, null)), port -> 0x020000000000L + port, load);

    @Test
    void servicesServersRoutesAndPorts() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        jlvsadm.ok("-A -t 203.0.113.100:80 -s wrr");
        jlvsadm.ok("-a -t 203.0.113.100:80 -r 192.168.1.11:8080 -m -w 3");
        jlvsadm.ok("-a -t 203.0.113.100:80 -r 198.51.100.7 -i -w 2 -x 100 -y 50");
        // A fwmark service from a journal written before jlvsadm refused -A -f.
        jlvsadm.plane.submit("cli:test", List.of(RuleText.parse("-A -f 9 -s rr", Jlvsadm.NAMES)));

        ServiceTable table = builder.build(jlvsadm.plane.rules(), null);

        assertEquals(1, table.serviceCount(), "the fwmark service is not forwarded");
        ServiceTable.Service web = table.service(table.findService(6, VIP, 80));
        assertEquals(List.of(1, 0), List.of(web.servers.destId(0), web.servers.destId(1)), "IPVS list order, newest first");
        assertEquals(2, web.servers.weight(0));
        assertEquals(100, web.servers.upperThreshold(0));

        assertEquals(ForwardMethod.NAT_CODE, table.destForwardMethod(0));
        assertEquals(8080, table.destPort(0));
        assertEquals(1, table.destEgressPort(0), "on the inside subnet");
        assertEquals(0xc0a8010b, table.destNextHop(0));
        assertTrue(table.isNatServer(6, 0xc0a8010b, 8080));

        assertEquals(ForwardMethod.TUN_CODE, table.destForwardMethod(1));
        assertEquals(0, table.destEgressPort(1), "via the default route");
        assertEquals(0xcb007101, table.destNextHop(1), "the gateway");

        assertEquals(9000, table.portMtu(1));
        assertEquals(0x020000000001L, table.portMac(1));
        assertTrue(table.isLocal(0xcb00710a));
    }

    @Test
    void publishingSwapsTheSnapshotAndClearsRecycledIds() {
        Jlvsadm jlvsadm = new Jlvsadm();
        ForwardingState state = new ForwardingState(builder.build(jlvsadm.plane.rules(), null), NeighbourTable.EMPTY);
        SnapshotPublisher publisher = new SnapshotPublisher(builder, state, load);
        jlvsadm.ok("-A -t 203.0.113.100:80 -s lblc");
        jlvsadm.ok("-a -t 203.0.113.100:80 -r 192.168.1.11:80 -m");
        publisher.publish(jlvsadm.plane.rules());
        ServiceTable first = state.services();
        load.addActive(0, 0, 5);

        jlvsadm.ok("-a -t 203.0.113.100:80 -r 192.168.1.12:80 -m");
        publisher.publish(jlvsadm.plane.rules());

        ServiceTable second = state.services();
        assertFalse(first == second);
        assertEquals(5, load.active(0), "a kept server keeps its count");
        assertTrue(second.hasDestination(1));
        assertSame(first.service(0).scheduler.getClass(), second.service(0).scheduler.getClass());

        RuleSet withoutFirst = jlvsadm.plane.rules();
        VirtualService web = withoutFirst.services().getFirst();
        RealServer reusingId0 = new RealServer(0, 0xc0a80163, 80, ForwardMethod.NAT, 1, 0, 0, 1);
        publisher.publish(new RuleSet(List.of(new VirtualService(web.serviceId(), web.key(), web.settings(),
                List.of(web.servers().getFirst()))), withoutFirst.timeouts(), 1, 2));
        publisher.publish(new RuleSet(List.of(new VirtualService(web.serviceId(), web.key(), web.settings(),
                List.of(reusingId0, web.servers().getFirst()))), withoutFirst.timeouts(), 1, 2));
        assertEquals(0, load.active(0), "an id given to another server starts from zero");
    }
}
