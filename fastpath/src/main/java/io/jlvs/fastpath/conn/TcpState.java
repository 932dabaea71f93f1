package io.jlvs.fastpath.conn;

/** IPVS's TCP connection states, in the kernel's order (IP_VS_TCP_S_*) so numbers match its tables. */
public final class TcpState {
    public static final int NONE = 0;
    public static final int ESTABLISHED = 1;
    public static final int SYN_SENT = 2;
    public static final int SYN_RECV = 3;
    public static final int FIN_WAIT = 4;
    public static final int TIME_WAIT = 5;
    public static final int CLOSE = 6;
    public static final int CLOSE_WAIT = 7;
    public static final int LAST_ACK = 8;
    public static final int LISTEN = 9;
    public static final int SYNACK = 10;
    /** Number of states. */
    public static final int COUNT = 11;

    private static final String[] NAMES = {
        "NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT",
        "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK"
    };

    private TcpState() {}

    /** The name {@code ipvsadm -L -c} prints; "ERR!" for a number out of range, as the kernel does. */
    public static String name(int state) {
        return state >= 0 && state < COUNT ? NAMES[state] : "ERR!";
    }

    /**
     * Whether a connection in this state counts as active for its real server (IPVS's
     * tcp_state_active_table: the handshake states and ESTABLISHED; everything else is inactive).
     */
    public static boolean isActive(int state) {
        return state == ESTABLISHED || state == SYN_SENT || state == SYN_RECV || state == SYNACK;
    }
}
