package io.jlvs.sched;

/**
 * Picks a real server for a new connection of one virtual service, with IPVS's semantics.
 *
 * <p>Instances are built by the control plane for one {@link RealServers} snapshot and replaced with
 * it, so a change of the server list always starts from fresh scheduler state, as IPVS resets its
 * schedulers on every edit. Where IPVS keeps per-service state (rr and wrr cursors) an instance
 * keeps one copy per worker core, indexed by {@code core}; a core only ever touches its own copy.
 *
 * <p>{@link #pick} runs on the fast path: it allocates nothing, takes no locks and throws nothing.
 */
public interface Scheduler {

    /** Returned by {@link #pick} when no server is eligible: the caller answers ICMP port-unreachable. */
    int NO_SERVER = -1;

    /**
     * @param servers the snapshot this instance was built for
     * @param core    the calling worker's index, {@code 0 <= core < servers.load().cores()}
     * @param srcAddr the packet's source IPv4 address (the client), host byte order
     * @param srcPort the packet's source port (0 for protocols without ports)
     * @param dstAddr the packet's destination IPv4 address (the virtual address), host byte order
     * @param dstPort the packet's destination port
     * @return a position in {@code servers} ({@code 0 <= i < servers.count()}), or {@link #NO_SERVER}
     */
    int pick(RealServers servers, int core, int srcAddr, int srcPort, int dstAddr, int dstPort);

    /** IPVS's name for this scheduler: rr, wrr, lc, wlc, ... */
    String name();

    /**
     * Housekeeping the control plane runs periodically (about once a second) off the fast path:
     * advances the coarse clock of lblc/lblcr caches and expires idle entries.
     *
     * @return entries expired (work done); 0 for schedulers without such state
     */
    default int maintain(long nowMillis) { return 0; }
}
