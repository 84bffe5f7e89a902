package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.panamax.cli.DocSnippets.Mode;
import dev.panamax.cli.DocSnippets.Snippet;
import dev.panamax.cli.DocSnippets.Unit;
import dev.panamax.core.internal.JvmCommand;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ```java block of {@code README.md} and {@code docs/**}{@code /*.md}, taken from the Markdown itself,
 * compiled with the JDK's compiler against the test class path, and run, so that the documentation cannot rot.
 *
 * <h2>The convention</h2>
 * <ul>
 *   <li>A snippet is statements: it becomes the body of {@code public static void run() throws Throwable} in a class
 *       of its own. Every unit imports, on demand, the API packages of Panamax that are on the class path
 *       ({@code dev.panamax.core, simd, shm, pool}) and {@code java.io}, {@code java.lang.foreign},
 *       {@code java.nio.file}, {@code java.time}, {@code java.util}, {@code java.util.concurrent},
 *       {@code java.util.function}, {@code java.util.stream}; so write {@code SharedArray}, not its full name.
 *       Not {@code java.util.concurrent.atomic}: its {@code AtomicLongArray} would clash with shm's.</li>
 *   <li>A line at column 0 that starts a type declaration ({@code public final class Square implements Task {},
 *       also records, interfaces and enums, with annotations and modifiers) begins a declaration that runs to its
 *       closing brace. It becomes a top-level type of the page's package ({@code snippets.readme},
 *       {@code snippets.docs.pool}, ...), shared by all snippets of that page, as in a doctest session: a later
 *       snippet may use it, and two snippets of one page may not declare the same name. The rest of the block,
 *       before, between and after declarations, is the body.</li>
 *   <li>The snippets of one page run in order in one child JVM (Panamax's flags, {@code -ea} for the snippets, so
 *       an {@code assert} in a snippet is checked), whose working directory and {@code PANAMAX_DIR} are one fresh
 *       directory: {@code SharedArray.create("prices", ...)} lands there, not in {@code /dev/shm}, and a later
 *       snippet of the page can open what an earlier one left.</li>
 *   <li>A snippet that cannot run on its own (it needs a second process, a file elsewhere, a segment set up by
 *       hand) is marked on the line right above its fence, with the reason:
 *       {@code <!-- snippet: compile-only: needs the segment prices -->}. It is compiled, not run.</li>
 *   <li>A snippet that uses Chronicle Bytes is marked {@code <!-- snippet: chronicle -->}: it also imports
 *       {@code net.openhft.chronicle.bytes} (and {@code dev.panamax.chronicle} where that module is on the class
 *       path), and is compiled only when Chronicle Bytes and Panamax's bridge ({@code ChronicleViews}) are on this
 *       module's test class path; otherwise its test is skipped and says why. It is never run (Chronicle needs its
 *       own JVM flags).</li>
 *   <li>A snippet that uses Spark is marked {@code <!-- snippet: spark -->}: it also imports {@code dev.panamax.spark},
 *       {@code org.apache.spark.api.java} and {@code org.apache.spark.sql}, and is compiled only when the spark module
 *       is on this module's test class path (it is not: the cli does not depend on Spark), otherwise skipped with the
 *       reason. It is never run (it needs a running Spark application).</li>
 *   <li>Blocks in other languages ({@code xml}, {@code python}, {@code console}, no language) are not checked.</li>
 * </ul>
 * A snippet that does not compile fails with the page and line of the Markdown ({@code docs/core.md:12: cannot find
 * symbol ...}); one that throws, with its page and line and the stack trace.
 */
class DocSnippetsTest {
    @TempDir
    static Path tmp;

    /** Each API package of Panamax, with a class that shows it is on the class path. */
    private static final Map<String, String> API_PACKAGES = Map.of(
            "dev.panamax.core", "DType",
            "dev.panamax.simd", "Kernels",
            "dev.panamax.shm", "SharedArray",
            "dev.panamax.pool", "WorkerPool");
    private static final List<String> JDK_PACKAGES = List.of("java.io", "java.lang.foreign", "java.nio.file",
            "java.time", "java.util", "java.util.concurrent", "java.util.function", "java.util.stream");
    /** The longest a page's child JVM may run: its snippets start worker pools and child JVMs of their own. */
    private static final long PAGE_TIMEOUT_SECONDS = 240;

    /** A stack frame's source position: {@code (Snippet_L8.java:23)}. */
    private static final Pattern FRAME = Pattern.compile("\\((\\w+)\\.java:(\\d+)\\)");

    private static int runs;

    @TestFactory
    Stream<DynamicNode> everyJavaSnippetOfTheDocsCompilesAndRuns() throws IOException {
        Path root = DocSnippets.repositoryRoot();
        Map<String, List<Snippet>> pages = new LinkedHashMap<>();
        for (Path p : DocSnippets.pages(root)) {
            String page = root.relativize(p).toString().replace(File.separatorChar, '/');
            pages.put(page, DocSnippets.parse(page, Files.readString(p), imports(), chronicleImports()));
        }
        boolean chronicle = chronicleBridgePresent();
        boolean spark = present("dev.panamax.spark.HostBroadcast");
        List<Snippet> toCompile = pages.values().stream().flatMap(List::stream)
                .filter(s -> chronicle || s.mode() != Mode.CHRONICLE)
                .filter(s -> spark || s.mode() != Mode.SPARK).toList();
        assertFalse(toCompile.isEmpty(), "no ```java snippets found under " + root);
        Map<Snippet, List<String>> errors = compile(toCompile, tmp.resolve("classes"));
        return pages.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> dynamicContainer(e.getKey(),
                tests(e.getValue(), errors, chronicle, spark)));
    }

    private static Stream<DynamicNode> tests(List<Snippet> page, Map<Snippet, List<String>> errors, boolean chronicle,
                                             boolean spark) {
        Map<String, Outcome> outcomes = new HashMap<>();
        List<Snippet> runnable = page.stream().filter(s -> s.mode() == Mode.RUN && errors.get(s).isEmpty()).toList();
        List<DynamicNode> tests = new ArrayList<>();
        for (Snippet s : page) {
            tests.add(dynamicTest("line " + s.line() + ": compiles", () -> {
                Assumptions.assumeTrue(s.mode() != Mode.CHRONICLE || chronicle, () -> s + ": not compiled: "
                        + "Chronicle Bytes or Panamax's Chronicle bridge is not on the class path of this test");
                Assumptions.assumeTrue(s.mode() != Mode.SPARK || spark, () -> s + ": not compiled: Spark and "
                        + "panamax-spark are not on the class path of this test (the spark module's tests make the "
                        + "same calls)");
                List<String> e = errors.get(s);
                assertTrue(e.isEmpty(), () -> s + " does not compile:\n" + String.join("\n", e));
            }));
            if (s.mode() != Mode.RUN) {
                continue;
            }
            tests.add(dynamicTest("line " + s.line() + ": runs", () -> {
                Assumptions.assumeTrue(errors.get(s).isEmpty(), () -> s + ": not run: it does not compile");
                if (outcomes.isEmpty()) {
                    outcomes.putAll(run(runnable, tmp.resolve("classes")));
                }
                Outcome o = outcomes.get(s.bodyClass());
                if (!o.ok()) {
                    fail(s + " " + o.problem());
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void aSnippetThatDoesNotCompileIsNamedByItsPageAndMarkdownLine() throws IOException {
        String page = """
                # A page

                ```java
                double x = Kernels.sum(DoubleView.wrap(new double[] {1, 2}));
                int y = x;
                ```
                """;
        Snippet s = DocSnippets.parse("docs/broken.md", page, imports(), chronicleImports()).getFirst();
        List<String> e = compile(List.of(s), tmp.resolve("broken")).get(s);
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.getFirst().startsWith("docs/broken.md:5: incompatible types"), e::toString);
    }

    @Test
    void declarationsAtColumnZeroAreTypesOfThePageTheBodyRunsAndAssertsAreChecked() throws Exception {
        String page = """
                ```java
                public final class Twice {
                    static long of(long x) { return 2 * x; }
                }
                long v = Twice.of(21);
                assert v == 42;
                ```

                ```java
                assert Twice.of(1) == 3 : "Twice.of(1) is " + Twice.of(1);
                ```
                """;
        List<Snippet> s = DocSnippets.parse("docs/twice.md", page, imports(), chronicleImports());
        assertEquals(List.of(2, 1), s.stream().map(x -> x.units().size()).toList());
        assertEquals("snippets.docs.twice.Twice", s.getFirst().units().getFirst().className());
        Path classes = tmp.resolve("twice");
        assertTrue(compile(s, classes).values().stream().allMatch(List::isEmpty));
        Map<String, Outcome> o = run(s, classes);
        assertTrue(o.get(s.get(0).bodyClass()).ok(), () -> o.get(s.get(0).bodyClass()).problem());
        assertTrue(o.get(s.get(1).bodyClass()).problem().contains("Twice.of(1) is 2"), o::toString);
        assertTrue(o.get(s.get(1).bodyClass()).problem().contains("(docs/twice.md:10)"), o::toString);
    }

    @Test
    void markersNeedAReasonAndAJavaBlockBelowThem() {
        String noReason = "<!-- snippet: compile-only: -->\n```java\nint x = 1;\n```\n";
        String noBlock = "<!-- snippet: chronicle -->\n\n```java\nint x = 1;\n```\n";
        String typo = "<!-- snippet: compileonly: why -->\n```java\nint x = 1;\n```\n";
        for (String page : List.of(noReason, noBlock, typo)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DocSnippets.parse("docs/m.md", page, imports(), chronicleImports()));
            assertTrue(e.getMessage().startsWith("docs/m.md:1: "), e::getMessage);
        }
        Snippet s = DocSnippets.parse("docs/m.md", "<!-- snippet: compile-only: needs /data -->\n```java\n"
                + "int x = 1;\n```\n", imports(), chronicleImports()).getFirst();
        assertEquals(Mode.COMPILE_ONLY, s.mode());
        assertEquals("needs /data", s.reason());
    }

    // ---- compiling ----

    /**
     * Compiles the snippets with the JDK's compiler into {@code classes}. Errors are mapped back to the Markdown;
     * snippets with errors are left out and the rest compiled again, so that one broken snippet does not stop the
     * others from running.
     *
     * @return every snippet's errors, empty for those that compiled
     */
    private static Map<Snippet, List<String>> compile(List<Snippet> snippets, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "no Java compiler in this JVM (" + System.getProperty("java.home") + ")");
        Files.createDirectories(classes);
        Map<Snippet, List<String>> errors = new LinkedHashMap<>();
        Map<URI, Snippet> owners = new HashMap<>();
        Map<URI, Unit> units = new HashMap<>();
        List<JavaFileObject> sources = new ArrayList<>();
        for (Snippet s : snippets) {
            errors.put(s, new ArrayList<>());
            for (Unit u : s.units()) {
                JavaFileObject f = source(u);
                owners.put(f.toUri(), s);
                units.put(f.toUri(), u);
                sources.add(f);
            }
        }
        List<String> options = List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                "--add-modules", "jdk.incubator.vector", "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none",
                "-encoding", "UTF-8");
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            while (!sources.isEmpty()) {
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                if (javac.getTask(null, files, diagnostics, options, null, sources).call()) {
                    break;
                }
                Set<Snippet> broken = new LinkedHashSet<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() != Diagnostic.Kind.ERROR) {
                        continue;
                    }
                    Snippet s = d.getSource() == null ? null : owners.get(d.getSource().toUri());
                    if (s == null) {
                        throw new AssertionError("javac failed outside the snippets: " + d.getMessage(Locale.ROOT));
                    }
                    int line = units.get(d.getSource().toUri()).markdownLine(d.getLineNumber(), s.line());
                    errors.get(s).add(s.page() + ":" + line + ": " + d.getMessage(Locale.ROOT));
                    broken.add(s);
                }
                if (broken.isEmpty()) {
                    throw new AssertionError("javac failed without an error: " + diagnostics.getDiagnostics());
                }
                sources.removeIf(f -> broken.contains(owners.get(f.toUri())));
            }
        }
        return errors;
    }

    private static JavaFileObject source(Unit u) {
        URI uri = URI.create("string:///" + u.className().replace('.', '/') + JavaFileObject.Kind.SOURCE.extension);
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return u.source();
            }
        };
    }

    private static List<String> imports() {
        List<String> out = new ArrayList<>();
        API_PACKAGES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> present(e.getKey() + "." + e.getValue()))
                .forEach(e -> out.add("import " + e.getKey() + ".*;"));
        JDK_PACKAGES.forEach(p -> out.add("import " + p + ".*;"));
        return out;
    }

    private static List<String> chronicleImports() {
        List<String> out = new ArrayList<>(List.of("import net.openhft.chronicle.bytes.*;"));
        if (present("dev.panamax.chronicle.ChronicleViews")) {
            out.add("import dev.panamax.chronicle.*;");
        }
        return out;
    }

    private static boolean chronicleBridgePresent() {
        return present("net.openhft.chronicle.bytes.BytesStore")
                && (present("dev.panamax.chronicle.ChronicleViews") || present("dev.panamax.shm.ChronicleViews"));
    }

    /** Whether a class is on the class path, without initialising it. */
    private static boolean present(String className) {
        try {
            Class.forName(className, false, DocSnippetsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    // ---- running ----

    /** How a snippet's run ended: {@code problem} is null when it returned normally. */
    record Outcome(String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /**
     * Runs the snippets, in order, in one child JVM whose working directory and {@code PANAMAX_DIR} are a new
     * directory.
     *
     * @return each snippet's outcome, by its body class
     */
    private static Map<String, Outcome> run(List<Snippet> snippets, Path classes) throws IOException,
            InterruptedException {
        Path session = Files.createDirectories(tmp.resolve("session-" + ++runs));
        Path results = Files.createDirectories(tmp.resolve("results-" + runs));
        List<String> args = new ArrayList<>(List.of(results.toString()));
        snippets.forEach(s -> args.add(s.bodyClass()));
        List<String> cmd = JvmCommand.current()
                .classPath(System.getProperty("java.class.path") + File.pathSeparator + classes)
                .jvmArg("-ea:snippets...").jvmArg("-Xmx256m")
                .mainClass(DocSnippetRunner.class, args.toArray(String[]::new)).build();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(session.toFile())
                .redirectOutput(results.resolve("stdout.txt").toFile())
                .redirectError(results.resolve("stderr.txt").toFile());
        pb.environment().put("PANAMAX_DIR", session.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished;
        try {
            finished = p.waitFor(PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String end = finished ? "the JVM exited with status " + p.exitValue() : "the JVM was killed after "
                + PAGE_TIMEOUT_SECONDS + " s";
        String stderr = tail(results.resolve("stderr.txt"));
        Map<String, Outcome> out = new HashMap<>();
        for (Snippet s : snippets) {
            String c = s.bodyClass();
            if (Files.exists(results.resolve(c + ".ok"))) {
                out.put(c, new Outcome(null));
            } else if (Files.exists(results.resolve(c + ".failed"))) {
                out.put(c, new Outcome("threw:\n" + toMarkdownLines(Files.readString(results.resolve(c + ".failed")),
                        snippets)));
            } else if (Files.exists(results.resolve(c + ".started"))) {
                out.put(c, new Outcome("did not finish: " + end + " while it ran; stderr:\n" + stderr));
            } else {
                out.put(c, new Outcome("never started: " + end + " before it; stderr:\n" + stderr));
            }
        }
        return out;
    }

    /** Rewrites the stack trace's {@code (Snippet_L8.java:23)} frames as {@code (docs/kernels.md:15)}. */
    private static String toMarkdownLines(String trace, List<Snippet> snippets) {
        Map<String, Unit> units = new HashMap<>();
        Map<String, Snippet> owners = new HashMap<>();
        for (Snippet s : snippets) {
            for (Unit u : s.units()) {
                String simple = u.className().substring(u.className().lastIndexOf('.') + 1);
                units.put(simple, u);
                owners.put(simple, s);
            }
        }
        return FRAME.matcher(trace).replaceAll(m -> {
            Unit u = units.get(m.group(1));
            if (u == null) {
                return Matcher.quoteReplacement(m.group());
            }
            Snippet s = owners.get(m.group(1));
            return Matcher.quoteReplacement("(" + s.page() + ":" + u.markdownLine(Long.parseLong(m.group(2)), s.line())
                    + ")");
        });
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
