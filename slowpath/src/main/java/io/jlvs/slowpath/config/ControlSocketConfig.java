package io.jlvs.slowpath.config;

import java.nio.file.Path;

/**
 * The Unix socket the admin tool talks to.
 *
 * @param group when set, the socket is made group-accessible to this group; else root only
 */
public record ControlSocketConfig(Path path, String group) {
    public static final Path DEFAULT_PATH = Path.of("/run/jlvs/control.sock");

    public ControlSocketConfig {
        path = Values.orDefault(path, DEFAULT_PATH);
    }
}
