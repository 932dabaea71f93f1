package io.jlvs.slowpath.stats;

/**
 * Where -L --stats, --rate and the connection columns come from. The data-plane daemon implements it
 * over the workers' per-core counters (summed without locks) and {@code io.jlvs.sched.DestinationLoad};
 * ids are the rule set's stable service and destination ids. Counters only grow: -Z is done above this
 * interface, by {@link Statistics}, without touching the workers.
 */
public interface StatsSource {

    /** Totals since start for a virtual service (all its traffic, including servers since removed). */
    Counters service(int serviceId);

    /** Totals since start for a destination id. */
    Counters destination(int destId);

    /** Connections now bound to a destination id. */
    ConnectionCounts connections(int destId);

    /** IPVS's per-service and per-destination counters (struct ip_vs_stats). */
    record Counters(long conns, long inPackets, long outPackets, long inBytes, long outBytes) {
        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

        public Counters minus(Counters base) {
            return new Counters(conns - base.conns, inPackets - base.inPackets, outPackets - base.outPackets,
                    inBytes - base.inBytes, outBytes - base.outBytes);
        }
    }

    /** ActiveConn, InActConn and PersistConn of ipvsadm's listings. */
    record ConnectionCounts(int active, int inactive, int persistent) {
        public static final ConnectionCounts NONE = new ConnectionCounts(0, 0, 0);
    }

    /** A source with nothing behind it: the control plane running without a data plane. */
    StatsSource NONE = new StatsSource() {
        public Counters service(int serviceId) { return Counters.ZERO; }

        public Counters destination(int destId) { return Counters.ZERO; }

        public ConnectionCounts connections(int destId) { return ConnectionCounts.NONE; }
    };
}
