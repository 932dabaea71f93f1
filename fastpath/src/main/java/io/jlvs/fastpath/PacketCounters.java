package io.jlvs.fastpath;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker core's packet counters: drops by {@link DropReason}, punts by {@link PuntReason},
 * and a few totals. Only the owning core writes (plain add, opaque store, so a 64-bit value is
 * never torn); any thread may read with {@link #get} without locks.
 */
public final class PacketCounters {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs of padding on each side so neighbouring objects never share a cache line with the counts. */
    private static final int PAD = 8;

    public static final int RECEIVED = 0;
    public static final int TRANSMITTED = 1;
    public static final int DROPPED = 2;
    public static final int PUNTED = 3;
    /** ICMP errors built by the fast path (time-exceeded, port-unreachable, fragmentation-needed). */
    public static final int ICMP_SENT = 4;
    public static final int CONNECTIONS_CREATED = 5;
    /** ICMP errors not sent because of {@link IcmpRateLimit} (the packet is dropped, its reason counted). */
    public static final int ICMP_RATE_LIMITED = 6;
    /** How many totals there are: {@link #get} takes 0 to TOTALS - 1. */
    public static final int TOTALS = 7;
    private static final String[] TOTAL_NAMES = {"received", "transmitted", "dropped", "punted", "icmp sent", "connections created",
            "icmp rate limited"};

    private static final int DROP_BASE = PAD + TOTALS;
    private static final int PUNT_BASE = DROP_BASE + DropReason.COUNT;

    private final long[] counts = new long[PUNT_BASE + PuntReason.COUNT + PAD];

    void increment(int total) {
        int i = PAD + total;
        LONGS.setOpaque(counts, i, counts[i] + 1);
    }

    void drop(int reason) {
        increment(DROPPED);
        int i = DROP_BASE + reason;
        LONGS.setOpaque(counts, i, counts[i] + 1);
    }

    /** Counts a dropped packet that was answered with an ICMP error instead of transmitted. */
    void answered(int reason) {
        int i = DROP_BASE + reason;
        LONGS.setOpaque(counts, i, counts[i] + 1);
        increment(ICMP_SENT);
    }

    void punt(int reason) {
        increment(PUNTED);
        int i = PUNT_BASE + reason;
        LONGS.setOpaque(counts, i, counts[i] + 1);
    }

    /** The name of total {@code total} in reports ("received", ..., "icmp rate limited"). */
    public static String totalName(int total) { return TOTAL_NAMES[total]; }

    /** A total by index ({@link #RECEIVED}, ...). */
    public long get(int total) { return (long) LONGS.getOpaque(counts, PAD + total); }

    public long drops(int reason) { return (long) LONGS.getOpaque(counts, DROP_BASE + reason); }

    public long punts(int reason) { return (long) LONGS.getOpaque(counts, PUNT_BASE + reason); }

    /** Non-zero counters by name, for logs and test failure messages (cold path). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("PacketCounters{");
        for (int t = 0; t < TOTALS; t++) if (get(t) != 0) b.append(TOTAL_NAMES[t]).append('=').append(get(t)).append(", ");
        for (int r = 0; r < DropReason.COUNT; r++) if (drops(r) != 0) b.append("drop ").append(DropReason.name(r)).append('=').append(drops(r)).append(", ");
        for (int r = 0; r < PuntReason.COUNT; r++) if (punts(r) != 0) b.append("punt ").append(PuntReason.name(r)).append('=').append(punts(r)).append(", ");
        return b.append('}').toString();
    }
}
