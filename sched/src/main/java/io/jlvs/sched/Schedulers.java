package io.jlvs.sched;

import io.jlvs.model.SchedulerFlag;

import java.util.List;
import java.util.Set;

/**
 * Builds the scheduler of one virtual service for one {@link RealServers} snapshot. The control plane
 * calls this whenever the rule set changes and publishes the result with the snapshot.
 */
public final class Schedulers {

    /** IPVS's scheduler names, as ipvsadm's {@code -s} takes them. */
    public static final List<String> NAMES =
            List.of("rr", "wrr", "lc", "wlc", "sed", "nq", "lblc", "lblcr", "dh", "sh", "mh", "fo", "ovf", "twos");

    /**
     * Tunables that IPVS fixes at compile time or in sysctls.
     *
     * @param mhTableSize     prime size of mh's lookup table (Maglev's 65537 by default)
     * @param lblcEntries     capacity of the lblc cache
     * @param lblcrEntries    capacity of the lblcr set table
     * @param randomSeed      seed of twos's per-core random sources
     */
    public record Options(int mhTableSize, int lblcEntries, int lblcrEntries, long randomSeed) {
        public static final Options DEFAULT = new Options(MaglevScheduler.DEFAULT_TABLE_SIZE,
                LocalityBasedScheduler.DEFAULT_CACHE_ENTRIES, LocalityBasedScheduler.DEFAULT_CACHE_ENTRIES,
                0x5DEECE66DL);
    }

    private Schedulers() {}

    /** {@link #create(String, Set, RealServers, int, Options, Scheduler)} with default options and no predecessor. */
    public static Scheduler create(String name, Set<SchedulerFlag> flags, RealServers servers, int cores) {
        return create(name, flags, servers, cores, Options.DEFAULT, null);
    }

    /**
     * @param name     IPVS scheduler name, one of {@link #NAMES}
     * @param flags    ipvsadm {@code -b} flags; each must belong to {@code name}
     * @param servers  the snapshot the instance will be used with
     * @param cores    number of worker cores (per-core state is sized by it)
     * @param previous the service's scheduler in the previous snapshot, or null: lblc and lblcr carry
     *                 their shared caches over from it when it has the same name, as IPVS keeps them
     *                 across edits of the server list
     */
    public static Scheduler create(String name, Set<SchedulerFlag> flags, RealServers servers, int cores,
                                   Options options, Scheduler previous) {
        if (cores < 1) throw new IllegalArgumentException("cores must be >= 1, was " + cores);
        for (SchedulerFlag f : flags) {
            if (!f.scheduler().equals(name)) {
                throw new IllegalArgumentException("scheduler flag " + f.ipvsadmName() + " does not apply to scheduler " + name);
            }
        }
        return switch (name) {
            case "rr" -> new RoundRobinScheduler(cores);
            case "wrr" -> new WeightedRoundRobinScheduler(servers, cores);
            case "lc" -> new LeastConnectionScheduler();
            case "wlc" -> new WeightedLeastConnectionScheduler();
            case "sed" -> new ShortestExpectedDelayScheduler();
            case "nq" -> new NeverQueueScheduler();
            case "lblc" -> new LocalityBasedScheduler(previous instanceof LocalityBasedScheduler p
                    ? p.cache() : new LocalityCache(options.lblcEntries()));
            case "lblcr" -> new LocalityReplicaScheduler(previous instanceof LocalityReplicaScheduler p
                    ? p.sets() : new LocalityReplicaScheduler.Sets(options.lblcrEntries()));
            case "dh" -> new DestinationHashScheduler(servers);
            case "sh" -> new SourceHashScheduler(servers, flags.contains(SchedulerFlag.SH_PORT),
                    flags.contains(SchedulerFlag.SH_FALLBACK));
            case "mh" -> new MaglevScheduler(servers, options.mhTableSize(), flags.contains(SchedulerFlag.MH_PORT),
                    flags.contains(SchedulerFlag.MH_FALLBACK));
            case "fo" -> new WeightedFailoverScheduler();
            case "ovf" -> new WeightedOverflowScheduler();
            case "twos" -> new PowerOfTwoScheduler(cores, options.randomSeed());
            default -> throw new IllegalArgumentException("unknown scheduler '" + name + "'; valid: " + NAMES);
        };
    }
}
