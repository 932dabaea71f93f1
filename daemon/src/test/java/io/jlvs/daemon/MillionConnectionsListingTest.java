package io.jlvs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jlvsadm -L -c} of a million connections within a bounded heap: the listing runs in a JVM
 * whose heap (48 MB) is a third of what the whole answer would take held at once (a million entries
 * as objects, then their 80 MB of text), so it passes only if the daemon streams.
 */
class MillionConnectionsListingTest {
    static final int CONNECTIONS = 1_000_000;
    static final String HEAP = "-Xmx48m";

    @Test
    void aMillionConnectionsListInFullThroughASmallHeap() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.addAll(Arrays.asList(System.getProperty("jlvs.daemonFlags", "--enable-native-access=ALL-UNNAMED").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MillionConnectionsListing.class.getName(),
                String.valueOf(CONNECTIONS)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "listing did not finish: " + output);
        assertEquals(0, p.exitValue(), output);
        System.out.print("-L -n -c of " + CONNECTIONS + " connections with " + HEAP + ": " + output);
        Matcher m = Pattern.compile("lines=(\\d+) bytes=(\\d+) peak-heap-mb=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        assertEquals(CONNECTIONS + 2, Long.parseLong(m.group(1)), "two header lines and one per connection");
        assertTrue(Long.parseLong(m.group(2)) > CONNECTIONS * 70L, output);
    }
}
