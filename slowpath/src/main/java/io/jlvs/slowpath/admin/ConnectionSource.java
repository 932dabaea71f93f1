package io.jlvs.slowpath.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where {@code -L -c} gets its entries; the data-plane daemon implements it over the workers'
 * connection tables and the persistence templates (read off the hot path).
 */
public interface ConnectionSource {

    /**
     * Hands every entry to {@code sink} as it is read, connections and persistence templates alike,
     * so that a listing of millions is never held whole.
     */
    void forEach(Consumer<Entry> sink);

    /** Every entry in one list: for tests and small tables. */
    default List<Entry> connections() {
        List<Entry> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    /**
     * One line of ipvsadm -c.
     *
     * @param protocol       "TCP" or "UDP"
     * @param state          IPVS's state name, e.g. ESTABLISHED; a persistence template's is NONE
     * @param expiresSeconds seconds until the entry expires
     */
    record Entry(String protocol, int clientAddress, int clientPort, int virtualAddress, int virtualPort,
                 int destAddress, int destPort, String state, long expiresSeconds) {}

    ConnectionSource NONE = sink -> { };
}
