package io.jlvs.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpscLongRingTest {

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new SpscLongRing(12));
        assertThrows(IllegalArgumentException.class, () -> new SpscLongRing(1));
        assertThrows(IllegalArgumentException.class, () -> new SpscLongRing(0));
        assertEquals(16, new SpscLongRing(16).capacity());
    }

    @Test
    void anEmptyRingDrainsNothing() {
        SpscLongRing ring = new SpscLongRing(8);
        long[] dst = {-1, -1};

        assertEquals(0, ring.drain(dst, 2));
        assertArrayEquals(new long[] {-1, -1}, dst);
        assertTrue(ring.isEmpty());
    }

    @Test
    void valuesComeOutInTheOrderTheyWentIn() {
        SpscLongRing ring = new SpscLongRing(8);

        assertTrue(ring.offer(11));
        assertEquals(2, ring.offer(new long[] {0, 12, 13, 0}, 1, 2));
        assertEquals(3, ring.size());

        long[] dst = new long[8];
        assertEquals(3, ring.drain(dst, 8));
        assertArrayEquals(new long[] {11, 12, 13}, Arrays.copyOf(dst, 3));
        assertEquals(0, ring.size());
    }

    @Test
    void aFullRingRefusesMoreUntilTheConsumerMakesRoom() {
        SpscLongRing ring = new SpscLongRing(4);
        assertEquals(4, ring.offer(new long[] {1, 2, 3, 4}, 0, 4));

        assertFalse(ring.offer(5));
        assertEquals(0, ring.offer(new long[] {5, 6}, 0, 2));

        long[] dst = new long[1];
        assertEquals(1, ring.drain(dst, 1));
        assertEquals(1, dst[0]);
        assertTrue(ring.offer(5));
        assertFalse(ring.offer(6));
    }

    @Test
    void aBurstOfferMovesOnlyWhatFits() {
        SpscLongRing ring = new SpscLongRing(8);
        assertEquals(5, ring.offer(new long[] {1, 2, 3, 4, 5}, 0, 5));

        assertEquals(3, ring.offer(new long[] {6, 7, 8, 9, 10}, 0, 5), "three slots were free");

        long[] dst = new long[10];
        assertEquals(8, ring.drain(dst, 10));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, Arrays.copyOf(dst, 8));
    }

    @Test
    void aBurstDrainTakesAtMostMaxAndLeavesTheRest() {
        SpscLongRing ring = new SpscLongRing(8);
        ring.offer(new long[] {1, 2, 3, 4, 5}, 0, 5);

        long[] dst = new long[8];
        assertEquals(2, ring.drain(dst, 3, 2));
        assertArrayEquals(new long[] {0, 0, 0, 1, 2, 0, 0, 0}, dst);
        assertEquals(3, ring.size());
        assertEquals(3, ring.drain(dst, 8));
        assertArrayEquals(new long[] {3, 4, 5}, Arrays.copyOf(dst, 3));
    }

    @Test
    void burstsThatCrossTheEndOfTheSlotArrayWrapAround() {
        SpscLongRing ring = new SpscLongRing(8);
        long[] dst = new long[8];
        ring.offer(new long[] {1, 2, 3, 4, 5, 6}, 0, 6);
        ring.drain(dst, 6);

        // Indexes now sit at 6: a burst of 5 fills slots 6, 7, 0, 1, 2.
        assertEquals(5, ring.offer(new long[] {10, 11, 12, 13, 14}, 0, 5));
        assertEquals(5, ring.drain(dst, 8));
        assertArrayEquals(new long[] {10, 11, 12, 13, 14}, Arrays.copyOf(dst, 5));
    }

    @Test
    void indexesKeepWorkingAfterManyLapsOfTheRing() {
        SpscLongRing ring = new SpscLongRing(4);
        long[] burst = new long[3];
        long[] dst = new long[3];
        long next = 0;
        for (int lap = 0; lap < 1000; lap++) {
            for (int i = 0; i < 3; i++) {
                burst[i] = next + i;
            }
            assertEquals(3, ring.offer(burst, 0, 3));
            assertEquals(3, ring.drain(dst, 3));
            assertArrayEquals(burst, dst);
            next += 3;
        }
        assertTrue(ring.isEmpty());
    }

    @Test
    void zeroOrNegativeCountsMoveNothing() {
        SpscLongRing ring = new SpscLongRing(4);
        assertEquals(0, ring.offer(new long[] {1}, 0, 0));
        assertEquals(0, ring.offer(new long[] {1}, 0, -1));
        ring.offer(7);
        assertEquals(0, ring.drain(new long[1], 0));
        assertEquals(1, ring.size());
    }

    @Test
    void offHeapBurstsMoveNativeLongsAndWrapAroundLikeArrayBursts() {
        SpscLongRing ring = new SpscLongRing(8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rx = arena.allocate(ValueLayout.JAVA_LONG, 8);
            MemorySegment tx = arena.allocate(ValueLayout.JAVA_LONG, 8);
            ring.offer(new long[] {0, 0, 0, 0, 0, 0}, 0, 6);
            ring.drain(new long[6], 6);
            for (int i = 0; i < 8; i++) {
                rx.setAtIndex(ValueLayout.JAVA_LONG, i, 100 + i);
            }

            // Indexes sit at 6: longs 1..5 of rx go to slots 6, 7, 0, 1, 2; only 8 fit in all.
            assertEquals(5, ring.offer(rx, 1, 5));
            assertEquals(3, ring.offer(rx, 0, 8), "three slots were free");
            assertEquals(8, ring.drain(tx, 0, 8));

            long[] out = tx.toArray(ValueLayout.JAVA_LONG);
            assertArrayEquals(new long[] {101, 102, 103, 104, 105, 100, 101, 102}, out);
            assertEquals(0, ring.drain(tx, 0, 8));
        }
    }

    @Test
    void anOffHeapDrainWritesFromTheGivenIndexAndNoFurther() {
        SpscLongRing ring = new SpscLongRing(4);
        ring.offer(new long[] {7, 8, 9}, 0, 3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tx = arena.allocate(ValueLayout.JAVA_LONG, 5);

            assertEquals(2, ring.drain(tx, 2, 2));

            assertArrayEquals(new long[] {0, 0, 7, 8, 0}, tx.toArray(ValueLayout.JAVA_LONG));
            assertEquals(1, ring.size());
        }
    }
}
