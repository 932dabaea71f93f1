package io.jlvs.slowpath.health;

/**
 * What the control plane does with a health transition: put it into effect on the rule set it
 * publishes (see {@link HealthOverlay}) and journal it as an event with origin {@code healthcheck},
 * one that replay skips.
 *
 * <p>Calls come one at a time (never concurrently), in the order the transitions happened, from a
 * checker thread or from the thread that called {@link HealthMonitor#update}, with no lock of the
 * monitor held: the implementation may take its own lock and may call {@link HealthMonitor#update}.
 */
@FunctionalInterface
public interface HealthActions {

    /** A thrown exception is logged; the checks carry on (the server's health is what it is). */
    void apply(HealthEvent event) throws Exception;
}
