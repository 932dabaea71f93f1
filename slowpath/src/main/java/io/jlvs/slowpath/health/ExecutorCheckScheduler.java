package io.jlvs.slowpath.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread decides when; each check runs on its own virtual thread, so a server that makes
 * its probe wait up to the timeout delays no other server's check.
 */
public final class ExecutorCheckScheduler implements CheckScheduler {

    private static final System.Logger LOG = System.getLogger(ExecutorCheckScheduler.class.getName());
    /** A probe blocks for its timeout at most; after this long at close something is wrong. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService checks;

    public ExecutorCheckScheduler(Clock clock) {
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("jlvs-health-timer").daemon(true).factory());
        // Stopped servers cancel their next check: without this the cancelled tasks would stay queued until due.
        this.timer.setRemoveOnCancelPolicy(true);
        this.checks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jlvs-health-check-", 0).factory());
    }

    @Override
    public Instant now() { return clock.instant(); }

    @Override
    public Scheduled schedule(Duration delay, Runnable check) {
        ScheduledFuture<?> due = timer.schedule(() -> {
            try {
                checks.execute(check);
            } catch (RejectedExecutionException closing) {
                // close() raced with a due check: nothing more to run.
            }
        }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> due.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        checks.shutdownNow();
        try {
            if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    || !checks.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "health checks still running " + CLOSE_WAIT.toSeconds() + " s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
