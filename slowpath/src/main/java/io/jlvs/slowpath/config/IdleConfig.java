package io.jlvs.slowpath.config;

/**
 * What a worker does after a poll that found no packets. Only the chosen strategy's parameters
 * get defaults; the others stay null (and validation rejects them when given).
 */
public record IdleConfig(
        Strategy strategy,
        Integer maxSpins,
        Integer maxYields,
        Long minParkNs,
        Long maxParkNs,
        Long sleepNs) {

    public static final int DEFAULT_MAX_SPINS = 10;
    public static final int DEFAULT_MAX_YIELDS = 5;
    public static final long DEFAULT_MIN_PARK_NS = 1_000;
    public static final long DEFAULT_MAX_PARK_NS = 1_000_000;
    public static final long DEFAULT_SLEEP_NS = 100_000;

    public IdleConfig {
        strategy = Values.orDefault(strategy, Strategy.BACKOFF);
        if (strategy == Strategy.BACKOFF) {
            maxSpins = Values.orDefault(maxSpins, DEFAULT_MAX_SPINS);
            maxYields = Values.orDefault(maxYields, DEFAULT_MAX_YIELDS);
            minParkNs = Values.orDefault(minParkNs, DEFAULT_MIN_PARK_NS);
            maxParkNs = Values.orDefault(maxParkNs, DEFAULT_MAX_PARK_NS);
        } else if (strategy == Strategy.SLEEP) {
            sleepNs = Values.orDefault(sleepNs, DEFAULT_SLEEP_NS);
        }
    }

    public enum Strategy implements ConfigName {
        /** Poll without pause: lowest latency, one core at 100% per worker. For a dedicated appliance. */
        BUSY_SPIN,
        /** Spin, then yield, then park with growing periods (Agrona's BackoffIdleStrategy). */
        BACKOFF,
        /** Park for a fixed period after each empty poll. For shared machines. */
        SLEEP
    }
}
