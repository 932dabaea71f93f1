package io.jlvs.daemon;

import io.jlvs.slowpath.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jlvs capture} before any tool runs: the EAL prefix the daemon and the capture agree on,
 * and the refusals (no shared EAL config, several ports, dpdk-pdump's limits, no daemon). The
 * capture itself, against a running daemon, is lab/test-capture.sh.
 */
class CaptureTest {

    record Outcome(int status, String out, String err) {}

    static Outcome capture(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Capture.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path config(Path dir, String eal) throws Exception {
        Files.createDirectories(dir);
        String text = TestDirectorConfig.header(dir).replace("eal: [--in-memory, --no-pci, --vdev=net_null0]", "eal: " + eal);
        return Files.writeString(dir.resolve("jlvs.yaml"), text + "services: []\n");
    }

    @Test
    void theDaemonGetsAPrefixOfItsOwnFromTheControlSocketUnlessTheConfigChoseOne() throws Exception {
        Path a = config(Files.createTempDirectory("jlvs-capture-a"), "[--no-pci, --vdev=net_null0]");
        Path b = config(Files.createTempDirectory("jlvs-capture-b"), "[--no-pci, --vdev=net_null0]");
        var configA = ConfigLoader.load(a);
        String prefix = Capture.filePrefix(configA);
        assertTrue(prefix.matches("jlvs-[0-9a-f]{8}"), prefix);
        assertEquals(prefix, Capture.filePrefix(ConfigLoader.load(a)), "the same daemon restarted: the same prefix");
        assertTrue(!prefix.equals(Capture.filePrefix(ConfigLoader.load(b))), "another control socket, another prefix");
        assertEquals(List.of("--no-pci", "--vdev=net_null0", "--file-prefix=" + prefix), Capture.daemonEal(configA));

        var own = ConfigLoader.load(config(Files.createTempDirectory("jlvs-capture-c"), "[--no-pci, --file-prefix=edge1]"));
        assertEquals("edge1", Capture.filePrefix(own));
        assertEquals(List.of("--no-pci", "--file-prefix=edge1"), Capture.daemonEal(own));
        var inMemory = ConfigLoader.load(config(Files.createTempDirectory("jlvs-capture-d"), "[--in-memory, --no-pci]"));
        assertEquals(List.of("--in-memory", "--no-pci"), Capture.daemonEal(inMemory), "--in-memory stays file-less");
    }

    @Test
    void aDaemonWithoutASharedEalConfigurationCannotBeCapturedFrom() throws Exception {
        Path file = config(Files.createTempDirectory("jlvs-capture-e"), "[--in-memory, --no-pci, --vdev=net_null0]");
        Outcome o = capture("--config", file.toString(), "--count", "10");
        assertEquals(2, o.status(), o.toString());
        assertTrue(o.err().contains("eal has --in-memory") && o.err().contains("remove --in-memory and restart jlvs"), o.err());
    }

    @Test
    void withNoDaemonRunningCaptureSaysSoWithStatus1() throws Exception {
        Path file = config(Files.createTempDirectory("jlvs-capture-f"), "[--no-pci, --vdev=net_null0]");
        Outcome o = capture("--config", file.toString(), "--port", "lan", "--filter", "tcp port 80");
        assertEquals(1, o.status(), o.toString());
        assertTrue(o.err().contains("jlvs is not running with " + file) && o.err().contains(
                Capture.filePrefix(ConfigLoader.load(file))), o.err());
        assertEquals("", o.out(), "no command line to run");
    }

    @Test
    void badUsageNamesTheProblem() throws Exception {
        Path file = config(Files.createTempDirectory("jlvs-capture-g"), "[--no-pci, --vdev=net_null0]");
        assertTrue(capture("--port", "lan").err().contains("needs --config FILE"));
        assertTrue(capture("--config", file.toString(), "--count", "ten").err().contains("--count takes a positive whole number, was 'ten'"));
        assertTrue(capture("--config", file.toString(), "--snap", "1").err().contains("jlvs capture has no option --snap"));
        Outcome help = capture("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--queue Q"), help.out());
    }
}
