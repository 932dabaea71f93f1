package io.jlvs.sched;

/**
 * The 256-bucket tables of IPVS's dh and sh. Built once per snapshot and then only read, so every
 * core shares one table. Buckets hold positions in the snapshot, -1 when the list is empty.
 */
final class HashBuckets {

    static final int SIZE = 256;
    static final int MASK = SIZE - 1;
    /** Knuth's multiplicative constant, the one IPVS uses: 2654435761. */
    static final int GOLDEN = 0x9E3779B1;

    private HashBuckets() {}

    /** Buckets of {@code ways} slots to hold {@code capacity} entries, rounded up to a power of two. */
    static int powerOfTwoBuckets(int capacity, int ways) {
        int needed = (int) Math.min(1 << 30, ((long) capacity + ways - 1) / ways);
        return needed <= 1 ? 1 : Integer.highestOneBit(needed - 1) << 1;
    }

    /**
     * IPVS's (offset + (port + addr) * 2654435761) & 255. The kernel multiplies in unsigned long; the
     * low 8 bits are the same in 32-bit int arithmetic.
     */
    static int bucket(int addr, int port, int offset) {
        return (offset + (port + addr) * GOLDEN) & MASK;
    }

    /**
     * Fills the buckets walking the list with wrap, each server taking {@code weighted ? weight : 1}
     * consecutive buckets (a weight-0 server still takes one, as in the kernel's
     * {@code ++d_count >= weight}).
     */
    static int[] fill(RealServers servers, boolean weighted) {
        int[] buckets = new int[SIZE];
        int n = servers.count();
        int position = 0;
        int taken = 0;
        for (int b = 0; b < SIZE; b++) {
            if (n == 0) {
                buckets[b] = Scheduler.NO_SERVER;
                continue;
            }
            buckets[b] = position;
            int share = weighted ? servers.weight(position) : 1;
            if (++taken >= share) {
                position = position + 1 == n ? 0 : position + 1;
                taken = 0;
            }
        }
        return buckets;
    }
}
