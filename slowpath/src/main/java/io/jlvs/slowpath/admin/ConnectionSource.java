package io.jlvs.slowpath.admin;

import java.util.List;

/**
 * Where {@code -L -c} gets its entries; the data-plane daemon implements it over the workers'
 * connection tables (read off the hot path).
 */
public interface ConnectionSource {

    List<Entry> connections();

    /**
     * One line of ipvsadm -c.
     *
     * @param protocol       "TCP" or "UDP"
     * @param state          IPVS's state name, e.g. ESTABLISHED
     * @param expiresSeconds seconds until the entry expires
     */
    record Entry(String protocol, int clientAddress, int clientPort, int virtualAddress, int virtualPort,
                 int destAddress, int destPort, String state, long expiresSeconds) {}

    ConnectionSource NONE = List::of;
}
