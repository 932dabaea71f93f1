package io.jlvs.slowpath.config;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum spelled in the config file in lower case with dashes: {@code ONE_ARM} is {@code one-arm}.
 * The config's own enums implement this; the shared ones from {@code io.jlvs.model} (forwarding
 * method, scheduler flags) are spelled by the same rule through {@link #spelling} and {@link #parse},
 * which {@link ConfigLoader} binds them with.
 */
public interface ConfigName {

    @JsonValue
    default String configName() {
        return spelling((Enum<?>) this);
    }

    /** How the config file spells {@code constant}. */
    static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant the config file spells {@code text}; refuses anything else. */
    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) if (spelling(constant).equals(text)) return constant;
        throw new IllegalArgumentException("\"" + text + "\" is not one of: " + acceptedNames(type));
    }

    /** The accepted spellings of an enum, for error messages. */
    static String acceptedNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(constant -> spelling((Enum<?>) constant))
                .collect(Collectors.joining(", "));
    }
}
