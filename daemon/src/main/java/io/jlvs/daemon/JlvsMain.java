package io.jlvs.daemon;

import io.jlvs.bindings.dpdk.DpdkUnavailableException;
import io.jlvs.bindings.runtime.DpdkException;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.ConfigServices;
import io.jlvs.slowpath.admin.ConnectionSource;
import io.jlvs.slowpath.config.ConfigError;
import io.jlvs.slowpath.config.ConfigException;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.config.Ipv4Address;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.MacAddress;
import io.jlvs.slowpath.keepalived.ImportKeepalived;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.stats.StatsSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/jlvs}, the program's one entry point: {@code run --config FILE} (the daemon),
 * {@code replay --config FILE --in IN.pcap --out OUT.pcap [--rules RULES] [--neigh IP=MAC ...] [--workers N]}
 * and {@code control-plane --config FILE} (the control plane without DPDK: journal, jlvsadm socket,
 * health checks, snapshots nobody forwards with; for operating rules where no NIC is bound, and for
 * testing the journal against kill -9). Exit status: 0 done, 1 failed while running, 2 bad usage,
 * config, rules or environment.
 */
public final class JlvsMain {

    static final String USAGE = """
            usage: jlvs run --config FILE
                   jlvs replay --config FILE --in IN.pcap --out OUT.pcap [--rules RULES] [--neigh IP=MAC ...] [--workers N]
                   jlvs control-plane --config FILE
                   jlvs import-keepalived KEEPALIVED.CONF [--base BASE.yaml] [--out FILE] [--config-id ID] [--lenient]
                   jlvs capture --config FILE [--port PORT] [--filter BPF] [--out FILE] [--count N] [--duration S]
              run      the director: DPDK ports, pinned workers, slow path; stops on SIGTERM
              replay   run a capture through the real workers over DPDK net_pcap devices; write what
                       they transmit to OUT.pcap and print counters and drop reasons
                --rules FILE     ipvsadm -S -n lines that replace the config's services
                --neigh IP=MAC   a static neighbour (repeatable)
                --workers N      workers to replay with (default: the config's worker count)
              control-plane  the journal, jlvsadm socket and health checks without DPDK; stops on SIGTERM
              import-keepalived  keepalived's virtual_server blocks as jlvs YAML (jlvs import-keepalived --help)
              capture  pcapng of the running daemon's ports with dpdk-dumpcap (jlvs capture --help)""";

    private JlvsMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("import-keepalived")) {
            return ImportKeepalived.run(List.of(args).subList(1, args.length), System.out, System.err);
        }
        if (args[0].equals("capture")) {
            // Prints the capture tool's command line; bin/jlvs executes it (Capture says why).
            return Capture.run(List.of(args).subList(1, args.length), System.out, System.err);
        }
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                return usage(a.startsWith("--") ? "option " + a + " needs a value" : "unexpected argument '" + a + "'");
            }
            options.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
        }
        String command = args[0];
        List<String> allowed = switch (command) {
            case "run", "control-plane" -> List.of("--config");
            case "replay" -> List.of("--config", "--in", "--out", "--rules", "--neigh", "--workers");
            default -> null;
        };
        if (allowed == null) return usage("unknown command '" + command + "'");
        for (String o : options.keySet()) if (!allowed.contains(o)) return usage("jlvs " + command + " has no option " + o);
        if (!options.containsKey("--config")) return usage("jlvs " + command + " needs --config FILE");
        JlvsConfig config;
        try {
            config = ConfigLoader.load(Path.of(single(options, "--config")));
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) System.err.println(error);
            return 2;
        }
        try {
            if (command.equals("run")) {
                JlvsDaemon daemon = new JlvsDaemon(config, System.out);
                handleSignal("TERM", daemon::requestStop);
                handleSignal("INT", daemon::requestStop);
                daemon.run();
                return 0;
            }
            if (command.equals("control-plane")) return runControlPlane(config);
            for (String required : List.of("--in", "--out")) {
                if (!options.containsKey(required)) return usage("jlvs replay needs " + required + " FILE");
            }
            List<Operation> rules = options.containsKey("--rules")
                    ? RuleText.read(Path.of(single(options, "--rules")))
                    : ConfigServices.operations(config.services());
            Map<Integer, Long> statics = new LinkedHashMap<>();
            for (String n : options.getOrDefault("--neigh", List.of())) {
                int eq = n.indexOf('=');
                if (eq < 0) return usage("--neigh takes IP=MAC, was '" + n + "'");
                try {
                    statics.put(Ipv4Address.parse(n.substring(0, eq)).bits(), MacAddress.parse(n.substring(eq + 1)).bits());
                } catch (IllegalArgumentException e) {
                    return usage("--neigh " + n + ": " + e.getMessage());
                }
            }
            int workers = config.cores().workers().size();
            if (options.containsKey("--workers")) {
                try {
                    workers = Integer.parseInt(single(options, "--workers"));
                } catch (NumberFormatException e) {
                    return usage("--workers takes a number, was '" + single(options, "--workers") + "'");
                }
            }
            new Replay(config, Path.of(single(options, "--in")), Path.of(single(options, "--out")), rules, statics, workers,
                    System.out).run();
            return 0;
        } catch (RuleException e) {
            System.err.println("jlvs: rules: " + e.getMessage());
            return 2;
        } catch (DpdkException | DpdkUnavailableException e) {
            System.err.println("jlvs: " + e.getMessage());
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("jlvs: no such file: " + e.getFile());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("jlvs: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("jlvs: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** The control plane alone, until SIGTERM or SIGINT. */
    private static int runControlPlane(JlvsConfig config) throws IOException, InterruptedException {
        int workers = config.cores() == null ? 1 : Math.max(1, config.cores().workers().size());
        CountDownLatch stop = new CountDownLatch(1);
        handleSignal("TERM", stop::countDown);
        handleSignal("INT", stop::countDown);
        ControlPlaneDaemon started;
        try {
            started = ControlPlaneDaemon.start(config, new DestinationLoad(workers, ControlPlaneDaemon.DESTINATION_CAPACITY),
                    port -> 0, StatsSource.NONE, ConnectionSource.NONE);
        } catch (IOException | RuleException e) {
            System.err.println("jlvs: " + e.getMessage());
            return 1;
        }
        try (ControlPlaneDaemon daemon = started) {
            System.out.println("jlvs control plane: " + daemon.plane().rules().services().size() + " services; jlvsadm on "
                    + config.controlSocket().path());
            System.out.flush();
            stop.await();
        }
        return 0;
    }

    private static String single(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        return values.getLast();
    }

    private static int usage(String problem) {
        System.err.println("jlvs: " + problem);
        System.err.println(USAGE);
        return 2;
    }

    @SuppressWarnings("removal")
    private static void handleSignal(String name, Runnable stop) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
    }
}
