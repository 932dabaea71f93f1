package io.jlvs.slowpath.snapshot;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;

import java.util.BitSet;

/**
 * Publishes each new rule set to the workers: builds the {@link ServiceTable} and stores it with one
 * volatile write ({@link ForwardingState#publish(ServiceTable)}). A destination id that was not in the
 * previous configured rule set gets its connection counts cleared first, since the id may have
 * served a deleted server before. "Configured", not published: a server that a health check took out
 * and puts back keeps its id and its counts (its old connections still end and decrement them).
 */
public final class SnapshotPublisher implements RulePublisher {

    private final ServiceTableBuilder builder;
    private final ForwardingState state;
    private final DestinationLoad load;
    private BitSet configuredIds = new BitSet();

    public SnapshotPublisher(ServiceTableBuilder builder, ForwardingState state, DestinationLoad load) {
        this.builder = builder;
        this.state = state;
        this.load = load;
    }

    @Override
    public Runnable prepare(RuleSet rules) {
        return prepare(rules, rules);
    }

    @Override
    public Runnable prepare(RuleSet published, RuleSet configured) {
        BitSet ids = new BitSet();
        for (VirtualService s : configured.services()) for (RealServer r : s.servers()) ids.set(r.destId());
        ServiceTable table = builder.build(published, state.services());
        return () -> {
            synchronized (this) {
                BitSet fresh = (BitSet) ids.clone();
                fresh.andNot(configuredIds);
                fresh.stream().forEach(load::clear);
                state.publish(table);
                configuredIds = ids;
            }
        };
    }

    /** Prepares and publishes at once. */
    public void publish(RuleSet rules) { prepare(rules).run(); }
}
