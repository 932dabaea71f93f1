package io.jlvs.slowpath.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.util.ClassUtil;
import com.fasterxml.jackson.databind.util.TokenBufferReadContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Collects the problems Jackson meets while binding (unknown keys, values that do not parse) and
 * lets binding go on, so that one run reports them all. Each problem is placed by the parser's
 * current path and line.
 */
final class BindingProblems extends DeserializationProblemHandler {
    private final String file;
    private final SourceLines lines;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> placeholderPaths = new ArrayList<>();

    BindingProblems(String file, SourceLines lines) {
        this.file = file;
        this.lines = lines;
    }

    List<ConfigError> errors() {
        return errors;
    }

    /** Where a value that did not parse was bound as null or a default instead. */
    List<String> placeholderPaths() {
        return placeholderPaths;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
        Collection<Object> known = deserializer.getKnownPropertyNames();
        String knownKeys = known == null ? "" : new TreeSet<>(known.stream().map(String::valueOf).toList())
                .stream().collect(Collectors.joining(", ", " (known keys: ", ")"));
        report(unknownKeyPath(parser, propertyName), "unknown key \"" + propertyName + "\"" + knownKeys);
        parser.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType,
            String value, String failureMessage) {
        report(context.getParser(), describeBadValue(targetType, "\"" + value + "\"", failureMessage));
        return placeholder(targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext context, Class<?> targetType,
            Number value, String failureMessage) {
        report(context.getParser(), describeBadValue(targetType, String.valueOf(value), failureMessage));
        return placeholder(targetType);
    }

    @Override
    public Object handleWeirdKey(DeserializationContext context, Class<?> keyType, String key, String failureMessage) {
        report(context.getParser(), failureMessage);
        return null;
    }

    private static String describeBadValue(Class<?> targetType, String value, String failureMessage) {
        if (targetType.isEnum()) {
            return value + " is not one of: " + ConfigName.acceptedNames(targetType);
        }
        Class<?> boxed = targetType.isPrimitive() ? ClassUtil.wrapperType(targetType) : targetType;
        if (boxed == Integer.class || boxed == Long.class) {
            return value + " is not a whole number";
        }
        return failureMessage;
    }

    /** Binding continues with a harmless value; the collected errors stop the load afterwards. */
    private static Object placeholder(Class<?> targetType) {
        return targetType.isPrimitive() ? ClassUtil.defaultValue(targetType) : null;
    }

    private void report(JsonParser parser, String message) {
        String path = SourceLines.pathOf(parser.getParsingContext());
        placeholderPaths.add(path);
        report(path, message);
    }

    /** Lines come from the scan: Jackson may replay a record's unknown keys from a buffer without locations. */
    private void report(String path, String message) {
        errors.add(new ConfigError(file, lines.lineOf(path), path, message));
    }

    /**
     * Jackson reports unknown keys of a record after the record is built, replaying them from a
     * token buffer whose contexts stand in for (scalar value) or sit beside (structured value) the
     * record's own: skip the buffer's contexts and find the record's.
     */
    private static String unknownKeyPath(JsonParser parser, String propertyName) {
        JsonStreamContext context = parser.getParsingContext();
        if (context instanceof TokenBufferReadContext) {
            while (context instanceof TokenBufferReadContext) {
                context = context.getParent();
            }
        } else if (parser.currentToken() != null && parser.currentToken().isStructStart()) {
            context = context.getParent();
        }
        return context.inObject() && propertyName.equals(context.getCurrentName())
                ? SourceLines.pathOf(context)
                : SourceLines.child(SourceLines.pathOf(context), propertyName);
    }
}
