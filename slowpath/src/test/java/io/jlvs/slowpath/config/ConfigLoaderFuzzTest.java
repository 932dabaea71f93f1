package io.jlvs.slowpath.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Arbitrary text as jlvs.yaml: {@link ConfigLoader#parse} returns a config or throws a
 * {@link ConfigException} whose every error names the file, a line of the text (0 for the file as a
 * whole) and a message: never any other exception. Seeds: the examples and the tests' valid configs.
 */
class ConfigLoaderFuzzTest {

    private static final ConfigLoader LOADER = new ConfigLoader(MachineCores.parse("0-3"));

    @FuzzTest
    @DictionaryEntries({"eal:", "ports:", "name:", "device:", "role: one-arm", "role: ext", "role: int", "addresses:", "gateway:",
            "mac:", "mtu:", "cores:", "control:", "workers:", "idle:", "strategy: sleep", "sleep-ns:", "tables:", "connections:",
            "timeouts:", "tcp:", "tcpfin:", "udp:", "journal-dir:", "control-socket:", "path:", "group:", "neighbours:",
            "services:", "protocol: tcp", "protocol: udp", "vip:", "port:", "scheduler:", "persistence:", "real-servers:",
            "address:", "method: nat", "method: dr", "method: tun", "weight:", "health-check:", "type: http-get",
            "type: tcp-connect", "interval-ms:", "timeout-ms:", "retries:", "on-failure:", "192.0.2.1", "10.0.0.0/8",
            "02:00:00:00:00:01", "  - ", "[", "]", "{", "}", "&a", "*a", "<<: *a", "!!int", "0x", "1e9", "~"})
    void aConfigIsValidOrRefusedWithFileLineAndField(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        int lines = (int) yaml.lines().count() + 1;
        try {
            assertNotNull(LOADER.parse("jlvs.yaml", yaml));
        } catch (ConfigException e) {
            assertFalse(e.errors().isEmpty(), "a refusal names at least one problem");
            for (ConfigError error : e.errors()) {
                assertEquals("jlvs.yaml", error.file(), error.toString());
                assertTrue(error.line() >= 0 && error.line() <= lines, "line " + error.line() + " of " + lines + ": " + error);
                assertTrue(error.message() != null && !error.message().isBlank(), "a message: " + error);
                assertNotNull(error.path(), error.toString());
            }
        } catch (RuntimeException | StackOverflowError e) {
            fail("not a ConfigException for:\n" + yaml, e);
        }
    }
}
