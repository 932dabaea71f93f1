package io.jlvs.daemon;

import io.jlvs.bindings.runtime.EalArgs;
import io.jlvs.slowpath.config.ConfigError;
import io.jlvs.slowpath.config.ConfigException;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.PortConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Packet capture from a running daemon with DPDK's own tools, which attach to it as secondary
 * processes: {@code jlvs run} starts EAL with a shared configuration under a file prefix of its own
 * ({@link #daemonEal}) and initialises the pdump framework (DpdkRuntime); {@code jlvs capture}
 * ({@link #run}) finds that prefix from the same config, checks that a daemon holds it, and prints
 * the dpdk-dumpcap (or, for one queue, dpdk-pdump) command line that bin/jlvs then executes, so the
 * tool gets the terminal's Ctrl-C itself and its exit status is the command's.
 *
 * <p>The prefix is {@code jlvs-} and 8 hex digits of SHA-256 of the control socket's path: two
 * daemons on a machine never share a control socket, so they never share a prefix (as they never
 * shared anything with {@code --in-memory}), while the same daemon restarted after a kill -9 gets
 * the same prefix and EAL reclaims the hugepage files its predecessor left.
 */
public final class Capture {

    static final String USAGE = """
            usage: jlvs capture --config FILE [--port PORT] [--filter BPF] [--out FILE] [--count N] [--duration S] [--snaplen N]
                   jlvs capture --config FILE --port PORT --queue Q --out FILE.pcap [--duration S]
                   jlvs capture --config FILE --list
              Captures what the running daemon of FILE receives and transmits on its DPDK ports, with
              dpdk-dumpcap (Debian package dpdk-dev) attached to it as a DPDK secondary process: pcapng,
              both directions, every queue, the BPF filter applied inside the daemon before copying.
                --port PORT      a port's name in FILE (ext, int, lan, ...), its DPDK device or port
                                 number; default the first port of FILE. One port per capture: DPDK
                                 22.11's dpdk-dumpcap records only the last of several -i; run one
                                 capture per port (several may run at once)
                --filter BPF     a libpcap filter, as for tcpdump: 'tcp port 80 and host 198.51.100.10'
                --out FILE       the output file (default: a file dpdk-dumpcap names in /tmp)
                --count N        stop after N packets;  --duration S  stop after S seconds
                --snaplen N      bytes kept of each packet (default 2176: whole frames)
                --queue Q        only rx/tx queue Q of one port (queue Q is worker Q's), with dpdk-pdump:
                                 classic pcap, no filter, no count; stops after --duration S or Ctrl-C
                --list           the ports dpdk-dumpcap sees in the daemon
              Without --count or --duration the capture runs until Ctrl-C. Copying each captured packet
              costs the workers time: capture for diagnosis, with a filter, not permanently.""";

    private Capture() {}

    /** The EAL file prefix of the daemon running with {@code config}: its own --file-prefix, else derived. */
    public static String filePrefix(JlvsConfig config) {
        if (EalArgs.has(config.eal(), "--file-prefix")) {
            return EalArgs.filePrefix(config.eal());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    config.controlSocket().path().toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "jlvs-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The config's EAL arguments plus {@code --file-prefix=} {@link #filePrefix} unless the config
     * chose its own prefix, or no shared configuration ({@code --in-memory}, {@code --no-shconf}).
     */
    public static List<String> daemonEal(JlvsConfig config) {
        List<String> eal = new ArrayList<>(config.eal());
        if (!EalArgs.has(eal, "--file-prefix", "--in-memory", "--no-shconf")) {
            eal.add("--file-prefix=" + filePrefix(config));
        }
        return eal;
    }

    /** Thrown for a refused capture: the message, and the exit status (2 usage or config, 1 no daemon). */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** {@code jlvs capture ARGS}: the command line, one argument a line, on {@code out}; exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("-h") || args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        try {
            List<String> command = command(args);
            command.forEach(out::println);
            return 0;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) err.println(error);
            return 2;
        } catch (Refused e) {
            err.println("jlvs capture: " + e.getMessage());
            if (e.status == 2 && e.getMessage().startsWith("usage")) err.println(USAGE);
            return e.status;
        }
    }

    static List<String> command(List<String> args) throws ConfigException, Refused {
        Options o = Options.parse(args);
        JlvsConfig config = ConfigLoader.load(o.config);
        for (String refused : List.of("--in-memory", "--no-shconf", "--no-huge")) {
            if (EalArgs.has(config.eal(), refused)) {
                throw new Refused(2, o.config + ": eal has " + refused + ": a daemon started so keeps no shared EAL"
                        + " configuration, and no capture tool can attach to it; remove " + refused + " and restart jlvs");
            }
        }
        String prefix = filePrefix(config);
        requireDaemon(o.config, prefix);
        List<String> devices = new ArrayList<>();
        for (String port : o.ports) devices.add(device(config, o.config, port));
        List<String> c = new ArrayList<>();
        if (o.queue != null) {
            if (devices.size() != 1) throw new Refused(2, "--queue captures one port: give exactly one --port");
            if (o.out == null) throw new Refused(2, "--queue needs --out FILE.pcap (dpdk-pdump writes classic pcap)");
            if (o.filter != null || o.count != null || o.snaplen != null) {
                throw new Refused(2, "--queue uses dpdk-pdump, which has no --filter, --count or --snaplen in DPDK 22.11;"
                        + " without --queue dpdk-dumpcap captures every queue of the port and has them all");
            }
            if (o.duration != null) c.addAll(List.of("timeout", "--preserve-status", "-s", "INT", o.duration));
            String file = o.out.toAbsolutePath().toString();
            if (file.contains(",")) throw new Refused(2, "--out " + file + ": dpdk-pdump cannot name a file with a comma");
            c.addAll(List.of("dpdk-pdump", "--file-prefix=" + prefix, "--no-pci", "--log-level=notice", "--",
                    "--pdump", "device_id=" + devices.getFirst() + ",queue=" + o.queue + ",rx-dev=" + file + ",tx-dev=" + file));
            return c;
        }
        c.add("dpdk-dumpcap");
        c.add("--file-prefix=" + prefix);
        if (o.list) {
            c.add("-D");
            return c;
        }
        if (devices.size() > 1) {
            throw new Refused(2, "one --port per capture: DPDK 22.11's dpdk-dumpcap records only the last of several"
                    + " interfaces; start one jlvs capture per port (they may run at the same time)");
        }
        c.addAll(List.of("-i", devices.isEmpty() ? config.ports().getFirst().device() : devices.getFirst()));
        if (o.filter != null) c.addAll(List.of("-f", o.filter));
        if (o.count != null) c.addAll(List.of("-c", o.count));
        if (o.duration != null) c.addAll(List.of("-a", "duration:" + o.duration));
        if (o.snaplen != null) c.addAll(List.of("-s", o.snaplen));
        if (o.out != null) c.addAll(List.of("-w", o.out.toAbsolutePath().toString()));
        return c;
    }

    /** A port of the config by name, or a DPDK device name or port number (passed on as given). */
    private static String device(JlvsConfig config, Path file, String port) throws Refused {
        List<String> known = new ArrayList<>();
        for (PortConfig p : config.ports()) {
            if (p.name().equals(port)) return p.device();
            if (p.device().equals(port)) return port;
            known.add(p.name() + " (" + p.device() + ")");
        }
        if (port.matches("[0-9]{1,5}")) return port;
        throw new Refused(2, "--port " + port + ": " + file + " has no such port; its ports: " + String.join(", ", known));
    }

    /**
     * EAL's primary holds a write lock on its runtime directory's config file while it runs; a lock we
     * can take ourselves means nobody runs with the prefix.
     */
    private static void requireDaemon(Path file, String prefix) throws Refused {
        Path dir = EalArgs.runtimeDir(prefix);
        Path eal = dir.resolve("config");
        String notRunning = "jlvs is not running with " + file + " (no DPDK primary process with file prefix " + prefix;
        if (!Files.exists(eal)) {
            throw new Refused(1, notRunning + ": " + eal + " does not exist). Start it with bin/jlvs run --config " + file
                    + "; a daemon without hugepages (--no-huge) cannot be captured from");
        }
        try (FileChannel channel = FileChannel.open(eal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                throw new Refused(1, notRunning + " holds " + eal + ": it is left from a daemon that stopped)");
            }
        } catch (IOException e) {
            throw new Refused(1, "cannot check " + eal + " for a running jlvs: " + e.getMessage() + " (capture needs root)");
        }
    }

    private record Options(Path config, List<String> ports, String queue, String filter, Path out, String count,
                           String duration, String snaplen, boolean list) {

        static Options parse(List<String> args) throws Refused {
            Path config = null;
            Path out = null;
            List<String> ports = new ArrayList<>();
            String queue = null, filter = null, count = null, duration = null, snaplen = null;
            boolean list = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--list")) {
                    list = true;
                    continue;
                }
                if (!a.startsWith("--")) throw new Refused(2, "usage: unexpected argument '" + a + "'");
                if (i + 1 >= args.size()) throw new Refused(2, "usage: option " + a + " needs a value");
                String v = args.get(++i);
                switch (a) {
                    case "--config" -> config = Path.of(v);
                    case "--port" -> ports.add(v);
                    case "--queue" -> queue = number(a, v);
                    case "--filter" -> filter = v.replaceAll("\\s+", " ").strip();
                    case "--out" -> out = Path.of(v);
                    case "--count" -> count = number(a, v);
                    case "--duration" -> duration = number(a, v);
                    case "--snaplen" -> snaplen = number(a, v);
                    default -> throw new Refused(2, "usage: jlvs capture has no option " + a);
                }
            }
            if (config == null) throw new Refused(2, "usage: jlvs capture needs --config FILE (the running daemon's)");
            if (filter != null && filter.isEmpty()) throw new Refused(2, "--filter is empty");
            return new Options(config, List.copyOf(ports), queue, filter, out, count, duration, snaplen, list);
        }

        private static String number(String option, String value) throws Refused {
            if (!value.matches("[0-9]{1,9}") || Long.parseLong(value) == 0 && !option.equals("--queue")) {
                throw new Refused(2, option + " takes a positive whole number, was '" + value + "'");
            }
            return value;
        }
    }
}
