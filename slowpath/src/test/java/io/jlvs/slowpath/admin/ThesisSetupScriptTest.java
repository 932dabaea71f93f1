package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The thesis' setup script, line for line, with ipvsadm replaced by jlvsadm. */
class ThesisSetupScriptTest {

    private static final List<String> SCRIPT = List.of(
            "-C",
            "-A -t 128.39.73.11:80 -s rr",
            "-a -t 128.39.73.11:80 -r 10.255.255.254:80 -m",
            "-a -t 128.39.73.11:80 -r 10.255.255.253:80 -m",
            "-a -t 128.39.73.11:80 -r 10.255.255.252:80 -m",
            "-a -t 128.39.73.11:80 -r 10.255.255.251:80 -m",
            "--zero");

    @Test
    void runsUnchanged() {
        Jlvsadm jlvsadm = new Jlvsadm();
        for (String line : SCRIPT) {
            assertEquals(new Response("", "", 0), jlvsadm.run(line), line);
        }
        assertEquals("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  128.39.73.11:80 rr
                  -> 10.255.255.251:80            Masq    1      0          0        \s
                  -> 10.255.255.252:80            Masq    1      0          0        \s
                  -> 10.255.255.253:80            Masq    1      0          0        \s
                  -> 10.255.255.254:80            Masq    1      0          0        \s
                """, jlvsadm.ok("-L -n"));
    }

    @Test
    void theJournalShowsWhoDidWhatAndWhen() {
        Jlvsadm jlvsadm = new Jlvsadm();
        SCRIPT.forEach(jlvsadm::run);
        jlvsadm.run("-e -t 128.39.73.11:80 -r 10.255.255.254:80 -m -w 0");
        assertEquals("""
                2026-11-23 01:02:03.456Z cli:test -C
                2026-11-23 01:02:03.456Z cli:test -A -t 128.39.73.11:80 -s rr
                2026-11-23 01:02:03.456Z cli:test -a -t 128.39.73.11:80 -r 10.255.255.254:80 -m -w 1 -x 0 -y 0
                2026-11-23 01:02:03.456Z cli:test -a -t 128.39.73.11:80 -r 10.255.255.253:80 -m -w 1 -x 0 -y 0
                2026-11-23 01:02:03.456Z cli:test -a -t 128.39.73.11:80 -r 10.255.255.252:80 -m -w 1 -x 0 -y 0
                2026-11-23 01:02:03.456Z cli:test -a -t 128.39.73.11:80 -r 10.255.255.251:80 -m -w 1 -x 0 -y 0
                2026-11-23 01:02:03.456Z cli:test -Z
                2026-11-23 01:02:03.456Z cli:test -e -t 128.39.73.11:80 -r 10.255.255.254:80 -m -w 0 -x 0 -y 0
                """, jlvsadm.ok("--journal"));
    }

    @Test
    void runsAgainOnTopOfItself() {
        Jlvsadm jlvsadm = new Jlvsadm();
        for (int run = 0; run < 2; run++) {
            for (String line : SCRIPT) assertEquals(0, jlvsadm.run(line).exitStatus(), line);
        }
        assertEquals(4, jlvsadm.plane.rules().services().getFirst().servers().size());
    }
}
