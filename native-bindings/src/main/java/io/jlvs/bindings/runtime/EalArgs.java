package io.jlvs.bindings.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument vector jlvs hands rte_eal_init: the caller's arguments plus the defaults a
 * user-space director wants, each added only when the caller did not say otherwise:
 * <ul>
 *   <li>{@code -l CPU}: one lcore, the main one, on {@code mainCpu};</li>
 *   <li>{@code --in-memory} on hugepages (no files in /dev/hugepages or /var/run/dpdk), or
 *       {@code --no-huge -m MB --no-shconf} without them ({@code --in-memory} cannot be combined with {@code --no-huge});</li>
 *   <li>{@code --no-pci} unless PCI devices are named ({@code -a}/{@code --allow}/{@code -b}/{@code --block}):
 *       EAL would otherwise probe, and may claim, the machine's NICs;</li>
 *   <li>{@code --no-telemetry}.</li>
 * </ul>
 * A caller that names {@code --file-prefix} on hugepages gets EAL's shared configuration instead of
 * {@code --in-memory}: files under {@link #runtimeDir} and the hugetlbfs mount, through which secondary
 * processes (dpdk-dumpcap) attach; see {@link #multiProcess}.
 */
public final class EalArgs {
    private EalArgs() {}

    /** Memory for DPDK with --no-huge, in MB (unless the caller passes -m). */
    public static final int NO_HUGE_MEMORY_MB = 512;

    public static List<String> build(List<String> given, boolean hugepages, int mainCpu) {
        List<String> user = new ArrayList<>(given);
        if (!hugepages) {
            user.remove("--in-memory"); // EAL refuses --in-memory with --no-huge
        }
        List<String> args = new ArrayList<>();
        args.add("jlvs");
        if (!has(user, "-l", "-c", "--lcores")) {
            args.add("-l");
            args.add(Integer.toString(mainCpu));
        }
        if (hugepages) {
            if (!has(user, "--in-memory", "--no-huge", "--file-prefix", "--huge-dir")) {
                args.add("--in-memory");
            }
        } else {
            if (!has(user, "--no-huge")) {
                args.add("--no-huge");
            }
            if (!has(user, "-m", "--socket-mem")) {
                args.add("-m");
                args.add(Integer.toString(NO_HUGE_MEMORY_MB));
            }
            if (!has(user, "--no-shconf", "--in-memory")) {
                args.add("--no-shconf");
            }
        }
        if (!has(user, "--no-pci", "-a", "--allow", "-b", "--block")) {
            args.add("--no-pci");
        }
        if (!has(user, "--no-telemetry", "--telemetry")) {
            args.add("--no-telemetry");
        }
        args.addAll(user);
        return args;
    }

    /**
     * Whether a secondary process can attach to a primary started with these (built) arguments: a
     * shared configuration ({@code --in-memory} and {@code --no-shconf} keep none) on hugepages
     * ({@code --no-huge} memory is anonymous, a secondary cannot map it).
     */
    public static boolean multiProcess(List<String> args) {
        return !has(args, "--in-memory", "--no-shconf", "--no-huge");
    }

    /** The {@code --file-prefix} among these arguments, or EAL's default "rte". */
    public static String filePrefix(List<String> args) {
        String prefix = "rte";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--file-prefix=")) {
                prefix = a.substring("--file-prefix=".length());
            } else if (a.equals("--file-prefix") && i + 1 < args.size()) {
                prefix = args.get(i + 1);
            }
        }
        return prefix;
    }

    /**
     * EAL's runtime directory for a file prefix (eal_create_runtime_dir): /var/run/dpdk/PREFIX for
     * root, else $XDG_RUNTIME_DIR/dpdk/PREFIX, else /tmp/dpdk/PREFIX.
     */
    public static Path runtimeDir(String prefix) {
        String base = isRoot() ? "/var/run" : System.getenv().getOrDefault("XDG_RUNTIME_DIR", "/tmp");
        return Path.of(base, "dpdk", prefix);
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux's procfs: fall through
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether an option is present, as "--opt", "--opt=value" or "-xVALUE". */
    public static boolean has(List<String> args, String... options) {
        for (String a : args) {
            for (String o : options) {
                if (a.equals(o) || (o.startsWith("--") && a.startsWith(o + "=")) || (!o.startsWith("--") && a.startsWith(o) && a.length() > o.length() && !a.startsWith("--"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
