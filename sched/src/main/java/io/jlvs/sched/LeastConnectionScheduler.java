package io.jlvs.sched;

/** lc: least overhead (active*256 + inactive), weights ignored except that 0 excludes; ties to the earlier server. */
public final class LeastConnectionScheduler implements Scheduler {

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int n = s.count();
        int least = NO_SERVER;
        int leastOverhead = 0;
        for (int i = 0; i < n; i++) {
            if (!s.eligible(i)) continue;
            int overhead = s.overhead(i);
            if (least == NO_SERVER || overhead < leastOverhead) {
                least = i;
                leastOverhead = overhead;
            }
        }
        return least;
    }

    @Override
    public String name() { return "lc"; }
}
