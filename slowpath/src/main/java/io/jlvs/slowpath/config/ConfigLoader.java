package io.jlvs.slowpath.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jlvs.model.ForwardMethod;
import io.jlvs.model.SchedulerFlag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a jlvs YAML config into a {@link JlvsConfig}, or fails with a {@link ConfigException}
 * listing every problem as {@code file:line: path: message}.
 *
 * <p>Three passes: a token scan that records the line of every path (and stops at YAML syntax
 * errors), Jackson binding into records (unknown keys and unparsable values collected, not
 * thrown), then {@link ConfigValidator} for what needs the whole picture.
 */
public final class ConfigLoader {
    private final MachineCores machineCores;
    private final YAMLMapper mapper;

    /** @param machineCores the cores that exist; a config naming another core is rejected */
    public ConfigLoader(MachineCores machineCores) {
        this.machineCores = machineCores;
        this.mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("jlvs-config-values")
                        .addDeserializer(Ipv4Address.class, new FromText<>(Ipv4Address.class, Ipv4Address::parse))
                        .addDeserializer(Ipv4Prefix.class, new FromText<>(Ipv4Prefix.class, Ipv4Prefix::parse))
                        .addDeserializer(MacAddress.class, new FromText<>(MacAddress.class, MacAddress::parse))
                        .addDeserializer(ForwardMethod.class, new FromText<>(ForwardMethod.class, text -> ConfigName.parse(ForwardMethod.class, text)))
                        .addDeserializer(SchedulerFlag.class, new FromText<>(SchedulerFlag.class, text -> ConfigName.parse(SchedulerFlag.class, text)))
                        .addKeyDeserializer(Ipv4Address.class, new Ipv4KeyDeserializer()))
                .build();
    }

    /** Loads {@code file}, checking cores against this machine's online CPUs. */
    public static JlvsConfig load(Path file) throws ConfigException {
        return new ConfigLoader(MachineCores.ofThisMachine()).read(file);
    }

    public JlvsConfig read(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), 0, "", "cannot read: " + e)));
        }
        return parse(file.toString(), yaml);
    }

    /** @param file the name errors are reported against */
    public JlvsConfig parse(String file, String yaml) throws ConfigException {
        SourceLines lines = SourceLines.scan((YAMLFactory) mapper.getFactory(), file, yaml);
        if (lines.isEmpty()) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "the file holds no settings")));
        }
        BindingProblems problems = new BindingProblems(file, lines);
        List<ConfigError> errors = new ArrayList<>();
        JlvsConfig config = null;
        try {
            config = mapper.readerFor(JlvsConfig.class).withHandler(problems).readValue(yaml);
        } catch (JacksonException e) {
            errors.add(bindingError(file, e));
        }
        errors.addAll(problems.errors());
        if (config == null && errors.isEmpty()) {
            errors.add(new ConfigError(file, 0, "", "the file holds no settings"));
        }
        if (config != null) {
            errors.addAll(validate(config, lines, problems.placeholderPaths()));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    /**
     * Validates even after binding problems, so that one run shows every mistake. A value that
     * did not parse was bound as null or as its default; validation of it or of anything next to
     * it (a default method next to a port, say) would only echo the binding error: left out.
     */
    private List<ConfigError> validate(JlvsConfig config, SourceLines lines, List<String> placeholderPaths) {
        ConfigValidator validator = new ConfigValidator(lines.file(), lines, machineCores);
        if (placeholderPaths.isEmpty()) {
            return validator.validate(config);
        }
        List<ConfigError> found;
        try {
            found = validator.validate(config);
        } catch (RuntimeException partlyBoundConfig) {
            return List.of();
        }
        return found.stream()
                .filter(error -> placeholderPaths.stream().map(ConfigLoader::neighbourhood)
                        .noneMatch(region -> within(error.path(), region) || within(region, error.path())))
                .toList();
    }

    /** The mapping or list that holds {@code path}; a top-level key is its own neighbourhood. */
    private static String neighbourhood(String path) {
        String parent = SourceLines.parentOf(path);
        return parent.isEmpty() ? path : parent;
    }

    private static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || ancestor.isEmpty()
                || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    /** A problem Jackson could not step over: a list where a mapping belongs, and the like. */
    private static ConfigError bindingError(String file, JacksonException e) {
        String path = "";
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                path = reference.getFieldName() != null
                        ? SourceLines.child(path, reference.getFieldName())
                        : path + "[" + reference.getIndex() + "]";
            }
        }
        String message = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? "expected " + describe(mismatch.getTargetType())
                : e.getOriginalMessage();
        return new ConfigError(file, SourceLines.lineOf(e), path, message);
    }

    private static String describe(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys to values";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        return "a single value";
    }

    /** A value type written as one scalar; a parse failure is reported and binding goes on. */
    private static final class FromText<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Function<String, T> parse;

        FromText(Class<T> type, Function<String, T> parse) {
            this.type = type;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.currentToken().isScalarValue()) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            String text = parser.getText();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                return type.cast(context.handleWeirdStringValue(type, text, e.getMessage()));
            }
        }
    }

    private static final class Ipv4KeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            try {
                return Ipv4Address.parse(key);
            } catch (IllegalArgumentException e) {
                return context.handleWeirdKey(Ipv4Address.class, key, e.getMessage());
            }
        }
    }
}
