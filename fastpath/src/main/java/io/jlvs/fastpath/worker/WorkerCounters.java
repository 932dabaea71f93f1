package io.jlvs.fastpath.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a worker counts beside its {@link io.jlvs.fastpath.PacketCounters}: hand-offs between
 * workers, the slow path's traffic, and packets lost because a ring or a tx queue was full. Only the
 * worker writes (plain add, opaque store); any thread reads with {@link #get} without locks.
 */
public final class WorkerCounters {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs of padding on each side so the counts never share a cache line with other objects. */
    private static final int PAD = 8;

    /** Frames taken from the device's rx queues. */
    public static final int RX = 0;
    /** Frames this worker received but another worker owns: sent to the owner's ring. */
    public static final int HANDED_OFF = 1;
    /** Frames other workers handed to this one (it owns their flows). */
    public static final int HANDED_IN = 2;
    /** Hand-offs lost: the owner's ring was full (freed). */
    public static final int HANDOFF_RING_FULL = 3;
    /** Punts lost: the slow path's ring was full (freed). */
    public static final int PUNT_RING_FULL = 4;
    /** Frames the slow path returned (to transmit or to process again). */
    public static final int FROM_SLOW_PATH = 5;
    /** Frames the device did not take after the tx retries (freed). */
    public static final int TX_FAILED = 6;
    /** Frames sent to a port this worker has no device for (freed). */
    public static final int NO_EGRESS_DEVICE = 7;
    /** Frames handed to a device's tx queue. */
    public static final int TX = 8;
    /** tx_burst calls that took fewer frames than offered (each retried). */
    public static final int TX_PARTIAL = 9;

    /** Connections a backup took from the master's sync messages into this worker's table. */
    public static final int SYNC_IMPORTED = 10;
    /** Synced connections of a service or real server this director does not have (skipped). */
    public static final int SYNC_NO_SERVICE = 11;
    /** Synced connections that did not fit the table (skipped). */
    public static final int SYNC_TABLE_FULL = 12;
    /** Persistence templates a backup took from the master's sync messages into the shared table. */
    public static final int SYNC_TEMPLATES_IMPORTED = 13;
    /** Synced templates the shared table had no room for (bucket full or busy). */
    public static final int SYNC_TEMPLATES_FULL = 14;

    public static final int COUNT = 15;
    private static final String[] NAMES = {"rx", "handed off", "handed in", "handoff ring full", "punt ring full",
        "from slow path", "tx failed", "no egress device", "tx", "tx partial", "sync imported",
        "sync no service", "sync table full", "sync templates imported", "sync templates full"};

    private final long[] counts = new long[PAD + COUNT + PAD];

    void add(int counter, long delta) {
        int i = PAD + counter;
        LONGS.setOpaque(counts, i, counts[i] + delta);
    }

    public long get(int counter) { return (long) LONGS.getOpaque(counts, PAD + counter); }

    public static String name(int counter) { return NAMES[counter]; }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("WorkerCounters{");
        for (int c = 0; c < COUNT; c++) if (get(c) != 0) b.append(NAMES[c]).append('=').append(get(c)).append(", ");
        return b.append('}').toString();
    }
}
