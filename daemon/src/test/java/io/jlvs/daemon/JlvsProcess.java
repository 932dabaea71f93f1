package io.jlvs.daemon;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link JlvsMain} in a JVM of its own, as bin/jlvs does: DPDK initialises once per process,
 * and the test JVM may hold an EAL of its own. The child gets this JVM's classpath and its
 * native-access, add-opens/exports and -D flags.
 */
final class JlvsProcess {

    record Result(int exitStatus, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private JlvsProcess() {}

    static List<String> command(List<String> jvmExtra, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--enable-native-access") || a.startsWith("--add-opens") || a.startsWith("--add-exports")
                    || a.startsWith("-Dchronicle") || a.startsWith("--sun-misc")) cmd.add(a);
        }
        cmd.addAll(jvmExtra);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JlvsMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(List.of(), timeoutSeconds, args);
    }

    static Result run(List<String> jvmExtra, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(jvmExtra, args)).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        Thread o = Thread.ofVirtual().start(() -> copy(out, stdout));
        Thread e = Thread.ofVirtual().start(() -> copy(err, stderr));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        o.join();
        e.join();
        return new Result(p.exitValue(), stdout.toString(), stderr.toString());
    }

    private static void copy(java.io.InputStream in, StringBuilder to) {
        try {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (to) {
                to.append(s);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
