package io.jlvs.bindings.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Bindings for the few glibc functions jlvs needs (sched.h, unistd.h, sys/mman.h), in the shape
 * jextract generates. The calls that report failure through errno are linked with
 * {@code Linker.Option.captureCallState("errno")} and take the capture segment as first argument
 * ({@link #allocateCallState}); {@link #errno} reads it.
 */
public final class LibC {
    private LibC() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** MCL_CURRENT: lock the pages mapped now. */
    public static final int MCL_CURRENT = 1;
    /** MCL_FUTURE: lock the pages mapped from now on. */
    public static final int MCL_FUTURE = 2;
    /** CPU_SETSIZE: the number of CPUs a cpu_set_t holds. */
    public static final int CPU_SETSIZE = 1024;
    /** cpu_set_t: CPU_SETSIZE bits in unsigned longs (128 bytes). */
    public static final MemoryLayout cpu_set_t = MemoryLayout.sequenceLayout(CPU_SETSIZE / 64, JAVA_LONG).withName("cpu_set_t");

    /** A segment for the errno the errno-capturing calls store. */
    public static MemorySegment allocateCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno a capturing call stored in {@code callState}. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc: " + name)),
                descriptor, options);
    }

    // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)
    private static final class sched_setaffinity {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = downcall("sched_setaffinity", DESC, CAPTURE_ERRNO);
    }

    /** int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask): pid 0 or a tid is one thread. */
    public static int sched_setaffinity(MemorySegment callState, int pid, long cpusetsize, MemorySegment mask) {
        try {
            return (int) sched_setaffinity.HANDLE.invokeExact(callState, pid, cpusetsize, mask);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)
    private static final class sched_getaffinity {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = downcall("sched_getaffinity", DESC, CAPTURE_ERRNO);
    }

    /** int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask) */
    public static int sched_getaffinity(MemorySegment callState, int pid, long cpusetsize, MemorySegment mask) {
        try {
            return (int) sched_getaffinity.HANDLE.invokeExact(callState, pid, cpusetsize, mask);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // pid_t gettid(void)
    private static final class gettid {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = downcall("gettid", DESC);
    }

    /** pid_t gettid(void): the calling thread's kernel id. */
    public static int gettid() {
        try {
            return (int) gettid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int mlockall(int flags)
    private static final class mlockall {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("mlockall", DESC, CAPTURE_ERRNO);
    }

    /** int mlockall(int flags): MCL_CURRENT | MCL_FUTURE */
    public static int mlockall(MemorySegment callState, int flags) {
        try {
            return (int) mlockall.HANDLE.invokeExact(callState, flags);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int munlockall(void)
    private static final class munlockall {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = downcall("munlockall", DESC);
    }

    /** int munlockall(void) */
    public static int munlockall() {
        try {
            return (int) munlockall.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // char *strerror(int errnum)
    private static final class strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("strerror", DESC);
    }

    /** char *strerror(int errnum) */
    public static MemorySegment strerror(int errnum) {
        try {
            return (MemorySegment) strerror.HANDLE.invokeExact(errnum);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** strerror(errnum) as a Java string (a convenience for messages). */
    public static String errorText(int errnum) {
        MemorySegment s = strerror(errnum);
        return s.equals(MemorySegment.NULL) ? "errno " + errnum : s.reinterpret(256).getString(0);
    }
}
