package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./panamax} script itself: exit statuses pass through, stderr carries exactly the one error line
 * (the JVM's incubator warning is dropped), JSON reaches stdout. Runs only where the launcher's build is present
 * and fresh (after {@code ./panamax} ran once): a test must never start a Maven build, and in a clean
 * {@code ./mvnw verify} the cli jar does not exist yet when the tests run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherTest {
    private static Path repo;

    @TempDir
    Path dir;

    @BeforeAll
    static void findFreshLauncher() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        repo = Files.isExecutable(here.resolve("panamax")) ? here : here.getParent();
        Path script = repo.resolve("panamax");
        Path classpath = repo.resolve("cli/target/classpath.txt");
        Assumptions.assumeTrue(Files.isExecutable(script), "no ./panamax at " + script);
        Assumptions.assumeTrue(Files.exists(classpath), "the launcher has not built yet (" + classpath + ")");
        FileTime built = Files.getLastModifiedTime(classpath);
        for (String module : List.of("core", "simd", "shm", "pool", "cli")) {
            Path src = repo.resolve(module).resolve("src/main");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                boolean stale = files.anyMatch(p -> {
                    try {
                        return Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(built) > 0;
                    } catch (IOException e) {
                        return true;
                    }
                });
                Assumptions.assumeFalse(stale, "the launcher's build is older than " + src);
            }
        }
    }

    record Done(int status, String out, List<String> err) {
    }

    private Done panamax(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("panamax").toString(), "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertTrue(p.waitFor(50, TimeUnit.SECONDS), "./panamax did not finish");
            return new Done(p.exitValue(), out.get(), err.get().lines().toList());
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void anErrorIsExactlyOneStderrLineAndStatusOne() throws Exception {
        Done d = panamax("info", "nope");
        assertEquals(1, d.status());
        assertEquals(1, d.err().size(), d.err()::toString);
        assertTrue(d.err().getFirst().startsWith("panamax: "), d.err()::toString);
    }

    @Test
    void aUsageErrorIsStatusTwo() throws Exception {
        Done d = panamax("compute", "sum", "x", "--lo", "1");
        assertEquals(2, d.status());
        assertEquals(1, d.err().size(), d.err()::toString);
    }

    @Test
    void successPrintsJsonAndNothingOnStderr() throws Exception {
        assertEquals(0, panamax("create", "a", "--dtype", "int32", "--shape", "5", "--fill", "range").status());
        Done d = panamax("compute", "sum", "a", "--json");
        assertEquals(0, d.status(), d.err()::toString);
        assertEquals(List.of(), d.err());
        assertEquals(10L, MiniJson.object(d.out()).get("result"));
    }

    /**
     * Issue 10, item 8: the stderr filter drops one exact line and passes every other byte. A byte that is not
     * UTF-8 (here in JAVA_TOOL_OPTIONS, which the JVM echoes to stderr) used to make grep print "binary file
     * matches" instead of the line.
     */
    @Test
    void bytesThatAreNotTextPassThroughTheStderrFilter() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "JAVA_TOOL_OPTIONS=$'-Dpanamax.probe=\\xff\\x01' exec \"$0\" --dir \"$1\" info nope",
                repo.resolve("panamax").toString(), dir.toString());
        // A UTF-8 locale, where 0xff is not text to grep (glibc has C.UTF-8 built in since 2.35).
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> bytes(p.getErrorStream()));
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> bytes(p.getInputStream()));
            assertTrue(p.waitFor(50, TimeUnit.SECONDS), "./panamax did not finish");
            out.get();
            String e = new String(err.get(), StandardCharsets.ISO_8859_1);
            assertEquals(1, p.exitValue(), e);
            assertEquals(List.of("Picked up JAVA_TOOL_OPTIONS: -Dpanamax.probe=\u00ff\u0001",
                    "panamax: no segment 'nope' in " + dir), e.lines().toList());
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] bytes(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
