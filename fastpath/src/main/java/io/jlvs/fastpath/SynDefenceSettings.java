package io.jlvs.fastpath;

/**
 * The SYN-flood defences a worker applies (config {@code syn-defence}, {@code jlvsadm --syn-defence}),
 * published whole through {@link ForwardingState#publish(SynDefenceSettings)} and read by each worker
 * once per burst. Off by default, as IPVS's drop_entry and secure_tcp are.
 *
 * @param dropEntry            when a worker's table is full, a new connection evicts an embryonic entry
 *                             (SYN_RECV, SYNACK, NONE) found by random probes, as IPVS's drop_entry drops
 *                             them at random; established entries are never evicted
 * @param secureTcp            {@link #OFF}, {@link #AUTO} (while the table is at or above
 *                             {@code pressurePercent} full) or {@link #ALWAYS}: SYN_RECV entries then
 *                             time out after {@code embryonicTimeoutSeconds} (IPVS's secure_tcp)
 * @param pressurePercent      occupancy that switches secure_tcp on in AUTO mode (IPVS: amemthresh);
 *                             it switches off again below three quarters of it
 * @param embryonicTimeoutSeconds SYN_RECV's timeout under secure_tcp (never longer than the configured one)
 * @param ratePrefixLength     the source prefix the new-connection rate limit counts by (0..32)
 * @param ratePerSecond        new connections per second each source prefix may open per worker; 0 = no limit
 * @param rateBurst            connections a prefix may save up
 * @param rateTotalPerSecond   new connections per second a worker takes from all sources together (Katran's
 *                             new-connection guard), saving up a tenth of a second's worth; 0 = no limit.
 *                             A flood with random sources passes any per-prefix limit; this one stops it
 *                             at the director's cheapest step, before it reaches a real server
 */
public record SynDefenceSettings(boolean dropEntry, int secureTcp, int pressurePercent, int embryonicTimeoutSeconds,
                                 int ratePrefixLength, int ratePerSecond, int rateBurst, int rateTotalPerSecond) {

    public static final int OFF = 0;
    public static final int AUTO = 1;
    public static final int ALWAYS = 2;

    public static final int DEFAULT_PRESSURE_PERCENT = 75;
    public static final int DEFAULT_EMBRYONIC_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_RATE_PREFIX_LENGTH = 24;
    public static final int DEFAULT_RATE_BURST = 64;

    /** Everything off: a full table drops new connections, as before these defences existed. */
    public static final SynDefenceSettings NONE = new SynDefenceSettings(false, OFF, DEFAULT_PRESSURE_PERCENT,
            DEFAULT_EMBRYONIC_TIMEOUT_SECONDS, DEFAULT_RATE_PREFIX_LENGTH, 0, DEFAULT_RATE_BURST, 0);

    public SynDefenceSettings {
        if (secureTcp < OFF || secureTcp > ALWAYS) throw new IllegalArgumentException("secure-tcp must be off, auto or always, was " + secureTcp);
        if (pressurePercent < 1 || pressurePercent > 100) {
            throw new IllegalArgumentException("pressure-percent must be 1..100, was " + pressurePercent);
        }
        if (embryonicTimeoutSeconds < 1 || embryonicTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("embryonic-timeout must be 1..3600 s, was " + embryonicTimeoutSeconds);
        }
        if (ratePrefixLength < 0 || ratePrefixLength > 32) {
            throw new IllegalArgumentException("rate-limit prefix length must be 0..32, was " + ratePrefixLength);
        }
        if (ratePerSecond < 0 || ratePerSecond > 10_000_000) {
            throw new IllegalArgumentException("rate-limit per-second must be 0..10000000, was " + ratePerSecond);
        }
        if (rateTotalPerSecond < 0 || rateTotalPerSecond > 100_000_000) {
            throw new IllegalArgumentException("rate-limit total-per-second must be 0..100000000, was " + rateTotalPerSecond);
        }
        if (rateBurst < 1 || rateBurst > 10_000_000) throw new IllegalArgumentException("rate-limit burst must be 1..10000000, was " + rateBurst);
    }

    public static String modeName(int mode) {
        return switch (mode) { case OFF -> "off"; case AUTO -> "auto"; case ALWAYS -> "always"; default -> "mode " + mode; };
    }

    /** "off", "auto" or "always" to a mode; IllegalArgumentException naming the value otherwise. */
    public static int mode(String name) {
        return switch (name) {
            case "off" -> OFF;
            case "auto" -> AUTO;
            case "always" -> ALWAYS;
            default -> throw new IllegalArgumentException("\"" + name + "\" is not off, auto or always");
        };
    }

    /** One line for logs and {@code jlvsadm --syn-defence} without arguments. */
    public String describe() {
        return "drop-entry " + (dropEntry ? "on" : "off") + ", secure-tcp " + modeName(secureTcp) + " (pressure "
                + pressurePercent + " %, embryonic timeout " + embryonicTimeoutSeconds + " s), rate limit "
                + (ratePerSecond == 0 ? "off" : ratePerSecond + "/s burst " + rateBurst + " per /" + ratePrefixLength)
                + ", total " + (rateTotalPerSecond == 0 ? "unlimited" : rateTotalPerSecond + "/s");
    }
}
