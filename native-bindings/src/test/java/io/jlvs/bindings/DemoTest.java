package io.jlvs.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.bindings.demo.PcapForwardDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo main (what make demo runs) in its own JVM: every packet in and out, the output identical. */
class DemoTest {

    @Test
    void demoForwardsTheBundledCapture() throws Exception {
        Path dir = DpdkTestFixture.DIR.resolve("demo");
        Files.createDirectories(dir);
        Path classes = Path.of(PcapForwardDemo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path log = dir.resolve("stdout");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classes.toString(), PcapForwardDemo.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(32, lines.stream().filter(l -> l.startsWith("  in  #")).count(), out);
        assertEquals(32, lines.stream().filter(l -> l.startsWith("  out #")).count(), out);
        assertTrue(out.contains("32 packets in, 32 packets out"), out);
        assertTrue(out.contains("byte-identical to the input"), out);
    }
}
