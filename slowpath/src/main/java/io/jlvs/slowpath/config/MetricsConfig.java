package io.jlvs.slowpath.config;

/**
 * The Prometheus endpoint: {@code http://ADDRESS:PORT/metrics}, served by the control core. Absent
 * from the config file, there is none.
 *
 * @param address where to listen; the loopback address unless given
 * @param port    TCP port
 */
public record MetricsConfig(Ipv4Address address, Integer port) {
    public static final Ipv4Address DEFAULT_ADDRESS = Ipv4Address.parse("127.0.0.1");
    public static final int DEFAULT_PORT = 9560;

    public MetricsConfig {
        address = Values.orDefault(address, DEFAULT_ADDRESS);
        port = Values.orDefault(port, DEFAULT_PORT);
    }
}
