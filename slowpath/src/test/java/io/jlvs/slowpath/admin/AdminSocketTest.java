package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
}
