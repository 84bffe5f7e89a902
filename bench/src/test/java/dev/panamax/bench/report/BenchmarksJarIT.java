package dev.panamax.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;

/**
 * Checks the shaded {@code benchmarks.jar} that {@code package} built (so this runs in {@code verify}, after it):
 * it lists every {@code @Benchmark} method in the compiled classes (no class lost to a missing annotation
 * processor or to shading), and one tiny forked run of one benchmark per class writes JSON with a score.
 */
class BenchmarksJarIT {
    private static final Path JAR = Path.of(System.getProperty("panamax.bench.jar", "target/benchmarks.jar"));
    private static final Path CLASSES = Path.of(System.getProperty("panamax.bench.classes", "target/classes"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @BeforeEach
    void onlyAfterPackage() {
        // Under failsafe (verify) the pom passes the jar's path; a surefire run picked by -Dtest=... would see a stale jar.
        assumeTrue(System.getProperty("panamax.bench.jar") != null, "runs under failsafe, after package");
    }

    /** Every {@code @Benchmark} method of the compiled bench classes, by class, found by reflection. */
    private static Map<Class<?>, List<Method>> benchmarksInClasses() throws IOException, ClassNotFoundException {
        Map<Class<?>, List<Method>> out = new TreeMap<>(Comparator.comparing(Class::getName));
        List<Path> files;
        try (Stream<Path> s = Files.walk(CLASSES.resolve("dev/panamax/bench"))) {
            files = s.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("jmh_generated")).toList();
        }
        for (Path f : files) {
            String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> c = Class.forName(name, false, BenchmarksJarIT.class.getClassLoader());
            List<Method> ms = Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                    .sorted(Comparator.comparing(Method::getName)).toList();
            if (!ms.isEmpty()) {
                out.put(c, ms);
            }
        }
        return out;
    }

    private String run(Path log, String... args) throws IOException, InterruptedException {
        // The lock (/tmp/jmh.lock) keeps two real measurements apart; a smoke run may share the machine.
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx256m", "-Djmh.ignoreLock=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                fail("timed out after 90 s: " + cmd + "\n" + tail(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> cmd + " failed:\n" + tail(log));
            return out;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.substring(Math.max(0, s.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void theJarListsEveryBenchmarkMethodOfTheCompiledClasses() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: it is built by package, before this test");
        Set<String> expected = new TreeSet<>();
        benchmarksInClasses().forEach((c, ms) -> ms.forEach(m -> expected.add(c.getName() + "." + m.getName())));
        assertFalse(expected.isEmpty(), "no @Benchmark methods under " + CLASSES);
        String listing = run(dir.resolve("list.log"), "-l");
        Set<String> listed = new TreeSet<>();
        for (String line : listing.split("\n")) {
            if (line.startsWith("dev.panamax.")) {
                listed.add(line.strip());
            }
        }
        assertEquals(expected, listed);
    }

    /** The smallest numeric value of each {@code @Param} the benchmark sees (the first value if not numeric). */
    private static Map<String, String> smallestParams(Class<?> benchClass, Method method) {
        List<Class<?>> states = new ArrayList<>();
        if (benchClass.isAnnotationPresent(State.class)) {
            states.add(benchClass);
        }
        for (Parameter p : method.getParameters()) {
            if (p.getType().isAnnotationPresent(State.class)) {
                states.add(p.getType());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Class<?> s : states) {
            for (Class<?> k = s; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    Param p = f.getAnnotation(Param.class);
                    if (p == null) {
                        continue;
                    }
                    String[] values = p.value();
                    if (values.length == 0 && f.getType().isEnum()) {
                        values = new String[] {((Enum<?>) f.getType().getEnumConstants()[0]).name()};
                    }
                    if (values.length == 0) {
                        continue;
                    }
                    String pick = values[0];
                    try {
                        pick = Arrays.stream(values).min(Comparator.comparingDouble(v -> Double.parseDouble(v.strip()))).orElseThrow();
                    } catch (NumberFormatException notNumeric) {
                        // keep the first value
                    }
                    out.putIfAbsent(f.getName(), pick.strip());
                }
            }
        }
        return out;
    }

    @Test
    void oneTinyRunOfEachBenchmarkClassWritesJsonWithAScore() throws Exception {
        for (Map.Entry<Class<?>, List<Method>> e : benchmarksInClasses().entrySet()) {
            Class<?> c = e.getKey();
            Method m = e.getValue().getFirst();
            String name = c.getName() + "." + m.getName();
            Path json = dir.resolve(c.getSimpleName() + ".json");
            List<String> args = new ArrayList<>(List.of("^" + name.replace(".", "\\.") + "$",
                    "-f", "1", "-wi", "0", "-i", "1", "-r", "10ms", "-rf", "json", "-rff", json.toString()));
            smallestParams(c, m).forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
            run(dir.resolve(c.getSimpleName() + ".log"), args.toArray(String[]::new));
            List<JmhResult> results = JmhResult.read(json);
            assertEquals(1, results.size(), name + ": " + results);
            JmhResult r = results.getFirst();
            assertEquals(name, r.benchmark());
            assertTrue(Double.isFinite(r.score()) && r.score() >= 0, name + " score " + r.score());
            assertTrue(r.medianNsPerOp() >= 0, name + " " + Arrays.toString(r.nsPerOp()));
        }
    }
}
