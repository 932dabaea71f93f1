package io.jlvs.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * lblc's destination-address -> server cache, shared by all cores.
 *
 * <p>Shared, not per core, because flows are spread over cores by the client endpoint: requests for
 * one destination address arrive on every core, and per-core caches would bind each address to up
 * to one server per core, which defeats the locality lblc exists for.
 *
 * <p>Lock-free: a set-associative table of {@code long} entries {@code addr << 32 | (destId + 1)}
 * (0 = empty), {@link #WAYS} per bucket, written with CAS; last use per entry in a parallel int array
 * written with opaque stores (racy, last writer wins, both are "now"). A full bucket evicts its least
 * recently used entry: capacity is bounded where IPVS's is not. Two cores inserting the same new
 * address at the same instant may leave two entries; lookups take the first and the other ages out.
 *
 * <p>Time is a coarse clock in seconds advanced by {@link #sweep}, so picks read no clock.
 */
public final class LocalityCache {

    public static final int WAYS = 8;
    /** IPVS's sysctl lblc_expiration default: 24 hours idle. */
    public static final int EXPIRATION_SECONDS = 24 * 60 * 60;
    /** IPVS's ENTRY_TIMEOUT: over {@link #crowdedEntries}, entries idle this long go. */
    public static final int CROWDED_EXPIRATION_SECONDS = 6 * 60;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final long[] entries;
    private final int[] lastUse;
    private final int bucketMask;
    private final int crowdedEntries;
    private volatile int nowSeconds;

    /** @param capacity entries, rounded up to a power of two of at least {@link #WAYS} */
    public LocalityCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("lblc cache capacity must be >= 1, was " + capacity);
        int buckets = HashBuckets.powerOfTwoBuckets(capacity, WAYS);
        this.entries = new long[buckets * WAYS];
        this.lastUse = new int[buckets * WAYS];
        this.bucketMask = buckets - 1;
        this.crowdedEntries = Math.min(16 * 1024, entries.length / 2);
    }

    public int capacity() { return entries.length; }

    private int bucketStart(int addr) { return (MaglevScheduler.mix(addr, 0x5BD1E995) & bucketMask) * WAYS; }

    private static long entry(int addr, int destId) { return (long) addr << 32 | (destId + 1L); }

    private static int addrOf(long e) { return (int) (e >>> 32); }

    private static int destOf(long e) { return (int) e - 1; }

    /** The cached destination id for {@code addr}, or -1; marks the entry used now. */
    public int lookup(int addr) {
        int start = bucketStart(addr);
        for (int k = start; k < start + WAYS; k++) {
            long e = (long) LONGS.getAcquire(entries, k);
            if (e != 0 && addrOf(e) == addr) {
                INTS.setOpaque(lastUse, k, nowSeconds);
                return destOf(e);
            }
        }
        return -1;
    }

    /** Caches {@code addr -> destId}, replacing an entry for the address, else a free or the LRU slot. */
    public void put(int addr, int destId) {
        long wanted = entry(addr, destId);
        int now = nowSeconds;
        int start = bucketStart(addr);
        for (int attempt = 0; attempt < 2; attempt++) {
            int free = -1;
            int oldest = start;
            for (int k = start; k < start + WAYS; k++) {
                long e = (long) LONGS.getAcquire(entries, k);
                if (e != 0 && addrOf(e) == addr) {
                    if (LONGS.compareAndSet(entries, k, e, wanted)) {
                        INTS.setOpaque(lastUse, k, now);
                        return;
                    }
                    continue;
                }
                if (e == 0 && free < 0) free = k;
                if ((int) INTS.getOpaque(lastUse, k) - (int) INTS.getOpaque(lastUse, oldest) < 0) oldest = k;
            }
            int target = free >= 0 ? free : oldest;
            long seen = (long) LONGS.getAcquire(entries, target);
            if ((free < 0 || seen == 0) && LONGS.compareAndSet(entries, target, seen, wanted)) {
                INTS.setOpaque(lastUse, target, now);
                return;
            }
        }
        // Lost two races in a row for this bucket: the pick stands, it just is not cached this time.
    }

    /** Number of live entries (a scan; for the control plane and tests). */
    public int size() {
        int n = 0;
        for (long e : entries) if (e != 0) n++;
        return n;
    }

    /**
     * Advances the clock and drops entries idle for {@link #EXPIRATION_SECONDS}, or for
     * {@link #CROWDED_EXPIRATION_SECONDS} while the table holds more than half its capacity (IPVS:
     * more than 16K entries). Called by the control plane, e.g. once a second.
     *
     * @return entries dropped
     */
    public int sweep(long nowMillis) {
        int now = (int) (nowMillis / 1000);
        nowSeconds = now;
        int limit = size() > crowdedEntries ? CROWDED_EXPIRATION_SECONDS : EXPIRATION_SECONDS;
        int dropped = 0;
        for (int k = 0; k < entries.length; k++) {
            long e = (long) LONGS.getAcquire(entries, k);
            if (e != 0 && now - (int) INTS.getOpaque(lastUse, k) >= limit
                    && LONGS.compareAndSet(entries, k, e, 0L)) {
                dropped++;
            }
        }
        return dropped;
    }

    int nowSeconds() { return nowSeconds; }
}
