package io.jlvs.sched;

/**
 * The least-load scan of IPVS's wlc and sed, shared by wlc, sed, lblc and lblcr. Ratios are compared
 * by cross multiplication in 64 bits, as the kernel does with {@code (__s64)loh * weight}, so there
 * is no division and no overflow for any weight up to 2^31-1.
 */
final class LeastLoad {

    private LeastLoad() {}

    /** wlc: least (active*256 + inactive) / weight. */
    static int weightedLeastConnection(RealServers s) { return weightedLeast(s, false); }

    /** sed: least (active + 1) / weight. */
    static int shortestExpectedDelay(RealServers s) { return weightedLeast(s, true); }

    /**
     * The first eligible server, then any later non-overloaded server with a strictly lower
     * load/weight. A weight-0 server can never win the comparison (0 > x is false).
     */
    private static int weightedLeast(RealServers s, boolean expectedDelay) {
        int n = s.count();
        int least = -1;
        for (int i = 0; i < n; i++) {
            if (s.eligible(i)) {
                least = i;
                break;
            }
        }
        if (least < 0) return Scheduler.NO_SERVER;
        long leastLoad = load(s, least, expectedDelay);
        long leastWeight = s.weight(least);
        for (int i = least + 1; i < n; i++) {
            int w = s.weight(i);
            if (w == 0 || s.overloaded(i)) continue;
            long load = load(s, i, expectedDelay);
            if (leastLoad * w > load * leastWeight) {
                least = i;
                leastLoad = load;
                leastWeight = w;
            }
        }
        return least;
    }

    private static long load(RealServers s, int i, boolean expectedDelay) {
        return expectedDelay ? s.active(i) + 1L : s.overhead(i);
    }
}
