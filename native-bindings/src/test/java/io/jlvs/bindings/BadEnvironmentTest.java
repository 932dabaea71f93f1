package io.jlvs.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.bindings.demo.DpdkCheck;
import io.jlvs.bindings.pcap.PcapFile;
import io.jlvs.bindings.pcap.SamplePackets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bad environment gives a clear message and a non-zero exit, never a JVM crash. Each case runs
 * {@link DpdkCheck} in its own JVM: EAL initialises once per process, and a failed initialisation
 * cannot be retried.
 */
class BadEnvironmentTest {

    record Result(int exit, String out, String err) {
        void assertNoCrash() {
            String all = out + err;
            assertFalse(all.contains("SIGSEGV") || all.contains("hs_err_pid") || all.contains("fatal error"), "JVM crash:\n" + all);
            assertFalse(all.contains("Exception in thread") || all.contains("\tat "), "an uncaught exception:\n" + all);
        }
    }

    static Result run(Map<String, String> env, List<String> jvmArgs, String... args) throws Exception {
        return run(env, jvmArgs, null, args);
    }

    static Result run(Map<String, String> env, List<String> jvmArgs, Path workDir, String... args) throws Exception {
        Path classes = Path.of(DpdkCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classes.toString(), DpdkCheck.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Path out = Files.createTempFile("jlvs-check", ".out");
        Path err = Files.createTempFile("jlvs-check", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        Result r = new Result(finished ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        assertTrue(finished, "DpdkCheck did not finish within 60 s: " + r);
        return r;
    }

    @Test
    void unknownVdevIsNamedAndExitsNonZero() throws Exception {
        Result r = run(Map.of(), List.of(), "--vdev=net_bogus0");
        r.assertNoCrash();
        assertEquals(2, r.exit(), r.err());
        String message = r.err().lines().filter(l -> l.startsWith("jlvs: DPDK EAL")).findFirst().orElse("");
        assertTrue(message.contains("DPDK EAL initialisation failed"), r.err());
        assertTrue(message.contains("net_bogus0"), "names the argument: " + message);
        assertTrue(message.contains("No such device (rte_errno 19)"), "rte_errno's text: " + message);
    }

    @Test
    void missingDpdkLibrariesNameThePackage() throws Exception {
        // A shim whose DPDK dependency is not installed: link against a stand-in library, then delete it.
        Path dir = Files.createTempDirectory("jlvs-missing");
        Path stub = dir.resolve("librte_jlvs_gone.so");
        Path shim = dir.resolve("libjlvs_shim.so");
        Path src = dir.resolve("shim.c");
        Files.writeString(src, "int jlvs_rte_errno(void) { return 0; }\n");
        cc("-shared", "-fPIC", "-o", stub.toString(), src.toString());
        cc("-shared", "-fPIC", "-o", shim.toString(), src.toString(), "-L" + dir, "-Wl,--no-as-needed", "-lrte_jlvs_gone");
        Files.delete(stub);

        Result r = run(Map.of(), List.of("-Djlvs.shim.library=" + shim), "--vdev=net_null0");
        r.assertNoCrash();
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("apt-get install dpdk"), r.err());
        assertTrue(r.err().contains("librte_jlvs_gone.so"), "names the missing library: " + r.err());
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void withoutHugepagesDpdkRunsWithNoHugeAndSaysSo() throws Exception {
        Result r = run(Map.of("JLVS_HUGEPAGES", "0"), List.of(), "--vdev=net_null0");
        r.assertNoCrash();
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("hugepages not available (JLVS_HUGEPAGES=0): DPDK runs with --no-huge"), r.err());
        assertTrue(r.out().contains("--no-huge"), r.out());
        assertTrue(r.out().contains("port 0 net_null0 driver net_null"), r.out());
    }

    @Test
    void missingPcapFileIsNotAPortAndSaysWhy() throws Exception {
        Result r = run(Map.of(), List.of(), "--forward", "--vdev=net_pcap0,rx_pcap=/nonexistent/in.pcap,tx_pcap=/tmp/x.pcap");
        r.assertNoCrash();
        // EAL starts (a vdev that fails to probe is skipped, EAL logs why), and then there is no port:
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("/nonexistent/in.pcap"), r.err());
        assertTrue(r.err().contains("jlvs: no DPDK port to forward"), r.err());
    }

    @Test
    void sigtermStopsPortsAndCleansUpEal() throws Exception {
        Path dir = Files.createTempDirectory("jlvs-sigterm");
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        List<PcapFile.Packet> packets = SamplePackets.generate(100, 7);
        PcapFile.write(in, packets);
        Path classes = Path.of(DpdkCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classes.toString(), DpdkCheck.class.getName(),
                "--forward", "--vdev=net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out);
        Path err = dir.resolve("stderr");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        var reader = p.inputReader();
        String line;
        StringBuilder stdout = new StringBuilder();
        while ((line = reader.readLine()) != null && !line.startsWith("forwarding")) {
            stdout.append(line).append('\n');
        }
        assertTrue(line != null, "the forwarder started: " + stdout + Files.readString(err));
        // It says how many packets it has forwarded whenever rx runs dry: wait for the whole capture.
        String all = "forwarded " + packets.size() + " packets";
        CompletableFuture<Boolean> forwardedAll = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = reader.readLine()) != null; ) {
                    if (l.equals(all)) return true;
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(forwardedAll.get(60, TimeUnit.SECONDS), "\"" + all + "\" on stdout; stderr: " + Files.readString(err));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited after SIGTERM");
        String stderr = Files.readString(err);
        assertEquals(143, p.exitValue(), "128 + SIGTERM: " + stderr);
        assertTrue(stderr.contains("jlvs: exiting: stopping DPDK ports and cleaning up EAL"), stderr);
        assertTrue(stderr.contains("jlvs: DPDK shut down"), stderr);
        assertFalse(stderr.contains("SIGSEGV") || stderr.contains("hs_err_pid"), stderr);
        // The port was stopped, so the pcap writer flushed: every packet is in out.pcap.
        assertEquals(packets.size(), PcapFile.read(out).size());
        for (Path f : List.of(in, out, err)) {
            Files.deleteIfExists(f);
        }
        Files.delete(dir);
    }

    private static void cc(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("cc");
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "cc " + command + ": " + output);
    }
}
