package io.jlvs.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Active and inactive connection counts of every real server ("destination"), kept per worker core.
 *
 * <p>Each destination has a stable id, given by the control plane when the server is added and kept
 * across rule snapshots, so a connection can always return its count to the server it was bound to.
 * Only core {@code c} writes row {@code c} (single writer, plain arithmetic published with an opaque
 * store); readers sum the rows with opaque loads. No atomics and no locks on the fast path: a reader
 * may see a sum that is a few connections old, which IPVS's schedulers tolerate too, since they read
 * the counters without locks while other CPUs change them.
 *
 * <p>Hand-written rather than Agrona's counters because the layout (one padded row per core, indexed
 * by destination id) is the whole point and the class is tiny.
 */
public final class DestinationLoad {

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    /** Ints of padding before and after each row so two cores never write the same cache line. */
    private static final int PAD = 16;

    private final int cores;
    private final int capacity;
    private final int rowStride;
    private final int[] active;
    private final int[] inactive;
    private final int[] persistent;
    /**
     * IPVS's OVERLOAD flag per destination id (1 = set). One shared flag, not per core, so the -x/-y
     * hysteresis is the same for every core; see {@link RealServers#overloaded(int)}.
     */
    private final int[] overloadFlag;

    /**
     * @param cores    number of worker cores
     * @param capacity largest destination id + 1
     */
    public DestinationLoad(int cores, int capacity) {
        if (cores < 1) throw new IllegalArgumentException("cores must be >= 1, was " + cores);
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        this.cores = cores;
        this.capacity = capacity;
        this.rowStride = capacity + PAD;
        int length = PAD + cores * rowStride;
        this.active = new int[length];
        this.inactive = new int[length];
        this.persistent = new int[length];
        this.overloadFlag = new int[capacity];
    }

    public int cores() { return cores; }

    public int capacity() { return capacity; }

    private int index(int core, int dest) { return PAD + core * rowStride + dest; }

    /** Adds {@code delta} to the active count of {@code dest}; only core {@code core} may call this. */
    public void addActive(int core, int dest, int delta) {
        int i = index(core, dest);
        INTS.setOpaque(active, i, active[i] + delta);
    }

    /** Adds {@code delta} to the inactive count of {@code dest}; only core {@code core} may call this. */
    public void addInactive(int core, int dest, int delta) {
        int i = index(core, dest);
        INTS.setOpaque(inactive, i, inactive[i] + delta);
    }

    /** Adds {@code delta} to the persistent (template) count of {@code dest}; only core {@code core}. */
    public void addPersistent(int core, int dest, int delta) {
        int i = index(core, dest);
        INTS.setOpaque(persistent, i, persistent[i] + delta);
    }

    /** Active connections of {@code dest} summed over all cores. */
    public int active(int dest) { return sum(active, dest); }

    /** Inactive connections of {@code dest} summed over all cores. */
    public int inactive(int dest) { return sum(inactive, dest); }

    /** Persistence templates pointing at {@code dest}, summed over all cores. */
    public int persistent(int dest) { return sum(persistent, dest); }

    /** IPVS's load figure ("overhead"): active * 256 + inactive. */
    public int overhead(int dest) {
        // one pass over the rows for both counts
        int total = 0;
        int end = PAD + dest + cores * rowStride;
        for (int i = PAD + dest; i < end; i += rowStride) {
            total += ((int) INTS.getOpaque(active, i) << 8) + (int) INTS.getOpaque(inactive, i);
        }
        return total;
    }

    /** Whether IPVS's OVERLOAD flag is set for {@code dest}. */
    public boolean overloadFlag(int dest) { return (int) INTS.getOpaque(overloadFlag, dest) != 0; }

    /**
     * Sets or clears the OVERLOAD flag of {@code dest}. Any core may call this: every writer derives
     * the flag from the same summed counts and thresholds, so concurrent writers agree except at the
     * exact moment a count crosses a threshold, where either answer is one IPVS could give as well.
     */
    public void overloadFlag(int dest, boolean set) { INTS.setOpaque(overloadFlag, dest, set ? 1 : 0); }

    /** Resets every core's counts of {@code dest}; the control plane calls this when it recycles an id. */
    public void clear(int dest) {
        for (int c = 0; c < cores; c++) {
            int i = index(c, dest);
            INTS.setOpaque(active, i, 0);
            INTS.setOpaque(inactive, i, 0);
            INTS.setOpaque(persistent, i, 0);
        }
        INTS.setOpaque(overloadFlag, dest, 0);
    }

    private int sum(int[] counts, int dest) {
        int total = 0;
        int end = PAD + dest + cores * rowStride;
        for (int i = PAD + dest; i < end; i += rowStride) {
            total += (int) INTS.getOpaque(counts, i);
        }
        return total;
    }
}
