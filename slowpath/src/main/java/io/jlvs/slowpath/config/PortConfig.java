package io.jlvs.slowpath.config;

import java.util.List;

/**
 * One DPDK port.
 *
 * @param name      how logs and counters call the port
 * @param device    DPDK device: a PCI address (0000:03:00.0) or a vdev string (net_af_packet0,iface=eth1)
 * @param addresses the director's own addresses on this port, with prefix length
 * @param mtu       largest IPv4 packet, default 1500
 * @param mac       overrides the device's MAC when given
 * @param gateway   next hop for destinations outside the port's subnets, or null
 * @param exception DPDK device of the port's exception path to the kernel (a net_tap vdev from eal), or
 *                  null: traffic for the director's own addresses (BGP, ssh, health-check replies) goes
 *                  to that kernel interface and what the kernel sends there leaves by this port
 */
public record PortConfig(
        String name,
        String device,
        Role role,
        List<Ipv4Prefix> addresses,
        Integer mtu,
        MacAddress mac,
        Ipv4Address gateway,
        String exception) {

    public static final int DEFAULT_MTU = 1500;

    public PortConfig {
        addresses = Values.list(addresses);
        mtu = Values.orDefault(mtu, DEFAULT_MTU);
    }

    /** A port without exception path. */
    public PortConfig(String name, String device, Role role, List<Ipv4Prefix> addresses, Integer mtu, MacAddress mac,
                      Ipv4Address gateway) {
        this(name, device, role, addresses, mtu, mac, gateway, null);
    }

    /** Which side of the director the port faces. */
    public enum Role implements ConfigName {
        /** Faces the clients (two-arm layout): VIPs live here. */
        EXTERNAL,
        /** Faces the real servers (two-arm layout). */
        INTERNAL,
        /** Clients and real servers on the same port. */
        ONE_ARM
    }
}
