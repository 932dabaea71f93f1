package io.jlvs.sched;

/**
 * nq: the first eligible server with no active connection wins at once; otherwise as sed, least
 * (active + 1) / weight with ties to the earlier server.
 */
public final class NeverQueueScheduler implements Scheduler {

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int n = s.count();
        int least = NO_SERVER;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (int i = 0; i < n; i++) {
            int w = s.weight(i);
            if (w == 0 || s.overloaded(i)) continue;
            int active = s.active(i);
            if (active == 0) return i;
            long overhead = active + 1L;
            if (least == NO_SERVER || leastOverhead * w > overhead * leastWeight) {
                least = i;
                leastOverhead = overhead;
                leastWeight = w;
            }
        }
        return least;
    }

    @Override
    public String name() { return "nq"; }
}
