package io.jlvs.daemon;

import io.jlvs.bindings.pcap.PcapFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jlvs.daemon.Frames.ACK;
import static io.jlvs.daemon.Frames.FIN;
import static io.jlvs.daemon.Frames.PSH;
import static io.jlvs.daemon.Frames.SYN;
import static io.jlvs.daemon.Frames.ip;
import static io.jlvs.daemon.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jlvs replay} with two workers over NAT, DR and TUN captures. The replay puts every request
 * on the queue of the worker that does not own its flow and replies on the owner's, so requests
 * and replies of one connection always arrive on different workers; the owner gets the requests
 * through its ring.
 * Each test checks that every connection's packets go to one real server, both ways, that both
 * workers handed frames to the other, and that the output equals the golden capture committed under
 * src/test/resources (its frames byte for byte, and a one-line-per-frame summary beside it, so a
 * reader can see what the golden capture says). Run with -Djlvs.golden.update=true to rewrite them
 * after a deliberate change.
 */
class ReplayGoldenTest {

    static final Path WORK = Path.of(System.getProperty("jlvs.test.dir", "target/test-work")).toAbsolutePath().resolve("replay");
    static final Path GOLDEN = Path.of("src/test/resources/io/jlvs/daemon").toAbsolutePath();

    static final long CLIENT_MAC = mac("02:00:00:00:0c:01");
    static final long GATEWAY_MAC = mac("02:00:00:00:0c:fe");
    static final long EXT_MAC = mac("02:00:00:00:00:01");
    static final long INT_MAC = mac("02:00:00:00:01:01");
    static final long LAN_MAC = mac("02:00:00:00:02:01");
    static final Map<Integer, Long> SERVER_MACS = Map.of(
            ip("192.0.2.11"), mac("02:00:00:00:01:11"), ip("192.0.2.12"), mac("02:00:00:00:01:12"),
            ip("192.0.2.21"), mac("02:00:00:00:01:21"), ip("192.0.2.22"), mac("02:00:00:00:01:22"));
    static final int VIP_NAT = ip("198.51.100.10");
    static final int VIP_LAN = ip("192.0.2.100");
    static final int CONNECTIONS = 8;

    static String natConfig(Path dir) {
        return "eal: [--no-pci]\n" + common(dir) + """
                ports:
                  - name: ext
                    device: net_pcap0
                    role: external
                    addresses: [198.51.100.1/24]
                    mac: "02:00:00:00:00:01"
                  - name: int
                    device: net_pcap1
                    role: internal
                    addresses: [192.0.2.1/24]
                    mac: "02:00:00:00:01:01"
                """;
    }

    static String oneArmConfig(Path dir) {
        return "eal: [--no-pci]\n" + common(dir) + """
                ports:
                  - name: lan
                    device: net_pcap0
                    role: one-arm
                    addresses: [192.0.2.1/24]
                    gateway: 192.0.2.254
                    mac: "02:00:00:00:02:01"
                """;
    }

    /** Cores, a sleeping idle strategy, small tables, paths under {@code dir}: what every test config shares. */
    static String common(Path dir) {
        return """
                cores:
                  control: 0
                  workers: [1]
                idle:
                  strategy: sleep
                tables:
                  connections-per-worker: 4096
                  templates: 1024
                journal-dir: %s
                control-socket:
                  path: %s
                """.formatted(dir.resolve("journal"), dir.resolve("control.sock"));
    }

    /** The client side of connection i: address and port (two client addresses, several ports each). */
    static int client(int i, boolean nat) {
        return nat ? ip("198.51.100." + (2 + i % 2)) : ip("203.0.113." + (7 + i % 2));
    }

    static int clientPort(int i) {
        return 40000 + 7 * i;
    }

    @Test
    void natRequestsAndRepliesOfEachConnectionMeetOneServerAcrossTwoWorkers() throws Exception {
        Path dir = fresh("nat");
        Path config = write(dir.resolve("jlvs.yaml"), natConfig(dir));
        Path rules = write(dir.resolve("rules"), """
                -A -t 198.51.100.10:80 -s rr
                -a -t 198.51.100.10:80 -r 192.0.2.11:8080 -m -w 1
                -a -t 198.51.100.10:80 -r 192.0.2.12:8080 -m -w 1
                """);
        String[] neigh = {"--neigh", "198.51.100.2=02:00:00:00:0c:01", "--neigh", "198.51.100.3=02:00:00:00:0c:01",
                "--neigh", "192.0.2.11=02:00:00:00:01:11", "--neigh", "192.0.2.12=02:00:00:00:01:12"};

        // Pass 1: the SYNs alone tell which server each connection gets (rr, per worker), as a
        // capture from production would show; the full conversation then has its replies come from there.
        List<PcapFile.Packet> syns = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            syns.add(packet(i, Frames.tcp(CLIENT_MAC, EXT_MAC, client(i, true), clientPort(i), VIP_NAT, 80, SYN, 1000, 0, 0)));
        }
        PcapFile.write(dir.resolve("syns.pcap"), syns);
        replay(config, dir.resolve("syns.pcap"), dir.resolve("syns-out.pcap"), rules, neigh);
        List<PcapFile.Packet> synsOut = PcapFile.read(dir.resolve("syns-out.pcap"));
        assertEquals(CONNECTIONS, synsOut.size(), "every SYN forwarded");
        Map<Integer, Integer> serverOf = new HashMap<>();
        for (PcapFile.Packet p : synsOut) {
            ByteBuffer b = ByteBuffer.wrap(p.data());
            serverOf.put(b.getShort(34) & 0xffff, b.getInt(30)); // client port -> server address
        }
        assertEquals(Set.of(ip("192.0.2.11"), ip("192.0.2.12")), new HashSet<>(serverOf.values()), "both servers used");

        List<PcapFile.Packet> input = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int c = client(i, true), cp = clientPort(i);
            int rs = serverOf.get(cp);
            long rsMac = SERVER_MACS.get(rs);
            input.add(packet(input.size(), Frames.tcp(CLIENT_MAC, EXT_MAC, c, cp, VIP_NAT, 80, SYN, 1000, 0, 0)));
            input.add(packet(input.size(), Frames.tcp(rsMac, INT_MAC, rs, 8080, c, cp, SYN | ACK, 5000, 1001, 0)));
            input.add(packet(input.size(), Frames.tcp(CLIENT_MAC, EXT_MAC, c, cp, VIP_NAT, 80, ACK, 1001, 5001, 0)));
            input.add(packet(input.size(), Frames.tcp(CLIENT_MAC, EXT_MAC, c, cp, VIP_NAT, 80, PSH | ACK, 1001, 5001, 18)));
            input.add(packet(input.size(), Frames.tcp(rsMac, INT_MAC, rs, 8080, c, cp, PSH | ACK, 5001, 1019, 100)));
            input.add(packet(input.size(), Frames.tcp(CLIENT_MAC, EXT_MAC, c, cp, VIP_NAT, 80, FIN | ACK, 1019, 5101, 0)));
            input.add(packet(input.size(), Frames.tcp(rsMac, INT_MAC, rs, 8080, c, cp, FIN | ACK, 5101, 1020, 0)));
            input.add(packet(input.size(), Frames.tcp(CLIENT_MAC, EXT_MAC, c, cp, VIP_NAT, 80, ACK, 1020, 5102, 0)));
        }
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        PcapFile.write(in, input);
        String report = replay(config, in, out, rules, neigh);
        List<PcapFile.Packet> output = PcapFile.read(out);
        assertEquals(input.size(), output.size(), "every frame forwarded\n" + report);

        Map<Integer, Integer> requestsTo = new HashMap<>();
        Map<Integer, Integer> repliesFrom = new HashMap<>();
        for (PcapFile.Packet p : output) {
            ByteBuffer b = ByteBuffer.wrap(p.data());
            int src = b.getInt(26), dst = b.getInt(30);
            int srcPort = b.getShort(34) & 0xffff, dstPort = b.getShort(36) & 0xffff;
            if (SERVER_MACS.containsKey(dst)) {
                assertEquals(8080, dstPort, Frames.describe(p.data()));
                assertEquals(SERVER_MACS.get(dst), macAt(b, 0), "request to the server's MAC: " + Frames.describe(p.data()));
                assertEquals(INT_MAC, macAt(b, 6), "out of the internal port: " + Frames.describe(p.data()));
                assertEquals(dst, requestsTo.merge(srcPort, dst, (a, n) -> a), "one server per connection: " + Frames.describe(p.data()));
            } else {
                assertEquals(VIP_NAT, src, "a reply leaves from the VIP: " + Frames.describe(p.data()));
                assertEquals(80, srcPort);
                assertEquals(CLIENT_MAC, macAt(b, 0));
                assertEquals(EXT_MAC, macAt(b, 6), "out of the external port");
                repliesFrom.put(dstPort, serverOf.get(dstPort));
            }
        }
        assertEquals(CONNECTIONS, requestsTo.size());
        assertEquals(requestsTo, serverOf, "requests went where pass 1 scheduled them");
        assertEquals(CONNECTIONS, repliesFrom.size(), "every connection's replies came back");
        assertBothWorkersHandedOff(report);
        assertTsharkFindsEveryChecksumGood(out, output.size());
        assertGolden("replay-nat", output);
    }

    @Test
    void drRequestsOfEachConnectionGoToOneServerMacUnchanged() throws Exception {
        Replayed r = replayClientSide("dr", "-g", "11", "12");
        List<PcapFile.Packet> output = r.output();
        Map<Integer, Long> serverMacOf = new HashMap<>();
        for (int i = 0; i < output.size(); i++) {
            byte[] o = output.get(i).data();
            ByteBuffer b = ByteBuffer.wrap(o);
            long dstMac = macAt(b, 0);
            assertTrue(SERVER_MACS.containsValue(dstMac), "to a real server's MAC: " + Frames.describe(o));
            assertEquals(LAN_MAC, macAt(b, 6));
            assertEquals(dstMac, serverMacOf.merge(b.getShort(34) & 0xffff, dstMac, (a, n) -> a), "one server per connection");
            assertEquals(VIP_LAN, b.getInt(30), "DR leaves the IP packet alone");
        }
        assertEquals(Set.of(mac("02:00:00:00:01:11"), mac("02:00:00:00:01:12")), new HashSet<>(serverMacOf.values()));
        assertBothWorkersHandedOff(r.report());
        assertGolden("replay-dr", output);
    }

    @Test
    void tunRequestsOfEachConnectionAreEncapsulatedToOneServer() throws Exception {
        Replayed r = replayClientSide("tun", "-i", "21", "22");
        List<PcapFile.Packet> input = r.input();
        List<PcapFile.Packet> output = r.output();
        Map<Integer, Integer> serverOf = new HashMap<>();
        for (int i = 0; i < output.size(); i++) {
            byte[] o = output.get(i).data();
            ByteBuffer b = ByteBuffer.wrap(o);
            assertEquals(4, o[23], "IP-in-IP: " + Frames.describe(o));
            assertEquals(ip("192.0.2.1"), b.getInt(26), "outer source: the director's address");
            int server = b.getInt(30);
            assertEquals(SERVER_MACS.get(server), macAt(b, 0));
            int clientPort = b.getShort(34 + 20) & 0xffff;
            assertEquals(server, serverOf.merge(clientPort, server, (a, n) -> a), "one server per connection");
            byte[] inner = java.util.Arrays.copyOfRange(o, 34, o.length);
            byte[] original = java.util.Arrays.copyOfRange(input.get(0).data(), 14, 14 + inner.length);
            if (i == 0) assertEquals(ByteBuffer.wrap(original), ByteBuffer.wrap(inner), "the inner packet is the client's, unchanged");
        }
        assertEquals(2, new HashSet<>(serverOf.values()).size());
        assertBothWorkersHandedOff(r.report());
        assertGolden("replay-tun", output);
    }

    record Replayed(List<PcapFile.Packet> input, List<PcapFile.Packet> output, String report) {}

    /**
     * Replays {@link #clientOnlyConnections()} on the one-arm layout, VIP 192.0.2.100:80 rr over
     * servers 192.0.2.{@code a} and 192.0.2.{@code b} with ipvsadm's {@code method}; checks every frame came out.
     */
    private static Replayed replayClientSide(String name, String method, String a, String b) throws Exception {
        Path dir = fresh(name);
        Path config = write(dir.resolve("jlvs.yaml"), oneArmConfig(dir));
        Path rules = write(dir.resolve("rules"), """
                -A -t 192.0.2.100:80 -s rr
                -a -t 192.0.2.100:80 -r 192.0.2.%s:80 %s -w 1
                -a -t 192.0.2.100:80 -r 192.0.2.%s:80 %s -w 1
                """.formatted(a, method, b, method));
        List<PcapFile.Packet> input = clientOnlyConnections();
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        PcapFile.write(in, input);
        String report = replay(config, in, out, rules, "--neigh", "192.0.2." + a + "=02:00:00:00:01:" + a,
                "--neigh", "192.0.2." + b + "=02:00:00:00:01:" + b, "--neigh", "192.0.2.254=02:00:00:00:0c:fe");
        List<PcapFile.Packet> output = PcapFile.read(out);
        assertEquals(input.size(), output.size(), "every frame forwarded\n" + report);
        return new Replayed(input, output, report);
    }

    /** Connections seen from the client side only (DR/TUN: replies bypass the director), through the gateway. */
    static List<PcapFile.Packet> clientOnlyConnections() {
        List<PcapFile.Packet> input = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int c = client(i, false), cp = clientPort(i);
            input.add(packet(input.size(), Frames.tcp(GATEWAY_MAC, LAN_MAC, c, cp, VIP_LAN, 80, SYN, 1000, 0, 0)));
            input.add(packet(input.size(), Frames.tcp(GATEWAY_MAC, LAN_MAC, c, cp, VIP_LAN, 80, ACK, 1001, 5001, 0)));
            input.add(packet(input.size(), Frames.tcp(GATEWAY_MAC, LAN_MAC, c, cp, VIP_LAN, 80, PSH | ACK, 1001, 5001, 18)));
            input.add(packet(input.size(), Frames.tcp(GATEWAY_MAC, LAN_MAC, c, cp, VIP_LAN, 80, FIN | ACK, 1019, 5101, 0)));
        }
        return input;
    }

    static PcapFile.Packet packet(int index, byte[] frame) {
        return new PcapFile.Packet(1_700_000_000_000_000_000L + index * 1_000_000L, frame);
    }

    static long macAt(ByteBuffer b, int at) {
        long m = 0;
        for (int i = 0; i < 6; i++) m = m << 8 | (b.get(at + i) & 0xff);
        return m;
    }

    static Path fresh(String name) throws IOException {
        Path dir = WORK.resolve(name);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }

    static String replay(Path config, Path in, Path out, Path rules, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--config", config.toString(), "--in", in.toString(),
                "--out", out.toString(), "--rules", rules.toString(), "--workers", "2"));
        args.addAll(List.of(extra));
        JlvsProcess.Result r = JlvsProcess.run(120, args.toArray(String[]::new));
        if (r.exitStatus() != 0) fail("jlvs replay failed: " + r);
        return r.stdout();
    }

    /**
     * tshark (an independent dissector) verifies the IP and TCP checksums of every frame the NAT
     * rewrite produced: status 1 is "Good". Skipped where tshark is not installed.
     */
    static void assertTsharkFindsEveryChecksumGood(Path capture, int frames) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-r", capture.toString(), "-o", "tcp.check_checksum:TRUE",
                    "-o", "ip.check_checksum:TRUE", "-T", "fields", "-e", "ip.checksum.status", "-e", "tcp.checksum.status")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            org.junit.jupiter.api.Assumptions.abort("tshark is not installed: " + notInstalled.getMessage());
            return;
        }
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(frames, lines.size(), "tshark read every frame");
        for (String line : lines) assertEquals("1\t1", line, "ip and tcp checksum status by tshark");
    }

    /** "worker W: ... handed off N, handed in M": both workers must have sent frames to the other. */
    static void assertBothWorkersHandedOff(String report) {
        Matcher m = Pattern.compile("worker (\\d+): .*handed off (\\d+), handed in (\\d+)").matcher(report);
        int workers = 0;
        while (m.find()) {
            workers++;
            assertTrue(Long.parseLong(m.group(2)) > 0, "worker " + m.group(1) + " handed nothing off:\n" + report);
            assertTrue(Long.parseLong(m.group(3)) > 0, "worker " + m.group(1) + " got nothing handed in:\n" + report);
        }
        assertEquals(2, workers, report);
    }

    /** Compares frames with GOLDEN/NAME.pcap and their summary with GOLDEN/NAME.txt. */
    static void assertGolden(String name, List<PcapFile.Packet> output) throws IOException {
        Path pcap = GOLDEN.resolve(name + ".pcap");
        Path summary = GOLDEN.resolve(name + ".txt");
        List<String> lines = new ArrayList<>();
        for (PcapFile.Packet p : output) lines.add(Frames.describe(p.data()));
        if (Boolean.getBoolean("jlvs.golden.update")) {
            Files.createDirectories(GOLDEN);
            PcapFile.write(pcap, output.stream().map(p -> new PcapFile.Packet(0, p.data())).toList());
            Files.write(summary, lines);
        }
        assertTrue(Files.exists(pcap), "no golden capture " + pcap + " (run once with -Djlvs.golden.update=true and read its .txt)");
        assertEquals(Files.readAllLines(summary), lines, "summary of " + name);
        List<PcapFile.Packet> golden = PcapFile.read(pcap);
        assertEquals(golden.size(), output.size(), "frames in " + name);
        for (int i = 0; i < golden.size(); i++) {
            assertEquals(ByteBuffer.wrap(golden.get(i).data()), ByteBuffer.wrap(output.get(i).data()),
                    name + " frame " + i + ": " + lines.get(i));
        }
    }
}
