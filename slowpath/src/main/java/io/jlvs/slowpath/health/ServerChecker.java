package io.jlvs.slowpath.health;

import java.time.Duration;

/**
 * Checks one server again and again: probe, record the result, schedule the next check (interval or
 * retry delay), so checks of one server never overlap. Stopping is final: a check still running
 * when {@link #stop} is called finds the checker stopped and its result is dropped.
 */
final class ServerChecker {

    private final CheckTarget target;
    private final CheckPolicy policy;
    private final Probe probe;
    private final CheckScheduler scheduler;
    private final EventQueue events;
    private final ServerHealth health;
    private CheckScheduler.Scheduled next;
    private boolean stopped;

    ServerChecker(CheckTarget target, CheckPolicy policy, Probe probe, CheckScheduler scheduler, EventQueue events, HealthState initial) {
        this.target = target;
        this.policy = policy;
        this.probe = probe;
        this.scheduler = scheduler;
        this.events = events;
        this.health = new ServerHealth(target.server(), policy, initial);
    }

    CheckTarget target() { return target; }

    /** The first check runs at once. */
    synchronized void start() {
        next = scheduler.schedule(Duration.ZERO, this::checkOnce);
    }

    /** No more checks, no more events; returns the state the server was left in. */
    synchronized HealthState stop() {
        stopped = true;
        if (next != null) next.cancel();
        return health.state();
    }

    synchronized HealthState state() { return health.state(); }

    private void checkOnce() {
        synchronized (this) {
            if (stopped) return;
        }
        ProbeResult result = probeSafely();   // outside the lock: it blocks up to the timeout
        synchronized (this) {
            if (stopped) return;
            health.record(result, scheduler.now()).ifPresent(events::add);
            next = scheduler.schedule(health.nextDelay(), this::checkOnce);
        }
        events.deliver();
    }

    private ProbeResult probeSafely() {
        try {
            return probe.check(target.endpoint(), policy.timeout());
        } catch (RuntimeException e) {
            return ProbeResult.failed("the probe failed: " + e);
        }
    }
}
