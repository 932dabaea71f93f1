package io.jlvs.slowpath.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** What the sync daemon sent, received and refused; written by its thread, read by anyone. */
public final class SyncCounters {

    public enum Counter {
        MESSAGES_SENT("messages sent"),
        RECORDS_SENT("records sent"),
        SEND_FAILED("send failed"),
        EXPORT_RING_FULL("records lost: worker ring full"),
        MESSAGES_RECEIVED("messages received"),
        RECORDS_APPLIED("records applied"),
        TEMPLATES_APPLIED("templates applied"),
        HEADER_TOO_SHORT("message header too short"),
        BAD_SIZE("message size does not match datagram"),
        OTHER_SYNCID("other syncid (ignored)"),
        VERSION_0("version 0 message (not supported)"),
        MESSAGE_TRUNCATED("record beyond message (rest dropped)"),
        BAD_RECORD_VERSION("unknown record version (rest dropped)"),
        BAD_OPTION("malformed option (rest dropped)"),
        RECORD_IPV6("ipv6 record (skipped)"),
        UNKNOWN_MANDATORY_OPTION("unknown mandatory option (skipped)"),
        UNSUPPORTED_PROTOCOL("unsupported protocol (skipped)"),
        BAD_STATE("invalid state (skipped)"),
        BAD_PERSISTENCE_ENGINE("persistence engine data without a known engine (skipped)"),
        NO_SERVICE("no such service or real server here (skipped)"),
        IMPORT_RING_FULL("records lost: worker import ring full");

        private final String text;

        Counter(String text) { this.text = text; }

        public String text() { return text; }
    }

    private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

    public void add(Counter c, long n) { values.addAndGet(c.ordinal(), n); }

    public void increment(Counter c) { values.incrementAndGet(c.ordinal()); }

    public long get(Counter c) { return values.get(c.ordinal()); }

    /** The non-zero counters, in declaration order. */
    public Map<String, Long> nonZero() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) if (get(c) != 0) m.put(c.text(), get(c));
        return m;
    }
}
