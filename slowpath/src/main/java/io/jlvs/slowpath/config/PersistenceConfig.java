package io.jlvs.slowpath.config;

/**
 * {@code ipvsadm -p TIMEOUT -M NETMASK}: clients in the same netmask-sized network stick to one
 * real server for {@code timeout} seconds after their last connection.
 */
public record PersistenceConfig(Integer timeout, Ipv4Address netmask) {
    /** ipvsadm's default when -p is given without a value. */
    public static final int DEFAULT_TIMEOUT = 360;
    public static final Ipv4Address DEFAULT_NETMASK = Ipv4Address.netmask(32);

    public PersistenceConfig {
        timeout = Values.orDefault(timeout, DEFAULT_TIMEOUT);
        netmask = Values.orDefault(netmask, DEFAULT_NETMASK);
    }
}
