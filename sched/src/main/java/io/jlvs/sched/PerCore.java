package io.jlvs.sched;

import java.util.Arrays;

/**
 * Layout of per-core scheduler state in plain int arrays: one cache line (16 ints) per core so two
 * cores never write the same line. Hand-written because it is three lines and sits on the hot path.
 */
final class PerCore {

    static final int STRIDE = 16;

    private PerCore() {}

    /** An array with {@link #STRIDE} ints per core, every field of every core set to {@code initial}. */
    static int[] ints(int cores, int initial) {
        if (cores < 1) throw new IllegalArgumentException("cores must be >= 1, was " + cores);
        int[] a = new int[cores * STRIDE];
        Arrays.fill(a, initial);
        return a;
    }

    static int slot(int core) { return core * STRIDE; }
}
