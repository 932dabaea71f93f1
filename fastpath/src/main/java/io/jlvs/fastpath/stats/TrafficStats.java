package io.jlvs.fastpath.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One worker core's IPVS traffic counters (struct ip_vs_stats) per virtual service id and per
 * destination id: connections, packets and bytes in (client -> server) and out (server -> client;
 * NAT only, DR and TUN replies bypass the director). Bytes are the IP packet's length, as IPVS counts
 * skb->len at the IP layer.
 *
 * <p>Single writer (the owning core): plain add, opaque store, no atomics. Each id has one 64-byte
 * row of its own, so counting touches one cache line per service and one per destination. The rows
 * grow (off the per-packet path, when a snapshot brings a larger id: {@link #ensureCapacity}) by
 * copying and publishing the new array with a release store; readers ({@link TrafficTotals}) read
 * the array with an acquire load and the counts with opaque loads, so they may lag by the packets in
 * flight but never see a torn or lost count.
 */
public final class TrafficStats {

    public static final int CONNS = 0, IN_PACKETS = 1, OUT_PACKETS = 2, IN_BYTES = 3, OUT_BYTES = 4;
    public static final int COUNTERS = 5;
    /** Longs per id: one cache line. */
    static final int ROW = 8;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SERVICES;
    private static final VarHandle DESTINATIONS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SERVICES = l.findVarHandle(TrafficStats.class, "services", long[].class);
            DESTINATIONS = l.findVarHandle(TrafficStats.class, "destinations", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long[] services = new long[0];
    private long[] destinations = new long[0];

    /** Makes room for ids below the given bounds; owner core, between bursts (allocates when they grow). */
    public void ensureCapacity(int serviceIds, int destinationIds) {
        if ((long) serviceIds * ROW > services.length) {
            SERVICES.setRelease(this, Arrays.copyOf(services, Math.max(serviceIds, services.length / ROW * 2) * ROW));
        }
        if ((long) destinationIds * ROW > destinations.length) {
            DESTINATIONS.setRelease(this, Arrays.copyOf(destinations, Math.max(destinationIds, destinations.length / ROW * 2) * ROW));
        }
    }

    /** A new connection of the service to the destination. */
    public void connection(int serviceId, int destId) {
        add(services, serviceId, CONNS, 1);
        add(destinations, destId, CONNS, 1);
    }

    /** A packet of a connection: {@code fromServer} picks out (server -> client) or in; {@code ipLength} its IP total length. */
    public void packet(int serviceId, int destId, boolean fromServer, int ipLength) {
        int packets = fromServer ? OUT_PACKETS : IN_PACKETS;
        int bytes = fromServer ? OUT_BYTES : IN_BYTES;
        long[] s = services;
        long[] d = destinations;
        add(s, serviceId, packets, 1);
        add(s, serviceId, bytes, ipLength);
        add(d, destId, packets, 1);
        add(d, destId, bytes, ipLength);
    }

    /** Ids outside the rows (a snapshot not yet seen by ensureCapacity) are not counted rather than thrown on. */
    private static void add(long[] rows, int id, int counter, long delta) {
        int i = id * ROW + counter;
        if (id < 0 || i >= rows.length) return;
        LONGS.setOpaque(rows, i, rows[i] + delta);
    }

    /** This core's count of {@code counter} for a service id (any thread). */
    public long service(int serviceId, int counter) { return read((long[]) SERVICES.getAcquire(this), serviceId, counter); }

    /** This core's count of {@code counter} for a destination id (any thread). */
    public long destination(int destId, int counter) { return read((long[]) DESTINATIONS.getAcquire(this), destId, counter); }

    private static long read(long[] rows, int id, int counter) {
        int i = id * ROW + counter;
        if (id < 0 || i >= rows.length) return 0;
        return (long) LONGS.getOpaque(rows, i);
    }
}
