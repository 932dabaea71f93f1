package io.jlvs.slowpath.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key and value of a YAML document sits: document path ({@code ports[0].mtu}) -> line.
 * Records forget where their values came from, so validation after binding asks this map.
 */
final class SourceLines {
    private final String file;
    private final Map<String, Integer> lineByPath;

    private SourceLines(String file, Map<String, Integer> lineByPath) {
        this.file = file;
        this.lineByPath = lineByPath;
    }

    String file() {
        return file;
    }

    /** Reads every token once; a YAML syntax error or a duplicate key ends the scan with a ConfigException. */
    static SourceLines scan(YAMLFactory factory, String file, String yaml) throws ConfigException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = factory.createParser(yaml)) {
            try {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    JsonStreamContext context = parser.getParsingContext();
                    // A structure's own context is new and empty: its position belongs to the parent.
                    String path = token.isStructStart() ? pathOf(context.getParent()) : pathOf(context);
                    lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
                }
            } catch (JacksonException e) {
                String path = pathOf(parser.getParsingContext());
                throw new ConfigException(List.of(new ConfigError(file, lineOf(e), path, syntaxMessage(e))));
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file, 0, "", "cannot parse: " + e.getMessage())));
        }
        return new SourceLines(file, lines);
    }

    /** The line of {@code path}, or of its nearest ancestor present in the file (absent keys). */
    int lineOf(String path) {
        for (String at = path; ; at = parentOf(at)) {
            Integer line = lineByPath.get(at);
            if (line != null) {
                return line;
            }
            if (at.isEmpty()) {
                return 1;
            }
        }
    }

    /** True when the file holds no YAML content at all (only comments or blank). */
    boolean isEmpty() {
        return lineByPath.isEmpty();
    }

    static String parentOf(String path) {
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** A parser position as a document path: {@code services[0].real-servers[1].port}. */
    static String pathOf(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = pathOf(context.getParent());
        if (context.inArray()) {
            return parent + "[" + context.getCurrentIndex() + "]";
        }
        String name = context.getCurrentName();
        if (name == null) {
            return parent;
        }
        return child(parent, name);
    }

    /** {@code parent.name}, or {@code parent["name"]} when the name itself contains a dot (IP keys). */
    static String child(String parent, String name) {
        if (name.matches("[A-Za-z0-9_-]+")) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + name + "\"]";
    }

    static int lineOf(JacksonException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String syntaxMessage(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            return message.replace("Duplicate field", "duplicate key");
        }
        // SnakeYAML's messages repeat the position and quote the input over several lines.
        return "YAML syntax error: " + message.lines()
                .map(String::strip)
                .filter(text -> !text.isEmpty() && !text.startsWith("in 'reader'") && !text.startsWith("^"))
                .reduce((first, second) -> first + " " + second)
                .orElse(message);
    }
}
