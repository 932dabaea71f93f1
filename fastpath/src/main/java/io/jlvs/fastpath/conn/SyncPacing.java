package io.jlvs.fastpath.conn;

/**
 * IPVS's re-sync sysctls (/proc/sys/net/ipv4/vs/sync_threshold, sync_refresh_period, sync_retries;
 * Documentation/networking/ipvs-sysctl.rst) for a master's workers. Immutable; the slow path hands a
 * new one to the export rings ({@link SyncRecordRing#setPacing}).
 *
 * @param threshold     sync_threshold's first value: a connection is synced at its threshold-th packet
 *                      from the client
 * @param period        sync_threshold's second value (sync_period): and again every period packets after
 *                      that (pkts % period == threshold); 0: only at the threshold-th (or as the refresh allows)
 * @param refreshMs     sync_refresh_period in ms: when &gt; 0, a connection whose reported expiry moved less
 *                      than min(refresh, max(timeout / 2, 10 s)) since its last record is not re-sent (0: off)
 * @param retries       sync_retries 0..3: extra records within a refresh period, refresh / 8 apart
 */
public record SyncPacing(int threshold, int period, int refreshMs, int retries) {

    /** The kernel's defaults: 3 50, refresh 0, retries 0. */
    public static final SyncPacing DEFAULT = new SyncPacing(3, 50, 0, 0);

    public SyncPacing {
        // The kernel's proc_do_sync_threshold and sync_retries' range.
        if (threshold < 0 || period < 0 || (period > 0 && threshold >= period)) {
            throw new IllegalArgumentException("sync threshold " + threshold + " and period " + period
                + ": both >= 0 and the threshold below a non-zero period");
        }
        if (refreshMs < 0) throw new IllegalArgumentException("sync refresh period must be >= 0, was " + refreshMs + " ms");
        if (retries < 0 || retries > 3) throw new IllegalArgumentException("sync retries must be 0..3, was " + retries);
    }
}
