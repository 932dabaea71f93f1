package io.jlvs.sched;

/**
 * rr: a cursor per core; scan forward from the last pick, with wrap, to the first server that is
 * eligible (weight > 0, not overloaded). The cursor starts before the head, so a fresh instance
 * picks the newest server first, as IPVS does after {@code init_service}.
 */
public final class RoundRobinScheduler implements Scheduler {

    private final int[] cursors;

    public RoundRobinScheduler(int cores) {
        this.cursors = PerCore.ints(cores, -1);
    }

    @Override
    public int pick(RealServers servers, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int n = servers.count();
        int slot = PerCore.slot(core);
        int i = cursors[slot];
        for (int step = 0; step < n; step++) {
            i = i + 1 == n ? 0 : i + 1;
            if (servers.eligible(i)) {
                cursors[slot] = i;
                return i;
            }
        }
        return NO_SERVER;
    }

    @Override
    public String name() { return "rr"; }
}
