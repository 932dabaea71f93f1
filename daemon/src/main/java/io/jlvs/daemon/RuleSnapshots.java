package io.jlvs.daemon;

import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleEditor;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.Timeouts;
import io.jlvs.slowpath.rules.text.RuleText;

import java.util.List;

/**
 * Where the daemon's rule sets come from: the seam between the data plane and the control plane.
 * The data plane gives a publisher (rule set -> ServiceTable -> one volatile write); a source
 * publishes the first rule set before {@link #start} returns and again on every change.
 * The daemon's is the control plane ({@link ControlPlaneDaemon}: journal, jlvsadm socket); {@link #fixed} is the replay
 * tool's.
 */
public interface RuleSnapshots extends AutoCloseable {

    void start(RulePublisher publisher) throws Exception;

    @Override
    default void close() {}

    /** One rule set, published once. */
    static RuleSnapshots fixed(RuleSet rules) {
        return publisher -> publisher.prepare(rules).run();
    }

    /**
     * The rule set {@code operations} make (ipvsadm -R semantics: all or nothing) over {@code timeouts}
     * (the config's; a {@code --set} among the operations applies on top).
     */
    static RuleSet apply(List<Operation> operations, Timeouts timeouts, int destCapacity) throws RuleException {
        RuleEditor editor = new RuleEditor(new RuleSet(List.of(), timeouts, 0, 0), destCapacity);
        for (int i = 0; i < operations.size(); i++) {
            try {
                editor.apply(operations.get(i));
            } catch (RuleException e) {
                throw new RuleException(RuleText.format(operations.get(i)) + ": " + e.getMessage(), e.exitStatus());
            }
        }
        return editor.build();
    }
}
