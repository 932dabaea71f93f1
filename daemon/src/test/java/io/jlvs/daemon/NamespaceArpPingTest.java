package io.jlvs.daemon;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jlvs on af_packet in one network namespace, a Linux host in another (netns-arp-ping.sh beside this
 * class's resources): the kernel resolves the VIP through jlvs and pings it, and jlvs resolves a
 * real server's MAC by ARP. Skipped (with the reason) where namespaces cannot be made.
 */
class NamespaceArpPingTest {

    @Test
    void kernelResolvesAndPingsTheVipAndJlvsResolvesTheRealServer() throws Exception {
        Path script = Path.of("src/test/resources/io/jlvs/daemon/netns-arp-ping.sh").toAbsolutePath();
        Path work = ReplayGoldenTest.fresh("netns");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(),
                Path.of("..", "bin", "jlvs").toAbsolutePath().normalize().toString(), work.toString());
        pb.environment().put("JLVS_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(work.resolve("script.out").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroy(); // the script's trap removes the namespaces
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(work.resolve("script.out"));
        Assumptions.assumeFalse(output.startsWith("SKIPPED"), output.strip());
        System.out.print(output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("OK"), output);
    }
}
