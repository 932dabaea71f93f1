package io.jlvs.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** ipvsadm's scheduler flags ({@code -b}); IPVS maps them onto flag-1 (fallback) and flag-2 (port). */
public enum SchedulerFlag {
    SH_FALLBACK("sh"), SH_PORT("sh"), MH_FALLBACK("mh"), MH_PORT("mh");

    private final String scheduler;

    SchedulerFlag(String scheduler) { this.scheduler = scheduler; }

    /** The scheduler this flag belongs to. */
    public String scheduler() { return scheduler; }

    /** ipvsadm's spelling: sh-fallback, sh-port, mh-fallback, mh-port. */
    public String ipvsadmName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** Parses ipvsadm's comma-separated {@code -b} value, e.g. "sh-fallback,sh-port"; "" gives no flags. */
    public static Set<SchedulerFlag> parse(String commaSeparated) {
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        for (String part : commaSeparated.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) continue;
            SchedulerFlag found = null;
            for (SchedulerFlag f : values()) if (f.ipvsadmName().equals(name)) found = f;
            if (found == null) {
                throw new IllegalArgumentException("unknown scheduler flag '" + name + "'; valid: "
                        + Arrays.stream(values()).map(SchedulerFlag::ipvsadmName).toList());
            }
            flags.add(found);
        }
        return flags;
    }
}
