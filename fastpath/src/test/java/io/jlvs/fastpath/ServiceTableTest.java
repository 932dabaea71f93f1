package io.jlvs.fastpath;

import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.RoundRobinScheduler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTableTest {

    private final DestinationLoad load = new DestinationLoad(1, 16);
    private final ServiceTable table = FixtureLab.services(load);

    @Test
    void findsServicesByProtocolAddressAndPort() {
        int http = table.findService(Ipv4.PROTOCOL_TCP, FixtureLab.VIP, 80);
        assertEquals(1, table.service(http).serviceId);
        assertEquals(6, table.service(table.findService(Ipv4.PROTOCOL_UDP, FixtureLab.VIP, 53)).serviceId);
        assertEquals(ServiceTable.NOT_FOUND, table.findService(Ipv4.PROTOCOL_UDP, FixtureLab.VIP, 80));
        assertEquals(ServiceTable.NOT_FOUND, table.findService(Ipv4.PROTOCOL_TCP, FixtureLab.VIP + 1, 80));
    }

    @Test
    void knowsNatServerEndpointsAndLocalAddresses() {
        assertTrue(table.isNatServer(Ipv4.PROTOCOL_TCP, FixtureLab.RS1, 8080));
        assertTrue(table.isNatServer(Ipv4.PROTOCOL_UDP, FixtureLab.RS1, 5353));
        assertFalse(table.isNatServer(Ipv4.PROTOCOL_TCP, Ipv4Text.parse("192.168.1.12"), 443), "DR servers never reply through us");
        assertTrue(table.isLocal(Ipv4Text.parse("192.168.2.1")));
        assertFalse(table.isLocal(FixtureLab.VIP));
    }

    @Test
    void directRoutingServersKeepTheServicePort() {
        ServiceTable t = ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, 1, List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .service(new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, FixtureLab.VIP, 443, new RoundRobinScheduler(1),
                        List.of(new ServiceTable.RealServer(3, Ipv4Text.parse("10.0.0.9"), 8443, 1, 0, 0, ForwardMethod.DR, 0, 0))))
                .build();
        assertEquals(443, t.destPort(3));
        assertEquals(Ipv4Text.parse("10.0.0.9"), t.destNextHop(3), "no next hop given: the server itself");
    }

    @Test
    void longestPrefixRouteWins() {
        ServiceTable t = ServiceTable.builder(load)
                .port(new ServiceTable.Port(0, 1, List.of(Ipv4Text.parse("10.0.0.1")), 1500))
                .port(new ServiceTable.Port(1, 2, List.of(Ipv4Text.parse("10.1.0.1")), 1500))
                .route(new ServiceTable.Route(0, 0, 0, Ipv4Text.parse("10.0.0.254")))
                .route(new ServiceTable.Route(Ipv4Text.parse("10.1.0.0"), 16, 1, 0))
                .build();
        int onLink = t.findRoute(Ipv4Text.parse("10.1.2.3"));
        assertEquals(1, t.routePort(onLink));
        assertEquals(Ipv4Text.parse("10.1.2.3"), t.routeNextHop(onLink, Ipv4Text.parse("10.1.2.3")));
        int fallback = t.findRoute(Ipv4Text.parse("8.8.8.8"));
        assertEquals(0, t.routePort(fallback));
        assertEquals(Ipv4Text.parse("10.0.0.254"), t.routeNextHop(fallback, Ipv4Text.parse("8.8.8.8")));
    }

    @Test
    void badRulesAreRejectedNamingTheEntry() {
        ServiceTable.Port port = new ServiceTable.Port(0, 1, List.of(Ipv4Text.parse("10.0.0.1")), 1500);
        ServiceTable.VirtualService http = new ServiceTable.VirtualService(1, Ipv4.PROTOCOL_TCP, FixtureLab.VIP, 80,
                new RoundRobinScheduler(1), List.of(new ServiceTable.RealServer(0, FixtureLab.RS1, 8080, 1, 0, 0, ForwardMethod.NAT, 0, 0)));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> ServiceTable.builder(load).port(port).service(http)
                        .service(new ServiceTable.VirtualService(2, Ipv4.PROTOCOL_TCP, FixtureLab.VIP, 80, new RoundRobinScheduler(1), List.of()))
                        .build());
        assertEquals("service 2 (TCP 10.0.0.100:80): duplicate virtual service", duplicate.getMessage());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> ServiceTable.builder(load).service(http).build());
        assertEquals("service 1 (TCP 10.0.0.100:80), real server 192.168.1.11 (dest 0): port 0 is not defined", noPort.getMessage());
        IllegalArgumentException protocol = assertThrows(IllegalArgumentException.class,
                () -> new ServiceTable.VirtualService(9, 1, FixtureLab.VIP, 0, new RoundRobinScheduler(1), List.of()));
        assertEquals("service 9: protocol must be 6 (TCP) or 17 (UDP), was 1", protocol.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServiceTable.Port(0, 1, List.of(1), 40));
    }

    @Test
    void neighbourTableAnswersUnknownForMisses() {
        NeighbourTable n = NeighbourTable.of(Map.of(FixtureLab.RS1, MacText.parse("02:00:00:00:01:0b")));
        assertEquals(0x02000000010bL, n.mac(FixtureLab.RS1));
        assertEquals(NeighbourTable.UNKNOWN, n.mac(FixtureLab.VIP));
    }

    @Test
    void neighbourSnapshotsAreReplacedNotChanged() {
        NeighbourTable first = NeighbourTable.of(Map.of(FixtureLab.RS1, 0x02000000010bL));
        NeighbourTable second = first.with(FixtureLab.VIP, 0x020000000064L).with(FixtureLab.RS1, 0x02000000010cL);
        assertEquals(0x02000000010bL, first.mac(FixtureLab.RS1), "the published snapshot is untouched");
        assertEquals(NeighbourTable.UNKNOWN, first.mac(FixtureLab.VIP));
        assertEquals(0x02000000010cL, second.mac(FixtureLab.RS1));
        assertEquals(Map.of(FixtureLab.RS1, 0x02000000010cL, FixtureLab.VIP, 0x020000000064L), second.toMap());
        assertEquals(NeighbourTable.UNKNOWN, second.without(FixtureLab.RS1).mac(FixtureLab.RS1));
    }
}
