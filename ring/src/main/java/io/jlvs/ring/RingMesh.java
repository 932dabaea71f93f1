package io.jlvs.ring;

/**
 * The rings that connect N workers with each other and with the slow-path thread.
 *
 * <p>A packet received by worker {@code from} but owned by worker {@code to} travels through
 * {@link #between(int, int) between(from, to)}: one ring per ordered pair, so every ring has
 * exactly one producer and one consumer. Each worker punts packets it does not handle (ARP, ICMP
 * for VIPs, ...) through {@link #toSlowPath(int)} and transmits what the slow path sends back from
 * {@link #fromSlowPath(int)}. The slow path must be a single thread: it is the one consumer of
 * every punt ring and the one producer of every return ring.
 *
 * <p>All rings are created up front; looking one up is an array read.
 */
public final class RingMesh {
    private final int workers;
    private final SpscLongRing[][] between;
    private final SpscLongRing[] toSlowPath;
    private final SpscLongRing[] fromSlowPath;

    /**
     * @param workers          number of worker threads, >= 1
     * @param betweenCapacity  slots in each worker-to-worker ring, a power of two
     * @param slowPathCapacity slots in each punt ring and each return ring, a power of two
     */
    public RingMesh(int workers, int betweenCapacity, int slowPathCapacity) {
        if (workers < 1) {
            throw new IllegalArgumentException("a ring mesh needs at least one worker, got " + workers);
        }
        this.workers = workers;
        this.between = new SpscLongRing[workers][workers];
        this.toSlowPath = new SpscLongRing[workers];
        this.fromSlowPath = new SpscLongRing[workers];
        for (int from = 0; from < workers; from++) {
            for (int to = 0; to < workers; to++) {
                if (from != to) {
                    between[from][to] = new SpscLongRing(betweenCapacity);
                }
            }
            toSlowPath[from] = new SpscLongRing(slowPathCapacity);
            fromSlowPath[from] = new SpscLongRing(slowPathCapacity);
        }
    }

    public int workers() {
        return workers;
    }

    /**
     * The ring worker {@code from} produces into and worker {@code to} consumes from.
     *
     * @throws IllegalArgumentException when {@code from == to}: a worker keeps its own packets
     */
    public SpscLongRing between(int from, int to) {
        if (from == to) {
            throw new IllegalArgumentException("no ring from worker " + from + " to itself");
        }
        return between[from][to];
    }

    /** The punt ring: {@code worker} produces, the slow-path thread consumes. */
    public SpscLongRing toSlowPath(int worker) {
        return toSlowPath[worker];
    }

    /** The return ring: the slow-path thread produces, {@code worker} consumes and transmits. */
    public SpscLongRing fromSlowPath(int worker) {
        return fromSlowPath[worker];
    }
}
