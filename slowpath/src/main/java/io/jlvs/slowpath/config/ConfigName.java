package io.jlvs.slowpath.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum spelled in the config file in lower case with dashes: {@code ONE_ARM} is {@code one-arm}. */
public interface ConfigName {

    @JsonValue
    default String configName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The accepted spellings of an enum implementing this interface, for error messages. */
    static String acceptedNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(constant -> constant instanceof ConfigName name ? name.configName() : constant.toString())
                .collect(Collectors.joining(", "));
    }
}
