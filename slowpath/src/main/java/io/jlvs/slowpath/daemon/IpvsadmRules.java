package io.jlvs.slowpath.daemon;

import io.jlvs.slowpath.admin.IpvsadmCommandLine;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rules as ipvsadm text: the lines of {@code ipvsadm -S -n} (a rules file for replay) read with the
 * control plane's own parser, and the config file's services written as such lines.
 */
public final class IpvsadmRules {

    private IpvsadmRules() {}

    /** Reads a file of {@code ipvsadm -S -n} lines; blank lines and {@code #} comments are skipped. */
    public static List<Operation> read(Path file) throws IOException, RuleException {
        List<String> lines = Files.readAllLines(file);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                ops.add(IpvsadmCommandLine.parseRestoreLine(line));
            } catch (RuleException e) {
                throw new RuleException(file + ":" + (i + 1) + ": " + line + ": " + e.getMessage().strip(), e.exitStatus());
            }
        }
        return ops;
    }

    /** The config's services as ipvsadm lines: {@code -A} per service, {@code -a} per real server. */
    public static List<String> lines(JlvsConfig config) {
        List<String> lines = new ArrayList<>();
        for (ServiceConfig s : config.services()) {
            String key = (s.protocol() == ServiceConfig.Protocol.TCP ? "-t " : "-u ") + s.vip() + ":" + s.port();
            StringBuilder add = new StringBuilder("-A ").append(key).append(" -s ").append(s.scheduler().configName());
            if (!s.schedulerFlags().isEmpty()) {
                add.append(" -b ").append(s.schedulerFlags().stream().map(ServiceConfig.SchedulerFlag::configName)
                        .collect(Collectors.joining(",")));
            }
            if (s.persistence() != null) {
                add.append(" -p ").append(s.persistence().timeout()).append(" -M ").append(s.persistence().netmask());
            }
            lines.add(add.toString());
            for (RealServerConfig r : s.realServers()) {
                String method = switch (r.method()) {
                    case NAT -> "-m";
                    case DR -> "-g";
                    case TUN -> "-i";
                };
                lines.add("-a " + key + " -r " + r.address() + ":" + r.port() + " " + method + " -w " + r.weight()
                        + " -x " + r.upperThreshold() + " -y " + r.lowerThreshold());
            }
        }
        return lines;
    }

    /** The config's services as operations, parsed back through ipvsadm's grammar. */
    public static List<Operation> operations(JlvsConfig config) throws RuleException {
        List<Operation> ops = new ArrayList<>();
        for (String line : lines(config)) {
            try {
                ops.add(IpvsadmCommandLine.parseRestoreLine(line));
            } catch (RuleException e) {
                throw new RuleException("config services: " + line + ": " + e.getMessage().strip(), e.exitStatus());
            }
        }
        return ops;
    }
}
