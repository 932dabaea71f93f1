package io.jlvs.fastpath.stats;

import java.util.List;

/**
 * The director-wide counters ipvsadm's {@code --stats}/{@code --rate} show: the sum over every worker
 * core's {@link TrafficStats}, read without locks from any thread (the control plane's StatsSource).
 * A sum may miss the last few packets a core is counting at that instant, never more.
 */
public final class TrafficTotals {

    private final List<TrafficStats> cores;

    /** @param cores each worker's {@code PacketProcessor.trafficStats()} */
    public TrafficTotals(List<TrafficStats> cores) { this.cores = List.copyOf(cores); }

    /** Sum of {@code counter} ({@link TrafficStats#CONNS}, ...) for a service id over all cores. */
    public long service(int serviceId, int counter) {
        long sum = 0;
        for (TrafficStats c : cores) sum += c.service(serviceId, counter);
        return sum;
    }

    /** Sum of {@code counter} for a destination id over all cores. */
    public long destination(int destId, int counter) {
        long sum = 0;
        for (TrafficStats c : cores) sum += c.destination(destId, counter);
        return sum;
    }

    /** All five counters of a service id: conns, inpkts, outpkts, inbytes, outbytes. */
    public long[] service(int serviceId) {
        long[] v = new long[TrafficStats.COUNTERS];
        for (int k = 0; k < v.length; k++) v[k] = service(serviceId, k);
        return v;
    }

    /** All five counters of a destination id: conns, inpkts, outpkts, inbytes, outbytes. */
    public long[] destination(int destId) {
        long[] v = new long[TrafficStats.COUNTERS];
        for (int k = 0; k < v.length; k++) v[k] = destination(destId, k);
        return v;
    }
}
