package io.jlvs.fastpath;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.jlvs.fastpath.PacketFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Katran-style fixtures: input frame -> verdict and output frame, for every forwarding method and
 * direction and every malformed kind. The frames and their checksums are in {@link PacketFixtures}.
 */
class PacketFixturesTest {

    private final FixtureLab lab = new FixtureLab();

    @AfterEach
    void close() { lab.close(); }

    private void assertForwarded(String input, int rxPort, int expectedVerdict, String expectedOutput) {
        FixtureLab.Result result = lab.run(input, rxPort);
        assertEquals(Verdict.toString(expectedVerdict), Verdict.toString(result.verdict()), "verdict; counters " + lab.processor.counters());
        assertEquals(Hex.format(Hex.parse(expectedOutput)), Hex.format(result.frame()), "output frame");
    }

    @Test
    void natInRewritesDestinationToRealServerAndDecrementsTtl() {
        assertForwarded(NAT_IN_SYN, 0, Verdict.transmit(1), NAT_IN_SYN_OUT);
        assertEquals(1, lab.processor.counters().get(PacketCounters.CONNECTIONS_CREATED));
    }

    @Test
    void natOutRewritesSourceBackToVipAndRoutesToClient() {
        lab.run(NAT_IN_SYN, 0);
        assertForwarded(NAT_OUT_SYN_ACK, 1, Verdict.transmit(0), NAT_OUT_SYN_ACK_OUT);
    }

    @Test
    void natInUdpUpdatesChecksum() {
        assertForwarded(NAT_IN_UDP, 0, Verdict.transmit(1), NAT_IN_UDP_OUT);
    }

    @Test
    void natInUdpWithoutChecksumKeepsItZero() {
        assertForwarded(NAT_IN_UDP_NO_CHECKSUM, 0, Verdict.transmit(1), NAT_IN_UDP_NO_CHECKSUM_OUT);
    }

    @Test
    void natInKeepsVlanTagAndIpOptions() {
        assertForwarded(NAT_IN_VLAN_OPTIONS, 0, Verdict.transmit(1), NAT_IN_VLAN_OPTIONS_OUT);
    }

    @Test
    void directRoutingChangesOnlyTheEthernetHeader() {
        assertForwarded(DR_SYN, 0, Verdict.transmit(1), DR_SYN_OUT);
    }

    @Test
    void tunnelPrependsOuterIpv4Header() {
        assertForwarded(TUN_SYN, 0, Verdict.transmit(1), TUN_SYN_OUT);
        assertEquals(FixtureLab.HEADROOM - 20, lab.processor.outputOffset(), "the frame starts 20 bytes earlier");
    }

    @Test
    void tunnelWithDontFragmentOverEgressMtuAnswersFragmentationNeeded() {
        assertForwarded(TUN_FRAG_NEEDED, 0, Verdict.transmit(0), TUN_FRAG_NEEDED_OUT);
        assertEquals(1, lab.processor.counters().drops(DropReason.FRAGMENTATION_NEEDED));
        assertEquals(1, lab.processor.counters().get(PacketCounters.ICMP_SENT));
    }

    @Test
    void natWithTtlOneAnswersTimeExceeded() {
        assertForwarded(NAT_TTL_EXPIRED, 0, Verdict.transmit(0), NAT_TTL_EXPIRED_OUT);
        assertEquals(1, lab.processor.counters().drops(DropReason.TTL_EXPIRED));
    }

    @Test
    void natReplyWithTtlOneAnswersTimeExceededFromThePortAddress() {
        lab.run(NAT_IN_SYN, 0);
        assertForwarded(NAT_OUT_TTL_EXPIRED, 1, Verdict.transmit(1), NAT_OUT_TTL_EXPIRED_OUT);
    }

    @Test
    void noEligibleServerAnswersPortUnreachable() {
        assertForwarded(NO_REAL_SERVER, 0, Verdict.transmit(0), NO_REAL_SERVER_OUT);
        assertEquals(1, lab.processor.counters().drops(DropReason.NO_REAL_SERVER));
        assertEquals(0, lab.connections.size());
    }

    @Test
    void noIcmpErrorToAMulticastSource() {
        byte[] frame = TestFrames.fromClient(true, 0xe0000001, 5000, FixtureLab.VIP, 81, 64, io.jlvs.fastpath.packet.Tcp.FLAG_SYN, new byte[0]);
        FixtureLab.Result result = lab.run(frame, 0);
        assertEquals(Verdict.toString(Verdict.drop(DropReason.NO_REAL_SERVER)), Verdict.toString(result.verdict()));
        assertEquals(0, lab.processor.counters().get(PacketCounters.ICMP_SENT));
    }

    @Test
    void replyFromNatServerWithoutConnectionAnswersPortUnreachable() {
        assertForwarded(NAT_REPLY_WITHOUT_CONNECTION, 1, Verdict.transmit(1), NAT_REPLY_WITHOUT_CONNECTION_OUT);
    }

    @Test
    void icmpErrorFromTheServerSideIsRewrittenForTheClient() {
        lab.run(NAT_IN_SYN, 0);
        assertForwarded(ICMP_FROM_SERVER, 1, Verdict.transmit(0), ICMP_FROM_SERVER_OUT);
    }

    @Test
    void icmpErrorFromTheClientSideIsRewrittenForTheNatServer() {
        lab.run(NAT_IN_SYN, 0);
        assertForwarded(ICMP_FROM_CLIENT_SIDE, 0, Verdict.transmit(1), ICMP_FROM_CLIENT_SIDE_OUT);
    }

    @Test
    void icmpErrorFromTheClientSideGoesUnchangedToTheDirectRoutingServer() {
        lab.run(DR_SYN, 0);
        assertForwarded(ICMP_FROM_CLIENT_SIDE_DR, 0, Verdict.transmit(1), ICMP_FROM_CLIENT_SIDE_DR_OUT);
    }

    @Test
    void icmpErrorAboutNoConnectionIsPunted() {
        assertForwarded(ICMP_FROM_SERVER, 1, Verdict.punt(PuntReason.ICMP), ICMP_FROM_SERVER);
    }

    @Test
    void unknownNeighbourIsPuntedUnchanged() {
        lab.state.publish(NeighbourTable.EMPTY);
        assertForwarded(NAT_IN_SYN, 0, Verdict.punt(PuntReason.NEIGHBOUR_UNKNOWN), NAT_IN_SYN);
    }

    static Stream<Arguments> notForwarded() {
        return Stream.of(
                Arguments.of("TRUNCATED_ETHERNET", TRUNCATED_ETHERNET, 0, Verdict.drop(DropReason.TRUNCATED)),
                Arguments.of("TRUNCATED_IP", TRUNCATED_IP, 0, Verdict.drop(DropReason.TRUNCATED)),
                Arguments.of("BAD_HEADER_LENGTH", BAD_HEADER_LENGTH, 0, Verdict.drop(DropReason.BAD_HEADER_LENGTH)),
                Arguments.of("BAD_TOTAL_LENGTH", BAD_TOTAL_LENGTH, 0, Verdict.drop(DropReason.BAD_TOTAL_LENGTH)),
                Arguments.of("BAD_IP_CHECKSUM", BAD_IP_CHECKSUM, 0, Verdict.drop(DropReason.BAD_IP_CHECKSUM)),
                Arguments.of("BAD_IP_VERSION", BAD_IP_VERSION, 0, Verdict.drop(DropReason.BAD_IP_VERSION)),
                Arguments.of("FRAGMENT", FRAGMENT, 0, Verdict.drop(DropReason.FRAGMENT)),
                Arguments.of("UNKNOWN_PROTOCOL", UNKNOWN_PROTOCOL, 0, Verdict.drop(DropReason.UNKNOWN_PROTOCOL)),
                Arguments.of("IPV6", IPV6, 0, Verdict.drop(DropReason.IPV6)),
                Arguments.of("VRRP_ADVERT", VRRP_ADVERT, 0, Verdict.punt(PuntReason.LINK_LOCAL_MULTICAST)),
                Arguments.of("SYNC_MESSAGE", SYNC_MESSAGE, 0, Verdict.punt(PuntReason.LINK_LOCAL_MULTICAST)),
                Arguments.of("UNKNOWN_ETHER_TYPE", UNKNOWN_ETHER_TYPE, 0, Verdict.drop(DropReason.UNKNOWN_ETHER_TYPE)),
                Arguments.of("TRUNCATED_TCP", TRUNCATED_TCP, 0, Verdict.drop(DropReason.TRUNCATED)),
                Arguments.of("BAD_TCP_DATA_OFFSET", BAD_TCP_DATA_OFFSET, 0, Verdict.drop(DropReason.BAD_HEADER_LENGTH)),
                Arguments.of("BAD_UDP_LENGTH", BAD_UDP_LENGTH, 0, Verdict.drop(DropReason.BAD_TOTAL_LENGTH)),
                Arguments.of("NO_SERVICE", NO_SERVICE, 0, Verdict.drop(DropReason.NO_SERVICE)),
                Arguments.of("NO_CONNECTION", NO_CONNECTION, 0, Verdict.drop(DropReason.NO_CONNECTION)),
                Arguments.of("NO_CONNECTION_FROM_SERVER_RST", NO_CONNECTION_FROM_SERVER_RST, 1, Verdict.drop(DropReason.NO_CONNECTION_FROM_SERVER)),
                Arguments.of("NAT_IN_SYN on an unknown port", NAT_IN_SYN, 7, Verdict.drop(DropReason.UNKNOWN_RX_PORT)),
                Arguments.of("ARP_REQUEST", ARP_REQUEST, 0, Verdict.punt(PuntReason.ARP)),
                Arguments.of("ICMP_ECHO", ICMP_ECHO, 0, Verdict.punt(PuntReason.ICMP)),
                Arguments.of("LOCAL", LOCAL, 0, Verdict.punt(PuntReason.LOCAL)));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("notForwarded")
    void malformedOrForeignFramesAreDroppedOrPuntedUnchangedAndCounted(String name, String input, int rxPort, int expectedVerdict) {
        FixtureLab.Result result = lab.run(input, rxPort);
        assertEquals(Verdict.toString(expectedVerdict), Verdict.toString(result.verdict()), name);
        assertEquals(Hex.format(Hex.parse(input)), Hex.format(result.frame()), name + ": the frame is untouched");
        PacketCounters counters = lab.processor.counters();
        long counted = Verdict.isDrop(expectedVerdict)
                ? counters.drops(Verdict.dropReason(expectedVerdict))
                : counters.punts(Verdict.puntReason(expectedVerdict));
        assertEquals(1, counted, name + ": counted under its reason; " + counters);
        assertEquals(0, lab.connections.size(), name + ": no connection created");
    }
}
