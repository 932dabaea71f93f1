package io.jlvs.slowpath.health;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands transitions to {@link HealthActions} in order, one at a time, without holding any checker's
 * or the monitor's lock. Transitions are added under those locks (so their order is the order of
 * the state changes) and delivered afterwards by whichever thread finds the queue free; a thread
 * that finds another delivering leaves its events to that one. No lock is ever waited for, so the
 * actions may call back into the monitor (the control plane updating the checks) without deadlock.
 */
final class EventQueue {

    private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());

    private final HealthActions actions;
    private final Queue<HealthEvent> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    EventQueue(HealthActions actions) {
        this.actions = actions;
    }

    /** Logs the transition and queues it; cheap, safe under any lock. */
    void add(HealthEvent event) {
        System.Logger.Level level = event.takesOut() ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
        LOG.log(level, "health check: " + event.describe());
        pending.add(event);
    }

    /** Delivers what is queued, unless another thread is doing so already. Call with no lock held. */
    void deliver() {
        // Re-checked after unlock: an event added while the other thread was finishing is not left behind.
        while (!pending.isEmpty() && delivering.tryLock()) {
            try {
                for (HealthEvent event; (event = pending.poll()) != null; ) {
                    apply(event);
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    private void apply(HealthEvent event) {
        try {
            actions.apply(event);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "health check: the control plane did not take " + event.describe(), e);
        }
    }
}
