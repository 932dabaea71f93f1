package io.jlvs.slowpath.admin;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.rules.RuleSet;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arbitrary bytes on the control socket, read and answered as {@link AdminServer} does
 * ({@link AdminServer#answer}) over a control plane holding two services. What is not a complete,
 * well-formed request is answered with exit 2 and "jlvs: bad request: ..." (or, cut short, not at all,
 * as a peer that hung up) and changes no rule and journals nothing; what is a request runs as that
 * command: refused, it changes nothing either; nothing ends in an internal error.
 * Seeds: well-formed requests (src/test/python/make_admin_fuzz_seeds.py).
 */
class AdminRequestFuzzTest {

    @FuzzTest
    @DictionaryEntries({"JLVS", "\u0000\u0000\u0000\u0001", "-A", "-E", "-D", "-C", "-R", "-S", "-a", "-e", "-d", "-L", "-Z",
            "--set", "-t", "-u", "-f", "-r", "-s", "-w", "-x", "-y", "-p", "-M", "-m", "-g", "-i", "-n", "-c", "--stats", "--rate",
            "--journal", "10.0.0.1:80", "192.0.2.21:8080"})
    void badFramesAreAnsweredWithAnErrorAndChangeNothing(byte[] input) {
        Jlvsadm jlvsadm = AdminCommandFuzzTest.twoServices();
        RuleSet before = jlvsadm.plane.rules();
        int journaled = jlvsadm.journal.entries.size();
        boolean wellFormed;
        try {
            AdminProtocol.readRequest(new DataInputStream(new ByteArrayInputStream(input)));
            wellFormed = true;
        } catch (java.io.IOException e) {
            wellFormed = false;
        }
        Response r = AdminServer.answer(jlvsadm.admin, new DataInputStream(new ByteArrayInputStream(input)), "fuzz", () -> "cut short");
        assertNotNull(r);
        assertFalse(r.stderr().startsWith("jlvs: internal error"), r.stderr());
        if (!wellFormed) {
            assertEquals(2, r.exitStatus(), r.toString());
            assertTrue(r.stderr().startsWith("jlvs: bad request: "), r.stderr());
        }
        if (r.exitStatus() != 0) {
            assertEquals(before, jlvsadm.plane.rules(), "a refused request changed the rules: " + r);
            assertEquals(journaled, jlvsadm.journal.entries.size(), "a refused request was journaled: " + r);
        }
    }

}
