package io.jlvs.fastpath;

/**
 * Why the fast path dropped a packet, as small int constants so a verdict and a counter index can
 * carry them without objects. Reasons marked "answered" dropped the packet but sent an ICMP error
 * back in its buffer, so their verdict is a transmit.
 */
public final class DropReason {

    /** Shorter than its headers claim, or than the smallest header we need. */
    public static final int TRUNCATED = 0;
    /** IPv4 IHL below 5, or TCP data offset below 5. */
    public static final int BAD_HEADER_LENGTH = 1;
    /** IPv4 total length smaller than its header or larger than the frame; UDP length likewise. */
    public static final int BAD_TOTAL_LENGTH = 2;
    public static final int BAD_IP_CHECKSUM = 3;
    /** The ether type said IPv4 but the version nibble did not. */
    public static final int BAD_IP_VERSION = 4;
    /** An IPv4 fragment: the fast path does not reassemble. */
    public static final int FRAGMENT = 5;
    /** A NAT packet whose TTL would reach zero; answered with ICMP time-exceeded. */
    public static final int TTL_EXPIRED = 6;
    public static final int UNKNOWN_ETHER_TYPE = 7;
    /** An IPv4 protocol other than TCP, UDP or ICMP. */
    public static final int UNKNOWN_PROTOCOL = 8;
    /** IPv6 is recognised but not served yet. */
    public static final int IPV6 = 9;
    /** No virtual service for (protocol, address, port) and no connection. */
    public static final int NO_SERVICE = 10;
    /** A TCP packet for a virtual service without a connection and without SYN (IPVS schedules only on SYN). */
    public static final int NO_CONNECTION = 11;
    /** The connection table was full: new connections are dropped, established ones unaffected. */
    public static final int TABLE_FULL = 12;
    /** The scheduler found no eligible real server; answered with ICMP port-unreachable. */
    public static final int NO_REAL_SERVER = 13;
    /** A reply from a NAT real server's port with no connection; answered with port-unreachable unless RST. */
    public static final int NO_CONNECTION_FROM_SERVER = 14;
    /** The connection's real server is not in the current rule snapshot any more. */
    public static final int DESTINATION_REMOVED = 15;
    /** No route towards the client for a NAT reply. */
    public static final int NO_ROUTE = 16;
    /** Too little headroom before the packet to prepend a header. */
    public static final int NO_HEADROOM = 17;
    /** TUN with DF set would exceed the egress MTU; answered with ICMP fragmentation-needed. */
    public static final int FRAGMENTATION_NEEDED = 18;

    /** The frame arrived on a port the rule snapshot does not define. */
    public static final int UNKNOWN_RX_PORT = 19;

    /** An ICMP error whose checksum is wrong (checked before it is matched to a connection). */
    public static final int BAD_ICMP_CHECKSUM = 20;
    /** Arrived on a port where this director is VRRP backup: the master forwards it. */
    public static final int STANDBY = 21;

    /** A new connection over its source prefix's rate (syn-defence rate limit). */
    public static final int RATE_LIMITED = 22;

    public static final int COUNT = 23;

    private static final String[] NAMES = {
        "truncated", "bad header length", "bad total length", "bad ip checksum", "bad ip version",
        "fragment", "ttl expired", "unknown ether type", "unknown protocol", "ipv6", "no service",
        "no connection", "table full", "no real server", "no connection from server",
        "destination removed", "no route", "no headroom", "fragmentation needed", "unknown rx port", "bad icmp checksum",
        "standby (vrrp backup)", "new connection rate limited",
    };

    private DropReason() {}

    public static String name(int reason) {
        return reason >= 0 && reason < COUNT ? NAMES[reason] : "unknown drop reason " + reason;
    }
}
