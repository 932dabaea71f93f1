package io.jlvs.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RingMeshTest {

    @Test
    void everyOrderedPairOfWorkersAndEachSlowPathDirectionHasItsOwnRing() {
        RingMesh mesh = new RingMesh(3, 64, 128);
        Set<SpscLongRing> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                if (from != to) {
                    distinct.add(mesh.between(from, to));
                    assertEquals(64, mesh.between(from, to).capacity());
                }
            }
            distinct.add(mesh.toSlowPath(from));
            distinct.add(mesh.fromSlowPath(from));
            assertEquals(128, mesh.toSlowPath(from).capacity());
        }
        assertEquals(3 * 2 + 3 + 3, distinct.size());
        assertNotSame(mesh.between(0, 1), mesh.between(1, 0));
    }

    @Test
    void aPacketSentFromOneWorkerToAnotherArrivesOnlyThere() {
        RingMesh mesh = new RingMesh(3, 8, 8);
        mesh.between(2, 0).offer(0xdead_beefL);

        long[] dst = new long[4];
        Set<Long> seenElsewhere = new HashSet<>();
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                if (from != to && !(from == 2 && to == 0) && mesh.between(from, to).drain(dst, 4) > 0) {
                    seenElsewhere.add(dst[0]);
                }
            }
        }
        assertEquals(Set.of(), seenElsewhere);
        assertEquals(1, mesh.between(2, 0).drain(dst, 4));
        assertEquals(0xdead_beefL, dst[0]);
    }

    @Test
    void aWorkerHasNoRingToItself() {
        RingMesh mesh = new RingMesh(2, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> mesh.between(1, 1));
    }

    @Test
    void aMeshNeedsAWorker() {
        assertThrows(IllegalArgumentException.class, () -> new RingMesh(0, 8, 8));
    }
}
