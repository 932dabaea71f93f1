package io.jlvs.slowpath.rules.text;

/**
 * How -L prints: which table (ipvsadm lets --stats win over --rate over --thresholds over
 * --persistent-conn), --exact, --nosort, and -n (without it ports print by name, see {@link PortNames}).
 */
public record ListFormat(Table table, boolean exact, boolean noSort, boolean numeric) {
    /** Plain {@code jlvsadm} with no arguments: ipvsadm's list_all(FMT_NONE). */
    public static final ListFormat PLAIN = new ListFormat(Table.PLAIN, false, false, false);

    /** HEALTH is jlvs's own ({@code --health}): each server's check and state, after the other tables in priority. */
    public enum Table { PLAIN, STATS, RATE, THRESHOLDS, PERSISTENT_CONN, HEALTH }
}
