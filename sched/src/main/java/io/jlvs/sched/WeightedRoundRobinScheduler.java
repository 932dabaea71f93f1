package io.jlvs.sched;

/**
 * wrr, IPVS's algorithm: cw (current weight) starts at mw and falls by di (the gcd of the positive
 * weights) each time the scan wraps; a server is picked when its weight >= cw. mw is the maximum
 * weight minus (di - 1), so the last pass runs with cw = 1 as in the kernel. For [A4, B3, C2] this
 * gives A A B A B C A B C.
 *
 * <p>Each core keeps its own (cursor, cw); a new instance is built for every snapshot, so any edit of
 * the list restarts the sequence from the head with cw = mw.
 */
public final class WeightedRoundRobinScheduler implements Scheduler {

    private static final int CURSOR = 0;
    private static final int CURRENT_WEIGHT = 1;
    private static final int HEAD = -1;

    private final int maxWeight;
    private final int step;
    private final int[] state;

    public WeightedRoundRobinScheduler(RealServers servers, int cores) {
        int gcd = 0;
        int max = 0;
        for (int i = 0; i < servers.count(); i++) {
            int w = servers.weight(i);
            if (w > 0) gcd = gcd == 0 ? w : gcd(gcd, w);
            max = Math.max(max, w);
        }
        this.step = gcd == 0 ? 1 : gcd;
        this.maxWeight = max - (step - 1);
        this.state = PerCore.ints(cores, HEAD);
        for (int c = 0; c < cores; c++) state[PerCore.slot(c) + CURRENT_WEIGHT] = maxWeight;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public int pick(RealServers servers, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        if (maxWeight <= 0) return NO_SERVER;
        int base = PerCore.slot(core);
        int n = servers.count();
        int last = state[base + CURSOR];
        int cw = state[base + CURRENT_WEIGHT];
        int i = last;
        int stop = Integer.MIN_VALUE;
        boolean lastPass = false;
        boolean restarted = false;
        // The kernel's loop, with positions instead of list nodes and -1 for the list head.
        while (true) {
            for (i = i + 1; i < n; i++) {
                if (servers.weight(i) >= cw && !servers.overloaded(i)) {
                    state[base + CURSOR] = i;
                    state[base + CURRENT_WEIGHT] = cw;
                    return i;
                }
                if (i == stop) return noneAvailable(base, i, cw);
            }
            i = HEAD;
            cw -= step;
            if (cw <= 0) {
                cw = maxWeight;
                if (lastPass || last == HEAD) return noneAvailable(base, HEAD, cw);
                restarted = true;
            }
            lastPass = cw <= step;
            if (lastPass && restarted && last != HEAD) stop = last;
        }
    }

    private int noneAvailable(int base, int cursor, int cw) {
        state[base + CURSOR] = cursor;
        state[base + CURRENT_WEIGHT] = cw;
        return NO_SERVER;
    }

    @Override
    public String name() { return "wrr"; }
}
