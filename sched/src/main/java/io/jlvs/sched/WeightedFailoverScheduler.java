package io.jlvs.sched;

/** fo: the non-overloaded server with the highest weight; ties to the earlier (newer) server. */
public final class WeightedFailoverScheduler implements Scheduler {

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        return highestWeight(s, false);
    }

    /**
     * The first server with the highest weight among those with weight > 0, not overloaded and, when
     * {@code capacityIsWeight} (ovf), with no more active connections than its weight.
     */
    static int highestWeight(RealServers s, boolean capacityIsWeight) {
        int best = NO_SERVER;
        int bestWeight = 0;
        for (int i = 0; i < s.count(); i++) {
            int w = s.weight(i);
            if (w <= bestWeight || s.overloaded(i) || (capacityIsWeight && s.active(i) > w)) continue;
            best = i;
            bestWeight = w;
        }
        return best;
    }

    @Override
    public String name() { return "fo"; }
}
