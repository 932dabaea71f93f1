package io.jlvs.slowpath.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A config file that cannot be used; the message lists every problem found, one per line. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream()
                .sorted(Comparator.comparingInt(ConfigError::line))
                .map(ConfigError::toString)
                .collect(Collectors.joining("\n")));
        this.errors = errors.stream().sorted(Comparator.comparingInt(ConfigError::line)).toList();
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
