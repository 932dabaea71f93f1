package io.jlvs.slowpath.config;

/**
 * The SYN-flood defences of every worker (see examples/README.md, {@code syn-defence}); all off unless
 * given, as IPVS's drop_entry and secure_tcp are.
 *
 * @param dropEntry          a full connection table evicts a half-open entry for a new connection
 * @param secureTcp          off, auto (under pressure) or always: SYN_RECV times out after embryonicTimeout
 * @param pressurePercent    table occupancy at which auto switches secure-tcp on
 * @param embryonicTimeout   SYN_RECV's timeout under secure-tcp, seconds
 * @param rateLimitPrefix    prefix length new connections are counted by
 * @param rateLimitPerSecond new connections per second per prefix and worker; 0 = no limit
 * @param rateLimitBurst     connections a prefix may save up
 * @param rateLimitTotalPerSecond new connections per second per worker from all sources; 0 = no limit
 */
public record SynDefenceConfig(Boolean dropEntry, String secureTcp, Integer pressurePercent, Integer embryonicTimeout,
                               Integer rateLimitPrefix, Integer rateLimitPerSecond, Integer rateLimitBurst,
                               Integer rateLimitTotalPerSecond) {

    public SynDefenceConfig {
        dropEntry = Values.orDefault(dropEntry, false);
        secureTcp = Values.orDefault(secureTcp, "off");
        pressurePercent = Values.orDefault(pressurePercent, io.jlvs.fastpath.SynDefenceSettings.DEFAULT_PRESSURE_PERCENT);
        embryonicTimeout = Values.orDefault(embryonicTimeout, io.jlvs.fastpath.SynDefenceSettings.DEFAULT_EMBRYONIC_TIMEOUT_SECONDS);
        rateLimitPrefix = Values.orDefault(rateLimitPrefix, io.jlvs.fastpath.SynDefenceSettings.DEFAULT_RATE_PREFIX_LENGTH);
        rateLimitPerSecond = Values.orDefault(rateLimitPerSecond, 0);
        rateLimitBurst = Values.orDefault(rateLimitBurst, io.jlvs.fastpath.SynDefenceSettings.DEFAULT_RATE_BURST);
        rateLimitTotalPerSecond = Values.orDefault(rateLimitTotalPerSecond, 0);
    }

    /** The fast path's settings; call only on a validated config. */
    public io.jlvs.fastpath.SynDefenceSettings settings() {
        return new io.jlvs.fastpath.SynDefenceSettings(dropEntry, io.jlvs.fastpath.SynDefenceSettings.mode(secureTcp),
                pressurePercent, embryonicTimeout, rateLimitPrefix, rateLimitPerSecond, rateLimitBurst, rateLimitTotalPerSecond);
    }
}
