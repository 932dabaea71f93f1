package io.jlvs.slowpath.health;

import java.time.Duration;
import java.time.Instant;

/**
 * Time and threads for the checks. Production: {@link ExecutorCheckScheduler}; tests drive a manual one.
 */
public interface CheckScheduler extends AutoCloseable {

    Instant now();

    /** Runs {@code check} once after {@code delay}. The check may block (it runs a probe). */
    Scheduled schedule(Duration delay, Runnable check);

    /** Stops running checks; a check already running may be interrupted. */
    @Override
    void close();

    /** A scheduled check that has not run yet can be cancelled; cancelling a run check does nothing. */
    @FunctionalInterface
    interface Scheduled {
        void cancel();
    }
}
