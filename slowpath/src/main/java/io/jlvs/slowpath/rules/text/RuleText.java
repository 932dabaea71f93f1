package io.jlvs.slowpath.rules.text;

import io.jlvs.model.Ipv4Text;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import io.jlvs.slowpath.rules.VirtualService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules as text: ipvsadm command lines. {@link #format} writes an operation with every field
 * explicit (defaults applied), so the line parses back to an equal operation: that is what the journal
 * stores and {@code jlvsadm --journal} prints. {@link #save} writes {@code ipvsadm -S}. {@link #parse}
 * reads one line of either, or of {@code -R} input, with {@link IpvsadmCommandLine} (ipvsadm's own
 * option rules); {@link #read} reads a rules file for replay.
 */
public final class RuleText {
    private RuleText() {}

    /** The operation as one ipvsadm command line. */
    public static String format(Operation operation) {
        return switch (operation) {
            case Operation.AddService(ServiceKey key, ServiceSettings settings) -> "-A " + service(key) + settings(settings);
            case Operation.EditService(ServiceKey key, ServiceSettings settings) -> "-E " + service(key) + settings(settings);
            case Operation.DeleteService(ServiceKey key) -> "-D " + service(key);
            case Operation.Clear() -> "-C";
            case Operation.AddServer(ServiceKey key, Operation.ServerSpec server) -> "-a " + service(key) + server(server);
            case Operation.EditServer(ServiceKey key, Operation.ServerSpec server) -> "-e " + service(key) + server(server);
            case Operation.DeleteServer(ServiceKey key, int address, int port) ->
                    "-d " + service(key) + " -r " + Ipv4Text.endpoint(address, port);
            case Operation.SetTimeouts(var t) -> "--set " + t.tcp() + " " + t.tcpFin() + " " + t.udp();
            case Operation.ZeroCounters(ServiceKey key) -> key == null ? "-Z" : "-Z " + service(key);
            case Operation.AddCheck(ServerRef server, HealthCheckConfig check) -> "--add-check " + server + check(check);
            case Operation.EditCheck(ServerRef server, HealthCheckConfig check) -> "--edit-check " + server + check(check);
            case Operation.DeleteCheck(ServerRef server) -> "--del-check " + server;
        };
    }

    /** A check's settings as jlvsadm's --check- options, every one that applies (defaults included). */
    static String check(HealthCheckConfig check) {
        StringBuilder text = new StringBuilder(" --check-type ").append(check.type().configName());
        if (check.port() != null) text.append(" --check-port ").append(check.port());
        if (check.type() == HealthCheckConfig.Type.HTTP_GET) {
            text.append(" --check-path ").append(check.path()).append(" --check-status ").append(check.status());
            if (check.host() != null) text.append(" --check-host ").append(check.host());
        }
        return text.append(" --check-interval-ms ").append(check.intervalMs())
                .append(" --check-timeout-ms ").append(check.timeoutMs())
                .append(" --check-retries ").append(check.retries())
                .append(" --check-on-failure ").append(check.onFailure().configName()).toString();
    }

    /** ipvsadm's service option: {@code -t 10.0.0.1:80}, {@code -u ...}, {@code -f 5}. */
    public static String service(ServiceKey key) {
        return key.option();
    }

    private static String service(ServiceKey key, PortNames names, boolean numeric) {
        return switch (key.kind()) {
            case TCP -> "-t " + endpoint(names, key.address(), key.port(), 6, numeric);
            case UDP -> "-u " + endpoint(names, key.address(), key.port(), 17, numeric);
            case FWMARK -> "-f " + key.fwmark();
        };
    }

    /** ipvsadm's addrport_to_anyname: "addr:port", the port by name unless numeric (addresses always numeric). */
    public static String endpoint(PortNames names, int address, int port, int protocol, boolean numeric) {
        return Ipv4Text.format(address) + ":" + (numeric ? Integer.toString(port) : names.name(protocol, port));
    }

    private static String server(Operation.ServerSpec s) {
        return " -r " + Ipv4Text.endpoint(s.address(), s.port()) + " " + s.method().option() + " -w " + s.weight()
                + " -x " + s.upperThreshold() + " -y " + s.lowerThreshold();
    }

    private static String settings(ServiceSettings s) {
        StringBuilder text = new StringBuilder(" -s ").append(s.scheduler());
        if (!s.flags().isEmpty()) text.append(" -b ").append(s.flagsText());
        if (s.persistent()) text.append(" -p ").append(s.persistenceTimeout());
        // IPVS keeps -M even without -p: written whenever it is not the default, so the text parses back equal.
        if (s.netmask() != -1) text.append(" -M ").append(Ipv4Text.format(s.netmask()));
        if (s.onePacket()) text.append(" -o");
        return text.toString();
    }

    /**
     * {@code ipvsadm -S}: a service line and its servers' lines, as ipvsadm 1.31 writes them (no -x/-y,
     * -M only with -p), ports by name unless {@code numeric}.
     */
    public static String save(RuleSet rules, boolean noSort, boolean numeric, PortNames names) {
        StringBuilder out = new StringBuilder();
        for (VirtualService s : noSort ? rules.services() : rules.sortedServices()) {
            ServiceKey key = s.key();
            String name = service(key, names, numeric);
            ServiceSettings settings = s.settings();
            out.append("-A ").append(name).append(" -s ").append(settings.scheduler());
            if (!settings.flags().isEmpty()) out.append(" -b ").append(settings.flagsText());
            if (settings.persistent()) {
                out.append(" -p ").append(settings.persistenceTimeout());
                if (settings.netmask() != -1) out.append(" -M ").append(Ipv4Text.format(settings.netmask()));
            }
            if (settings.onePacket()) out.append(" -o");
            out.append('\n');
            for (RealServer r : noSort ? s.servers() : RuleSet.sortedServers(s)) {
                out.append("-a ").append(name).append(" -r ").append(endpoint(names, r.address(), r.port(), key.protocolNumber(), numeric))
                        .append(' ').append(r.method().option()).append(" -w ").append(r.weight()).append('\n');
            }
        }
        return out.toString();
    }

    /** One line of -R input, or of the journal, with numeric ports (journal text is always numeric). */
    public static Operation parse(String line) throws RuleException { return parse(line, PortNames.NONE); }

    /** One line of -R input: a command that changes rules; ports may be given by name. */
    public static Operation parse(String line, PortNames names) throws RuleException {
        Command command = IpvsadmCommandLine.parse(splitWords(line), names);
        if (command instanceof Command.Change(Operation op)) return op;
        throw RuleException.usage("only rule changes (-A -E -D -C -a -e -d -Z --set --add-check --edit-check --del-check) can be restored");
    }

    /**
     * A rules file for replay: the lines of {@code ipvsadm -S -n}; blank lines and {@code #} comments
     * are skipped. An error names the file, the line and its text.
     */
    public static List<Operation> read(Path file) throws IOException, RuleException {
        List<String> lines = Files.readAllLines(file);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                ops.add(parse(line));
            } catch (RuleException e) {
                throw new RuleException(file + ":" + (i + 1) + ": " + line + ": " + e.getMessage().strip(), e.exitStatus());
            }
        }
        return ops;
    }

    /** Splits a line at blanks, as ipvsadm's config_stream does for -R input. */
    static List<String> splitWords(String line) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean blank = i == line.length() || line.charAt(i) == ' ' || line.charAt(i) == '\t';
            if (blank && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!blank && start < 0) {
                start = i;
            }
        }
        return words;
    }
}
