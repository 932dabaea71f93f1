package io.jlvs.fastpath.conn;

import java.util.Arrays;

/**
 * Idle timeouts of connections, in seconds: one per TCP state (indexed by {@link TcpState}) and one for UDP.
 * A packet re-arms its connection for the timeout of the state it leaves the connection in.
 */
public record ConnectionTimeouts(int[] tcpSeconds, int udpSeconds) {

    /**
     * Longest timeout accepted. Deadlines are kept as 32-bit millisecond values compared with wrap-around
     * arithmetic, which is exact while every timeout is shorter than 2^31 ms (24.8 days).
     */
    public static final int MAX_SECONDS = 2_000_000;

    public ConnectionTimeouts {
        if (tcpSeconds == null || tcpSeconds.length != TcpState.COUNT) {
            throw new IllegalArgumentException("tcpSeconds needs one value per TCP state (" + TcpState.COUNT + ")");
        }
        tcpSeconds = tcpSeconds.clone();
        for (int state = 0; state < TcpState.COUNT; state++) {
            check(TcpState.name(state), tcpSeconds[state]);
        }
        check("udp", udpSeconds);
    }

    private static void check(String what, int seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(what + " timeout must be 1.." + MAX_SECONDS + " s, was " + seconds);
        }
    }

    /** IPVS's defaults (ip_vs_proto_tcp.c tcp_timeouts, ip_vs_proto_udp.c udp_timeouts). */
    public static ConnectionTimeouts ipvsDefaults() {
        int[] tcp = new int[TcpState.COUNT];
        tcp[TcpState.NONE] = 2;
        tcp[TcpState.ESTABLISHED] = 15 * 60;
        tcp[TcpState.SYN_SENT] = 2 * 60;
        tcp[TcpState.SYN_RECV] = 60;
        tcp[TcpState.FIN_WAIT] = 2 * 60;
        tcp[TcpState.TIME_WAIT] = 2 * 60;
        tcp[TcpState.CLOSE] = 10;
        tcp[TcpState.CLOSE_WAIT] = 60;
        tcp[TcpState.LAST_ACK] = 30;
        tcp[TcpState.LISTEN] = 2 * 60;
        tcp[TcpState.SYNACK] = 120;
        return new ConnectionTimeouts(tcp, 5 * 60);
    }

    /**
     * {@code ipvsadm --set tcp tcpfin udp}: tcp sets ESTABLISHED, tcpfin sets FIN_WAIT, udp sets UDP;
     * 0 keeps the current value (as ipvsadm does).
     */
    public ConnectionTimeouts withSet(int tcp, int tcpfin, int udp) {
        if (tcp < 0 || tcpfin < 0 || udp < 0) {
            throw new IllegalArgumentException("--set values must be >= 0: " + tcp + " " + tcpfin + " " + udp);
        }
        int[] next = tcpSeconds.clone();
        if (tcp > 0) next[TcpState.ESTABLISHED] = tcp;
        if (tcpfin > 0) next[TcpState.FIN_WAIT] = tcpfin;
        return new ConnectionTimeouts(next, udp > 0 ? udp : udpSeconds);
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[] tcpSeconds() { return tcpSeconds.clone(); }

    /** Timeout of one TCP state in seconds. */
    public int tcpSeconds(int state) { return tcpSeconds[state]; }

    /** {@code ipvsadm -L --timeout}'s line. */
    public String ipvsadmTimeoutLine() {
        return "Timeout (tcp tcpfin udp): " + tcpSeconds[TcpState.ESTABLISHED] + " "
            + tcpSeconds[TcpState.FIN_WAIT] + " " + udpSeconds;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionTimeouts that
            && Arrays.equals(tcpSeconds, that.tcpSeconds) && udpSeconds == that.udpSeconds;
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(tcpSeconds) + udpSeconds; }

    @Override
    public String toString() {
        return "ConnectionTimeouts[tcp=" + Arrays.toString(tcpSeconds) + ", udp=" + udpSeconds + "]";
    }
}
