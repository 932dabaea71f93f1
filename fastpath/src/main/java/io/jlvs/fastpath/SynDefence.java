package io.jlvs.fastpath;

import io.jlvs.fastpath.conn.ConnectionTable;
import io.jlvs.fastpath.conn.EmbryonicEviction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker's SYN-flood defences, in layers (settings: {@link SynDefenceSettings}):
 * <ol>
 *   <li>the connection table never grows past its capacity, and with drop_entry a new connection
 *       finding it full takes the place of an embryonic entry ({@link EmbryonicEviction});</li>
 *   <li>secure_tcp: while the table is under pressure (or always), SYN_RECV entries time out after a
 *       few seconds instead of 60, so a flood's half-open entries leave faster;</li>
 *   <li>a per-source-prefix new-connection rate limit ({@link NewConnectionRateLimit}).</li>
 * </ol>
 * The processor makes three calls: {@link #use} once per burst (one volatile read of the settings
 * in {@link ForwardingState}), {@link #admit} on the new-connection path, {@link #tick} from its
 * housekeeping. No allocation, no locks; counters have one writer and lock-free readers.
 */
public final class SynDefence {

    /** How often {@link #tick} looks at the table's occupancy. */
    static final long TICK_MS = 10;

    private static final VarHandle UNDER_PRESSURE, PRESSURE_EPISODES;

    static {
        try {
            var lookup = MethodHandles.lookup();
            UNDER_PRESSURE = lookup.findVarHandle(SynDefence.class, "underPressure", boolean.class);
            PRESSURE_EPISODES = lookup.findVarHandle(SynDefence.class, "pressureEpisodes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnectionTable table;
    private final EmbryonicEviction eviction;
    private final NewConnectionRateLimit rateLimit = new NewConnectionRateLimit();
    private SynDefenceSettings applied;
    private long nextTick = Long.MIN_VALUE;
    /** secure_tcp's timeout is in force now. */
    private boolean underPressure;
    private long pressureEpisodes;
    private int enterSize;
    private int leaveSize;
    private int embryonicTimeoutMs;

    public SynDefence(ConnectionTable table, long seed) {
        this.table = table;
        this.eviction = new EmbryonicEviction(seed);
        table.setEviction(eviction);
        use(SynDefenceSettings.NONE);
    }

    /** Applies {@code settings} if they are not the ones in force; once per burst, owner core. */
    public void use(SynDefenceSettings settings) {
        if (settings == applied) return;
        applied = settings;
        eviction.setEnabled(settings.dropEntry());
        rateLimit.configure(settings.ratePrefixLength(), settings.ratePerSecond(), settings.rateBurst(), settings.rateTotalPerSecond());
        long capacity = table.capacity();
        enterSize = (int) Math.max(1, capacity * settings.pressurePercent() / 100);
        leaveSize = enterSize * 3 / 4;
        embryonicTimeoutMs = settings.embryonicTimeoutSeconds() * 1000;
        setPressure(settings.secureTcp() == SynDefenceSettings.ALWAYS
                || settings.secureTcp() == SynDefenceSettings.AUTO && table.size() >= enterSize);
    }

    /** Whether a new connection from {@code source} may be scheduled (the rate limit); counted by the caller's drop. */
    public boolean admit(int source, long now) {
        return rateLimit.allow(source, now);
    }

    /**
     * secure_tcp's automatic mode: every {@value #TICK_MS} ms, on when the table is at the pressure
     * threshold, off below three quarters of it.
     *
     * @return work done (1 when the occupancy was looked at)
     */
    public int tick(long now) {
        if (now < nextTick) return 0;
        nextTick = now + TICK_MS;
        if (applied.secureTcp() != SynDefenceSettings.AUTO) return 0;
        int size = table.size();
        if (!underPressure && size >= enterSize) setPressure(true);
        else if (underPressure && size < leaveSize) setPressure(false);
        return 1;
    }

    private void setPressure(boolean on) {
        if (on == underPressure && on == (table.embryonicTimeoutCapMs() != 0)) return;
        if (on && !underPressure) PRESSURE_EPISODES.setOpaque(this, pressureEpisodes + 1);
        UNDER_PRESSURE.setOpaque(this, on);
        table.capEmbryonicTimeout(on ? embryonicTimeoutMs : 0);
    }

    public SynDefenceSettings settings() { return applied; }

    /** secure_tcp's short SYN_RECV timeout is in force now (any thread). */
    public boolean underPressure() { return (boolean) UNDER_PRESSURE.getOpaque(this); }

    /** Times secure_tcp switched on. */
    public long pressureEpisodes() { return (long) PRESSURE_EPISODES.getOpaque(this); }

    /** Embryonic entries drop_entry removed to make room. */
    public long evicted() { return eviction.evicted(); }

    /** Times the table was full and drop_entry found nothing embryonic to remove. */
    public long evictionMissed() { return eviction.missed(); }
}
