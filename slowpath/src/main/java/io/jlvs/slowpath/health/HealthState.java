package io.jlvs.slowpath.health;

/** What the checks say about a real server. */
public enum HealthState {
    /** In service with its configured weight. Every checked server starts here, as in keepalived. */
    UP,
    /** Failed its check {@code retries} times in a row: quiesced or removed, as configured. */
    DOWN,
    /**
     * No longer checked (its check or the server itself left the rules). Only ever the target of an
     * event from {@link #DOWN}: it tells the control plane to stop holding the server out of service.
     */
    UNCHECKED
}
