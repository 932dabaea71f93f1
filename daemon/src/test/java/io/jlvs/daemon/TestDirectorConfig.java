package io.jlvs.daemon;

import java.nio.file.Path;

/** The start of a config file for tests that run the control plane: a null DPDK port, the journal and socket under {@code dir}. */
final class TestDirectorConfig {
    private TestDirectorConfig() {}

    /** Everything but {@code services:}, which the test appends. */
    static String header(Path dir) {
        return """
                eal: [--in-memory, --no-pci, --vdev=net_null0]
                ports:
                  - name: lan
                    device: net_null0
                    role: one-arm
                    addresses: [192.0.2.10/24]
                    gateway: 192.0.2.1
                cores:
                  control: 0
                  workers: [1]
                journal-dir: %s
                control-socket:
                  path: %s
                """.formatted(dir.resolve("journal"), dir.resolve("control.sock"));
    }
}
