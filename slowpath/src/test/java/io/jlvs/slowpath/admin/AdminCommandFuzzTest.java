package io.jlvs.slowpath.admin;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.rules.RuleSet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Arbitrary jlvsadm command lines (and -R input) through {@link AdminService#execute}, the command
 * parser and the rule editor behind the socket, over a control plane holding two services: a refused
 * command changes no rule and journals nothing (nothing half-applied, a refused -R applies no line),
 * and nothing ends in an internal error or an exception. Input: the arguments separated by NUL bytes,
 * then optionally a 0x01 byte and the standard input (text seeds: one command per file).
 */
class AdminCommandFuzzTest {

    /** A control plane with a TCP service (two servers) and a UDP one: something to edit and delete. */
    static Jlvsadm twoServices() {
        Jlvsadm jlvsadm = new Jlvsadm();
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wrr -p 300");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.0.2.21:8080 -m -w 2");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.0.2.22:8080 -m -w 1");
        jlvsadm.ok("-A -u 10.0.0.1:53 -s sh -b flag-1");
        jlvsadm.ok("-a -u 10.0.0.1:53 -r 192.0.2.23 -g");
        return jlvsadm;
    }

    @FuzzTest
    @DictionaryEntries({"\u0000", "\u0001", "-A", "-E", "-D", "-C", "-R", "-S", "-a", "-e", "-d", "-L", "-l", "-Z", "--set",
            "-t", "-u", "-f", "-r", "-s", "-w", "-x", "-y", "-p", "-M", "-m", "-g", "-i", "-n", "-c", "-b", "-o", "--stats",
            "--rate", "--exact", "--timeout", "--sort", "--journal", "--thresholds", "--persistent-conn", "--daemon",
            "rr", "wrr", "lc", "wlc", "sh", "dh", "mh", "lblc", "lblcr", "sed", "nq", "fo", "ovf", "flag-1", "flag-2",
            "10.0.0.1:80", "10.0.0.1:53", "192.0.2.21:8080", "192.0.2.22:8080", "192.0.2.23", "255.255.255.0", ":http", "0x",
            "4294967295", "2147483647", "-1"})
    void aRefusedCommandChangesNothing(byte[] input) {
        int split = indexOf(input, (byte) 1);
        byte[] args = split < 0 ? input : Arrays.copyOfRange(input, 0, split);
        String stdin = split < 0 ? "" : new String(input, split + 1, input.length - split - 1, StandardCharsets.UTF_8);
        List<String> argv = args.length == 0 ? List.of() : List.of(new String(args, StandardCharsets.UTF_8).split("\u0000", -1));

        Jlvsadm jlvsadm = twoServices();
        RuleSet before = jlvsadm.plane.rules();
        int journaled = jlvsadm.journal.entries.size();
        Response r = jlvsadm.admin.execute(argv, stdin, "cli:fuzz");
        assertNotNull(r);
        assertFalse(r.stderr().startsWith("jlvs: internal error"), r.stderr());
        if (r.exitStatus() != 0) {
            assertEquals(before, jlvsadm.plane.rules(), "jlvsadm " + argv + " was refused (" + r.stderr().strip() + ") but changed the rules");
            assertEquals(journaled, jlvsadm.journal.entries.size(), "jlvsadm " + argv + " was refused but journaled");
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
        return -1;
    }
}
