package io.jlvs.sched;

/**
 * ovf: the highest-weight server whose active connections do not exceed its weight (the weight is
 * its capacity); ties to the earlier server. Overloaded and weight-0 servers are skipped.
 */
public final class WeightedOverflowScheduler implements Scheduler {

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        return WeightedFailoverScheduler.highestWeight(s, true);
    }

    @Override
    public String name() { return "ovf"; }
}
