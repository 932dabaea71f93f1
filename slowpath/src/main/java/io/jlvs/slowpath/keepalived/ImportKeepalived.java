package io.jlvs.slowpath.keepalived;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jlvs.slowpath.config.ConfigError;
import io.jlvs.slowpath.config.ConfigException;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.config.MachineCores;
import io.jlvs.slowpath.keepalived.KeepalivedImport.Problem;
import io.jlvs.slowpath.keepalived.KeepalivedImport.Result;
import io.jlvs.slowpath.keepalived.KeepalivedSyntax.Source;
import io.jlvs.slowpath.keepalived.KeepalivedSyntax.Statement;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jlvs import-keepalived KEEPALIVED.CONF [--base BASE.yaml] [--port IFACE=PORT]... [--out FILE] [--config-id ID] [--lenient]}:
 * keepalived's LVS configuration as jlvs YAML. Exit status 0 converted, 2 not (usage, a file that
 * cannot be read, a keyword without equivalent, or a result the config loader refuses).
 */
public final class ImportKeepalived {

    public static final String USAGE = """
            usage: jlvs import-keepalived KEEPALIVED.CONF [--base BASE.yaml] [--port IFACE=PORT]... [--out FILE] [--config-id ID] [--lenient]
              converts keepalived's virtual_server and vrrp_instance blocks (and global_defs lvs_timeouts,
              vrrp_version, vrrp_garp_*) into jlvs YAML
                --base FILE      a jlvs config without services or vrrp (ports, cores, ...): the output is that
                                 file followed by the converted sections, checked by the config loader
                --port IFACE=PORT  the jlvs port a vrrp_instance's interface IFACE becomes (default: the
                                 port named IFACE); repeat for each interface
                --out FILE       write there instead of standard output
                --config-id ID   keepalived's -i ID, for lines starting with @ID
                --lenient        convert what maps even when some lines have no equivalent (each
                                 still printed); by default such a line stops the conversion""";

    private ImportKeepalived() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Path input = null;
        Path base = null;
        Path output = null;
        String configId = null;
        boolean lenient = false;
        Map<String, String> portByInterface = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--lenient" -> lenient = true;
                case "--base", "--out", "--config-id", "--port" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, "option " + a + " needs a value");
                    }
                    String value = args.get(++i);
                    switch (a) {
                        case "--base" -> base = Path.of(value);
                        case "--out" -> output = Path.of(value);
                        case "--port" -> {
                            int eq = value.indexOf('=');
                            if (eq <= 0 || eq == value.length() - 1) {
                                return usage(err, "--port " + value + ": expected IFACE=PORT (keepalived's interface, jlvs's port name)");
                            }
                            if (portByInterface.putIfAbsent(value.substring(0, eq), value.substring(eq + 1)) != null) {
                                return usage(err, "--port " + value + ": interface " + value.substring(0, eq) + " is given twice");
                            }
                        }
                        default -> configId = value;
                    }
                }
                case "-h", "--help" -> {
                    err.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-") || input != null) {
                        return usage(err, "unexpected argument '" + a + "'");
                    }
                    input = Path.of(a);
                }
            }
        }
        if (input == null) {
            return usage(err, "jlvs import-keepalived needs the keepalived.conf to convert");
        }
        List<Statement> statements;
        try {
            statements = KeepalivedSyntax.read(input, configId);
        } catch (KeepalivedSyntax.SyntaxException e) {
            err.println(e.getMessage());
            return 2;
        }
        Result result = KeepalivedImport.convert(statements, portByInterface);
        for (Problem problem : result.problems()) {
            err.println(problem);
        }
        if (result.hasErrors() && !lenient) {
            err.println("jlvs import-keepalived: " + result.problems().stream().filter(Problem::error).count()
                    + " line(s) have no equivalent in jlvs; nothing written (--lenient converts the rest)");
            return 2;
        }
        // A file of vrrp_instance blocks only leaves the base's services alone (a director's failover half).
        boolean writesServices = !result.services().isEmpty() || result.vrrp().isEmpty();
        String baseText = "";
        if (base != null) {
            try {
                baseText = Files.readString(base);
            } catch (IOException e) {
                err.println(base + ": cannot read: " + e.getMessage());
                return 2;
            }
            String clash = clash(baseText, writesServices, result.timeouts() != null, !result.vrrp().isEmpty());
            if (clash != null) {
                err.println(base + ": " + clash);
                return 2;
            }
            if (!baseText.isEmpty() && !baseText.endsWith("\n")) {
                baseText += "\n";
            }
        }
        int firstLine = (int) baseText.chars().filter(c -> c == '\n').count() + 1;
        JlvsYamlWriter writer = new JlvsYamlWriter(firstLine);
        writer.comment("converted by jlvs import-keepalived from " + input);
        if (result.timeouts() != null) {
            writer.timeouts(result.timeouts(), null);
        }
        if (writesServices) {
            writer.services(result.services());
        }
        writer.vrrp(result.vrrp());
        String yaml = baseText + writer.text();
        String outputName = output != null ? output.toString() : "<output>";
        if (base != null) {
            try {
                new ConfigLoader(MachineCores.ofThisMachine()).parse(outputName, yaml);
            } catch (ConfigException e) {
                for (ConfigError error : e.errors()) {
                    Source from = writer.sourceOf(error.line());
                    err.println(error + (from != null ? " (from " + from + ")" : ""));
                }
                err.println("jlvs import-keepalived: the converted config is refused; nothing written");
                return 2;
            }
        }
        if (output == null) {
            out.print(yaml);
            out.flush();
            return 0;
        }
        try {
            Files.writeString(output, yaml);
        } catch (IOException e) {
            err.println(output + ": cannot write: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    /** What in the base config the conversion would write twice; null when nothing. */
    private static String clash(String baseText, boolean writesServices, boolean writesTimeouts, boolean writesVrrp) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(baseText);
        } catch (JsonProcessingException e) {
            return "not YAML: " + e.getOriginalMessage();
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return null;
        }
        if (!tree.isObject()) {
            return "expected a mapping of keys to values";
        }
        if (writesServices && tree.has("services")) {
            return "already has services, and the keepalived file has virtual_server blocks; keep one of them";
        }
        if (writesVrrp && tree.has("vrrp")) {
            return "already has vrrp instances, and the keepalived file has vrrp_instance blocks; keep one of them";
        }
        if (writesTimeouts && tree.has("timeouts")) {
            return "has timeouts, and the keepalived file sets lvs_timeouts; keep one of them";
        }
        return null;
    }

    private static int usage(PrintStream err, String message) {
        err.println("jlvs import-keepalived: " + message);
        err.println(USAGE);
        return 2;
    }
}
