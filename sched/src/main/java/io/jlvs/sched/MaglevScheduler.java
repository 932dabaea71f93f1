package io.jlvs.sched;

import java.math.BigInteger;

/**
 * mh, Maglev hashing as IPVS implements it: a prime-sized lookup table filled by letting servers
 * take turns claiming the next free slot of their own permutation (offset = h1(server) mod M,
 * skip = h2(server) mod (M-1) + 1), in the order of their identities, each server taking (lastWeight / gcd) >> rshift turns per round
 * (at least 1 for a non-zero weight). A quiesced server (weight 0) keeps its slots by its last
 * weight, so quiescing moves no keys; a pick landing on it answers no server, or with mh-fallback
 * walks the table as the kernel's {@code ip_vs_mh_get_fallback}.
 *
 * <p>The table is built once per snapshot and shared read-only by all cores. IPVS hashes with
 * hsiphash and fixed keys; we use a murmur3-style finaliser, so tables differ from a kernel's for the
 * same servers but have the same properties (disruption ~1/N on removal, near-equal shares).
 */
public final class MaglevScheduler implements Scheduler {

    /** Maglev paper's size; IPVS defaults to 4093 (CONFIG_IP_VS_MH_TAB_INDEX). */
    public static final int DEFAULT_TABLE_SIZE = 65537;
    /** IPVS's IP_VS_MH_TAB_BITS: turns per round are shifted down to about 2^6 for huge weights. */
    private static final int TURN_BITS = 6;
    private static final int SEED_OFFSET = 0x9E3779B1;
    private static final int SEED_SKIP = 0x9E37A46C;

    private final int[] table;
    private final int size;
    private final boolean hashPort;
    private final boolean fallback;

    public MaglevScheduler(RealServers servers, int tableSize, boolean hashPort, boolean fallback) {
        if (tableSize < 2 || !BigInteger.valueOf(tableSize).isProbablePrime(50)) {
            throw new IllegalArgumentException("mh table size must be a prime >= 2, was " + tableSize);
        }
        if (servers.count() > tableSize) {
            throw new IllegalArgumentException("mh table size " + tableSize + " is smaller than the "
                    + servers.count() + " servers");
        }
        this.size = tableSize;
        this.hashPort = hashPort;
        this.fallback = fallback;
        this.table = populate(servers, tableSize);
    }

    static int mix(int v, int seed) {
        int h = v ^ seed;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    private static int unsignedMod(int h, int m) { return Integer.remainderUnsigned(h, m); }

    private static int[] populate(RealServers s, int m) {
        int[] table = new int[m];
        java.util.Arrays.fill(table, NO_SERVER);
        int n = s.count();
        int gcd = 0;
        int max = 0;
        for (int i = 0; i < n; i++) {
            int w = s.lastWeight(i);
            if (w > 0) gcd = gcd == 0 ? w : WeightedRoundRobinScheduler.gcd(gcd, w);
            max = Math.max(max, w);
        }
        if (gcd < 1) return table;
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / gcd)) - TURN_BITS);
        int[] next = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            long id = s.identity(i);
            int key = (int) (id ^ (id >>> 32));
            next[i] = unsignedMod(mix(key, SEED_OFFSET), m);
            skip[i] = unsignedMod(mix(key, SEED_SKIP), m - 1) + 1;
            int w = s.lastWeight(i);
            int t = (w / gcd) >> shift;
            turns[i] = t != 0 ? t : (w != 0 ? 1 : 0);
        }
        // Turns go by identity, not list position: two directors whose servers were added in another
        // order (or replayed after a restart) fill the same table, so a flow the router moves between
        // them keeps its server. (IPVS goes by list order; its directors agree only on the same history.)
        Integer[] byIdentity = new Integer[n];
        for (int i = 0; i < n; i++) byIdentity[i] = i;
        java.util.Arrays.sort(byIdentity, (a, b) -> Long.compareUnsigned(s.identity(a), s.identity(b)));
        int filled = 0;
        while (true) {
            for (Integer server : byIdentity) {
                int i = server;
                for (int t = 0; t < turns[i]; t++) {
                    int c = next[i];
                    while (table[c] != NO_SERVER) {
                        c += skip[i];
                        if (c >= m) c -= m;
                    }
                    next[i] = c;
                    table[c] = i;
                    if (++filled == m) return table;
                }
            }
        }
    }

    private int slot(int addr, int port, int offset) {
        return unsignedMod(mix(offset + port + addr, SEED_OFFSET), size);
    }

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int port = hashPort ? srcPort : 0;
        int first = slot(srcAddr, port, 0);
        int i = table[first];
        if (i < 0) return NO_SERVER;
        if (s.eligible(i)) return i;
        if (!fallback) return NO_SERVER;
        for (int k = 0; k < size; k++) {
            int offset = k + first >= size ? k + first - size : k + first;
            i = table[slot(srcAddr, port, offset)];
            if (s.eligible(i)) return i;
        }
        return NO_SERVER;
    }

    /** Table size M. */
    public int tableSize() { return size; }

    /** The position slot {@code j} of the lookup table holds, -1 when none. */
    public int slotOwner(int j) { return table[j]; }

    @Override
    public String name() { return "mh"; }
}
