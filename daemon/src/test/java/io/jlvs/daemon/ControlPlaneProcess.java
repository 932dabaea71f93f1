package io.jlvs.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jlvs control-plane} as a real process, and the real bin/jlvsadm against its socket, for tests
 * that operate a running daemon. {@link #close} kills every process it started.
 */
final class ControlPlaneProcess implements AutoCloseable {

    private static final Path JLVSADM = Path.of("..", "bin", "jlvsadm").toAbsolutePath().normalize();

    record Result(int exit, String stdout, String stderr) {}

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    /** @param dir where the config's journal and socket are ({@link TestDirectorConfig#header}) and the daemon's log goes */
    ControlPlaneProcess(Path dir) { this.dir = dir; }

    /** Starts the daemon on {@code config} and waits (60 s at most) until its jlvsadm socket is up. */
    Process start(Path config) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.stream(System.getProperty("jlvs.daemonFlags", "").split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JlvsMain.class.getName(),
                "control-plane", "--config", config.toString()));
        Path log = dir.resolve("daemon.log");
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(daemon);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("jlvsadm on")) {
            if (!daemon.isAlive()) fail("daemon exited: " + Files.readString(log));
            if (System.nanoTime() > deadline) fail("daemon did not start: " + Files.readString(log));
            Thread.sleep(50);
        }
        return daemon;
    }

    Result jlvsadm(String commandLine) throws IOException, InterruptedException {
        return jlvsadm(commandLine, "");
    }

    Result jlvsadm(String commandLine, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JLVSADM.toString()));
        command.addAll(List.of(commandLine.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JLVS_CONTROL_SOCKET", dir.resolve("control.sock").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The launcher with this build's classes: build/jlvs/lib is made only when the daemon module is packaged, after its tests.
        builder.environment().put("JLVS_CLASSPATH", System.getProperty("java.class.path"));
        Process client = builder.start();
        processes.add(client);
        try (var in = client.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(client.waitFor(), out, err);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
