package io.jlvs.fastpath.conn;

/**
 * IPVS's drop_entry for a full table (ip_vs_random_dropentry): when a new connection finds its
 * worker's table full, up to {@value #PROBES} random handles are looked at and the first embryonic
 * TCP entry found (NONE, SYN_RECV, SYNACK: a handshake that has not completed, which is what a
 * spoofed SYN flood leaves behind) is removed to make room. Established and closing entries are
 * never touched, so under a flood the table stays at its bound, full of the flood's half-open
 * entries, and every new connection, the flood's and real clients' alike, takes the place of one of
 * them. A table full of established connections still refuses new ones ("table full").
 *
 * <p>Owned by one table ({@link ConnectionTable#setEviction}), called from its insert on the owner
 * core; no allocation. The random choice uses a xorshift generator so an attacker cannot predict
 * which entries go.
 */
public final class EmbryonicEviction {

    static final int PROBES = 16;

    private long random;
    private boolean enabled;
    // Counts; the owner core writes them (plain add, opaque store), anyone reads.
    private long evicted;
    private long missed;
    private static final java.lang.invoke.VarHandle EVICTED, MISSED;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            EVICTED = lookup.findVarHandle(EmbryonicEviction.class, "evicted", long.class);
            MISSED = lookup.findVarHandle(EmbryonicEviction.class, "missed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public EmbryonicEviction(long seed) {
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** drop_entry on or off; owner core only. */
    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public boolean enabled() { return enabled; }

    /**
     * The table is full and {@code table} wants one free entry: removes an embryonic entry if the
     * probes find one. Called by {@link ConnectionTable#insert} only.
     *
     * @return whether an entry was removed
     */
    boolean makeRoom(ConnectionTable table, long now) {
        if (!enabled) return false;
        int limit = table.handleLimit();
        long r = random;
        for (int probe = 0; probe < PROBES; probe++) {
            r ^= r << 13;
            r ^= r >>> 7;
            r ^= r << 17;
            int h = (int) ((r >>> 33) % limit);
            if (table.isLive(h) && table.protocol(h) == 6 && isEmbryonic(table.state(h))) {
                random = r;
                table.expireNow(h, now);
                EVICTED.setOpaque(this, evicted + 1);
                return true;
            }
        }
        random = r;
        MISSED.setOpaque(this, missed + 1);
        return false;
    }

    /** A handshake not completed: what drop_entry removes first. */
    static boolean isEmbryonic(int state) {
        return state == TcpState.SYN_RECV || state == TcpState.SYNACK || state == TcpState.NONE;
    }

    /** Entries removed to make room. */
    public long evicted() { return (long) EVICTED.getOpaque(this); }

    /** Times the table was full and the probes found no embryonic entry (the new connection was refused). */
    public long missed() { return (long) MISSED.getOpaque(this); }
}
