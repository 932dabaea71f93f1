package io.jlvs.slowpath.journal;

import io.jlvs.slowpath.rules.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One journaled change or event: when, who (origin), the operations, applied all or nothing (one for
 * an ipvsadm command, several for -R or the config's services), and a text for what is not an
 * operation.
 *
 * <p>A health check's transition is journaled as an event: origin {@code healthcheck}, no operations
 * (so replay applies nothing from it) and the transition as text, which {@code jlvsadm --journal}
 * prints.
 *
 * @param origin {@code config}, {@code cli:<user>} or {@code healthcheck}
 * @param text   empty for a rule change; the event's description otherwise
 */
public record JournalEntry(Instant time, String origin, List<Operation> operations, String text) {
    public static final String ORIGIN_CONFIG = "config";
    public static final String ORIGIN_HEALTH_CHECK = "healthcheck";
    /** A VRRP instance's transition (an event, like a health check's). */
    public static final String ORIGIN_VRRP = "vrrp";

    public JournalEntry {
        Objects.requireNonNull(time);
        Objects.requireNonNull(origin);
        operations = List.copyOf(operations);
        text = text == null ? "" : text;
    }

    /** A rule change: operations, no text. */
    public JournalEntry(Instant time, String origin, List<Operation> operations) {
        this(time, origin, operations, "");
    }

    /** A health check's transition: an event that replay does not re-apply. */
    public static JournalEntry healthEvent(Instant time, String description) {
        return new JournalEntry(time, ORIGIN_HEALTH_CHECK, List.of(), description);
    }

    public static String cliOrigin(String user) { return "cli:" + user; }
}
