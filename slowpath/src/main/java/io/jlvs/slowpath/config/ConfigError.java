package io.jlvs.slowpath.config;

/**
 * One problem in a config file.
 *
 * @param line 1-based; 0 when the problem concerns the file as a whole
 * @param path where in the document, e.g. {@code cores.workers[1]}; empty for the document itself
 */
public record ConfigError(String file, int line, String path, String message) {

    /** Reads like a compiler message: {@code jlvs.yaml:12: cores.workers[1]: core 7 does not exist}. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
