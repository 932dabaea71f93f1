package io.jlvs.slowpath.journal;

import io.jlvs.slowpath.rules.Operation;

import java.time.Instant;
import java.util.List;

/**
 * One acknowledged change: when, who (origin) and the operations, applied all or nothing (one for an
 * ipvsadm command, several for -R or the config's services).
 *
 * @param origin {@code config}, {@code cli:<user>} or {@code healthcheck}
 */
public record JournalEntry(Instant time, String origin, List<Operation> operations) {
    public static final String ORIGIN_CONFIG = "config";
    public static final String ORIGIN_HEALTH_CHECK = "healthcheck";

    public JournalEntry {
        operations = List.copyOf(operations);
    }

    public static String cliOrigin(String user) { return "cli:" + user; }
}
