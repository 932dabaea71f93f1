package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminSocketTest {

    @TempDir
    Path dir;

    @Test
    void requestsTravelTheSocketAndTheCallerIsTheOrigin() throws IOException {
        Jlvsadm jlvsadm = new Jlvsadm();
        Path socket = dir.resolve("control.sock");
        try (AdminServer server = AdminServer.start(socket, null, jlvsadm.admin)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)), "root only");

            Response added = JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-A", "-t", "10.0.0.1:80", "-s", "rr"), ""));
            Response restored = JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-R"),
                    "-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m\n"));
            Response refused = JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-A", "-t", "10.0.0.1:80"), ""));

            assertEquals(new Response("", "", 0), added);
            assertEquals(new Response("", "", 0), restored);
            assertEquals(new Response("", "Service already exists\n", 255), refused);
            assertEquals("""
                    -A -t 10.0.0.1:80 -s rr
                    -a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1
                    """, JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-S", "-n"), "")).stdout());
            String user = System.getProperty("user.name");
            assertEquals("cli:" + user, jlvsadm.journal.entries.getFirst().origin());
        }
        assertTrue(Files.notExists(socket), "closing removes the socket file");
    }

    @Test
    void aGroupGetsReadWrite() throws IOException {
        String group = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        try (AdminServer server = AdminServer.start(dir.resolve("g.sock"), group, new Jlvsadm().admin)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())));
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefused() throws IOException {
        Path socket = dir.resolve("control.sock");
        try (AdminServer first = AdminServer.start(socket, null, new Jlvsadm().admin)) {
            IOException e = assertThrows(IOException.class, () -> AdminServer.start(socket, null, new Jlvsadm().admin));
            assertEquals("control socket " + socket + " is in use: is another jlvs daemon running?", e.getMessage());
        }
    }

    @Test
    void noDaemonIsReportedLikeIpvsadmWithoutIpvs() {
        Path socket = dir.resolve("nobody.sock");
        Response r = JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-L", "-n"), ""));
        assertEquals(2, r.exitStatus());
        assertTrue(r.stderr().startsWith("Can't initialize ipvs: cannot talk to jlvs on " + socket), r.stderr());
    }

    /** A raw peer: writes {@code bytes} (and keeps its end open), then reads the daemon's answer, within 60 s. */
    private static Response rawExchange(Path socket, byte[] bytes) throws Exception {
        try (SocketChannel peer = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            peer.write(ByteBuffer.wrap(bytes));
            return readAnswer(peer);
        }
    }

    private static Response readAnswer(SocketChannel peer) throws Exception {
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return AdminProtocol.readResponse(new DataInputStream(Channels.newInputStream(peer)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return answer.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aPeerThatSendsNothingIsAnsweredWithAnErrorAfterTheTimeoutAndStallsNobody() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        Path socket = dir.resolve("control.sock");
        try (AdminServer server = AdminServer.start(socket, null, jlvsadm.admin, Duration.ofMillis(500));
             SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // While the silent peer holds its connection, a real request is served.
            assertEquals(new Response("", "", 0), JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-A", "-t", "10.0.0.1:80"), "")));
            assertEquals(new Response("", "jlvs: bad request: not complete within 500 ms\n", 2), readAnswer(silent));
            // Half a request (the magic, then nothing) is cut off the same way.
            try (SocketChannel half = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                half.write(ByteBuffer.wrap(new byte[] {'J', 'L', 'V', 'S', 0, 0}));
                assertEquals(2, readAnswer(half).exitStatus());
            }
        }
    }

    @Test
    void garbageAndOversizedFramesAreAnsweredWithAnErrorAndChangeNoRule() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        jlvsadm.ok("-A -t 10.0.0.1:80 -s rr");
        String before = jlvsadm.ok("-S -n");
        Path socket = dir.resolve("control.sock");
        try (AdminServer server = AdminServer.start(socket, null, jlvsadm.admin)) {
            assertEquals(new Response("", "jlvs: bad request: not a jlvsadm request (magic 0x47455420)\n", 2),
                    rawExchange(socket, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(new Response("", "jlvs: bad request: jlvsadm protocol version 7, this daemon speaks 2\n", 2),
                    rawExchange(socket, ByteBuffer.allocate(8).putInt(0x4a4c5653).putInt(7).array()));
            assertEquals(new Response("", "jlvs: bad request: bad argument count 100000 (at most 4096)\n", 2),
                    rawExchange(socket, ByteBuffer.allocate(12).putInt(0x4a4c5653).putInt(2).putInt(100_000).array()));
            assertEquals(new Response("", "jlvs: bad request: bad length 2147483647 of argument 0 (a request holds at most 16777216 bytes)\n", 2),
                    rawExchange(socket, ByteBuffer.allocate(16).putInt(0x4a4c5653).putInt(2).putInt(1).putInt(Integer.MAX_VALUE).array()));
            assertEquals(new Response("", "jlvs: bad request: argument 0 is not UTF-8\n", 2),
                    rawExchange(socket, ByteBuffer.allocate(22).putInt(0x4a4c5653).putInt(2).putInt(1).putInt(2)
                            .put((byte) 0xc3).put((byte) 0x28).putInt(0).array()));
            assertEquals(before, jlvsadm.ok("-S -n"), "no rule changed");
            assertEquals(1, jlvsadm.journal.entries.size(), "nothing journaled");
        }
    }

    @Test
    void moreConnectionsThanItServesAtOnceAreToldItIsBusyUntilTheSilentOnesAreCutOff() throws Exception {
        Jlvsadm jlvsadm = new Jlvsadm();
        Path socket = dir.resolve("control.sock");
        List<SocketChannel> silent = new ArrayList<>();
        try (AdminServer server = AdminServer.start(socket, null, jlvsadm.admin, Duration.ofSeconds(10))) {
            for (int i = 0; i < AdminServer.MAX_CLIENTS; i++) silent.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            // The server takes a slot when it accepts, on its own thread: until all are taken a request may still get through.
            Response busy;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                busy = JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-L", "-n"), ""));
            } while (busy.exitStatus() == 0 && System.nanoTime() < deadline);
            assertEquals(new Response("", "jlvs: busy: 16 jlvsadm connections are open already; try again\n", 2), busy);
            for (SocketChannel s : silent) assertEquals(2, readAnswer(s).exitStatus(), "cut off after the request timeout");
            Response served;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                served = JlvsadmClient.call(socket, new AdminProtocol.Request(List.of("-L", "-n"), ""));
            } while (served.exitStatus() != 0 && System.nanoTime() < deadline);
            assertEquals(0, served.exitStatus(), served.stderr());
        } finally {
            for (SocketChannel s : silent) s.close();
        }
    }
}
