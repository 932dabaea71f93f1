package io.jlvs.slowpath.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when the test says: {@link #advance} runs, in the test's thread
 * and in time order, every check due by then. The probes inside still do real I/O.
 */
final class ManualScheduler implements CheckScheduler {

    private static final class Task {
        final Instant due;
        final long order;
        final Runnable check;
        boolean cancelled;

        Task(Instant due, long order, Runnable check) {
            this.due = due;
            this.order = order;
            this.check = check;
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(Comparator.<Task, Instant>comparing(t -> t.due).thenComparingLong(t -> t.order));
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long scheduled;
    boolean closed;

    @Override
    public synchronized Instant now() { return now; }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable check) {
        if (closed) throw new IllegalStateException("scheduler closed");
        Task task = new Task(now.plus(delay), scheduled++, check);
        queue.add(task);
        return () -> {
            synchronized (ManualScheduler.this) {
                task.cancelled = true;
            }
        };
    }

    /** Runs every check due within {@code by} from now, the clock reading each one's due time. */
    void advance(Duration by) {
        Instant until = now().plus(by);
        for (Task task; (task = nextDue(until)) != null; ) {
            task.check.run();
        }
        synchronized (this) {
            now = until;
        }
    }

    /** Runs the checks that are due now (the first check of a new server is due at once). */
    void runDue() { advance(Duration.ZERO); }

    /** Checks scheduled and not cancelled: after every server is stopped there are none. */
    synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    synchronized List<Instant> dueTimes() {
        List<Instant> times = new ArrayList<>();
        queue.stream().filter(t -> !t.cancelled).forEach(t -> times.add(t.due));
        return times;
    }

    private synchronized Task nextDue(Instant until) {
        while (!queue.isEmpty()) {
            Task head = queue.peek();
            if (head.due.isAfter(until)) return null;
            queue.poll();
            if (head.cancelled) continue;
            now = head.due;
            return head;
        }
        return null;
    }

    @Override
    public synchronized void close() { closed = true; }
}
