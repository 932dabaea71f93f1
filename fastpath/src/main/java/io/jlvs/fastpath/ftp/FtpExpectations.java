package io.jlvs.fastpath.ftp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * FTP data connections announced on a control connection and not yet seen: one table shared by every
 * worker core, bounded, lock-free, entries expiring unused.
 *
 * <p>Why shared: flows are owned by cores by hash(client address, client port). In passive mode the
 * data connection's client port is unknown until its SYN arrives, so the core that sees the 227/229
 * reply cannot know which core will own the data connection; IPVS instead inserts one connection entry
 * with "no client port" into its single global table. Here the control connection's core files an
 * expectation; whichever core owns the data connection takes it on its first packet (after a
 * connection miss) and turns it into an ordinary entry of its own table. Active mode (PORT/EPRT) knows
 * the full tuple, but goes the same way, so no cross-core message is needed.
 *
 * <p>Two kinds: {@link #PASSIVE} matches (client, VIP, VIP port) with any client port and sends to
 * (server, server port); {@link #ACTIVE} matches the server's connection (server, server port) ->
 * (client, client port) and names the VIP and VIP port the client must see.
 *
 * <p>Slots are one 64-byte line of 8 longs in 4-way buckets. The control word is generation | kind |
 * state; it changes only by CAS (EMPTY or expired LIVE -> BUSY -> LIVE by a filer, LIVE -> EMPTY by the
 * core that takes it), and every claim raises the generation, so a taker that read the fields of a slot
 * that was refilled meanwhile fails its CAS and ignores what it read. Taking is one-shot, as IPVS
 * fills the "no client port" entry's port once. A full bucket (all four LIVE and unexpired) drops the
 * new expectation: the data connection then goes its normal way (counted in {@link #fullCount}).
 */
public final class FtpExpectations {

    public static final int PASSIVE = 0, ACTIVE = 1;
    /** Lifetime of an unused expectation. */
    public static final long LIFETIME_MS = 60_000;

    static final int WAYS = 4;
    private static final int SLOT = 8;
    private static final int CONTROL = 0, ADDRESSES = 1, PORTS = 2, TARGET = 3, IDS = 4, EXPIRES = 5;
    private static final long EMPTY = 0, BUSY = 1, LIVE = 2, STATE_MASK = 3;
    private static final long KIND_BIT = 4;
    private static final long GENERATION = 8;

    /** Indexes of the {@code long[]} a taker passes to receive what it took. */
    public static final int OUT_ADDRESS = 0, OUT_PORT = 1, OUT_DEST_ID = 2, OUT_SERVICE_ID = 3;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots;
    private final int bucketMask;
    private volatile long full;
    private volatile int filed;

    /** @param capacity expectations, rounded up to a power of two of at least {@link #WAYS} */
    public FtpExpectations(int capacity) {
        int buckets = Integer.highestOneBit(Math.max(1, (capacity + WAYS - 1) / WAYS) * 2 - 1);
        slots = new long[buckets * WAYS * SLOT];
        bucketMask = buckets - 1;
    }

    /** True once anything was ever filed: before that, a connection miss does not look here. */
    public boolean inUse() { return filed != 0; }

    public long fullCount() { return full; }

    /**
     * Files a passive-mode expectation: a connection from {@code client} (any port) to vip:vport goes to
     * server:serverPort (destination id, service id).
     */
    public boolean expectPassive(int client, int vip, int vport, int server, int serverPort, int destId, int serviceId, long now) {
        return file(PASSIVE, (long) client << 32 | (vip & 0xFFFFFFFFL), vport & 0xFFFF,
                (long) server << 32 | (serverPort & 0xFFFF), destId, serviceId, now);
    }

    /**
     * Files an active-mode expectation: the server's connection server:serverPort -> client:clientPort
     * belongs to the client's view vip:vport.
     */
    public boolean expectActive(int server, int serverPort, int client, int clientPort, int vip, int vport, int destId, int serviceId, long now) {
        return file(ACTIVE, (long) server << 32 | (client & 0xFFFFFFFFL), (long) (serverPort & 0xFFFF) << 16 | (clientPort & 0xFFFF),
                (long) vip << 32 | (vport & 0xFFFF), destId, serviceId, now);
    }

    /** Takes the passive expectation for client -> vip:vport; on success {@code out} holds the server, its port and ids. */
    public boolean takePassive(int client, int vip, int vport, long now, long[] out) {
        return take(PASSIVE, (long) client << 32 | (vip & 0xFFFFFFFFL), vport & 0xFFFF, now, out);
    }

    /** Takes the active expectation for server:serverPort -> client:clientPort; {@code out} holds the VIP, its port and ids. */
    public boolean takeActive(int server, int serverPort, int client, int clientPort, long now, long[] out) {
        return take(ACTIVE, (long) server << 32 | (client & 0xFFFFFFFFL), (long) (serverPort & 0xFFFF) << 16 | (clientPort & 0xFFFF), now, out);
    }

    private int bucketBase(int kind, long addresses, long ports) {
        long h = (addresses * 0x9E3779B97F4A7C15L) ^ (ports + kind) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return ((int) h & bucketMask) * WAYS * SLOT;
    }

    private boolean file(int kind, long addresses, long ports, long target, int destId, int serviceId, long now) {
        int bucket = bucketBase(kind, addresses, ports);
        for (int base = bucket; base < bucket + WAYS * SLOT; base += SLOT) {
            long c = (long) LONGS.getAcquire(slots, base + CONTROL);
            long state = c & STATE_MASK;
            boolean free = state == EMPTY || (state == LIVE && (long) LONGS.getOpaque(slots, base + EXPIRES) <= now);
            if (!free) continue;
            long generation = (c & ~(GENERATION - 1)) + GENERATION;
            if (!LONGS.compareAndSet(slots, base + CONTROL, c, generation | BUSY)) continue;
            LONGS.setOpaque(slots, base + ADDRESSES, addresses);
            LONGS.setOpaque(slots, base + PORTS, ports);
            LONGS.setOpaque(slots, base + TARGET, target);
            LONGS.setOpaque(slots, base + IDS, (long) destId << 32 | (serviceId & 0xFFFFFFFFL));
            LONGS.setOpaque(slots, base + EXPIRES, now + LIFETIME_MS);
            LONGS.setRelease(slots, base + CONTROL, generation | (kind == ACTIVE ? KIND_BIT : 0) | LIVE);
            if (filed == 0) filed = 1;
            return true;
        }
        full = full + 1;   // racy count of a rare event; good enough for a statistic
        return false;
    }

    private boolean take(int kind, long addresses, long ports, long now, long[] out) {
        int bucket = bucketBase(kind, addresses, ports);
        long wanted = (kind == ACTIVE ? KIND_BIT : 0) | LIVE;
        for (int base = bucket; base < bucket + WAYS * SLOT; base += SLOT) {
            long c = (long) LONGS.getAcquire(slots, base + CONTROL);
            if ((c & (KIND_BIT | STATE_MASK)) != wanted) continue;
            if ((long) LONGS.getOpaque(slots, base + ADDRESSES) != addresses
                    || (long) LONGS.getOpaque(slots, base + PORTS) != ports
                    || (long) LONGS.getOpaque(slots, base + EXPIRES) <= now) {
                continue;
            }
            long target = (long) LONGS.getOpaque(slots, base + TARGET);
            long ids = (long) LONGS.getOpaque(slots, base + IDS);
            // Same control word (generation included) = the fields read belong to this filing.
            if (!LONGS.compareAndSet(slots, base + CONTROL, c, c & ~(KIND_BIT | STATE_MASK))) continue;
            out[OUT_ADDRESS] = (int) (target >>> 32);
            out[OUT_PORT] = (int) (target & 0xFFFF);
            out[OUT_DEST_ID] = (int) (ids >>> 32);
            out[OUT_SERVICE_ID] = (int) ids;
            return true;
        }
        return false;
    }

    /** Live, unexpired expectations (a scan; tests and the admin view). */
    public int size(long now) {
        int n = 0;
        for (int base = 0; base < slots.length; base += SLOT) {
            if (((long) LONGS.getAcquire(slots, base + CONTROL) & STATE_MASK) == LIVE && (long) LONGS.getOpaque(slots, base + EXPIRES) > now) n++;
        }
        return n;
    }
}
