package io.jlvs.fastpath;

/**
 * The kernel's ICMP rate limits for the errors the fast path builds, per worker core:
 * <ul>
 *   <li>per destination host (net.ipv4.icmp_ratelimit, inet_peer_xrlim_allow): a token bucket in
 *       milliseconds, each error costs {@code ratelimitMs}, a host may save up six of them
 *       (XRLIM_BURST_FACTOR); a host not seen for a while starts with a full bucket;</li>
 *   <li>for all hosts together (net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst, icmp_global_allow):
 *       {@code msgsPerSec} refill a bucket of {@code msgsBurst}.</li>
 * </ul>
 * Only the types in icmp_ratemask (0x1818: destination unreachable, source quench, time exceeded,
 * parameter problem) are limited, as in Linux. Hosts sit in a direct-mapped table of
 * {@value #HOSTS} slots; a host that takes another's slot starts afresh, which lets a flood of
 * sources past the per-host limit but never past the global one. Single writer (the owning core),
 * no allocation; 0 for a rate switches that limit off.
 */
public final class IcmpRateLimit {

    /** Linux's defaults: icmp_ratelimit 1000 ms, icmp_msgs_per_sec 1000, icmp_msgs_burst 50. */
    public static final int DEFAULT_RATELIMIT_MS = 1000;
    public static final int DEFAULT_MSGS_PER_SEC = 1000;
    public static final int DEFAULT_MSGS_BURST = 50;
    /** icmp_ratemask's default: types 3, 4, 11 and 12. */
    public static final int DEFAULT_RATEMASK = 0x1818;
    /** XRLIM_BURST_FACTOR: a host may save up this many errors. */
    static final int BURST_FACTOR = 6;
    static final int HOSTS = 1024;

    private final int ratelimitMs;
    private final int msgsPerSec;
    private final int msgsBurst;
    private final int ratemask;

    private final int[] hostAddress = new int[HOSTS];
    private final long[] hostTokensMs = new long[HOSTS];
    private final long[] hostLastMs = new long[HOSTS];
    private final boolean[] hostUsed = new boolean[HOSTS];
    /** Global credit in thousandths of a message, so that refill needs no division per packet. */
    private long globalCreditMilli;
    private long globalLastMs = Long.MIN_VALUE;

    public IcmpRateLimit(int ratelimitMs, int msgsPerSec, int msgsBurst, int ratemask) {
        if (ratelimitMs < 0 || msgsPerSec < 0 || msgsBurst < 0) throw new IllegalArgumentException("negative ICMP rate limit");
        this.ratelimitMs = ratelimitMs;
        this.msgsPerSec = msgsPerSec;
        this.msgsBurst = msgsBurst;
        this.ratemask = ratemask;
    }

    public static IcmpRateLimit linuxDefaults() {
        return new IcmpRateLimit(DEFAULT_RATELIMIT_MS, DEFAULT_MSGS_PER_SEC, DEFAULT_MSGS_BURST, DEFAULT_RATEMASK);
    }

    /** Whether an ICMP error of {@code type} to {@code destination} may go out at {@code nowMs}; takes its tokens if so. */
    public boolean allow(int type, int destination, long nowMs) {
        if (type < 0 || type > 31 || (ratemask & (1 << type)) == 0) return true;
        if (msgsPerSec > 0 && !globalAllow(nowMs)) return false;
        return ratelimitMs == 0 || hostAllow(destination, nowMs);
    }

    private boolean globalAllow(long nowMs) {
        long cap = msgsBurst * 1000L;
        if (globalLastMs == Long.MIN_VALUE) {
            globalCreditMilli = cap;
        } else if (nowMs > globalLastMs) {
            globalCreditMilli = Math.min(cap, globalCreditMilli + (nowMs - globalLastMs) * msgsPerSec);
        }
        globalLastMs = Math.max(globalLastMs, nowMs);
        if (globalCreditMilli < 1000) return false;
        globalCreditMilli -= 1000;
        return true;
    }

    private boolean hostAllow(int destination, long nowMs) {
        int slot = (destination * 0x9e3779b1) >>> (32 - Integer.numberOfTrailingZeros(HOSTS));
        long cap = (long) BURST_FACTOR * ratelimitMs;
        long tokens;
        if (!hostUsed[slot] || hostAddress[slot] != destination) {
            hostUsed[slot] = true;
            hostAddress[slot] = destination;
            hostLastMs[slot] = nowMs;
            tokens = cap;
        } else {
            tokens = Math.min(cap, hostTokensMs[slot] + Math.max(0, nowMs - hostLastMs[slot]));
            hostLastMs[slot] = Math.max(hostLastMs[slot], nowMs);
        }
        boolean allowed = tokens >= ratelimitMs;
        hostTokensMs[slot] = allowed ? tokens - ratelimitMs : tokens;
        return allowed;
    }
}
