package io.jlvs.slowpath.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defaults for absent keys. Lists may hold nulls (an empty YAML item) so that validation can name them. */
final class Values {
    private Values() {
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
