package io.jlvs.bindings.runtime;

import io.jlvs.bindings.libc.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;

/** CPU affinity of the calling thread (sched_setaffinity / sched_getaffinity on its own tid). */
public final class Affinity {
    private Affinity() {}

    /** The calling thread's kernel thread id (gettid). */
    public static int tid() {
        return LibC.gettid();
    }

    /** The CPUs the calling thread may run on. */
    public static BitSet currentThreadCpus() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.allocateCallState(arena);
            MemorySegment mask = arena.allocate(LibC.cpu_set_t);
            if (LibC.sched_getaffinity(state, 0, mask.byteSize(), mask) != 0) {
                int errno = LibC.errno(state);
                throw new IllegalStateException("sched_getaffinity: " + LibC.errorText(errno) + " (errno " + errno + ")");
            }
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
        }
    }

    /** Restricts the calling thread to {@code cpus}. */
    public static void setCurrentThreadCpus(BitSet cpus) {
        if (cpus.isEmpty() || cpus.length() > LibC.CPU_SETSIZE) {
            throw new IllegalArgumentException("a CPU set of 1 to " + LibC.CPU_SETSIZE + " CPUs, not " + cpus);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.allocateCallState(arena);
            MemorySegment mask = arena.allocate(LibC.cpu_set_t);
            long[] words = cpus.toLongArray();
            MemorySegment.copy(words, 0, mask, ValueLayout.JAVA_LONG, 0, words.length);
            if (LibC.sched_setaffinity(state, 0, mask.byteSize(), mask) != 0) {
                int errno = LibC.errno(state);
                throw new IllegalArgumentException("cannot pin thread " + tid() + " to CPUs " + cpus + ": "
                        + LibC.errorText(errno) + " (errno " + errno + "); CPUs allowed to this process: " + currentThreadCpus());
            }
        }
    }

    /** Pins the calling thread to one CPU. */
    public static void pinCurrentThread(int cpu) {
        BitSet one = new BitSet();
        one.set(cpu);
        setCurrentThreadCpus(one);
    }
}
