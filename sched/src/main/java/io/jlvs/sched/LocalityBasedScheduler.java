package io.jlvs.sched;

/**
 * lblc: per destination address, keep the cached server unless it is gone, has weight 0, or holds
 * more active connections than its weight while some server has fewer than half its weight active;
 * otherwise pick by wlc and cache that. As in the kernel, the cached server is not checked against
 * the -x/-y OVERLOAD flag (the wlc pick is).
 *
 * <p>The cache is shared by all cores and survives snapshots (the factory hands the previous
 * instance's cache on), as IPVS's per-service table survives edits of the server list.
 */
public final class LocalityBasedScheduler implements Scheduler {

    /** Default cache capacity: IPVS's lblc starts expiring hard above 16K entries. */
    public static final int DEFAULT_CACHE_ENTRIES = 16 * 1024;

    private final LocalityCache cache;

    public LocalityBasedScheduler(LocalityCache cache) {
        this.cache = cache;
    }

    public LocalityCache cache() { return cache; }

    /** IPVS lblc/lblcr {@code is_overloaded}: active > weight while some server has active*2 < weight. */
    static boolean busierThanPeers(RealServers s, int i) {
        if (s.active(i) <= s.weight(i)) return false;
        for (int j = 0; j < s.count(); j++) {
            if (s.active(j) * 2L < s.weight(j)) return true;
        }
        return false;
    }

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int cached = cache.lookup(dstAddr);
        if (cached >= 0) {
            int i = s.positionOf(cached);
            if (i >= 0 && s.weight(i) > 0 && !busierThanPeers(s, i)) return i;
        }
        int i = LeastLoad.weightedLeastConnection(s);
        if (i != NO_SERVER) cache.put(dstAddr, s.destId(i));
        return i;
    }

    @Override
    public int maintain(long nowMillis) { return cache.sweep(nowMillis); }

    @Override
    public String name() { return "lblc"; }
}
