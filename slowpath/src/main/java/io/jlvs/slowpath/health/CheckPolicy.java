package io.jlvs.slowpath.health;

import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;

import java.time.Duration;

/**
 * When to check and when to change a server's state, in keepalived's terms.
 *
 * @param interval         between the end of one check and the start of the next (keepalived's
 *                         delay_loop, also measured from the end of a check)
 * @param timeout          a check slower than this fails (connect_timeout)
 * @param retries          failed checks in a row that take an UP server DOWN. keepalived's {@code retry N}
 *                         retries N times after the first failure, so it is {@code retries = N + 1} here
 * @param delayBeforeRetry between a failed check of an UP server and its retry (delay_before_retry)
 * @param rise             passed checks in a row that bring a DOWN server UP; keepalived has 1
 * @param initiallyUp      the state before the first check; keepalived starts servers up (unless
 *                         its {@code alpha} option is given)
 */
public record CheckPolicy(Duration interval, Duration timeout, int retries, Duration delayBeforeRetry, int rise,
                          boolean initiallyUp, OnFailure onFailure) {

    public CheckPolicy {
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        requirePositive(delayBeforeRetry, "delayBeforeRetry");
        if (retries < 1) throw new IllegalArgumentException("retries must be >= 1, was " + retries);
        if (rise < 1) throw new IllegalArgumentException("rise must be >= 1, was " + rise);
        if (onFailure == null) throw new IllegalArgumentException("onFailure is required");
    }

    /**
     * The policy a configured check means. The config has no delay_before_retry, rise or alpha, so:
     * retries come one interval apart, one passed check restores a server, and servers start UP.
     */
    public static CheckPolicy of(HealthCheckConfig check) {
        Duration interval = Duration.ofMillis(check.intervalMs());
        return new CheckPolicy(interval, Duration.ofMillis(check.timeoutMs()), check.retries(), interval, 1, true, check.onFailure());
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
}
