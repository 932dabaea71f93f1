package io.jlvs.perf.sched;

import io.jlvs.model.SchedulerFlag;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.PersistenceTemplates;
import io.jlvs.sched.PersistentService;
import io.jlvs.sched.RealServers;
import io.jlvs.sched.Scheduler;
import io.jlvs.sched.Schedulers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * ns per scheduler pick for every IPVS scheduler over 10 and 1,000 real servers with uneven weights
 * and loads (2 worker cores' counters summed on every read), and the persistence-template hit path.
 * Run with {@code -prof gc}: gc.alloc.rate.norm must be ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SchedulerPickBenchmark {

    private static final int CORES = 2;
    /** Client and destination addresses cycle through this many values (a power of two). */
    private static final int ADDRESSES = 4096;

    @State(Scope.Thread)
    public static class Pick {
        @Param({"rr", "wrr", "lc", "wlc", "sed", "nq", "lblc", "lblcr", "dh", "sh", "sh-port,sh-fallback",
                "mh", "mh-port,mh-fallback", "fo", "ovf", "twos"})
        public String scheduler;

        @Param({"10", "1000"})
        public int servers;

        RealServers list;
        Scheduler sched;
        int counter;

        @Setup(Level.Trial)
        public void setUp() {
            String name = scheduler.contains("-") ? scheduler.substring(0, 2) : scheduler;
            Set<SchedulerFlag> flags = scheduler.contains("-") ? SchedulerFlag.parse(scheduler) : EnumSet.noneOf(SchedulerFlag.class);
            list = servers(servers);
            sched = Schedulers.create(name, flags, list, CORES);
        }
    }

    static RealServers servers(int n) {
        DestinationLoad load = new DestinationLoad(CORES, n);
        Random random = new Random(7);
        List<RealServers.Server> list = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            int weight = 1 + random.nextInt(10);
            list.add(new RealServers.Server(id, weight, 0, 0, 0x0A000000L + id << 16 | 80, weight));
            for (int c = 0; c < CORES; c++) {
                load.addActive(c, id, random.nextInt(50));
                load.addInactive(c, id, random.nextInt(200));
            }
        }
        return new RealServers(list, load);
    }

    @Benchmark
    public int pick(Pick s) {
        int k = s.counter++;
        int client = 0xC0000000 | (k * 0x9E3779B1 >>> 20);
        int destination = 0xC6336400 + (k & (ADDRESSES - 1));
        return s.sched.pick(s.list, k & 1, client, 1024 + (k & 0x7FFF), destination, 80);
    }

    @State(Scope.Thread)
    public static class Persistent {
        RealServers list;
        Scheduler sched;
        PersistentService service;
        PersistenceTemplates templates;
        int counter;

        @Setup(Level.Trial)
        public void setUp() {
            list = servers(10);
            sched = Schedulers.create("wlc", Set.of(), list, CORES);
            templates = new PersistenceTemplates(4 * ADDRESSES, CORES);
            service = new PersistentService(templates, 80, -1, 300, false);
            for (int k = 0; k < ADDRESSES; k++) {
                long r = service.lookupOrSchedule(sched, list, 0, 6, 0xC0000000 + k, 1024, 0x0A000001, 80, 0);
                templates.release(PersistenceTemplates.template(r));
            }
        }
    }

    /** An existing template found and a connection attached and released (two atomic adds). */
    @Benchmark
    public int persistentTemplateHit(Persistent s) {
        int k = s.counter++;
        long r = s.service.lookupOrSchedule(s.sched, s.list, k & 1, 6, 0xC0000000 + (k & (ADDRESSES - 1)),
                1024 + (k & 0x7FFF), 0x0A000001, 80, 1000);
        s.templates.release(PersistenceTemplates.template(r));
        return PersistenceTemplates.position(r);
    }
}
