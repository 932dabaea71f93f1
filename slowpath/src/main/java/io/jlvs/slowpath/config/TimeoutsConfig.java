package io.jlvs.slowpath.config;

/**
 * Connection timeouts in seconds, as {@code ipvsadm --set tcp tcpfin udp}.
 *
 * @param tcp    ESTABLISHED TCP connections
 * @param tcpfin TCP connections in FIN_WAIT
 * @param udp    UDP "connections"
 */
public record TimeoutsConfig(Integer tcp, Integer tcpfin, Integer udp) {
    public static final int DEFAULT_TCP = 900;
    public static final int DEFAULT_TCPFIN = 120;
    public static final int DEFAULT_UDP = 300;

    public TimeoutsConfig {
        tcp = Values.orDefault(tcp, DEFAULT_TCP);
        tcpfin = Values.orDefault(tcpfin, DEFAULT_TCPFIN);
        udp = Values.orDefault(udp, DEFAULT_UDP);
    }
}
