package io.jlvs.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * IPVS persistence templates (ipvsadm {@code -p T -M mask}): {@code <proto, client & mask, vaddr,
 * vport or 0>} -> destination id, shared by every worker core.
 *
 * <p>Why shared and lock-free: a flow's owner core is chosen by hash(client address, client port),
 * so two connections of one client usually run on different cores, yet both must find the same
 * template. The table is a {@code long[]} of fixed capacity, set-associative ({@link #WAYS} slots per
 * bucket, one 64-byte line per slot), and every state change is a CAS on the slot's control word:
 * <pre>
 *   EMPTY(0) --claim CAS--> BUSY --publish--> LIVE --sweep/rebind CAS--> BUSY --> EMPTY or LIVE
 * </pre>
 * BUSY lasts a few stores; a reader that meets it spins briefly ({@link #SPIN_LIMIT}) and otherwise
 * schedules without a template rather than wait. A full bucket is reported, not hidden: the
 * connection is scheduled without persistence and {@link #tableFullCount()} counts it.
 *
 * <p>Differences from IPVS, all consequences of sharing one slot per key: a template whose server was
 * removed (or quiesced, with expire_quiescent_template) is re-bound in place to a freshly scheduled
 * server instead of being invalidated beside a new template, so the connections it still controls
 * count on the re-bound slot; the lifetime is kept in the slot (each service has its own T).
 *
 * <p>Template counts go to {@link DestinationLoad#addPersistent} on the row of the core doing the
 * change (create on the creating core, expiry on the sweeping core), so each row is single-writer;
 * a single row may go negative, the sum is right.
 */
public final class PersistenceTemplates {

    /** Returned in the template half of {@link PersistentService#lookupOrSchedule}'s result: no template. */
    public static final int NO_TEMPLATE = -1;
    public static final int WAYS = 8;
    /** Spins, then yields, a reader waits on a BUSY slot of its own key before giving up on the template. */
    static final int SPIN_LIMIT = 1 << 10;
    static final int YIELD_LIMIT = 64;

    private static final int CONTROL = 0;
    private static final int KEY = 1;
    private static final int DEST = 2;
    private static final int EXPIRES = 3;
    private static final int CONTROLLED = 4;
    private static final int TIMEOUT = 5;
    private static final int SLOT = 8;

    private static final long BUSY = 1;
    private static final long LIVE = 2;
    private static final long STATE_MASK = 3;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots;
    private final int bucketMask;
    private final int cores;
    /** Per core, a cache line apart: [0] sweep cursor (bucket), [1] table-full count, [2] contended count. */
    private final long[] perCore;

    /**
     * @param capacity templates, rounded up to a power of two of at least {@link #WAYS}
     * @param cores    worker cores that will call in (per-core sweep cursors and counters)
     */
    public PersistenceTemplates(int capacity, int cores) {
        if (capacity < 1) throw new IllegalArgumentException("template capacity must be >= 1, was " + capacity);
        if (cores < 1) throw new IllegalArgumentException("cores must be >= 1, was " + cores);
        int buckets = HashBuckets.powerOfTwoBuckets(capacity, WAYS);
        this.slots = new long[buckets * WAYS * SLOT];
        this.bucketMask = buckets - 1;
        this.cores = cores;
        this.perCore = new long[cores * 8];
        for (int c = 0; c < cores; c++) perCore[c * 8] = c;
    }

    public int capacity() { return slots.length / SLOT; }

    /** Packs a pick: position in the low half, template handle (or {@link #NO_TEMPLATE}) in the high half. */
    static long result(int position, int template) { return (long) template << 32 | (position & 0xFFFFFFFFL); }

    /** The server position of a {@link PersistentService#lookupOrSchedule} result, or {@link Scheduler#NO_SERVER}. */
    public static int position(long result) { return (int) result; }

    /** The template handle of a result, to give back to {@link #release}; {@link #NO_TEMPLATE} when none. */
    public static int template(long result) { return (int) (result >> 32); }

    /**
     * The slot's identity in its control word: 38 bits of a hash of the addresses above the protocol
     * and template port, above the two state bits. Readers only wait on a BUSY slot whose identity
     * matches theirs, which is almost always the same key.
     */
    static long ident(int proto, int vport, long key) {
        long fingerprint = MaglevScheduler.mix((int) (key >>> 32) * 0x9E3779B1 ^ (int) key, 0x7F4A7C15) & 0x3F_FFFF_FFFFL;
        long fingerprintHigh = (long) MaglevScheduler.mix((int) key, (int) (key >>> 32)) & 0x3F;
        return (fingerprint ^ fingerprintHigh << 32) << 26 | ((long) (proto & 0xFF) << 16 | (vport & 0xFFFF)) << 2;
    }

    static long key(int maskedClient, int vaddr) { return (long) maskedClient << 32 | (vaddr & 0xFFFFFFFFL); }

    private int bucketBase(long tag, long key) {
        int h = MaglevScheduler.mix((int) key ^ (int) (key >>> 32) * 0x9E3779B1 ^ (int) tag, 0x61C88647);
        return (h & bucketMask) * WAYS * SLOT;
    }

    private long control(int base) { return (long) LONGS.getVolatile(slots, base + CONTROL); }

    /**
     * Waits out a BUSY slot: {@link #SPIN_LIMIT} spins, then {@link #YIELD_LIMIT} yields, for a writer
     * preempted between claim and publish (pinned workers are not; test threads and a shared
     * machine's are). Returns the control word seen last.
     */
    private long settle(int base) {
        long c = control(base);
        for (int wait = 0; (c & STATE_MASK) == BUSY && wait < SPIN_LIMIT + YIELD_LIMIT; wait++) {
            if (wait < SPIN_LIMIT) Thread.onSpinWait();
            else Thread.yield();
            c = control(base);
        }
        return c;
    }

    /**
     * The whole persistent pick for one new connection; see {@link PersistentService#lookupOrSchedule}.
     * The connection is attached to the returned template (its controlled count is raised by one).
     */
    long lookupOrSchedule(PersistentService svc, Scheduler scheduler, RealServers servers, int core,
                          int proto, int caddr, int cport, int vaddr, int vport, long nowMillis) {
        long key = key(caddr & svc.netmask(), vaddr);
        long tag = ident(proto, svc.templatePort(vport), key);
        int bucket = bucketBase(tag, key);
        for (int attempt = 0; attempt < 4; attempt++) {
            int found = find(bucket, tag, key);
            if (found == CONTENDED) break;
            if (found >= 0) {
                long r = useExisting(svc, scheduler, servers, core, found, tag, key, caddr, cport, vaddr, vport, nowMillis);
                if (r != RETRY) return r;
                continue;
            }
            int position = scheduler.pick(servers, core, caddr, cport, vaddr, vport);
            if (position == Scheduler.NO_SERVER) return result(Scheduler.NO_SERVER, NO_TEMPLATE);
            long r = insert(svc, servers, core, bucket, tag, key, position, nowMillis);
            if (r != RETRY) return r;
        }
        perCore[core * 8 + 2]++;
        return result(scheduler.pick(servers, core, caddr, cport, vaddr, vport), NO_TEMPLATE);
    }

    private static final int CONTENDED = -2;
    private static final long RETRY = Long.MIN_VALUE;

    /** Base of the LIVE slot holding (tag, key), -1 when none, {@link #CONTENDED} when a BUSY slot would not settle. */
    private int find(int bucket, long tag, long key) {
        for (int base = bucket; base < bucket + WAYS * SLOT; base += SLOT) {
            long c = control(base);
            if (c == 0 || (c & ~STATE_MASK) != tag) continue;
            c = settle(base);
            if ((c & STATE_MASK) == BUSY) return CONTENDED;
            if (c == (tag | LIVE) && (long) LONGS.getVolatile(slots, base + KEY) == key) return base;
        }
        return -1;
    }

    private long useExisting(PersistentService svc, Scheduler scheduler, RealServers servers, int core, int base,
                             long tag, long key, int caddr, int cport, int vaddr, int vport, long nowMillis) {
        LONGS.getAndAdd(slots, base + CONTROLLED, 1L);
        // Still the same template? A sweep may have emptied the slot between find and the increment.
        if (control(base) != (tag | LIVE) || (long) LONGS.getVolatile(slots, base + KEY) != key) {
            LONGS.getAndAdd(slots, base + CONTROLLED, -1L);
            return RETRY;
        }
        int destId = (int) (long) LONGS.getVolatile(slots, base + DEST);
        int position = servers.positionOf(destId);
        boolean usable = position >= 0 && (servers.weight(position) > 0 || !svc.expireQuiescentTemplate());
        if (!usable) {
            position = scheduler.pick(servers, core, caddr, cport, vaddr, vport);
            if (position == Scheduler.NO_SERVER || !rebind(servers, core, base, tag, destId, position)) {
                LONGS.getAndAdd(slots, base + CONTROLLED, -1L);
                return position == Scheduler.NO_SERVER ? result(Scheduler.NO_SERVER, NO_TEMPLATE) : RETRY;
            }
        }
        LONGS.setOpaque(slots, base + EXPIRES, nowMillis + (long) LONGS.getOpaque(slots, base + TIMEOUT));
        return result(position, base / SLOT);
    }

    private boolean rebind(RealServers servers, int core, int base, long tag, int oldDest, int position) {
        if (!LONGS.compareAndSet(slots, base + CONTROL, tag | LIVE, tag | BUSY)) return false;
        int newDest = servers.destId(position);
        LONGS.setVolatile(slots, base + DEST, (long) newDest);
        LONGS.setRelease(slots, base + CONTROL, tag | LIVE);
        DestinationLoad load = servers.load();
        if (oldDest < load.capacity()) load.addPersistent(core, oldDest, -1);
        load.addPersistent(core, newDest, 1);
        return true;
    }

    private long insert(PersistentService svc, RealServers servers, int core, int bucket, long tag, long key,
                        int position, long nowMillis) {
        // Another core may have created the template while we were asking the scheduler.
        if (find(bucket, tag, key) >= 0) return RETRY;
        for (int base = bucket; base < bucket + WAYS * SLOT; base += SLOT) {
            if (control(base) != 0 || !LONGS.compareAndSet(slots, base + CONTROL, 0L, tag | BUSY)) continue;
            int destId = servers.destId(position);
            long timeout = svc.timeoutMillis();
            LONGS.setOpaque(slots, base + KEY, key);
            LONGS.setOpaque(slots, base + DEST, (long) destId);
            LONGS.setOpaque(slots, base + TIMEOUT, timeout);
            LONGS.setOpaque(slots, base + EXPIRES, nowMillis + timeout);
            // An add, not a store: a reader that raced with this slot's last removal may still be
            // between its +1 and its -1, and the pair must cancel out.
            LONGS.getAndAdd(slots, base + CONTROLLED, 1L);
            LONGS.setRelease(slots, base + CONTROL, tag | LIVE);
            servers.load().addPersistent(core, destId, 1);
            int earlier = find(bucket, tag, key);
            if (earlier >= 0 && earlier < base && LONGS.compareAndSet(slots, base + CONTROLLED, 1L, 0L)) {
                // Another core inserted the same key at the same instant: keep the earlier slot.
                LONGS.setRelease(slots, base + CONTROL, 0L);
                servers.load().addPersistent(core, destId, -1);
                return RETRY;
            }
            return result(position, base / SLOT);
        }
        perCore[core * 8 + 1]++;
        return result(position, NO_TEMPLATE);
    }

    /** A connection attached by {@code lookupOrSchedule} has ended: it no longer keeps the template alive. */
    public void release(int template) {
        if (template >= 0) LONGS.getAndAdd(slots, template * SLOT + CONTROLLED, -1L);
    }

    /**
     * Expires templates whose lifetime ran out and that control no connection; a template that still
     * controls connections gets another full lifetime, as IPVS re-arms its timer. Core {@code core}
     * walks its own share of buckets ({@code bucket % cores == core}), at most {@code maxBuckets} per
     * call, continuing where it stopped.
     *
     * @return templates expired
     */
    public int sweep(int core, DestinationLoad load, long nowMillis, int maxBuckets) {
        int buckets = bucketMask + 1;
        long cursor = perCore[core * 8];
        int expired = 0;
        for (int visited = 0; visited < maxBuckets; visited++) {
            int bucket = (int) cursor;
            cursor += cores;
            if (cursor >= buckets) cursor = core;
            if (bucket >= buckets) continue;
            int first = bucket * WAYS * SLOT;
            for (int base = first; base < first + WAYS * SLOT; base += SLOT) {
                long c = control(base);
                if ((c & STATE_MASK) != LIVE || (long) LONGS.getOpaque(slots, base + EXPIRES) > nowMillis) continue;
                if (!LONGS.compareAndSet(slots, base + CONTROL, c, (c & ~STATE_MASK) | BUSY)) continue;
                if ((long) LONGS.getVolatile(slots, base + CONTROLLED) > 0) {
                    LONGS.setOpaque(slots, base + EXPIRES, nowMillis + (long) LONGS.getOpaque(slots, base + TIMEOUT));
                    LONGS.setRelease(slots, base + CONTROL, c);
                } else {
                    int destId = (int) (long) LONGS.getOpaque(slots, base + DEST);
                    LONGS.setRelease(slots, base + CONTROL, 0L);
                    if (destId < load.capacity()) load.addPersistent(core, destId, -1);
                    expired++;
                }
            }
        }
        perCore[core * 8] = cursor;
        return expired;
    }

    /** Connections scheduled without a template because their bucket was full, over all cores. */
    public long tableFullCount() {
        long n = 0;
        for (int c = 0; c < cores; c++) n += perCore[c * 8 + 1];
        return n;
    }

    /** Connections scheduled without a template because a slot stayed busy (another core mid-update). */
    public long contendedCount() {
        long n = 0;
        for (int c = 0; c < cores; c++) n += perCore[c * 8 + 2];
        return n;
    }

    /** Live templates (a scan; for the admin view and tests). */
    public int size() {
        int n = 0;
        for (int base = 0; base < slots.length; base += SLOT) if ((control(base) & STATE_MASK) == LIVE) n++;
        return n;
    }

    /** Destination id of the live template for the key, or -1; for the admin view and tests. */
    public int destinationOf(int proto, int maskedClient, int vaddr, int templatePort) {
        long key = key(maskedClient, vaddr);
        long tag = ident(proto, templatePort, key);
        int base = find(bucketBase(tag, key), tag, key);
        return base < 0 ? -1 : (int) (long) LONGS.getVolatile(slots, base + DEST);
    }

    /**
     * One live template as the admin view lists it (ipvsadm {@code -L -c}).
     *
     * @param clientNetwork  the client's address under the service's netmask
     * @param virtualPort    the template's port: the service's, or 0 for port-0 and FTP services
     * @param expiresAtMillis on the workers' clock
     */
    public record Template(int protocol, int clientNetwork, int virtualAddress, int virtualPort, int destId, long expiresAtMillis) {}

    /**
     * The live template in {@code slot} (0 .. {@link #capacity()}-1), or null when the slot holds
     * none. Any thread, never waiting: a slot that changes while it is read (claimed, re-bound,
     * freed) reads as its control word before and after differing, and is left out, as an entry
     * coming or going during IPVS's /proc walk may be.
     */
    public Template read(int slot) {
        int base = slot * SLOT;
        long c = control(base);
        if ((c & STATE_MASK) != LIVE) return null;
        long key = (long) LONGS.getVolatile(slots, base + KEY);
        long dest = (long) LONGS.getVolatile(slots, base + DEST);
        long expires = (long) LONGS.getVolatile(slots, base + EXPIRES);
        if (control(base) != c) return null;
        return new Template((int) (c >>> 18) & 0xFF, (int) (key >>> 32), (int) key, (int) (c >>> 2) & 0xFFFF, (int) dest, expires);
    }

    /**
     * A template the master's sync daemon announced (IPVS's backup creates it as a connection with
     * IP_VS_CONN_F_TEMPLATE): the client network of {@code maskedClient} on {@code vaddr} and template
     * port {@code templatePort} is bound to {@code destId} for {@code timeoutMillis} from now. An existing
     * template is re-bound when the master's server differs and lives at least that long; a new one
     * controls no connection and expires unless its connections or later records keep it. Lock-free
     * like the rest; false when the bucket was full or the slot stayed busy (the caller counts it).
     */
    public boolean importTemplate(int core, DestinationLoad load, int proto, int maskedClient, int vaddr, int templatePort,
                                  int destId, long timeoutMillis, long nowMillis) {
        long key = key(maskedClient, vaddr);
        long tag = ident(proto, templatePort, key);
        int bucket = bucketBase(tag, key);
        for (int attempt = 0; attempt < 4; attempt++) {
            int found = find(bucket, tag, key);
            if (found == CONTENDED) return false;
            if (found >= 0) {
                if (!LONGS.compareAndSet(slots, found + CONTROL, tag | LIVE, tag | BUSY)) continue;
                int oldDest = (int) (long) LONGS.getVolatile(slots, found + DEST);
                if ((long) LONGS.getVolatile(slots, found + KEY) != key) {
                    LONGS.setRelease(slots, found + CONTROL, tag | LIVE);
                    continue;
                }
                LONGS.setOpaque(slots, found + DEST, (long) destId);
                LONGS.setOpaque(slots, found + TIMEOUT, timeoutMillis);
                long expires = Math.max((long) LONGS.getOpaque(slots, found + EXPIRES), nowMillis + timeoutMillis);
                LONGS.setOpaque(slots, found + EXPIRES, expires);
                LONGS.setRelease(slots, found + CONTROL, tag | LIVE);
                if (oldDest != destId) {
                    if (oldDest < load.capacity()) load.addPersistent(core, oldDest, -1);
                    load.addPersistent(core, destId, 1);
                }
                return true;
            }
            for (int base = bucket; base < bucket + WAYS * SLOT; base += SLOT) {
                if (control(base) != 0 || !LONGS.compareAndSet(slots, base + CONTROL, 0L, tag | BUSY)) continue;
                LONGS.setOpaque(slots, base + KEY, key);
                LONGS.setOpaque(slots, base + DEST, (long) destId);
                LONGS.setOpaque(slots, base + TIMEOUT, timeoutMillis);
                LONGS.setOpaque(slots, base + EXPIRES, nowMillis + timeoutMillis);
                LONGS.setRelease(slots, base + CONTROL, tag | LIVE);
                load.addPersistent(core, destId, 1);
                int earlier = find(bucket, tag, key);
                if (earlier >= 0 && earlier < base && LONGS.compareAndSet(slots, base + CONTROLLED, 0L, 0L)) {
                    // A worker created the same template at the same instant: keep the earlier slot.
                    LONGS.setRelease(slots, base + CONTROL, 0L);
                    load.addPersistent(core, destId, -1);
                    continue;
                }
                return true;
            }
            perCore[core * 8 + 1]++;
            return false;
        }
        return false;
    }

    /**
     * Template {@code template} as its sync record says it, without allocating: fills {@code out} with
     * protocol, client network, virtual address, template port, destination id and timeout (ms) and
     * returns true, or false when the slot is not a live template or changed while it was read.
     */
    public boolean describe(int template, long[] out) {
        int base = template * SLOT;
        long c = control(base);
        if ((c & STATE_MASK) != LIVE) return false;
        long key = (long) LONGS.getVolatile(slots, base + KEY);
        long dest = (long) LONGS.getVolatile(slots, base + DEST);
        long timeout = (long) LONGS.getVolatile(slots, base + TIMEOUT);
        if (control(base) != c) return false;
        out[0] = (c >>> 18) & 0xFF;
        out[1] = (int) (key >>> 32);
        out[2] = (int) key;
        out[3] = (c >>> 2) & 0xFFFF;
        out[4] = dest;
        out[5] = timeout;
        return true;
    }

    /** Connections the template controls; for tests and the admin view. */
    public long controlled(int template) { return (long) LONGS.getVolatile(slots, template * SLOT + CONTROLLED); }
}
