package io.jlvs.slowpath.snapshot;

import io.jlvs.fastpath.ForwardingState;
import io.jlvs.fastpath.ServiceTable;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.RulePublisher;
import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;

import java.util.BitSet;

/**
 * Publishes each new rule set to the workers: builds the {@link ServiceTable} and stores it with one
 * volatile write ({@link ForwardingState#publish(ServiceTable)}). A destination id that was not in the
 * previous snapshot gets its connection counts cleared first, since the id may have served a deleted
 * server before.
 */
public final class SnapshotPublisher implements RulePublisher {

    private final ServiceTableBuilder builder;
    private final ForwardingState state;
    private final DestinationLoad load;
    private BitSet publishedIds = new BitSet();

    public SnapshotPublisher(ServiceTableBuilder builder, ForwardingState state, DestinationLoad load) {
        this.builder = builder;
        this.state = state;
        this.load = load;
    }

    @Override
    public Runnable prepare(RuleSet rules) {
        BitSet ids = new BitSet();
        for (VirtualService s : rules.services()) for (RealServer r : s.servers()) ids.set(r.destId());
        ServiceTable table = builder.build(rules, state.services());
        return () -> {
            synchronized (this) {
                BitSet fresh = (BitSet) ids.clone();
                fresh.andNot(publishedIds);
                fresh.stream().forEach(load::clear);
                state.publish(table);
                publishedIds = ids;
            }
        };
    }

    /** Prepares and publishes at once. */
    public void publish(RuleSet rules) { prepare(rules).run(); }
}
