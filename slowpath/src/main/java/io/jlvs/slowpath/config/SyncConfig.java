package io.jlvs.slowpath.config;

/**
 * How often a sync master re-sends connections ({@code sync:}), IPVS's sysctls
 * net.ipv4.vs.sync_threshold (threshold and period), sync_refresh_period and sync_retries, with the
 * kernel's defaults and ranges. The daemons themselves are started with {@code jlvsadm --start-daemon}.
 *
 * @param threshold     a connection is sent at its threshold-th packet from the client (default 3)
 * @param period        and every period packets after that; 0: once (default 50); threshold &lt; period
 * @param refreshPeriod seconds: when &gt; 0, a connection is not re-sent while its expiry moved less than
 *                      this (or half its timeout, at least 10 s) since its last record (default 0: off)
 * @param retries       extra records per refresh period, 1/8 of it apart, 0..3 (default 0)
 */
public record SyncConfig(Integer threshold, Integer period, Integer refreshPeriod, Integer retries) {
    public static final int DEFAULT_THRESHOLD = 3;
    public static final int DEFAULT_PERIOD = 50;

    public SyncConfig {
        threshold = Values.orDefault(threshold, DEFAULT_THRESHOLD);
        period = Values.orDefault(period, DEFAULT_PERIOD);
        refreshPeriod = Values.orDefault(refreshPeriod, 0);
        retries = Values.orDefault(retries, 0);
    }
}
