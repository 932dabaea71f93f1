package io.jlvs.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * lblcr: per destination address a set of servers, shared by all cores (see {@link LocalityCache}
 * for why not per core). A pick takes the wlc-least member of the set (members in insertion order,
 * newest first, as the kernel's list); if there is none, or it holds more active connections than its
 * weight while some server has fewer than half, a wlc pick over all servers joins the set (at its
 * head). A set of more than one member that has not changed for {@link #EXPIRATION_SECONDS} loses its
 * wlc-most-loaded member.
 *
 * <p>Each entry is one 64-byte record in an int array guarded by its own try-lock (a CAS on the
 * record's first word). A core that finds the record locked by another core does not wait: it
 * answers with a plain wlc pick and leaves the set alone. Differences from IPVS: at most
 * {@link #MAX_MEMBERS} members per set (a full set drops its oldest member to admit a new one),
 * bounded capacity (a full bucket reuses its least recently used entry), and members whose server
 * was removed are dropped from the set when met.
 */
public final class LocalityReplicaScheduler implements Scheduler {

    public static final int MAX_MEMBERS = 10;
    /** IPVS's sysctl lblcr_expiration default: 24 hours. */
    public static final int EXPIRATION_SECONDS = 24 * 60 * 60;
    private static final int WAYS = 4;

    private static final int LOCK = 0;
    private static final int ADDR = 1;
    private static final int SIZE = 2;
    private static final int LAST_MODIFIED = 3;
    private static final int LAST_USE = 4;
    private static final int MEMBERS = 5;
    private static final int RECORD = 16;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** Shared state: records and the coarse clock; handed from one snapshot's instance to the next. */
    public static final class Sets {
        private final int[] records;
        private final int bucketMask;
        private volatile int nowSeconds;

        public Sets(int capacity) {
            if (capacity < 1) throw new IllegalArgumentException("lblcr capacity must be >= 1, was " + capacity);
            int buckets = HashBuckets.powerOfTwoBuckets(capacity, WAYS);
            this.records = new int[buckets * WAYS * RECORD];
            this.bucketMask = buckets - 1;
        }

        /** Advances the clock; drops sets idle for {@link #EXPIRATION_SECONDS}. @return sets dropped */
        public int sweep(long nowMillis) {
            int now = (int) (nowMillis / 1000);
            nowSeconds = now;
            int dropped = 0;
            for (int r = 0; r < records.length; r += RECORD) {
                if ((int) INTS.getOpaque(records, r + SIZE) == 0 || !tryLock(records, r)) continue;
                if (records[r + SIZE] > 0 && now - records[r + LAST_USE] >= EXPIRATION_SECONDS) {
                    records[r + SIZE] = 0;
                    dropped++;
                }
                unlock(records, r);
            }
            return dropped;
        }

        /** Destination ids in the set for {@code addr}, newest first; for tests and the admin view. */
        public int[] members(int addr) {
            for (int r = bucket(addr); r < bucket(addr) + WAYS * RECORD; r += RECORD) {
                if (records[r + SIZE] > 0 && records[r + ADDR] == addr) {
                    return java.util.Arrays.copyOfRange(records, r + MEMBERS, r + MEMBERS + records[r + SIZE]);
                }
            }
            return new int[0];
        }

        private int bucket(int addr) { return (MaglevScheduler.mix(addr, 0x27D4EB2F) & bucketMask) * WAYS * RECORD; }
    }

    private final Sets sets;

    public LocalityReplicaScheduler(Sets sets) {
        this.sets = sets;
    }

    public Sets sets() { return sets; }

    private static boolean tryLock(int[] a, int r) {
        return (int) INTS.getOpaque(a, r + LOCK) == 0 && INTS.compareAndSet(a, r + LOCK, 0, 1);
    }

    private static void unlock(int[] a, int r) { INTS.setRelease(a, r + LOCK, 0); }

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int[] a = sets.records;
        int start = sets.bucket(dstAddr);
        int free = -1;
        int oldest = start;
        for (int r = start; r < start + WAYS * RECORD; r += RECORD) {
            int size = (int) INTS.getOpaque(a, r + SIZE);
            if (size > 0 && (int) INTS.getOpaque(a, r + ADDR) == dstAddr) {
                if (!tryLock(a, r)) return LeastLoad.weightedLeastConnection(s);
                if (a[r + SIZE] > 0 && a[r + ADDR] == dstAddr) {
                    int i = pickFromSet(s, a, r);
                    unlock(a, r);
                    return i;
                }
                unlock(a, r);
            } else if (size == 0 && free < 0) {
                free = r;
            }
            if ((int) INTS.getOpaque(a, r + LAST_USE) - (int) INTS.getOpaque(a, oldest + LAST_USE) < 0) oldest = r;
        }
        int i = LeastLoad.weightedLeastConnection(s);
        if (i == NO_SERVER) return NO_SERVER;
        int r = free >= 0 ? free : oldest;
        if (tryLock(a, r)) {
            if (free < 0 || a[r + SIZE] == 0) {
                int now = sets.nowSeconds;
                a[r + ADDR] = dstAddr;
                a[r + MEMBERS] = s.destId(i);
                a[r + LAST_MODIFIED] = now;
                a[r + LAST_USE] = now;
                a[r + SIZE] = 1;
            }
            unlock(a, r);
        }
        return i;
    }

    /** The kernel's cached path, under the record's lock. */
    private int pickFromSet(RealServers s, int[] a, int r) {
        int now = sets.nowSeconds;
        a[r + LAST_USE] = now;
        dropRemovedMembers(s, a, r);
        int least = setMin(s, a, r);
        if (a[r + SIZE] > 1 && now - a[r + LAST_MODIFIED] > EXPIRATION_SECONDS) {
            int most = setMax(s, a, r);
            if (most >= 0) {
                erase(a, r, most);
                a[r + LAST_MODIFIED] = now;
            }
        }
        if (least >= 0 && !LocalityBasedScheduler.busierThanPeers(s, least)) return least;
        int i = LeastLoad.weightedLeastConnection(s);
        if (i != NO_SERVER) insertAtHead(a, r, s.destId(i), now);
        return i;
    }

    private static void dropRemovedMembers(RealServers s, int[] a, int r) {
        for (int k = a[r + SIZE] - 1; k >= 0; k--) {
            if (s.positionOf(a[r + MEMBERS + k]) < 0) erase(a, r, a[r + MEMBERS + k]);
        }
    }

    /** ip_vs_dest_set_min: the first member with weight > 0, then strictly lower overhead/weight; overloaded skipped. */
    private static int setMin(RealServers s, int[] a, int r) {
        int least = -1;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (int k = 0; k < a[r + SIZE]; k++) {
            int i = s.positionOf(a[r + MEMBERS + k]);
            int w = s.weight(i);
            if (s.overloaded(i)) continue;
            long overhead = s.overhead(i);
            if (least < 0 ? w > 0 : leastOverhead * w > overhead * leastWeight) {
                least = i;
                leastOverhead = overhead;
                leastWeight = w;
            }
        }
        return least;
    }

    /** ip_vs_dest_set_max: the first member with weight > 0, then strictly higher overhead/weight. @return destId or -1 */
    private static int setMax(RealServers s, int[] a, int r) {
        int most = -1;
        long mostOverhead = 0;
        long mostWeight = 0;
        for (int k = 0; k < a[r + SIZE]; k++) {
            int i = s.positionOf(a[r + MEMBERS + k]);
            int w = s.weight(i);
            if (w <= 0) continue;
            long overhead = s.overhead(i);
            if (most < 0 || mostOverhead * w < overhead * mostWeight) {
                most = i;
                mostOverhead = overhead;
                mostWeight = w;
            }
        }
        return most < 0 ? -1 : s.destId(most);
    }

    private static void erase(int[] a, int r, int destId) {
        int size = a[r + SIZE];
        for (int k = 0; k < size; k++) {
            if (a[r + MEMBERS + k] == destId) {
                System.arraycopy(a, r + MEMBERS + k + 1, a, r + MEMBERS + k, size - k - 1);
                a[r + SIZE] = size - 1;
                return;
            }
        }
    }

    private static void insertAtHead(int[] a, int r, int destId, int now) {
        int size = a[r + SIZE];
        for (int k = 0; k < size; k++) if (a[r + MEMBERS + k] == destId) return;
        int kept = Math.min(size, MAX_MEMBERS - 1);
        System.arraycopy(a, r + MEMBERS, a, r + MEMBERS + 1, kept);
        a[r + MEMBERS] = destId;
        a[r + SIZE] = kept + 1;
        a[r + LAST_MODIFIED] = now;
    }

    @Override
    public int maintain(long nowMillis) { return sets.sweep(nowMillis); }

    @Override
    public String name() { return "lblcr"; }
}
