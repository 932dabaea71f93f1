package io.jlvs.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.bindings.runtime.EalArgs;
import java.util.List;
import org.junit.jupiter.api.Test;

class EalArgsTest {

    @Test
    void hugepagesRunInMemoryOnOneLcoreWithoutPciOrTelemetry() {
        assertEquals(List.of("jlvs", "-l", "1", "--in-memory", "--no-pci", "--no-telemetry", "--vdev=net_null0"),
                EalArgs.build(List.of("--vdev=net_null0"), true, 1));
    }

    @Test
    void withoutHugepagesNoHugeReplacesInMemory() {
        assertEquals(List.of("jlvs", "-l", "0", "--no-huge", "-m", "512", "--no-shconf", "--no-pci", "--no-telemetry",
                        "--vdev=net_null0"),
                EalArgs.build(List.of("--in-memory", "--vdev=net_null0"), false, 0));
    }

    @Test
    void theCallersChoicesWin() {
        assertEquals(List.of("jlvs", "--in-memory", "--no-telemetry", "-l", "2-3", "-a", "0000:00:04.0"),
                EalArgs.build(List.of("-l", "2-3", "-a", "0000:00:04.0"), true, 0));
        assertEquals(List.of("jlvs", "--no-huge", "--no-shconf", "--no-pci", "--no-telemetry", "-l", "0", "-m", "64"),
                EalArgs.build(List.of("-l", "0", "-m", "64"), false, 0));
    }

    @Test
    void aFilePrefixOnHugepagesIsASharedConfigurationSecondaryProcessesCanAttachTo() {
        List<String> shared = EalArgs.build(List.of("--file-prefix=jlvs-1a2b3c4d", "--vdev=net_null0"), true, 0);
        assertEquals(List.of("jlvs", "-l", "0", "--no-pci", "--no-telemetry", "--file-prefix=jlvs-1a2b3c4d", "--vdev=net_null0"), shared);
        assertTrue(EalArgs.multiProcess(shared));
        assertEquals("jlvs-1a2b3c4d", EalArgs.filePrefix(shared));
        assertFalse(EalArgs.multiProcess(EalArgs.build(List.of("--vdev=net_null0"), true, 0)), "--in-memory");
        assertFalse(EalArgs.multiProcess(EalArgs.build(List.of("--file-prefix=x"), false, 0)), "--no-huge memory is private");
        assertEquals("rte", EalArgs.filePrefix(List.of("jlvs", "--in-memory")));
        assertEquals("edge", EalArgs.filePrefix(List.of("jlvs", "--file-prefix", "edge")));
    }
}
