package io.jlvs.slowpath.keepalived;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * keepalived.conf's block syntax, read into a tree of {@link Statement}s (keepalived.conf(5)):
 * one statement per line, a keyword and its arguments separated by blanks; {@code {} opens the
 * block of the statement it ends (or of the previous one when it stands at the start of a line),
 * {@code }} closes it; comments run from {@code !} or {@code #} to the end of the line; double
 * quotes keep blanks and comment characters in one word. {@code include PATTERN} (and its
 * variants {@code includer/m/w/b/a}) reads the files the glob names, relative to the including
 * file's directory, in name order, in place. A line starting with {@code @ID} counts only when
 * keepalived would run with {@code -i ID}, {@code @^ID} only when it would not.
 */
public final class KeepalivedSyntax {

    /** Where a statement was written. */
    public record Source(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /**
     * One line's keyword and arguments.
     *
     * @param block the statements of its {@code {...}} block; null when it has none
     */
    public record Statement(Source source, String keyword, List<String> args, List<Statement> block) {
        public boolean hasBlock() {
            return block != null;
        }

        /** The keyword with its arguments, as written (for messages). */
        public String text() {
            return args.isEmpty() ? keyword : keyword + " " + String.join(" ", args);
        }
    }

    /** A file keepalived could not read either: unbalanced braces, an unterminated quote, a missing include. */
    public static final class SyntaxException extends Exception {
        private final Source source;

        SyntaxException(Source source, String message) {
            super(source + ": " + message);
            this.source = source;
        }

        public Source source() {
            return source;
        }
    }

    private static final int MAX_INCLUDE_DEPTH = 16;

    private final String configId;
    private final Deque<Frame> open = new ArrayDeque<>();
    private Statement last;

    /** One open block: the statement that owns it and what it holds so far. */
    private record Frame(Statement owner, List<Statement> statements) {}

    private KeepalivedSyntax(String configId) {
        this.configId = configId;
    }

    /**
     * @param configId keepalived's {@code -i ID} (config-id) for {@code @ID} lines; null = none,
     *                 so only {@code @^ID} lines count
     */
    public static List<Statement> read(Path file, String configId) throws SyntaxException {
        KeepalivedSyntax syntax = new KeepalivedSyntax(configId);
        syntax.open.push(new Frame(null, new ArrayList<>()));
        syntax.readFile(file, new Source(file.toString(), 0), 0);
        if (syntax.open.size() > 1) {
            Statement unclosed = syntax.open.peek().owner();
            throw new SyntaxException(unclosed.source(), "the block of '" + unclosed.keyword() + "' is never closed");
        }
        return syntax.open.peek().statements();
    }

    /** Reads text as if it were the file {@code name}, includes relative to {@code directory}. */
    public static List<Statement> parse(String name, String text, String configId) throws SyntaxException {
        KeepalivedSyntax syntax = new KeepalivedSyntax(configId);
        syntax.open.push(new Frame(null, new ArrayList<>()));
        syntax.readText(name, Path.of(name).toAbsolutePath().getParent(), text, 0);
        if (syntax.open.size() > 1) {
            Statement unclosed = syntax.open.peek().owner();
            throw new SyntaxException(unclosed.source(), "the block of '" + unclosed.keyword() + "' is never closed");
        }
        return syntax.open.peek().statements();
    }

    private void readFile(Path file, Source includedFrom, int depth) throws SyntaxException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SyntaxException(includedFrom, "cannot read " + file + ": " + e.getMessage());
        }
        Path directory = file.toAbsolutePath().getParent();
        readText(file.toString(), directory, text, depth);
    }

    private void readText(String name, Path directory, String text, int depth) throws SyntaxException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Source source = new Source(name, i + 1);
            String line = conditional(lines[i]);
            if (line == null) {
                continue;
            }
            List<String> words = words(line, source);
            if (!words.isEmpty() && words.getFirst().startsWith("include") && isInclude(words.getFirst())) {
                if (words.size() != 2) {
                    throw new SyntaxException(source, words.getFirst() + " takes one file name or pattern");
                }
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new SyntaxException(source, "includes nested deeper than " + MAX_INCLUDE_DEPTH);
                }
                for (Path included : expand(directory, words.get(1), source)) {
                    readFile(included, source, depth + 1);
                }
                continue;
            }
            addWords(words, source);
        }
    }

    private static boolean isInclude(String word) {
        return switch (word) {
            case "include", "includer", "includem", "includew", "includeb", "includea" -> true;
            default -> false;
        };
    }

    /** The line without its {@code @ID} prefix, or null when the prefix excludes it. */
    private String conditional(String line) {
        String stripped = line.stripLeading();
        if (!stripped.startsWith("@")) {
            return line;
        }
        int end = 1;
        while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) {
            end++;
        }
        String id = stripped.substring(1, end);
        boolean negated = id.startsWith("^");
        if (negated) {
            id = id.substring(1);
        }
        boolean matches = id.equals(configId);
        return matches != negated ? stripped.substring(end) : null;
    }

    /** Splits a line into words and braces; a brace is its own word unless quoted. */
    private static List<String> words(String line, Source source) throws SyntaxException {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '!' || c == '#') {
                break;
            }
            if (c == '"') {
                quoted = true;
                if (word == null) {
                    word = new StringBuilder();
                }
            } else if (c == '{' || c == '}') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                words.add(String.valueOf(c));
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                word.append(c);
            }
        }
        if (quoted) {
            throw new SyntaxException(source, "the quoted text is not closed on this line");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private void addWords(List<String> words, Source source) throws SyntaxException {
        List<String> pending = new ArrayList<>();
        for (String word : words) {
            switch (word) {
                case "{" -> {
                    Statement owner = pending.isEmpty() ? last : flush(pending, source);
                    if (owner == null || owner.hasBlock()) {
                        throw new SyntaxException(source, "'{' opens a block for no keyword");
                    }
                    Statement withBlock = new Statement(owner.source(), owner.keyword(), owner.args(), new ArrayList<>());
                    List<Statement> siblings = open.peek().statements();
                    siblings.set(siblings.size() - 1, withBlock);
                    open.push(new Frame(withBlock, withBlock.block()));
                    last = null;
                }
                case "}" -> {
                    flush(pending, source);
                    if (open.size() == 1) {
                        throw new SyntaxException(source, "'}' closes no block");
                    }
                    last = open.pop().owner();
                }
                default -> pending.add(word);
            }
        }
        flush(pending, source);
    }

    /** Adds the pending words as one statement; returns it, or null when there were none. */
    private Statement flush(List<String> pending, Source source) {
        if (pending.isEmpty()) {
            return null;
        }
        Statement statement = new Statement(source, pending.getFirst(), List.copyOf(pending.subList(1, pending.size())), null);
        open.peek().statements().add(statement);
        pending.clear();
        last = statement;
        return statement;
    }

    /** The files a glob names, in name order; a name without wildcards must exist. */
    private static List<Path> expand(Path directory, String pattern, Source source) throws SyntaxException {
        Path absolute = directory.resolve(pattern).normalize();
        if (!pattern.matches(".*[*?\\[{].*")) {
            if (!Files.isReadable(absolute)) {
                throw new SyntaxException(source, "included file " + absolute + " cannot be read");
            }
            return List.of(absolute);
        }
        Path root = absolute.getRoot();
        Path base = root;
        int firstWild = 0;
        for (; firstWild < absolute.getNameCount(); firstWild++) {
            String part = absolute.getName(firstWild).toString();
            if (part.matches(".*[*?\\[{].*")) {
                break;
            }
            base = base.resolve(part);
        }
        int depth = absolute.getNameCount() - firstWild;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> found = Files.find(base, depth, (path, attributes) -> attributes.isRegularFile() && matcher.matches(path))) {
            return found.sorted().toList();
        } catch (IOException e) {
            throw new SyntaxException(source, "cannot list " + base + ": " + e.getMessage());
        }
    }
}
