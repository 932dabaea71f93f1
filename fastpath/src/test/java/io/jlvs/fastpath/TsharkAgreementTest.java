package io.jlvs.fastpath;

import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.Ipv4Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.jlvs.fastpath.PacketFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An independent parser agrees: every frame the fast path transmits, written to a pcap, is read by
 * tshark with IP, TCP and UDP checksum validation on; no checksum may be bad and the addresses and
 * ports must be the expected ones.
 */
class TsharkAgreementTest {

    private static final String[] FIELDS = {
        "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport",
        "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", "icmp.checksum.status",
    };
    /** Wireshark's checksum status values. */
    private static final String BAD = "0", GOOD = "1", NOT_PRESENT = "3";

    private final FixtureLab lab = new FixtureLab();
    private final List<byte[]> frames = new ArrayList<>();
    /** Per frame: the expected "ip.src|ip.dst|tcp.srcport|tcp.dstport|udp.srcport|udp.dstport". */
    private final List<String> expected = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() { lab.close(); }

    private void transmit(String fixture, int rxPort, String expectedEndpoints) {
        transmit(Hex.parse(fixture), rxPort, expectedEndpoints);
    }

    private void transmit(byte[] frame, int rxPort, String expectedEndpoints) {
        FixtureLab.Result result = lab.run(frame, rxPort);
        assertTrue(Verdict.isTransmit(result.verdict()), "expected a transmit for frame " + frames.size() + ": " + result);
        frames.add(result.frame());
        expected.add(expectedEndpoints);
    }

    @Test
    void tsharkFindsNoBadChecksumAndTheExpectedEndpoints() throws Exception {
        transmit(NAT_IN_SYN, 0, "203.0.113.7|192.168.1.11|51234|8080||");
        transmit(NAT_OUT_SYN_ACK, 1, "10.0.0.100|203.0.113.7|80|51234||");
        transmit(NAT_IN_UDP, 0, "203.0.113.7|192.168.1.11|||5000|5353");
        transmit(NAT_IN_UDP_NO_CHECKSUM, 0, "203.0.113.7|192.168.1.11|||5001|5353");
        transmit(NAT_IN_VLAN_OPTIONS, 0, "203.0.113.7|192.168.1.11|51300|8080||");
        transmit(DR_SYN, 0, "203.0.113.7|10.0.0.100|51234|443||");
        transmit(TUN_SYN, 0, "192.168.1.1,203.0.113.7|192.168.1.13,10.0.0.100|51234|8443||");
        transmit(TUN_FRAG_NEEDED, 0, "10.0.0.100,203.0.113.7|203.0.113.7,10.0.0.100|51234|9000||");
        transmit(NAT_TTL_EXPIRED, 0, "10.0.0.100,203.0.113.7|203.0.113.7,10.0.0.100|51240|80||");
        transmit(NAT_OUT_TTL_EXPIRED, 1, "192.168.1.1,192.168.1.11|192.168.1.11,203.0.113.7|8080|51234||");
        transmit(ICMP_FROM_SERVER, 1, "10.0.0.100,203.0.113.7|203.0.113.7,10.0.0.100|51234|80||");
        transmit(ICMP_FROM_CLIENT_SIDE, 0, "10.0.0.254,192.168.1.11|192.168.1.11,203.0.113.7|8080|51234||");
        transmit(NO_REAL_SERVER, 0, "10.0.0.100,203.0.113.7|203.0.113.7,10.0.0.100|51234|81||");
        transmit(NAT_REPLY_WITHOUT_CONNECTION, 1, "192.168.1.1,192.168.1.11|192.168.1.11,203.0.113.7|8080|40000||");

        // Random NAT flows in both directions exercise the incremental updates over many values.
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            boolean tcp = random.nextBoolean();
            int client = 0x0b000000 | random.nextInt(1 << 24);
            int clientPort = 1024 + random.nextInt(64000);
            int ttl = 2 + random.nextInt(254);
            byte[] payload = new byte[random.nextInt(41)];
            random.nextBytes(payload);
            boolean noUdpChecksum = !tcp && random.nextInt(4) == 0;
            int vport = tcp ? 80 : 53;
            int rsPort = tcp ? 8080 : 5353;
            String c = Ipv4Text.format(client);
            transmit(TestFrames.build(tcp, TestFrames.ROUTER_MAC, TestFrames.PORT0_MAC, client, clientPort, FixtureLab.VIP, vport,
                    ttl, Tcp.FLAG_SYN, payload, noUdpChecksum), 0,
                    endpoints(tcp, c, "192.168.1.11", clientPort, rsPort));
            transmit(TestFrames.build(tcp, TestFrames.RS1_MAC, TestFrames.PORT1_MAC, FixtureLab.RS1, rsPort, client, clientPort,
                    ttl, Tcp.FLAG_SYN | Tcp.FLAG_ACK, payload, noUdpChecksum), 1,
                    endpoints(tcp, "10.0.0.100", c, vport, clientPort));
        }

        List<String[]> rows = new ArrayList<>();
        for (String line : Tshark.fields(Tshark.writePcap(dir.resolve("out.pcap"), frames), FIELDS)) rows.add(line.split("\\|", -1));
        assertEquals(frames.size(), rows.size(), "tshark read every frame");
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            String where = "frame " + (i + 1) + " " + String.join("|", row) + "\n" + Hex.format(frames.get(i));
            assertEquals(expected.get(i), String.join("|", List.of(row).subList(0, 6)), where);
            for (String status : row[6].split(",")) assertEquals(GOOD, status, "IP header checksum, " + where);
            for (int f = 7; f < FIELDS.length; f++) {
                for (String status : row[f].split(",")) {
                    assertTrue(!status.equals(BAD), FIELDS[f] + " bad, " + where);
                }
            }
            if (!row[8].isEmpty()) {
                boolean zero = row[8].equals(NOT_PRESENT);
                assertTrue(zero || row[8].equals(GOOD), "UDP checksum verified or absent, " + where);
            }
        }
    }

    private static String endpoints(boolean tcp, String src, String dst, int srcPort, int dstPort) {
        return tcp ? src + "|" + dst + "|" + srcPort + "|" + dstPort + "||" : src + "|" + dst + "|||" + srcPort + "|" + dstPort;
    }
}
