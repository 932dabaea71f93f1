package io.jlvs.slowpath.neighbour;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.NeighbourTable;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.MacText;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The director's ARP cache, kept by the slow-path thread, published to the workers as an immutable
 * {@link NeighbourTable} with one volatile write whenever a MAC appears, changes or goes.
 *
 * <p>States, after Linux's neighbour table: INCOMPLETE (asked, no answer yet: packets wait here,
 * at most {@code holdPerNeighbour} of them), REACHABLE (answered within {@code reachableMs}),
 * STALE (older: still used, and re-resolved with up to {@code maxProbes} requests
 * {@code retransmitMs} apart; no answer removes it), STATIC (from the config or --neigh: never
 * expires, never replaced by ARP). An INCOMPLETE entry without an answer after {@code maxProbes}
 * requests is removed and its packets dropped.
 *
 * <p>Single-threaded by design (the slow-path thread); the methods are synchronized only so that
 * a reader elsewhere (a test, the admin socket) sees a consistent list.
 */
public final class NeighbourCache {

    public enum State { INCOMPLETE, REACHABLE, STALE, STATIC }

    /** Timers and bounds. Linux's defaults: reachable 30 s, retransmit 1 s, 3 probes, 3 queued packets (we hold 8). */
    public record Timing(long reachableMs, long retransmitMs, int maxProbes, int holdPerNeighbour) {
        public static final Timing DEFAULT = new Timing(30_000, 1_000, 3, 8);
    }

    /** A packet waiting for a neighbour, with the worker that punted it (the flow's owner). */
    public record Held(long mbuf, int worker) {}

    /** One row for display: address, MAC (or -1), state, milliseconds since the last update. */
    public record View(int address, long mac, State state, long ageMs, int held) {
        @Override
        public String toString() {
            return Ipv4Text.format(address) + " " + (mac < 0 ? "(incomplete)" : MacText.format(mac)) + " "
                    + state.name().toLowerCase() + " age " + ageMs + "ms" + (held > 0 ? " held " + held : "");
        }
    }

    /** What the caller should do after {@link #hold}. */
    public enum HoldResult {
        /** Held; the entry is new: send an ARP request now. */
        HELD_SEND_REQUEST,
        /** Held behind an earlier request. */
        HELD,
        /** The MAC is known (published after the worker looked): process the packet again now. */
        KNOWN,
        /** The queue of this neighbour is full: drop the packet. */
        QUEUE_FULL
    }

    /** What the timer decided: addresses to probe, packets to drop (their neighbour never answered). */
    public record TickResult(List<Integer> probe, List<Held> dropped) {}

    private static final class Entry {
        final int address;
        long mac = -1;
        State state;
        long updatedAt;
        long probedAt;
        int probes;
        final ArrayDeque<Held> held = new ArrayDeque<>();

        Entry(int address, State state, long now) {
            this.address = address;
            this.state = state;
            this.updatedAt = now;
        }
    }

    private final ForwardingState state;
    private final Timing timing;
    private final Map<Integer, Entry> entries = new HashMap<>();
    private java.util.function.Consumer<View> listener = view -> { };

    public NeighbourCache(ForwardingState state, Map<Integer, Long> statics, Timing timing) {
        this.state = state;
        this.timing = timing;
        statics.forEach((address, mac) -> {
            Entry e = new Entry(address, State.STATIC, 0);
            e.mac = mac;
            entries.put(address, e);
        });
        publish();
    }

    /** Told of every entry whose MAC appears, changes or goes (state FAILED-like removal: mac -1). */
    public synchronized void onChange(java.util.function.Consumer<View> listener) {
        this.listener = listener;
    }

    /** Adds or replaces a static entry (publishes). */
    public synchronized void addStatic(int address, long mac) {
        Entry e = entries.computeIfAbsent(address, a -> new Entry(a, State.STATIC, 0));
        e.state = State.STATIC;
        e.mac = mac;
        publish();
    }

    /** Queues a packet that waits for {@code address}. */
    public synchronized HoldResult hold(int address, long mbuf, int worker, long now) {
        Entry e = entries.get(address);
        if (e != null && e.mac >= 0) return HoldResult.KNOWN;
        boolean fresh = e == null;
        if (fresh) {
            e = new Entry(address, State.INCOMPLETE, now);
            e.probedAt = now;
            e.probes = 1;
            entries.put(address, e);
        }
        if (e.held.size() >= timing.holdPerNeighbour()) return HoldResult.QUEUE_FULL;
        e.held.add(new Held(mbuf, worker));
        return fresh ? HoldResult.HELD_SEND_REQUEST : HoldResult.HELD;
    }

    /**
     * An ARP packet said {@code address} is at {@code mac}. Updates an entry we have (not a static
     * one), or creates one when {@code create} (the sender asked us something, as Linux learns).
     *
     * @return the packets that waited for this neighbour, to process again
     */
    public synchronized List<Held> learn(int address, long mac, boolean create, long now) {
        Entry e = entries.get(address);
        if (e == null) {
            if (!create) return List.of();
            e = new Entry(address, State.REACHABLE, now);
            entries.put(address, e);
        }
        if (e.state == State.STATIC) return List.of();
        boolean changed = e.mac != mac;
        e.mac = mac;
        e.state = State.REACHABLE;
        e.updatedAt = now;
        e.probes = 0;
        if (changed) {
            publish();
            listener.accept(new View(address, mac, State.REACHABLE, 0, e.held.size()));
        }
        List<Held> released = new ArrayList<>(e.held);
        e.held.clear();
        return released;
    }

    /** Ages entries; see the class comment. */
    public synchronized TickResult tick(long now) {
        List<Integer> probe = new ArrayList<>();
        List<Held> dropped = new ArrayList<>();
        boolean changed = false;
        var it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            switch (e.state) {
                case STATIC -> { }
                case REACHABLE -> {
                    if (now - e.updatedAt >= timing.reachableMs()) {
                        e.state = State.STALE;
                        e.probes = 1;
                        e.probedAt = now;
                        probe.add(e.address);
                    }
                }
                case STALE, INCOMPLETE -> {
                    if (now - e.probedAt >= timing.retransmitMs()) {
                        if (e.probes >= timing.maxProbes()) {
                            dropped.addAll(e.held);
                            it.remove();
                            changed |= e.mac >= 0;
                            listener.accept(new View(e.address, -1, e.state, now - e.updatedAt, 0));
                        } else {
                            e.probes++;
                            e.probedAt = now;
                            probe.add(e.address);
                        }
                    }
                }
            }
        }
        if (changed) publish();
        return new TickResult(probe, dropped);
    }

    /** The MAC of {@code address}, or -1. */
    public synchronized long mac(int address) {
        Entry e = entries.get(address);
        return e == null ? -1 : e.mac;
    }

    public synchronized List<View> entries(long now) {
        List<View> views = new ArrayList<>();
        for (Entry e : entries.values()) {
            views.add(new View(e.address, e.mac, e.state, e.state == State.STATIC ? 0 : now - e.updatedAt, e.held.size()));
        }
        views.sort(Comparator.comparingLong(v -> v.address() & 0xffffffffL));
        return views;
    }

    private void publish() {
        Map<Integer, Long> macs = new HashMap<>();
        for (Entry e : entries.values()) if (e.mac >= 0) macs.put(e.address, e.mac);
        state.publish(NeighbourTable.of(macs));
    }
}
