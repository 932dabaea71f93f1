package io.jlvs.daemon;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What bin/jlvs says before DPDK starts: config errors as the config reports them, usage mistakes; exit 2. */
class JlvsMainTest {

    record Outcome(int status, String stderr) {}

    static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(JlvsMain.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void configErrorsArePrintedAsFileLinePathMessageWithExitStatus2() throws Exception {
        Path dir = ReplayGoldenTest.fresh("main");
        Path config = ReplayGoldenTest.write(dir.resolve("bad.yaml"), "eal: [--no-pci]\n" + ReplayGoldenTest.common(dir)
                .replace("workers: [1]", "workers: [7]") + """
                ports:
                  - name: lan
                    device: net_null0
                    role: one-arm
                    addresses: [192.0.2.1/24]
                    colour: blue
                """);
        Outcome o = run("run", "--config", config.toString());
        assertEquals(2, o.status(), o.stderr());
        assertTrue(o.stderr().contains(config + ":4: cores.workers[0]: core 7 does not exist"), o.stderr());
        assertTrue(o.stderr().matches("(?s).*" + java.util.regex.Pattern.quote(config.toString()) + ":\\d+: ports\\[0\\]\\.colour: .*"), o.stderr());
    }

    @Test
    void usageMistakesNameTheProblem() {
        assertEquals(2, run().status());
        Outcome unknown = run("start", "--config", "x");
        assertEquals(2, unknown.status());
        assertTrue(unknown.stderr().contains("unknown command 'start'"), unknown.stderr());
        Outcome option = run("run", "--config", "x", "--in", "y");
        assertTrue(option.stderr().contains("jlvs run has no option --in"), option.stderr());
        Outcome missing = run("replay", "--config", "/nonexistent/jlvs.yaml");
        assertEquals(2, missing.status());
        assertTrue(missing.stderr().contains("/nonexistent/jlvs.yaml: cannot read"), missing.stderr());
    }
}
