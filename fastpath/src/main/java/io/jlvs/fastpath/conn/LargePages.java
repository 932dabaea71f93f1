package io.jlvs.fastpath.conn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Allocates big tables in transparent huge pages (2 MiB) where the kernel allows it.
 *
 * <p>Why: a connection lookup touches two random places (an index slot and an entry) in tables of
 * hundreds of MiB. With 4 KiB pages nearly every such touch also misses the TLB, and in a virtual
 * machine a page walk costs several memory accesses more. Debian's default is THP "madvise", so the
 * memory must come from an anonymous mmap marked MADV_HUGEPAGE before it is first touched; an
 * {@link Arena#allocate} zeroes (touches) its memory at once, too early for the advice.
 *
 * <p>The mapping belongs to the given arena: it is unmapped when the arena closes. Anonymous memory
 * reads as zero, which the table relies on. When mmap is unavailable or fails, or the region is small,
 * this falls back to {@code arena.allocate}. Cold path: called at construction only.
 */
final class LargePages {

    static final long HUGE_PAGE = 2L << 20;
    /** {@code -Djlvs.largePages=false} turns this off (to compare, or where THP misbehaves). */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("jlvs.largePages", "true"));

    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null, madvise = null, munmap = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            var size = ValueLayout.JAVA_LONG;
            mmap = libc.find("mmap").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, size, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG))).orElse(null);
            madvise = libc.find("madvise").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, size, ValueLayout.JAVA_INT))).orElse(null);
            munmap = libc.find("munmap").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, size))).orElse(null);
        }
        MMAP = mmap;
        MADVISE = madvise;
        MUNMAP = munmap;
    }

    private LargePages() {}

    /** {@code bytes} of zeroed memory, 64-byte aligned (2 MiB aligned when mapped), freed with the arena. */
    static MemorySegment allocateZeroed(Arena arena, long bytes) {
        if (ENABLED && bytes >= HUGE_PAGE && MMAP != null && MADVISE != null && MUNMAP != null) {
            MemorySegment mapped = map(arena, bytes);
            if (mapped != null) return mapped;
        }
        return arena.allocate(bytes, 64);
    }

    private static MemorySegment map(Arena arena, long bytes) {
        // One huge page extra so the start can be moved up to a 2 MiB boundary.
        long rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        long length = rounded + HUGE_PAGE;
        try {
            MemorySegment base = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length,
                PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (base.address() == -1L || base.address() == 0L) return null;
            long start = (base.address() + HUGE_PAGE - 1) & -HUGE_PAGE;
            MemorySegment aligned = MemorySegment.ofAddress(start);
            // Only advice: without it the memory is still correct, just in 4 KiB pages.
            int ignored = (int) MADVISE.invokeExact(aligned, rounded, MADV_HUGEPAGE);
            long baseAddress = base.address();
            return aligned.reinterpret(bytes, arena, segment -> unmap(baseAddress, length));
        } catch (Throwable e) {
            return null;
        }
    }

    private static void unmap(long address, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), length);
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed", e);
        }
    }
}
