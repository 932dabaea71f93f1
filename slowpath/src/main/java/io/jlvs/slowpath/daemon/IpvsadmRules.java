package io.jlvs.slowpath.daemon;

import io.jlvs.slowpath.admin.IpvsadmCommandLine;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rules file for replay: the lines of {@code ipvsadm -S -n}, read with the control plane's own
 * parser (the one behind {@code jlvsadm -R}).
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
}
