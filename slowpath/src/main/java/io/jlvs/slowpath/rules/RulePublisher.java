package io.jlvs.slowpath.rules;


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

    /**
     * The same for a rule set that health checks have changed: {@code published} is what to forward
     * with, {@code configured} the rule set under it (see {@code health.HealthOverlay}). A server
     * taken out by its check keeps its destination id in {@code configured}, so a publisher that
     * keeps per-id state (connection counts) must not treat the id as new when the server comes back.
     */
    default Runnable prepare(RuleSet published, RuleSet configured) {
        return prepare(published);
    }

    /** For a control plane that nothing forwards with. */
    RulePublisher NONE = rules -> () -> {};
}
