package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.internal.JvmCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs that cannot run the vector kernels: without the jdk.incubator.vector module, and with C2 switched off.
 * Each must log exactly one line saying why and how to fix it, and still compute the right answers.
 */
class ScalarFallbackTest {
    // 1000 ints i % 10: 500 in [4, 8]; sum of (i/2)^2 for i < 1000 = 0.25 * 999*1000*1999/6.
    static final String EXPECTED = "count=500\nrows=500\nsumsq=" + (0.25 * 999 * 1000 * 1999 / 6);

    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    static long occurrences(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    @Test
    void withoutTheVectorModuleItFallsBackToScalarLogsOneLineAndComputesCorrectly(@TempDir Path dir)
            throws Exception {
        List<String> cmd = new java.util.ArrayList<>(
                JvmCommand.current().jvmArg("-Xmx64m").mainClass(FallbackProbe.class).build());
        assertTrue(cmd.remove(JvmCommand.VECTOR_MODULE_FLAG), "the command carried the vector flag: " + cmd);
        Result r = run(cmd, dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("vectorized=false"), r.out());
        assertTrue(r.out().contains(EXPECTED), r.out());
        assertTrue(r.out().contains("implementation: scalar (the jdk.incubator.vector module is not in the boot layer)"), r.out());
        assertEquals(1, occurrences(r.err(), "pass --add-modules jdk.incubator.vector"), r.err());
        assertEquals(1, occurrences(r.err(), "the jdk.incubator.vector module is not in the boot layer"), r.err());
    }

    @Test
    void withC2SwitchedOffItFallsBackToScalarAndSaysWhy(@TempDir Path dir) throws Exception {
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx64m").jvmArg("-XX:TieredStopAtLevel=1")
                .mainClass(FallbackProbe.class).build();
        Result r = run(cmd, dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("vectorized=false"), r.out());
        assertTrue(r.out().contains(EXPECTED), r.out());
        assertEquals(1, occurrences(r.err(), "C2 is disabled (-XX:TieredStopAtLevel=1)"), r.err());
    }

    @Test
    void withTheModuleAndC2TheChildRunsTheVectorKernelsSilently(@TempDir Path dir) throws Exception {
        Result r = run(JvmCommand.current().jvmArg("-Xmx64m").mainClass(FallbackProbe.class).build(), dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("vectorized=true"), r.out());
        assertTrue(r.out().contains(EXPECTED), r.out());
        assertEquals(0, occurrences(r.err(), "Panamax kernels run scalar"), r.err());
    }
}
