package io.jlvs.daemon;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.jlvs.daemon.Frames.ACK;
import static io.jlvs.daemon.Frames.SYN;
import static io.jlvs.daemon.Frames.ip;
import static io.jlvs.daemon.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jlvsadm -L -n -c} and {@code jlvsadm --set} against {@code bin/jlvs run}: jlvs on af_packet
 * over one end of a veth pair, the test writing client frames into the other end (a packet socket,
 * python3). DR service, so the director sees the client side only (SYN, then ACK: ESTABLISHED).
 *
 * <ol>
 *   <li>the config's {@code timeouts.tcp: 600} reaches the workers at start: a connection made then
 *       lists as ESTABLISHED with about ten minutes left;</li>
 *   <li>after {@code jlvsadm --set 100 20 50} a new connection lists with about 100 s left (the
 *       worker's table took the new value live), while the first keeps its deadline (IPVS: a new
 *       timeout applies at an entry's next packet).</li>
 * </ol>
 * The expire column is checked to the minute band, not the second: the time between a frame and the
 * listing is not the test's to control. Skipped where a veth pair cannot be made (not root).
 */
class ListConnectionsDaemonTest {

    static final String DIRECTOR_END = "jlc-d0", CLIENT_END = "jlc-c0";
    static final long GATEWAY_MAC = mac("02:00:00:00:0c:fe"), LAN_MAC = mac("02:00:00:00:02:01");
    static final int VIP = ip("192.0.2.100");

    @Test
    void listsTheWorkersConnectionsInIpvsadmsLayoutAndSetTimeoutsReachTheTablesLive() throws Exception {
        Assumptions.assumeTrue(run("ip", "link", "del", DIRECTOR_END) >= 0 && run("ip", "link", "add", DIRECTOR_END, "type", "veth",
                "peer", "name", CLIENT_END) == 0, "a veth pair needs root");
        Path dir = ReplayGoldenTest.fresh("list-connections");
        Process p = null;
        try {
            for (String end : List.of(DIRECTOR_END, CLIENT_END)) {
                run("sysctl", "-qw", "net.ipv6.conf." + end + ".disable_ipv6=1");
                assertEquals(0, run("ip", "link", "set", end, "up", "promisc", "on"));
            }
            Path config = ReplayGoldenTest.write(dir.resolve("jlvs.yaml"), """
                    eal:
                      - "--vdev=net_af_packet0,iface=%s,qpairs=1"
                    """.formatted(DIRECTOR_END) + ReplayGoldenTest.common(dir) + """
                    ports:
                      - name: lan
                        device: net_af_packet0
                        role: one-arm
                        addresses: [192.0.2.1/24]
                        gateway: 192.0.2.254
                        mac: "02:00:00:00:02:01"
                    neighbours:
                      192.0.2.11: "02:00:00:00:01:11"
                      192.0.2.254: "02:00:00:00:0c:fe"
                    timeouts:
                      tcp: 600
                    services:
                      - protocol: tcp
                        vip: 192.0.2.100
                        port: 80
                        scheduler: rr
                        real-servers:
                          - address: 192.0.2.11
                            method: dr
                      - protocol: tcp
                        vip: 192.0.2.100
                        port: 443
                        scheduler: rr
                        persistence:
                          timeout: 300
                          netmask: 255.255.255.0
                        real-servers:
                          - address: 192.0.2.11
                            method: dr
                    """);
            p = DaemonRunTest.startJlvs(config, dir.resolve("jlvs.out"), null);
            DaemonRunTest.awaitReady(p, dir.resolve("jlvs.out"));

            establish(ip("203.0.113.7"), 40001);
            String atStart = awaitListing(dir, 1);
            assertEquals("IPVS connection entries\n"
                    + "pro expire state       source             virtual            destination\n", header(atStart), atStart);
            assertLine(atStart, "(09:[0-5]\\d|10:00)", "203.0.113.7:40001", "config timeouts.tcp 600 s at start");

            assertEquals("", DaemonRunTest.jlvsadm(dir, "--set", "100", "20", "50"));
            assertEquals("Timeout (tcp tcpfin udp): 100 20 50\n", DaemonRunTest.jlvsadm(dir, "-L", "--timeout"));
            establish(ip("203.0.113.8"), 40002);
            String afterSet = awaitListing(dir, 2);
            System.out.print("jlvsadm -L -n -c after --set:\n" + afterSet);
            assertLine(afterSet, "01:[34]\\d", "203.0.113.8:40002", "a new connection after --set 100 20 50 gets 100 s");
            assertLine(afterSet, "(09:[0-5]\\d|10:00)", "203.0.113.7:40001", "the first keeps its deadline until its next packet");

            // A persistent service: its connection and, as ipvsadm lists it, the template (client network, port 0; state NONE).
            establish(ip("203.0.113.9"), 40003, 443);
            String persistent = awaitListing(dir, 3);
            System.out.print("jlvsadm -L -n -c with a persistent service:\n" + persistent);
            assertTrue(Pattern.compile("(?m)^TCP 0[45]:[0-5]\\d  " + Pattern.quote(String.format("%-11s %-18s %-18s %s", "NONE",
                    "203.0.113.0:0", "192.0.2.100:443", "192.0.2.11:443")) + "$").matcher(persistent).find(), persistent);
            assertTrue(persistent.contains(String.format(" %-11s %-18s %-18s %s\n", "ESTABLISHED", "203.0.113.9:40003",
                    "192.0.2.100:443", "192.0.2.11:443")), persistent);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            }
            run("ip", "link", "del", DIRECTOR_END);
        }
    }

    /** ipvsadm's line: "%-3s %-6s %-11s %-18s %-18s %s" (protocol, expire, state, source, virtual, destination). */
    private static void assertLine(String listing, String expire, String source, String why) {
        String line = "TCP " + expire + "  " + Pattern.quote(String.format("%-11s %-18s %-18s %s", "ESTABLISHED", source,
                "192.0.2.100:80", "192.0.2.11:80"));
        assertTrue(Pattern.compile("(?m)^" + line + "$").matcher(listing).find(), why + ":\n" + listing);
    }

    private static String header(String listing) {
        return listing.lines().limit(2).map(l -> l + "\n").reduce("", String::concat);
    }

    /** jlvsadm -L -n -c until it lists {@code lines} established connections (the frames take a moment through the veth). */
    private static String awaitListing(Path dir, int lines) throws Exception {
        String listing = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            listing = DaemonRunTest.jlvsadm(dir, "-L", "-n", "-c");
            if (listing.lines().filter(l -> l.contains(" ESTABLISHED ")).count() == lines) return listing;
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + lines + " connection(s):\n" + listing);
    }

    /** A client's SYN, then its ACK, through the gateway to the VIP: ESTABLISHED at a DR director. */
    private static void establish(int client, int port) throws Exception {
        establish(client, port, 80);
    }

    private static void establish(int client, int port, int vport) throws Exception {
        send(Frames.tcp(GATEWAY_MAC, LAN_MAC, client, port, VIP, vport, SYN, 1000, 0, 0));
        send(Frames.tcp(GATEWAY_MAC, LAN_MAC, client, port, VIP, vport, ACK, 1001, 5001, 0));
    }

    /** Writes one frame into the client end of the veth (a packet socket: no kernel stack in between). */
    private static void send(byte[] frame) throws Exception {
        String script = "import socket,sys\n"
                + "s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\n"
                + "s.bind((sys.argv[1],0))\n"
                + "s.send(bytes.fromhex(sys.argv[2]))\n";
        assertEquals(0, run("python3", "-c", script, CLIENT_END, HexFormat.of().formatHex(frame)), "python3 sent the frame");
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
