package io.jlvs.sched;

/**
 * rr: a cursor per core; scan forward from the last pick, with wrap, to the first eligible server.
 * Eligibility here is weight > 0; the overload rule joins when the Schedulers issue lands.
 */
public final class RoundRobinScheduler implements Scheduler {

    /** Cursors spaced a cache line apart so cores do not share lines. */
    private static final int STRIDE = 16;
    private final int[] cursors;

    public RoundRobinScheduler(int cores) {
        this.cursors = new int[cores * STRIDE];
        for (int c = 0; c < cores; c++) cursors[c * STRIDE] = -1;
    }

    @Override
    public int pick(RealServers servers, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int n = servers.count();
        if (n == 0) return NO_SERVER;
        int slot = core * STRIDE;
        int last = cursors[slot];
        for (int step = 1; step <= n; step++) {
            int i = Math.floorMod(last + step, n);
            if (servers.weight(i) > 0) {
                cursors[slot] = i;
                return i;
            }
        }
        return NO_SERVER;
    }

    @Override
    public String name() { return "rr"; }
}
