package io.jlvs.sched;

/** wlc, IPVS's default: least (active*256 + inactive) / weight; ties to the earlier (newer) server. */
public final class WeightedLeastConnectionScheduler implements Scheduler {

    @Override
    public int pick(RealServers servers, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        return LeastLoad.weightedLeastConnection(servers);
    }

    @Override
    public String name() { return "wlc"; }
}
