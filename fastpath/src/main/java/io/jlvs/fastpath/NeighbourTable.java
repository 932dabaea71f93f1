package io.jlvs.fastpath;

import org.agrona.collections.Long2LongHashMap;

import java.util.HashMap;
import java.util.Map;

/**
 * An immutable snapshot of next-hop IPv4 address -> MAC. A miss means "unknown": the worker punts
 * the packet and the slow path resolves it (ARP) and publishes a replacement snapshot through
 * {@link ForwardingState}.
 */
public final class NeighbourTable {

    public static final long UNKNOWN = -1;
    public static final NeighbourTable EMPTY = new NeighbourTable(Map.of());

    private final Long2LongHashMap macs;

    private NeighbourTable(Map<Integer, Long> macsByAddress) {
        macs = new Long2LongHashMap(Math.max(16, macsByAddress.size() * 2), 0.5f, UNKNOWN);
        macsByAddress.forEach((address, mac) -> {
            if ((mac & ~0xffff_ffff_ffffL) != 0) throw new IllegalArgumentException("neighbour mac has more than 48 bits: " + Long.toHexString(mac));
            macs.put(address & 0xffffffffL, mac.longValue());
        });
    }

    /** @param macsByAddress host-order IPv4 address -> MAC in the low 48 bits */
    public static NeighbourTable of(Map<Integer, Long> macsByAddress) { return new NeighbourTable(macsByAddress); }

    /** The MAC of {@code address} (low 48 bits), or {@link #UNKNOWN}. */
    public long mac(int address) { return macs.get(address & 0xffffffffL); }

    public int size() { return macs.size(); }

    /** A copy of the entries, address -> MAC (cold path: listing, and building the next snapshot). */
    public Map<Integer, Long> toMap() {
        Map<Integer, Long> copy = new HashMap<>();
        macs.forEachLong((address, mac) -> copy.put((int) address, mac));
        return copy;
    }

    /** The next snapshot with {@code address} resolved (or re-resolved) to {@code mac}. */
    public NeighbourTable with(int address, long mac) {
        Map<Integer, Long> next = toMap();
        next.put(address, mac);
        return new NeighbourTable(next);
    }

    /** The next snapshot without {@code address} (its entry went stale). */
    public NeighbourTable without(int address) {
        Map<Integer, Long> next = toMap();
        next.remove(address);
        return new NeighbourTable(next);
    }
}
