package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code control-socket.group}: the socket is 0660 with that group, and the kernel refuses a user outside
 * it. Two throwaway system users (one in a throwaway group, one not) run the real jlvsadm client
 * ({@link JlvsadmClient}, what bin/jlvsadm runs) through runuser. Needs root for useradd; skipped
 * otherwise, with the reason.
 */
class ControlSocketGroupTest {

    private final List<List<String>> cleanup = new ArrayList<>();
    private Path work;

    @AfterEach
    void removeUsersAndFiles() throws Exception {
        for (List<String> command : cleanup.reversed()) run(command);
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aUserOutsideTheGroupIsRefusedAndAMemberIsServed() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "not root: this test creates a system user and group with useradd (run make test as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "useradd or runuser missing (Debian's passwd and util-linux)");
        String tag = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));
        String group = "jlvsctl" + tag, member = "jlvsin" + tag, outsider = "jlvsout" + tag;
        must(List.of("groupadd", "--system", group), List.of("groupdel", group));
        must(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--groups", group, member),
                List.of("userdel", member));
        must(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", outsider), List.of("userdel", outsider));

        // A directory every user may enter, holding the socket and a copy of the client's classes
        // (the build tree may sit where other users cannot read).
        work = Files.createTempDirectory("jlvs-group-test");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classes = work.resolve("classes");
        Path built = Path.of(JlvsadmClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        copyTree(built, classes);
        Path socket = work.resolve("control.sock");

        Jlvsadm jlvsadm = new Jlvsadm();
        try (AdminServer server = AdminServer.start(socket, group, jlvsadm.admin)) {
            PosixFileAttributes attributes = Files.readAttributes(socket, PosixFileAttributes.class);
            assertEquals("rw-rw----", PosixFilePermissions.toString(attributes.permissions()));
            assertEquals(group, attributes.group().getName());

            Result refused = jlvsadmAs(outsider, classes, socket, "-A", "-t", "10.0.0.1:80");
            assertEquals(2, refused.exit(), refused.toString());
            assertTrue(refused.stderr().startsWith("Can't initialize ipvs: cannot talk to jlvs on " + socket + ": ")
                    && refused.stderr().contains("Permission denied"), refused.toString());
            assertEquals(0, jlvsadm.journal.entries.size(), "the outsider changed nothing");

            Result served = jlvsadmAs(member, classes, socket, "-A", "-t", "10.0.0.1:80");
            assertEquals(new Result(0, "", ""), served);
            assertEquals("cli:" + member, jlvsadm.journal.entries.getFirst().origin(), "the member is the journal's origin");
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result jlvsadmAs(String user, Path classes, Path socket, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--", "env", JlvsadmClient.SOCKET_ENV + "=" + socket,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-cp", classes.toString(),
                JlvsadmClient.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(out));
        var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(err));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jlvsadm as " + user + " did not finish within 120 s");
        return new Result(p.exitValue(), stdout.get(60, TimeUnit.SECONDS), stderr.get(60, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void must(List<String> command, List<String> undo) throws Exception {
        int exit = run(command);
        assertEquals(0, exit, String.join(" ", command) + " failed");
        cleanup.add(undo);
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(source, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
