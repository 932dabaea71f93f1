package io.jlvs.fastpath.conn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * When a master re-sends a connection it already synced: IPVS's ip_vs_sync_conn_needed over two
 * ints per table entry, kept beside the table (allocated only once sync is connected) so the
 * entry's layout stays as it is.
 *
 * <pre>
 * per handle (8 bytes)
 *  0  4  packets from the client (IPVS's cp-&gt;in_pkts)
 *  4  4  sync_endtime: low 32 bits of (time of the last record + the timeout it announced) in ms,
 *        its two low bits the retries spent (0 = never synced)
 * </pre>
 * Owner core only; allocates nothing after construction.
 */
final class SyncPacer implements AutoCloseable {

    private static final long PACKETS = 0, END = 4, BYTES = 8;
    /** The kernel's floor of the refresh difference: 10 s. */
    static final int MIN_REFRESH_DIFF_MS = 10_000;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment marks;

    SyncPacer(int capacity) {
        marks = arena.allocate((long) capacity * BYTES, 64);
    }

    /** A new entry in {@code handle}: no packets, never synced. */
    void reset(int handle) {
        marks.set(ValueLayout.JAVA_LONG, (long) handle * BYTES, 0L);
    }

    /** The entry was just sent for a state change (IPVS's forced sync): the refresh counts from now. */
    void synced(int handle, int timeoutMs, long now) {
        marks.set(ValueLayout.JAVA_INT, (long) handle * BYTES + END, endOf(now, timeoutMs));
    }

    /** One packet from the client (any state): returns the entry's count, IPVS's atomic_inc_return(&amp;cp-&gt;in_pkts). */
    int count(int handle) {
        long at = (long) handle * BYTES + PACKETS;
        int pkts = marks.get(ValueLayout.JAVA_INT, at) + 1;
        marks.set(ValueLayout.JAVA_INT, at, pkts);
        return pkts;
    }

    /**
     * The {@code pkts}-th packet from the client of a connection in a synced state: whether to send it again, as
     * ip_vs_sync_conn_needed decides for a connection whose state did not change (a change is sent
     * at once, {@link #synced}).
     */
    boolean due(int handle, int pkts, int timeoutMs, long now, SyncPacing p) {
        long base = (long) handle * BYTES;
        int orig = marks.get(ValueLayout.JAVA_INT, base + END);
        int n = endOf(now, timeoutMs);
        if (p.refreshMs() > 0 && orig != 0) {
            int diff = n - orig;
            int minDiff = Math.max(timeoutMs >>> 1, MIN_REFRESH_DIFF_MS);
            if (Math.abs((long) diff) < Math.min(p.refreshMs(), minDiff)) {
                int retries = orig & 3;
                if (retries >= p.retries()) return false;
                if ((int) now - (orig - timeoutMs + (p.refreshMs() >>> 3)) < 0) return false;
                n |= retries + 1;
            }
        }
        if (p.period() > 0) {
            if (Integer.remainderUnsigned(pkts, p.period()) != p.threshold()) return false;
        } else if (p.refreshMs() <= 0 && pkts != p.threshold()) {
            return false;
        }
        // jlvs sends a connection when it is made (UDP) or enters a synced state (TCP ESTABLISHED at
        // the handshake's ACK), where the kernel waits for the threshold-th packet: that first slot
        // is then already served.
        if (pkts == p.threshold() && orig != 0 && p.refreshMs() <= 0) return false;
        marks.set(ValueLayout.JAVA_INT, base + END, n);
        return true;
    }

    /** The kernel's (now + timeout) &amp; ~3; never 0, which means "never synced". */
    private static int endOf(long now, int timeoutMs) {
        int n = (int) (now + timeoutMs) & ~3;
        return n == 0 ? 4 : n;
    }

    @Override
    public void close() { arena.close(); }
}
