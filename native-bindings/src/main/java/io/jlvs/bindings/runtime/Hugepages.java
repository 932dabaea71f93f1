package io.jlvs.bindings.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether DPDK runs on 2 MB hugepages or with {@code --no-huge}. In order: the system property
 * {@code jlvs.hugepages} or the environment variable {@code JLVS_HUGEPAGES} ("1"/"0"), then
 * {@code build/hugepages.env} written by scripts/setup.sh (looked for in the working directory
 * and its parents), then the kernel: free hugepages in /proc/meminfo and a hugetlbfs mount.
 */
public final class Hugepages {
    private Hugepages() {}

    /** The decision, and the reason in words. */
    public record Decision(boolean enabled, String reason) {}

    public static Decision decide() {
        String configured = System.getProperty("jlvs.hugepages", System.getenv("JLVS_HUGEPAGES"));
        if (configured != null && !configured.isBlank()) {
            return new Decision(!configured.trim().equals("0"), "JLVS_HUGEPAGES=" + configured.trim());
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path env = dir.resolve("build/hugepages.env");
            if (Files.isReadable(env)) {
                try {
                    for (String line : Files.readAllLines(env)) {
                        if (line.startsWith("JLVS_HUGEPAGES=")) {
                            boolean on = !line.substring("JLVS_HUGEPAGES=".length()).trim().equals("0");
                            return new Decision(on && kernelHasHugepages(),
                                    env + " says " + line.trim() + (on && !kernelHasHugepages() ? " but none are free now" : ""));
                        }
                    }
                } catch (IOException ignored) {
                    // fall through to the kernel's view
                }
            }
        }
        boolean kernel = kernelHasHugepages();
        return new Decision(kernel, kernel ? "free hugepages and a hugetlbfs mount" : "no free hugepages or no hugetlbfs mount");
    }

    /** The hugetlbfs mount points in /proc/mounts (none when it cannot be read). */
    public static List<Path> mounts() {
        try {
            return Files.readAllLines(Path.of("/proc/mounts")).stream().map(m -> m.split(" "))
                    .filter(f -> f.length > 2 && f[2].equals("hugetlbfs")).map(f -> Path.of(f[1])).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Free hugepages in /proc/meminfo and a hugetlbfs mount in /proc/mounts. */
    public static boolean kernelHasHugepages() {
        try {
            long free = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("HugePages_Free:")) {
                    free = Long.parseLong(line.substring("HugePages_Free:".length()).trim());
                }
            }
            if (free <= 0) {
                return false;
            }
            List<String> mounts = Files.readAllLines(Path.of("/proc/mounts"));
            return mounts.stream().anyMatch(m -> m.split(" ").length > 2 && m.split(" ")[2].equals("hugetlbfs"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
