package io.jlvs.sched;

/**
 * twos (power of two choices), IPVS's algorithm: draw two random numbers in [0, total weight] over
 * the eligible servers, walk the list subtracting weights, and take the server where each draw
 * reaches <= 0; keep the second when weight2 * overhead1 > weight1 * overhead2.
 *
 * <p>The random source is a per-core xorshift32 state in this instance (no allocation, no shared
 * writes); IPVS uses the kernel's prandom_u32. Sums and products are in 64 bits where the kernel
 * uses int, so huge weights cannot overflow.
 */
public final class PowerOfTwoScheduler implements Scheduler {

    private final int[] random;

    public PowerOfTwoScheduler(int cores, long seed) {
        this.random = PerCore.ints(cores, 0);
        for (int c = 0; c < cores; c++) {
            int x = (int) (seed ^ (seed >>> 32)) ^ (0x9E3779B9 * (c + 1));
            random[PerCore.slot(c)] = x == 0 ? 0x2545F491 : x;
        }
    }

    /** xorshift32 (Marsaglia): period 2^32-1 over non-zero states. */
    private int next(int slot) {
        int x = random[slot];
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        random[slot] = x;
        return x;
    }

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int n = s.count();
        long totalWeight = 0;
        for (int i = 0; i < n; i++) {
            if (s.eligible(i)) totalWeight += s.weight(i);
        }
        if (totalWeight == 0) return NO_SERVER;
        int slot = PerCore.slot(core);
        long draw1 = Integer.toUnsignedLong(next(slot)) % (totalWeight + 1);
        long draw2 = Integer.toUnsignedLong(next(slot)) % (totalWeight + 1);
        return choose(s, draw1, draw2);
    }

    /** The second half of IPVS's twos for given draws; package-private so tests can give the draws. */
    static int choose(RealServers s, long draw1, long draw2) {
        int n = s.count();
        int choice1 = NO_SERVER;
        int choice2 = NO_SERVER;
        long overhead1 = 0;
        long overhead2 = 0;
        for (int i = 0; i < n && (choice1 == NO_SERVER || choice2 == NO_SERVER); i++) {
            int w = s.weight(i);
            if (w <= 0 || s.overloaded(i)) continue;
            draw1 -= w;
            draw2 -= w;
            if (draw1 <= 0 && choice1 == NO_SERVER) {
                choice1 = i;
                overhead1 = s.overhead(i);
            }
            if (draw2 <= 0 && choice2 == NO_SERVER) {
                choice2 = i;
                overhead2 = s.overhead(i);
            }
        }
        // Only when counts moved between the two scans so that a draw was not reached.
        if (choice1 == NO_SERVER || choice2 == NO_SERVER) return choice1 == NO_SERVER ? choice2 : choice1;
        if ((long) s.weight(choice2) * overhead1 > (long) s.weight(choice1) * overhead2) return choice2;
        return choice1;
    }

    @Override
    public String name() { return "twos"; }
}
