package io.jlvs.fastpath;

/** Why the fast path handed a packet, unchanged, to the slow path. */
public final class PuntReason {

    public static final int ARP = 0;
    /** ICMP (to a VIP, to the director, or an error about a connection): the slow path handles it. */
    public static final int ICMP = 1;
    /** Addressed to one of the director's own port addresses. */
    public static final int LOCAL = 2;
    /** The next hop's MAC is not known yet: the slow path resolves it (ARP) and forwards. */
    public static final int NEIGHBOUR_UNKNOWN = 3;
    /** TUN without DF would exceed the egress MTU: the slow path fragments. */
    public static final int NEEDS_FRAGMENTING = 4;

    /**
     * To 224.0.0.0/24, which a router never forwards (RFC 5771): VRRP adverts and the sync daemon's
     * messages, read by the slow path.
     */
    public static final int LINK_LOCAL_MULTICAST = 5;

    public static final int COUNT = 6;

    private static final String[] NAMES = {"arp", "icmp", "local", "neighbour unknown", "needs fragmenting",
        "link-local multicast"};

    private PuntReason() {}

    public static String name(int reason) {
        return reason >= 0 && reason < COUNT ? NAMES[reason] : "unknown punt reason " + reason;
    }
}
