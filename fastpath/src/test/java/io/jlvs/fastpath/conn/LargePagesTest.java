package io.jlvs.fastpath.conn;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LargePagesTest {

    @Test
    void bigRegionsAreZeroedAlignedAndFreedWithTheirArena() {
        long bytes = 5L * LargePages.HUGE_PAGE + 12;
        Arena arena = Arena.ofShared();
        MemorySegment segment = LargePages.allocateZeroed(arena, bytes);
        assertEquals(bytes, segment.byteSize());
        assertEquals(0, segment.address() % LargePages.HUGE_PAGE, "mapped on a 2 MiB boundary");
        for (long offset = 0; offset < bytes; offset += 4093) {
            assertEquals(0, segment.get(ValueLayout.JAVA_BYTE, offset));
        }
        segment.set(ValueLayout.JAVA_BYTE, bytes - 1, (byte) 7);
        assertEquals(7, segment.get(ValueLayout.JAVA_BYTE, bytes - 1));
        arena.close();
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void smallRegionsComeFromTheArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = LargePages.allocateZeroed(arena, 4096);
            assertEquals(4096, segment.byteSize());
            assertEquals(0, segment.address() % 64);
            assertEquals(0L, segment.get(ValueLayout.JAVA_LONG, 4088));
        }
    }
}
