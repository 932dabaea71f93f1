package io.jlvs.sched;

/** sed: least (active + 1) / weight; ties to the earlier (newer) server. Inactive connections do not count. */
public final class ShortestExpectedDelayScheduler implements Scheduler {

    @Override
    public int pick(RealServers servers, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        return LeastLoad.shortestExpectedDelay(servers);
    }

    @Override
    public String name() { return "sed"; }
}
