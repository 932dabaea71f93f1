package io.jlvs.slowpath;

import io.jlvs.slowpath.rules.RuleSet;

/** Hands each new rule set to whoever forwards with it, in two steps so that a refusal comes before the journal. */
@FunctionalInterface
public interface RulePublisher {

    /**
     * Prepares everything that can fail (the fast path's snapshot, its schedulers) and returns the
     * action that makes it current, which cannot fail.
     *
     * @throws IllegalArgumentException when the rule set cannot be forwarded with; the change is refused
     */
    Runnable prepare(RuleSet rules);

    /** For a control plane that nothing forwards with. */
    RulePublisher NONE = rules -> () -> {};
}
