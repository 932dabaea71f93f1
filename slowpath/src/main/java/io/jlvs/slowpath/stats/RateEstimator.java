package io.jlvs.slowpath.stats;

import io.jlvs.slowpath.stats.StatsSource.Counters;

/**
 * IPVS's rate estimator (net/netfilter/ipvs/ip_vs_est.c) for one set of counters: fed every 2 seconds,
 * each rate moves 1/4 of the way to the last sample. Rates are kept scaled as the kernel keeps them
 * (per second x 2^10 for connections and packets, x 2^5 for bytes) and rounded the same way on reading.
 */
public final class RateEstimator {
    /** The kernel samples every 2 s; the shifts below assume it. */
    public static final long PERIOD_SECONDS = 2;

    private Counters last;
    private long cps;
    private long inPps;
    private long outPps;
    private long inBps;
    private long outBps;

    public RateEstimator(Counters start) { this.last = start; }

    /** One 2-second tick with the counters' current values. */
    public void sample(Counters now) {
        cps = smooth(cps, (now.conns() - last.conns()) << 9);
        inPps = smooth(inPps, (now.inPackets() - last.inPackets()) << 9);
        outPps = smooth(outPps, (now.outPackets() - last.outPackets()) << 9);
        inBps = smooth(inBps, (now.inBytes() - last.inBytes()) << 4);
        outBps = smooth(outBps, (now.outBytes() - last.outBytes()) << 4);
        last = now;
    }

    private static long smooth(long average, long sample) { return average + ((sample - average) >> 2); }

    /** ip_vs_read_estimator's rounding. */
    public Rates rates() {
        return new Rates((cps + 0x1FF) >> 10, (inPps + 0x1FF) >> 10, (outPps + 0x1FF) >> 10,
                (inBps + 0xF) >> 5, (outBps + 0xF) >> 5);
    }

    /** Connections, packets and bytes per second, as -L --rate prints them. */
    public record Rates(long cps, long inPps, long outPps, long inBps, long outBps) {
        public static final Rates ZERO = new Rates(0, 0, 0, 0, 0);
    }
}
