package io.jlvs.daemon;

import io.jlvs.bindings.pcap.PcapFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.jlvs.daemon.Frames.SYN;
import static io.jlvs.daemon.Frames.ip;
import static io.jlvs.daemon.Frames.mac;
import static io.jlvs.daemon.ReplayGoldenTest.CLIENT_MAC;
import static io.jlvs.daemon.ReplayGoldenTest.EXT_MAC;
import static io.jlvs.daemon.ReplayGoldenTest.INT_MAC;
import static io.jlvs.daemon.ReplayGoldenTest.VIP_NAT;
import static io.jlvs.daemon.ReplayGoldenTest.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slow path through the replay (two-arm NAT layout, two workers): ARP requests for the VIP and
 * for the director's address are answered on the external port and one for a stranger is not; a
 * ping to the VIP is answered; a SYN whose real server has no MAC yet waits while jlvs asks for it
 * on the internal port, and goes out to the server once the server's ARP reply is in the capture.
 */
class ReplayArpAndEchoTest {

    static final long BROADCAST = 0xffff_ffff_ffffL;
    static final int CLIENT = ip("198.51.100.2");
    static final int SERVER = ip("192.0.2.11");
    static final long SERVER_MAC = mac("02:00:00:00:01:11");

    @Test
    void answersArpAndPingForTheVipAndResolvesTheServerBeforeForwarding() throws Exception {
        Path dir = ReplayGoldenTest.fresh("arp");
        Path config = ReplayGoldenTest.write(dir.resolve("jlvs.yaml"), ReplayGoldenTest.natConfig(dir));
        Path rules = ReplayGoldenTest.write(dir.resolve("rules"), """
                -A -t 198.51.100.10:80 -s rr
                -a -t 198.51.100.10:80 -r 192.0.2.11:8080 -m -w 1
                """);
        List<PcapFile.Packet> input = new ArrayList<>();
        input.add(packet(0, Frames.arp(1, CLIENT_MAC, CLIENT, 0, VIP_NAT, BROADCAST)));
        input.add(packet(1, Frames.arp(1, CLIENT_MAC, CLIENT, 0, ip("198.51.100.1"), BROADCAST)));
        input.add(packet(2, Frames.arp(1, CLIENT_MAC, CLIENT, 0, ip("198.51.100.77"), BROADCAST)));
        input.add(packet(3, Frames.echoRequest(CLIENT_MAC, EXT_MAC, CLIENT, VIP_NAT, 0x4a4c, 1)));
        input.add(packet(4, Frames.tcp(CLIENT_MAC, EXT_MAC, CLIENT, 40000, VIP_NAT, 80, SYN, 1000, 0, 0)));
        input.add(packet(5, Frames.arp(2, SERVER_MAC, SERVER, INT_MAC, ip("192.0.2.1"), INT_MAC)));
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        PcapFile.write(in, input);
        String report = ReplayGoldenTest.replay(config, in, out, rules,
                "--neigh", "198.51.100.2=02:00:00:00:0c:01");

        List<String> lines = new ArrayList<>();
        for (PcapFile.Packet p : PcapFile.read(out)) lines.add(Frames.describe(p.data()));
        assertEquals(List.of(
                "ARP 198.51.100.10 is-at 02:00:00:00:00:01 (02:00:00:00:00:01 > 02:00:00:00:0c:01)",
                "ARP 198.51.100.1 is-at 02:00:00:00:00:01 (02:00:00:00:00:01 > 02:00:00:00:0c:01)",
                "ICMP type 0 198.51.100.10 > 198.51.100.2 ttl 64 (02:00:00:00:00:01 > 02:00:00:00:0c:01)",
                "ARP who-has 192.0.2.11 tell 192.0.2.1 (02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff)",
                "TCP 198.51.100.2:40000 > 192.0.2.11:8080 [S] ttl 63 (02:00:00:00:01:01 > 02:00:00:00:01:11)"),
                lines, report);
        assertTrue(report.contains("slow path held for neighbour 1"), report);
        assertTrue(report.contains("slow path released to workers 1"), report);
        assertTrue(report.contains("slow path echo replies 1"), report);
        assertTrue(report.contains("slow path arp requests answered 2"), report);
    }
}
