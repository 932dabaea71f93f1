package io.jlvs.slowpath.rules;

import io.jlvs.model.SchedulerFlag;

import java.util.EnumSet;
import java.util.Set;

/**
 * What {@code ipvsadm -A/-E} sets on a service: scheduler with its -b flags, persistence (-p T, -M mask)
 * and one-packet scheduling (-o). An edit replaces all of them, as IPVS does.
 *
 * @param persistenceTimeout seconds; 0 = not persistent
 * @param netmask            persistence granularity, 0xffffffff (/32) by default
 */
public record ServiceSettings(String scheduler, Set<SchedulerFlag> flags, int persistenceTimeout, int netmask,
                              boolean onePacket) {
    public static final String DEFAULT_SCHEDULER = "wlc";
    /** ipvsadm's IPVS_SVC_PERSISTENT_TIMEOUT, used for -p without a value. */
    public static final int DEFAULT_PERSISTENCE_TIMEOUT = 360;

    public ServiceSettings {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public boolean persistent() { return persistenceTimeout > 0; }

    /** -b text in ipvsadm's order (fallback before port), e.g. "sh-fallback,sh-port"; "" without flags. */
    public String flagsText() {
        StringBuilder text = new StringBuilder();
        for (SchedulerFlag f : SchedulerFlag.values()) {
            if (flags.contains(f)) text.append(text.isEmpty() ? "" : ",").append(f.ipvsadmName());
        }
        return text.toString();
    }
}
