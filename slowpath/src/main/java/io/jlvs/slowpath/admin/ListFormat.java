package io.jlvs.slowpath.admin;

/**
 * How -L prints: which table (ipvsadm lets --stats win over --rate over --thresholds over
 * --persistent-conn), --exact, --nosort. Addresses are always printed numerically: jlvsadm never
 * asks DNS or /etc/services, so -n is accepted and changes nothing.
 */
public record ListFormat(Table table, boolean exact, boolean noSort) {
    public static final ListFormat PLAIN = new ListFormat(Table.PLAIN, false, false);

    public enum Table { PLAIN, STATS, RATE, THRESHOLDS, PERSISTENT_CONN }
}
