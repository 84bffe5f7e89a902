package dev.panamax.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * The Java snippets of the Markdown pages, cut into compilation units by the convention that {@link DocSnippetsTest}
 * documents: declarations at column 0 become top-level types of the page's package, everything else the body of one
 * method per snippet.
 */
final class DocSnippets {
    /** A {@code <!-- snippet: ... -->} line: the marker of the fence right below it. */
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    /** A line that starts a type declaration: annotations and modifiers, then class, record, interface or enum. */
    private static final Pattern DECLARATION = Pattern.compile("^(?:@\\w+(?:\\([^)]*\\))?\\s+)*"
            + "(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
            + "(?:class|record|interface|enum|@interface)\\s+(\\w+)");

    /** What the test does with a snippet. */
    enum Mode {
        /** Compiled, then run in the page's session (the default). */
        RUN,
        /** Compiled only: it needs something the test does not set up (the marker says what). */
        COMPILE_ONLY,
        /** Compiled only, and only when the Chronicle bridge and Chronicle Bytes are on the class path. */
        CHRONICLE,
        /** Compiled only, and only when Spark and Panamax's spark module are on the class path. */
        SPARK
    }

    /** The extra imports of Spark snippets: Panamax's spark module and Spark's Java and SQL APIs. */
    static final List<String> SPARK_IMPORTS = List.of("import dev.panamax.spark.*;",
            "import org.apache.spark.api.java.*;", "import org.apache.spark.sql.*;");

    /** One generated source file: its text and, per generated line, the Markdown line it came from (0: none). */
    record Unit(String className, String source, int[] markdownLines) {
        /** The Markdown line of a generated line, or {@code fallback} for the wrapper's own lines. */
        int markdownLine(long generatedLine, int fallback) {
            int i = (int) generatedLine - 1;
            return i >= 0 && i < markdownLines.length && markdownLines[i] > 0 ? markdownLines[i] : fallback;
        }
    }

    /**
     * A ```java block.
     *
     * @param page the page, relative to the repository root, with forward slashes
     * @param line the Markdown line of the opening fence (1-based)
     * @param mode what to do with it
     * @param reason the marker's reason, for compile-only snippets
     * @param units the declarations it holds, then its body (the last unit)
     */
    record Snippet(String page, int line, Mode mode, String reason, List<Unit> units) {
        /** @return the fully qualified name of the class whose {@code run()} method holds the body */
        String bodyClass() {
            return units.getLast().className();
        }

        @Override
        public String toString() {
            return page + ":" + line;
        }
    }

    private DocSnippets() {
    }

    /** The checkout's root: the nearest directory above this module's that holds README.md and docs/. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new AssertionError("no README.md with a docs/ directory above " + Path.of("").toAbsolutePath());
    }

    /** @return README.md and every .md file under docs/, relative to {@code root}, in a stable order */
    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** @return the Java package of a page's snippets: {@code snippets.docs.design.streaming_kernels} */
    static String packageOf(String page) {
        StringBuilder pkg = new StringBuilder("snippets");
        for (String part : page.replaceFirst("\\.md$", "").split("/")) {
            String id = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            if (id.isEmpty() || !Character.isJavaIdentifierStart(id.charAt(0)) || SourceVersion.isKeyword(id)) {
                id = "_" + id;
            }
            pkg.append('.').append(id);
        }
        return pkg.toString();
    }

    /**
     * Reads the ```java blocks of a page.
     *
     * @param page the page, relative to the repository root
     * @param text its content
     * @param imports the import lines every unit starts with
     * @param chronicleImports the extra import lines of Chronicle snippets
     * @return its snippets, in page order
     * @throws IllegalArgumentException naming the page and line of an unknown marker, a marker that no ```java
     *                                  block follows, a compile-only marker without a reason, or an unclosed block
     */
    static List<Snippet> parse(String page, String text, List<String> imports, List<String> chronicleImports) {
        List<String> lines = text.lines().toList();
        List<Snippet> out = new ArrayList<>();
        String pkg = packageOf(page);
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (marker.matches()) {
                Matcher next = i + 1 < lines.size() ? FENCE.matcher(lines.get(i + 1)) : null;
                if (next == null || !next.matches() || !next.group(3).equals("java")) {
                    throw new IllegalArgumentException(page + ":" + (i + 1) + ": a snippet marker must be the line "
                            + "right above a ```java block");
                }
                continue;
            }
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            String indent = fence.group(1);
            String ticks = fence.group(2);
            int open = i;
            List<String> code = new ArrayList<>();
            for (i++; i < lines.size() && !isClosing(lines.get(i), indent, ticks); i++) {
                String l = lines.get(i);
                code.add(l.startsWith(indent) ? l.substring(indent.length()) : l.strip());
            }
            if (i == lines.size()) {
                throw new IllegalArgumentException(page + ":" + (open + 1) + ": the code block is never closed");
            }
            if (!fence.group(3).equals("java")) {
                continue;
            }
            Matcher m = open > 0 ? MARKER.matcher(lines.get(open - 1)) : null;
            String directive = m != null && m.matches() ? m.group(1) : "";
            Mode mode;
            String reason = "";
            if (directive.isEmpty()) {
                mode = Mode.RUN;
            } else if (directive.equals("chronicle")) {
                mode = Mode.CHRONICLE;
                reason = "Chronicle needs its own JVM flags";
            } else if (directive.equals("spark")) {
                mode = Mode.SPARK;
                reason = "it needs a running Spark application";
            } else if (directive.startsWith("compile-only:") && !directive.substring(13).isBlank()) {
                mode = Mode.COMPILE_ONLY;
                reason = directive.substring(13).strip();
            } else {
                throw new IllegalArgumentException(page + ":" + open + ": unknown snippet marker '" + directive
                        + "': expected 'compile-only: <why it cannot run>', 'chronicle' or 'spark'");
            }
            List<String> unitImports = new ArrayList<>(imports);
            if (mode == Mode.CHRONICLE) {
                unitImports.addAll(chronicleImports);
            } else if (mode == Mode.SPARK) {
                unitImports.addAll(SPARK_IMPORTS);
            }
            out.add(new Snippet(page, open + 1, mode, reason, units(pkg, open + 2, code, unitImports)));
        }
        return out;
    }

    private static boolean isClosing(String line, String indent, String ticks) {
        String t = line.strip();
        return line.startsWith(indent) && t.length() >= ticks.length() && t.chars().allMatch(c -> c == ticks.charAt(0));
    }

    /**
     * Cuts a snippet into its declarations and its body.
     *
     * @param firstLine the Markdown line of the snippet's first code line
     */
    private static List<Unit> units(String pkg, int firstLine, List<String> code, List<String> imports) {
        List<Unit> units = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<Integer> bodyLines = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            Matcher decl = DECLARATION.matcher(code.get(i));
            if (!decl.lookingAt()) {
                body.add(code.get(i));
                bodyLines.add(firstLine + i);
                continue;
            }
            int start = i;
            int depth = braces(code.get(i));
            boolean opened = code.get(i).contains("{");
            while ((!opened || depth > 0) && i + 1 < code.size()) {
                i++;
                depth += braces(code.get(i));
                opened |= code.get(i).contains("{");
            }
            List<Integer> declLines = new ArrayList<>();
            for (int k = start; k <= i; k++) {
                declLines.add(firstLine + k);
            }
            units.add(unit(pkg, decl.group(1), imports, "", code.subList(start, i + 1), declLines, ""));
        }
        String name = "Snippet_L" + (firstLine - 1);
        units.add(unit(pkg, name, imports, "public final class " + name + " {\n"
                + "    public static void run() throws Throwable {", body, bodyLines, "    }\n}"));
        return units;
    }

    private static Unit unit(String pkg, String simpleName, List<String> imports, String head, List<String> code,
                             List<Integer> codeLines, String tail) {
        StringBuilder src = new StringBuilder();
        List<Integer> map = new ArrayList<>();
        src.append("package ").append(pkg).append(";\n");
        map.add(0);
        for (String imp : imports) {
            src.append(imp).append('\n');
            map.add(0);
        }
        if (!head.isEmpty()) {
            for (String l : head.split("\n")) {
                src.append(l).append('\n');
                map.add(0);
            }
        }
        for (int k = 0; k < code.size(); k++) {
            src.append(code.get(k)).append('\n');
            map.add(codeLines.get(k));
        }
        src.append(tail).append('\n');
        return new Unit(pkg + "." + simpleName, src.toString(), map.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Opening minus closing braces outside string and character literals and line comments. */
    private static int braces(String line) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        return depth;
    }
}
