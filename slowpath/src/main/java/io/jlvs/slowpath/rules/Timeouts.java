package io.jlvs.slowpath.rules;

/** Connection timeouts in seconds, as {@code ipvsadm --set tcp tcpfin udp} and {@code -L --timeout}. */
public record Timeouts(int tcp, int tcpFin, int udp) {
    public static final Timeouts IPVS_DEFAULTS = new Timeouts(900, 120, 300);

    /** --set semantics: a 0 keeps the current value. */
    public Timeouts with(Timeouts update) {
        return new Timeouts(update.tcp != 0 ? update.tcp : tcp, update.tcpFin != 0 ? update.tcpFin : tcpFin,
                update.udp != 0 ? update.udp : udp);
    }
}
