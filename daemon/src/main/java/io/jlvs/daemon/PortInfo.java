package io.jlvs.daemon;

import java.util.List;

/**
 * What the slow path knows of one director port.
 *
 * @param index        the port's index in the rule snapshot (its position in the config)
 * @param dpdkPortId   the ethdev port id (the mbuf's port field)
 * @param mac          the MAC the port answers with (low 48 bits)
 * @param addresses    the director's own addresses on the port, with prefix lengths
 * @param answersVips  whether ARP requests for VIPs are answered here (external and one-arm ports)
 */
public record PortInfo(String name, int index, int dpdkPortId, long mac, List<Address> addresses, boolean answersVips) {

    /** An IPv4 address with its prefix length. */
    public record Address(int address, int prefixLength) {
        public boolean contains(int other) {
            int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
            return (address & mask) == (other & mask);
        }
    }

    public PortInfo {
        addresses = List.copyOf(addresses);
    }

    public boolean owns(int address) {
        for (Address a : addresses) if (a.address() == address) return true;
        return false;
    }

    /** Whether {@code address} is on one of this port's subnets. */
    public boolean onLink(int address) {
        for (Address a : addresses) if (a.contains(address)) return true;
        return false;
    }

    /** The port's address to speak from towards {@code neighbour}: the one on its subnet, else the first. */
    public int sourceFor(int neighbour) {
        for (Address a : addresses) if (a.contains(neighbour)) return a.address();
        return addresses.getFirst().address();
    }
}
