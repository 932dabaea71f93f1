package io.jlvs.perf.slowpath;

import io.jlvs.model.ForwardMethod;
import io.jlvs.slowpath.ControlPlane;
import io.jlvs.slowpath.journal.ChronicleJournal;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up replay of a rule journal of 100,000 operations, as the daemon does it: open the Chronicle
 * Queue, read every entry, parse each operation (stored as ipvsadm text), apply it with the same
 * checks as a live change, build the final rule set. The journal: 100 services, then -a/-e/-d on up to
 * 60 servers per service, each operation its own entry (as jlvsadm commands arrive). Target: < 1 s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Dchronicle.analytics.disable=true", "--sun-misc-unsafe-memory-access=allow",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class JournalReplayBenchmark {

    public static final int OPERATIONS = 100_000;
    private static final int SERVICES = 100;
    private static final int SERVERS_PER_SERVICE = 60;

    private Path dir;

    @Setup(Level.Trial)
    public void writeJournal() throws IOException {
        dir = Files.createTempDirectory("jlvs-replay-bench");
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            Instant time = Instant.parse("2026-11-23T00:00:00Z");
            for (Operation op : operations()) journal.append(new JournalEntry(time, "cli:root", List.of(op)));
        }
        RuleSet rules = replay();
        int servers = rules.services().stream().mapToInt(s -> s.servers().size()).sum();
        System.out.printf("%njournal of %d operations: %d services, %d real servers after replay%n", OPERATIONS,
                rules.services().size(), servers);
    }

    static List<Operation> operations() {
        List<Operation> ops = new ArrayList<>(OPERATIONS);
        boolean[][] present = new boolean[SERVICES][SERVERS_PER_SERVICE];
        for (int s = 0; s < SERVICES; s++) {
            ops.add(new Operation.AddService(service(s), new ServiceSettings("wlc", Set.of(), 0, -1, false)));
        }
        for (int k = 0; ops.size() < OPERATIONS; k++) {
            int s = k % SERVICES;
            int r = (k / SERVICES) % SERVERS_PER_SERVICE;
            int address = 0x0a000000 | s << 8 | r;
            if (!present[s][r]) {
                ops.add(new Operation.AddServer(service(s), new Operation.ServerSpec(address, 8080, ForwardMethod.NAT, 1, 0, 0)));
                present[s][r] = true;
            } else if (k % 3 == 0) {
                ops.add(new Operation.DeleteServer(service(s), address, 8080));
                present[s][r] = false;
            } else {
                ops.add(new Operation.EditServer(service(s), new Operation.ServerSpec(address, 8080, ForwardMethod.NAT, k % 100, 0, 0)));
            }
        }
        return ops;
    }

    private static ServiceKey service(int s) { return ServiceKey.tcp(0xc0000200 | s, 80); }

    @Benchmark
    public RuleSet replay() throws IOException {
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            return ControlPlane.replay(journal, 1 << 16);
        }
    }

    @TearDown(Level.Trial)
    public void deleteJournal() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
