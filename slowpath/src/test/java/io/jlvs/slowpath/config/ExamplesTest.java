package io.jlvs.slowpath.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example in the repository's examples/ folder must load, on a 2-core machine. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("examples");

    @Test
    void everyExampleConfigIsAccepted() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(examples.size() >= 2, "examples found in " + EXAMPLES + ": " + examples);

        ConfigLoader loader = new ConfigLoader(MachineCores.parse("0-1"));
        for (Path example : examples) {
            try {
                JlvsConfig config = loader.read(example);
                assertFalse(config.services().isEmpty(), example + " shows services");
            } catch (ConfigException e) {
                throw new AssertionError(example + " is rejected:\n" + e.getMessage(), e);
            }
        }
    }
}
