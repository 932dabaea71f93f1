package io.jlvs.fastpath.conn;

/** How a connection's packets reach the real server; stored per connection (IPVS's IP_VS_CONN_F_FWD_MASK). */
public final class ForwardMethod {
    /** Masquerading: addresses rewritten both ways; the director sees replies. */
    public static final int NAT = 0;
    /** Direct routing: only the Ethernet header changes; replies bypass the director (input-only states). */
    public static final int DR = 1;
    /** IP-in-IP tunnel; replies bypass the director (input-only states). */
    public static final int TUN = 2;

    private ForwardMethod() {}

    /** The word {@code ipvsadm -L} prints in its Forward column. */
    public static String ipvsadmName(int method) {
        return switch (method) {
            case NAT -> "Masq";
            case DR -> "Route";
            case TUN -> "Tunnel";
            default -> "?";
        };
    }
}
