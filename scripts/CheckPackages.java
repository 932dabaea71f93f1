import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every command jlvs's scripts and tests run comes from the Debian base system (packages
 * of Priority required or important) or from a package listed in scripts/debian-packages, so a tool
 * used but never installed by scripts/setup.sh fails `make test` here instead of on a fresh machine.
 *
 * <pre>java scripts/CheckPackages.java [--list FILE] [--without PACKAGE ...] [--self-test]</pre>
 *
 * The commands are the words in command position of the shell scripts (after a line start, a
 * pipe, a separator, a {@code $(}, a keyword or a wrapper such as timeout, nsx or flock), with
 * comments, heredocs and quoted text skipped, and the programs the Java tests start. A word counts
 * when it names an executable on PATH (its package is found with dpkg -S) or is declared in the
 * list; a word that is neither, nor a function or builtin of the scripts, is reported too: it would
 * fail at run time on any machine. Plain Java, run by the source launcher: it needs no build.
 */
public final class CheckPackages {

    /** Where the lab, scripts, launchers and CI live; appliance-image/rootfs runs inside the image. */
    private static final List<String> SHELL_ROOTS = List.of("lab", "scripts", "bin", ".ci", "perf", "appliance-image");
    private static final Set<String> SHELL_KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done",
            "while", "until", "for", "in", "case", "esac", "function", "select", "time", "!", "{", "}", "[[", "]]");
    private static final Set<String> WRAPPERS = Set.of("exec", "command", "nohup", "setsid", "sudo", "env",
            "builtin", "stdbuf", "xargs", "watch");
    private static final Pattern COMMAND_WORD = Pattern.compile("(?:/[a-z0-9._/+-]*/)?[a-z][a-z0-9._+-]*");
    private static final Pattern JAVA_COMMAND = Pattern.compile(
            "(?:new ProcessBuilder\\(|List\\.of\\(|Arrays\\.asList\\()\\s*\"([a-z][a-z0-9._+-]*)\"|\"(/usr/s?bin/[a-z0-9._+-]+)\"");

    /** A command run at file:line; {@code optional} for a Java test's literal, which may not name a program. */
    record Use(String command, Path file, int line, boolean optional) {
        Use(String command, Path file, int line) { this(command, file, line, false); }
    }

    public static void main(String[] args) throws Exception {
        Path top = Path.of(".").toAbsolutePath().normalize();
        Path listFile = top.resolve("scripts/debian-packages");
        Set<String> without = new HashSet<>();
        boolean selfTest = false;
        boolean print = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--list" -> listFile = Path.of(args[++i]);
                case "--without" -> without.add(args[++i]);
                case "--self-test" -> selfTest = true;
                case "--print" -> print = true;
                default -> { System.err.println("CheckPackages: unknown argument " + args[i]); System.exit(2); }
            }
        }
        if (!Files.isRegularFile(top.resolve("scripts/debian-packages"))) {
            System.err.println("CheckPackages: run from the top of a jlvs checkout");
            System.exit(2);
        }
        List<Use> uses = collectUses(top);
        if (print) {
            Map<String, String> seen = new TreeMap<>();
            for (Use use : uses) seen.computeIfAbsent(use.command(), c -> use.file() + ":" + use.line() + " " + owningPackage(c));
            seen.forEach((c, where) -> System.out.println(c + " " + where));
        }
        if (selfTest) {
            // The check must be able to fail: with tshark and vsftpd taken out of the list it must name both.
            List<String> problems = check(uses, readList(listFile, Set.of("tshark", "vsftpd")));
            for (String expected : List.of("tshark", "vsftpd")) {
                if (problems.stream().noneMatch(p -> p.contains("'" + expected + "'"))) {
                    System.err.println("CheckPackages: self-test failed: with " + expected
                            + " left out of the list, its use was not reported");
                    System.exit(1);
                }
            }
        }
        List<String> problems = check(uses, readList(listFile, without));
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.err.println("CheckPackages: " + problems.size() + " command(s) not covered by " + top.relativize(listFile)
                    + " or the base system: add the package to the list (scripts/setup.sh installs it)");
            System.exit(1);
        }
        System.out.println("CheckPackages: " + uses.stream().map(Use::command).distinct().count()
                + " commands in the scripts and tests, each from the base system or " + top.relativize(listFile)
                + (selfTest ? " (self-test: a package left out of the list is reported)" : ""));
    }

    /** The list: package -> declared commands. Packages in {@code without} are left out. */
    static Map<String, Set<String>> readList(Path file, Set<String> without) throws IOException {
        Map<String, Set<String>> packages = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) continue;
            String[] f = text.split("\\s+", 4);
            if (f.length < 3) {
                throw new IllegalArgumentException(file + ":" + n + ": expected 'package group commands why'");
            }
            if (without.contains(f[0])) continue;
            Set<String> commands = new HashSet<>();
            if (!f[2].equals("-")) commands.addAll(List.of(f[2].split(",")));
            packages.put(f[0], commands);
        }
        return packages;
    }

    static List<String> check(List<Use> uses, Map<String, Set<String>> list) throws Exception {
        Set<String> declared = new HashSet<>();
        list.values().forEach(declared::addAll);
        Map<String, String> packageOf = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Use use : uses) {
            String name = use.command().substring(use.command().lastIndexOf('/') + 1);
            if (declared.contains(name)) continue;
            String pkg = packageOf.computeIfAbsent(use.command(), CheckPackages::owningPackage);
            String where = use.file() + ":" + use.line();
            if (pkg == null) {
                if (!use.optional() && reported.add(name)) problems.add(where + ": '" + name + "' is not installed here and not in the list");
            } else if (!pkg.equals("base") && !list.containsKey(pkg) && reported.add(name)) {
                problems.add(where + ": '" + name + "' comes from the package " + pkg + ", which is not in the list");
            }
        }
        return problems;
    }

    /** dpkg's database, read once: installed file -> package, and package -> Priority. */
    private static Map<String, String> fileOwner;
    private static Map<String, String> priorities;

    private static void readDpkg() throws IOException {
        fileOwner = new HashMap<>();
        priorities = new HashMap<>();
        Path info = Path.of("/var/lib/dpkg/info");
        try (Stream<Path> lists = Files.list(info)) {
            for (Path list : (Iterable<Path>) lists.filter(p -> p.toString().endsWith(".list"))::iterator) {
                String pkg = list.getFileName().toString().replaceFirst("\\.list$", "").split(":")[0];
                for (String file : Files.readAllLines(list)) fileOwner.putIfAbsent(file, pkg);
            }
        }
        String pkg = null;
        for (String line : Files.readAllLines(Path.of("/var/lib/dpkg/status"))) {
            if (line.startsWith("Package: ")) pkg = line.substring(9).strip();
            else if (line.startsWith("Priority: ") && pkg != null) priorities.put(pkg, line.substring(10).strip());
        }
    }

    /** "base" for a command of the base system, its package, or null when no package has it. */
    static String owningPackage(String command) {
        try {
            if (fileOwner == null) readDpkg();
            String path = command.startsWith("/") ? command : which(command);
            if (path == null) return null;
            String real = Path.of(path).toRealPath().toString();
            String pkg = null;
            // usr-merged Debian: dpkg knows /bin/x while PATH finds /usr/bin/x, or the other way round
            for (String candidate : new String[] {path, real, path.replaceFirst("^/usr", ""),
                    real.replaceFirst("^/usr", ""), "/usr" + path, "/usr" + real}) {
                pkg = fileOwner.get(candidate);
                if (pkg != null) break;
            }
            if (pkg == null) return null;
            String priority = priorities.getOrDefault(pkg, "");
            return priority.equals("required") || priority.equals("important") ? "base" : pkg;
        } catch (IOException e) {
            return null;
        }
    }

    private static String which(String command) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
        }
        return null;
    }

    // ---- collecting the commands ----

    static List<Use> collectUses(Path top) throws IOException {
        List<Path> shell = new ArrayList<>();
        List<Path> java = new ArrayList<>();
        for (String root : SHELL_ROOTS) {
            Path dir = top.resolve(root);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> !top.relativize(p).toString().contains("/target/")
                                && !top.relativize(p).startsWith("appliance-image/rootfs")
                                && !top.relativize(p).startsWith("appliance-image/out")
                                && !top.relativize(p).startsWith("perf/results"))
                        .filter(CheckPackages::isShellScript)
                        .forEach(shell::add);
            }
        }
        shell.add(top.resolve("Makefile"));
        try (Stream<Path> files = Files.walk(top)) {
            files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .forEach(java::add);
        }
        Set<String> functions = new HashSet<>();
        Pattern function = Pattern.compile("^\\s*(?:function\\s+)?([A-Za-z_][A-Za-z0-9_-]*)\\s*\\(\\)");
        for (Path file : shell) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = function.matcher(line);
                if (m.find()) functions.add(m.group(1));
            }
        }
        List<Use> uses = new ArrayList<>();
        for (Path file : shell) {
            boolean makefile = file.getFileName().toString().equals("Makefile");
            for (Use use : new ShellWords(top.relativize(file), Files.readAllLines(file), makefile).commands()) {
                String name = use.command().substring(use.command().lastIndexOf('/') + 1);
                if (functions.contains(name) || SHELL_KEYWORDS.contains(name) || BUILTINS.contains(name)) continue;
                if (!COMMAND_WORD.matcher(use.command()).matches()) continue;
                uses.add(use);
            }
        }
        for (Path file : java) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = JAVA_COMMAND.matcher(lines.get(i));
                while (m.find()) {
                    String command = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!command.equals("java") && !command.equals("bash")) {
                        uses.add(new Use(command, top.relativize(file), i + 1, true));
                    }
                }
            }
        }
        return uses;
    }

    private static boolean isShellScript(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".sh")) return true;
        if (name.contains(".")) return false;
        try {
            List<String> first = Files.readAllLines(p).stream().limit(1).toList();
            return !first.isEmpty() && first.get(0).startsWith("#!") && first.get(0).contains("sh");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final Set<String> BUILTINS = Set.of("alias", "bg", "bind", "break", "builtin", "caller", "cd",
            "command", "compgen", "complete", "continue", "declare", "dirs", "disown", "echo", "enable", "eval",
            "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill",
            "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly",
            "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type",
            "typeset", "ulimit", "umask", "unalias", "unset", "wait", "ifeq", "ifneq", "endif", "else");

    /**
     * A small shell lexer: enough of bash's quoting, comments, heredocs, separators, substitutions,
     * arithmetic, arrays and case patterns to find the words in command position.
     */
    static final class ShellWords {
        private final Path file;
        private final List<String> lines;
        private final boolean makefile;
        private final List<Use> found = new ArrayList<>();
        /** Inside a case statement's pattern list (after "in" or ";;", before ")"). */
        private boolean casePattern;
        private boolean afterCase;

        ShellWords(Path file, List<String> lines, boolean makefile) {
            this.file = file;
            this.lines = lines;
            this.makefile = makefile;
        }

        List<Use> commands() {
            String heredoc = null;
            boolean makeContinuation = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (heredoc != null) {
                    if (line.strip().equals(heredoc)) heredoc = null;
                    continue;
                }
                if (makefile) {
                    boolean recipe = line.startsWith("\t") && !makeContinuation;
                    makeContinuation = line.endsWith("\\") && (makeContinuation || !line.startsWith("\t"));
                    if (!recipe) continue;   // only recipes are shell
                    line = recipeLine(line);
                }
                int first = i;
                StringBuilder logical = new StringBuilder(line);
                // one logical line: continuations, and quotes or parentheses left open at the line's end
                while (i + 1 < lines.size()) {
                    if (logical.toString().endsWith("\\")) {
                        logical.setLength(logical.length() - 1);
                        logical.append(' ').append(makefile ? recipeLine(lines.get(++i)) : lines.get(++i));
                    } else if (open(logical)) {
                        logical.append('\n').append(makefile ? recipeLine(lines.get(++i)) : lines.get(++i));
                    } else {
                        break;
                    }
                }
                heredoc = scanLine(logical.toString(), first + 1);
            }
            return found;
        }

        private String recipeLine(String line) {
            String text = line.replaceFirst("^\t", "").replaceFirst("^[@-]+", "");
            for (Map.Entry<String, String> v : makeVariables().entrySet()) {
                text = text.replace("$(" + v.getKey() + ")", v.getValue());
            }
            return text.replace("$$", "$");
        }

        private Map<String, String> makeVariables;

        /** The Makefile's one-line variables (NAME = value), expanded in recipes as make would. */
        private Map<String, String> makeVariables() {
            if (makeVariables == null) {
                makeVariables = new HashMap<>();
                Pattern definition = Pattern.compile("^(?:export\\s+)?([A-Z_][A-Z0-9_]*)\\s*[?:]?=\\s*(.*)$");
                for (String line : lines) {
                    Matcher m = definition.matcher(line);
                    if (m.matches() && !m.group(2).endsWith("\\")) makeVariables.put(m.group(1), m.group(2));
                }
            }
            return makeVariables;
        }

        /** True when the text leaves a quote, a $( or a ( open. */
        private static boolean open(CharSequence s) {
            char quote = 0;
            int depth = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote == '\'') { if (c == '\'') quote = 0; continue; }
                if (c == '\\') { i++; continue; }
                if (quote == '"') { if (c == '"') quote = 0; else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') { depth++; i++; } else if (c == ')' && depth > 0) depth--; continue; }
                if (c == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                    int nl = indexOf(s, '\n', i);
                    if (nl < 0) break;
                    i = nl;
                    continue;
                }
                if (c == '\'' || c == '"') quote = c;
                else if (c == '(') depth++;
                else if (c == ')' && depth > 0) depth--;
            }
            return quote != 0 || depth > 0;
        }

        private static int indexOf(CharSequence s, char c, int from) {
            for (int i = from; i < s.length(); i++) if (s.charAt(i) == c) return i;
            return -1;
        }

        /** Scans one logical line; returns a heredoc terminator when the line opens one. */
        private String scanLine(String s, int lineNo) {
            List<String> words = new ArrayList<>();   // words and operators of the line, quotes resolved
            List<Boolean> quoted = new ArrayList<>();
            String heredoc = null;
            StringBuilder word = new StringBuilder();
            boolean wordQuoted = false;
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '#' && word.isEmpty()) {   // a comment, to the end of the physical line
                    int nl = s.indexOf('\n', i);
                    if (nl < 0) break;
                    i = nl - 1;
                    continue;
                }
                if (c == '\\' && i + 1 < n) { word.append(s.charAt(++i)); continue; }
                if (c == '\'') {
                    int end = s.indexOf('\'', i + 1);
                    if (end < 0) end = n;
                    if (shellDashC(words)) scanLine(s.substring(i + 1, end), lineNo);   // sh -c '...'
                    word.append("'q'");
                    wordQuoted = true;
                    i = end;
                    continue;
                }
                if (c == '"') {
                    int j = i + 1;
                    StringBuilder inner = new StringBuilder();
                    while (j < n && s.charAt(j) != '"') {
                        if (s.charAt(j) == '\\' && j + 1 < n) { inner.append(s.charAt(j + 1)); j += 2; continue; }
                        if (s.startsWith("$(", j) && !s.startsWith("$((", j)) {
                            int end = closing(s, j + 1);
                            scanLine(s.substring(j + 2, end), lineNo);
                            j = end + 1;
                            inner.append("$x");
                            continue;
                        }
                        inner.append(s.charAt(j++));
                    }
                    if (shellDashC(words)) scanLine(inner.toString(), lineNo);
                    word.append('"').append(inner).append('"');
                    wordQuoted = true;
                    i = j;
                    continue;
                }
                if (c == '$' && s.startsWith("$((", i)) { i = closing(s, i + 1); word.append("$x"); continue; }
                if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
                    int end = closing(s, i + 1);
                    scanLine(s.substring(i + 2, end), lineNo);
                    word.append("$x");
                    i = end;
                    continue;
                }
                if (c == '$' && i + 1 < n && s.charAt(i + 1) == '{') { i = closing(s, i + 1); word.append("$x"); continue; }
                if (c == '`') {
                    int end = s.indexOf('`', i + 1);
                    if (end < 0) end = n;
                    scanLine(s.substring(i + 1, end), lineNo);
                    word.append("$x");
                    i = end;
                    continue;
                }
                if (c == '(' && word.isEmpty() && s.startsWith("((", i)) { i = closing(s, i); continue; }   // (( arithmetic ))
                if (c == '(' && !word.isEmpty() && word.charAt(word.length() - 1) == '=') {   // name=( array )
                    i = closing(s, i);
                    word.append("(a)");
                    continue;
                }
                if (c == '<' && s.startsWith("<<", i) && !s.startsWith("<<<", i)) {
                    flush(words, quoted, word, wordQuoted); word.setLength(0); wordQuoted = false;
                    Matcher m = Pattern.compile("<<-?\\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?").matcher(s.substring(i));
                    if (m.lookingAt()) { heredoc = m.group(1); i += m.end() - 1; continue; }
                }
                if (Character.isWhitespace(c) || ";&|(){}<>".indexOf(c) >= 0) {
                    flush(words, quoted, word, wordQuoted); word.setLength(0); wordQuoted = false;
                    if (c == '\n') { words.add(";"); quoted.add(false); continue; }
                    if (!Character.isWhitespace(c)) {
                        StringBuilder op = new StringBuilder().append(c);
                        while (i + 1 < n && ";&|<>".indexOf(s.charAt(i + 1)) >= 0 && ";&|<>".indexOf(c) >= 0) op.append(s.charAt(++i));
                        words.add(op.toString());
                        quoted.add(false);
                    }
                    continue;
                }
                word.append(c);
            }
            flush(words, quoted, word, wordQuoted);
            commandWords(words, quoted, lineNo);
            return heredoc;
        }

        private static boolean shellDashC(List<String> words) {
            int k = words.size();
            return k >= 2 && words.get(k - 1).equals("-c") && words.get(k - 2).matches("(.*/)?(ba|da)?sh");
        }

        private static void flush(List<String> words, List<Boolean> quoted, StringBuilder word, boolean wordQuoted) {
            if (!word.isEmpty()) { words.add(word.toString()); quoted.add(wordQuoted); }
        }

        /** Index of the parenthesis or brace closing the one at {@code open}, quotes skipped. */
        private static int closing(String s, int open) {
            char o = s.charAt(open), c = o == '(' ? ')' : '}';
            int depth = 0;
            for (int i = open; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\\') { i++; continue; }
                if (ch == '\'' || ch == '"') {
                    int e = s.indexOf(ch, i + 1);
                    if (e > 0) { i = e; continue; }
                }
                if (ch == o) depth++;
                else if (ch == c && --depth == 0) return i;
            }
            return s.length();
        }

        private void commandWords(List<String> words, List<Boolean> quoted, int lineNo) {
            boolean commandPosition = true;
            int skip = 0;
            for (int k = 0; k < words.size(); k++) {
                String w = words.get(k);
                boolean isOperator = !quoted.get(k) && (w.matches("[;&|<>]+") || w.equals("(") || w.equals(")")
                        || w.equals("{") || w.equals("}"));
                if (casePattern) {   // pattern | pattern ) : no commands until the ")"
                    if (isOperator && w.equals(")")) { casePattern = false; commandPosition = true; }
                    else if (!isOperator && w.equals("esac")) { casePattern = false; commandPosition = false; }
                    continue;
                }
                if (afterCase) {   // case WORD in
                    if (!isOperator && w.equals("in")) { afterCase = false; casePattern = true; }
                    continue;
                }
                if (isOperator) {
                    if (w.startsWith(";;") || w.equals(";&")) { casePattern = true; continue; }
                    if (w.matches("[0-9]*[<>]+&?")) { skip = 1; commandPosition = false; continue; }   // a redirection's target
                    commandPosition = !w.equals(")");
                    skip = 0;
                    continue;
                }
                if (skip > 0) { skip--; continue; }
                if (!commandPosition) continue;
                if (w.matches("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=.*")) continue;   // an assignment before the command
                if (w.equals("case") && !quoted.get(k)) { afterCase = true; commandPosition = false; continue; }
                if (SHELL_KEYWORDS.contains(w) && !quoted.get(k)) {
                    if (w.equals("for") || w.equals("select") || w.equals("[[") || w.equals("function") || w.equals("in")) {
                        commandPosition = false;
                    }
                    continue;
                }
                if (w.equals("[") || w.equals("test")) { commandPosition = false; continue; }
                found.add(new Use(w, file, lineNo));
                String name = w.substring(w.lastIndexOf('/') + 1);
                commandPosition = false;
                switch (name) {
                    case "timeout", "flock", "taskset", "nsx" -> { skip = optionsThen(words, k, 1); commandPosition = true; }
                    case "chroot" -> skip = words.size();   // runs inside another root file system, not on this machine
                    case "nice" -> { skip = optionsThen(words, k, 0); commandPosition = true; }
                    case "ip" -> {
                        // ip netns exec NS CMD
                        int j = k + 1;
                        while (j < words.size() && words.get(j).startsWith("-")) j++;
                        if (j + 2 < words.size() && words.get(j).equals("netns") && words.get(j + 1).equals("exec")) {
                            skip = j + 3 - (k + 1);
                            commandPosition = true;
                        }
                    }
                    default -> {
                        if (WRAPPERS.contains(name)) { skip = optionsThen(words, k, 0); commandPosition = true; }
                    }
                }
            }
        }

        /** Words to skip after a wrapper at k: its options (and the value after -n, -s, -k, -w, -E, -u), then {@code fixed} more. */
        private static int optionsThen(List<String> words, int k, int fixed) {
            int j = k + 1;
            while (j < words.size() && words.get(j).startsWith("-")) {
                if (words.get(j).matches("-[nskwEu]")) j++;
                j++;
            }
            return j - (k + 1) + fixed;
        }
    }
}
