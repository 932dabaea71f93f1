package io.jlvs.slowpath;

import io.jlvs.slowpath.admin.AdminService;
import io.jlvs.slowpath.admin.ConnectionSource;
import io.jlvs.slowpath.admin.Response;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.stats.Statistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** An in-process jlvsadm over a control plane with an in-memory journal: tests type command lines at it. */
public final class Jlvsadm {
    /** A services(5) file of three lines, so tests do not depend on the machine's /etc/services. */
    public static final PortNames NAMES = PortNames.parse("""
            http      80/tcp   www     # WorldWideWeb HTTP
            domain    53/tcp
            domain    53/udp
            """);

    public final MemoryJournal journal = new MemoryJournal();
    public final TestStats stats = new TestStats();
    public final List<ConnectionSource.Entry> connections = new ArrayList<>();
    public final ControlPlane plane;
    public final AdminService admin;

    public Jlvsadm() {
        try {
            plane = ControlPlane.start(journal, 1024, List.of(), RulePublisher.NONE, new Statistics(stats),
                    Clock.fixed(Instant.parse("2026-11-23T01:02:03.456Z"), ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuleException e) {
            throw new IllegalStateException(e);
        }
        admin = new AdminService(plane, sink -> connections.forEach(sink), 4096, NAMES);
    }

    /** Runs one command line, split at blanks like a shell would split this simple text. */
    public Response run(String commandLine) { return run(commandLine, ""); }

    public Response run(String commandLine, String stdin) {
        return admin.execute(commandLine.isBlank() ? List.of() : List.of(commandLine.strip().split(" +")), stdin, "cli:test");
    }

    /** Runs a command that must succeed and returns its output. */
    public String ok(String commandLine) { return ok(commandLine, ""); }

    public String ok(String commandLine, String stdin) {
        Response r = run(commandLine, stdin);
        if (r.exitStatus() != 0) throw new AssertionError("jlvsadm " + commandLine + " failed (" + r.exitStatus() + "): " + r.stderr());
        return r.stdout();
    }
}
