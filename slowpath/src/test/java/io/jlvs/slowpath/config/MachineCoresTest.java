package io.jlvs.slowpath.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineCoresTest {

    @Test
    void readsTheKernelsCpuListFormat() {
        MachineCores cores = MachineCores.parse("0-3,8,10-11");

        assertTrue(cores.has(0) && cores.has(3) && cores.has(8) && cores.has(11));
        assertFalse(cores.has(4) || cores.has(9) || cores.has(12) || cores.has(-1));
        assertEquals("0-3,8,10-11", cores.toString());
    }

    @Test
    void thisMachineHasAtLeastCoreZero() {
        assertTrue(MachineCores.ofThisMachine().has(0));
    }
}
