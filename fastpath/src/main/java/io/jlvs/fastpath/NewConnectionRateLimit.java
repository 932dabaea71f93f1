package io.jlvs.fastpath;

/**
 * A per-source-prefix limit on new connections, one per worker core: token buckets in a
 * direct-mapped array of {@value #BUCKETS} slots indexed by a hash of the source address's prefix.
 * There is no tag: prefixes that hash to one slot share its bucket, which only ever limits more,
 * never less, and keeps the memory fixed (2 x 4,096 longs) whatever the number of sources. A flood
 * from one prefix spends that prefix's bucket; a flood with random sources spreads over every slot
 * and is hardly slowed; for that a bucket for all sources together may be set beside them, which a
 * new connection must pass after its prefix's (so a noisy prefix spends only its own). Single writer, no allocation;
 * {@link #configure} resets every bucket to full.
 */
public final class NewConnectionRateLimit {

    static final int BUCKETS = 4096;
    private static final int SHIFT = 32 - Integer.numberOfTrailingZeros(BUCKETS);
    /** Credit is kept in thousandths of a connection, so that refill needs no division per packet. */
    private static final long MILLI = 1000;

    private final long[] creditMilli = new long[BUCKETS];
    private final long[] lastMs = new long[BUCKETS];
    private int prefixMask;
    private long perSecond;
    private long capMilli;
    private long totalPerSecond;
    private long totalCapMilli;
    private long totalCreditMilli;
    private long totalLastMs;

    /** Sets the limits (0 per second: no limit) and fills every bucket; the total bucket saves up 1/10 s. */
    public void configure(int prefixLength, int perSecond, int burst, int totalPerSecond) {
        this.totalPerSecond = totalPerSecond;
        this.totalCapMilli = Math.max(1, totalPerSecond / 10) * MILLI;
        this.totalCreditMilli = totalCapMilli;
        this.totalLastMs = Long.MIN_VALUE;
        this.prefixMask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        this.perSecond = perSecond;
        this.capMilli = burst * MILLI;
        java.util.Arrays.fill(creditMilli, capMilli);
        java.util.Arrays.fill(lastMs, Long.MIN_VALUE);
    }

    /** Whether a new connection from {@code source} may open at {@code nowMs}; takes its token if so. */
    public boolean allow(int source, long nowMs) {
        return (perSecond == 0 || allowPrefix(source, nowMs)) && (totalPerSecond == 0 || allowTotal(nowMs));
    }

    private boolean allowTotal(long nowMs) {
        long credit = totalCreditMilli;
        if (totalLastMs == Long.MIN_VALUE) {
            credit = totalCapMilli;
        } else if (nowMs > totalLastMs) {
            credit = Math.min(totalCapMilli, credit + (nowMs - totalLastMs) * totalPerSecond);
        }
        totalLastMs = Math.max(totalLastMs, nowMs);
        if (credit < MILLI) {
            totalCreditMilli = credit;
            return false;
        }
        totalCreditMilli = credit - MILLI;
        return true;
    }

    private boolean allowPrefix(int source, long nowMs) {
        int slot = ((source & prefixMask) * 0x9e3779b1) >>> SHIFT;
        long last = lastMs[slot];
        long credit = creditMilli[slot];
        if (last == Long.MIN_VALUE) {
            credit = capMilli;
        } else if (nowMs > last) {
            credit = Math.min(capMilli, credit + (nowMs - last) * perSecond);
        }
        lastMs[slot] = Math.max(last, nowMs);
        if (credit < MILLI) {
            creditMilli[slot] = credit;
            return false;
        }
        creditMilli[slot] = credit - MILLI;
        return true;
    }
}
