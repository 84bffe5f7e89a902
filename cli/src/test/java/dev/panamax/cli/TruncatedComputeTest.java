package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.internal.JvmCommand;
import dev.panamax.shm.Segments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code panamax compute} while another process runs {@code truncate -s 8192} on its input (issue 10): one error
 * line naming the segment and both sizes, exit status 1, within seconds, and no JVM crash. The child runs with the
 * launcher's Serial collector, under which C2 leaves no safepoint poll in a counted loop. The scalar run is C2-only
 * (its 16 Mi-element loop runs in an on-stack-replacement compile from the first call, as it would in a long-lived
 * process), so that a loop without a poll would show up as a run that goes on; the simd run is tiered, and C2 has
 * compiled the vector kernels well before the truncation.
 */
class TruncatedComputeTest {
    /** Segments on tmpfs, as in {@code /dev/shm}, where there is one with room. */
    static final class OnTmpfs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path shm = Path.of("/dev/shm");
            // A container's 64 MiB /dev/shm cannot hold the test's files: the default temp directory then.
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    && Files.getFileStore(shm).getUsableSpace() > (1L << 30)
                    ? Files.createTempDirectory(shm, "panamax-cli-truncation-")
                    : Files.createTempDirectory("panamax-cli-truncation-");
        }
    }

    @TempDir(factory = OnTmpfs.class)
    Path dir;
    @TempDir
    Path work;

    private static final long ELEMENTS = 1L << 24;

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void computeOnASegmentTruncatedByAnotherProcessFailsWithOneLineNamingBothSizes(String mode) throws Exception {
        List<String> jit = mode.equals("scalar") ? List.of("-XX:-TieredCompilation") : List.of();
        CliRun.in(dir, "create", "big", "--dtype", "float64", "--shape", Long.toString(ELEMENTS), "--fill", "range")
                .ok();
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx64m").jvmArg("-XX:+UseSerialGC").jvmArgs(jit)
                .jvmArg("-XX:ErrorFile=" + work.resolve("hs_err_%p.log")).jvmArg("-XX:-CreateCoredumpOnCrash")
                .mainClass(Main.class, "--dir", dir.toString(), "compute", "sum-of-squares", "big", "--mode", mode,
                        "--repeat", "1000000")
                .build();
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).start();
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p, false);
            CompletableFuture<String> err = drain(p, true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && !Segments.info("big", dir).attachedPids().contains(p.pid())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), () -> "compute ended early: " + err.join());
            Thread.sleep(1500); // kernels have been running, compiled, for a while
            Process truncate = new ProcessBuilder("truncate", "-s", "8192", dir.resolve("big").toString()).start();
            assertTrue(truncate.waitFor(30, TimeUnit.SECONDS) && truncate.exitValue() == 0, "truncate -s failed");
            long t0 = System.nanoTime();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "compute still running 10 s after the truncation");
            List<String> errLines = err.get(10, TimeUnit.SECONDS).lines()
                    .filter(l -> !l.equals(ProcessTest.INCUBATOR_WARNING)).toList();
            assertEquals(1, p.exitValue(), errLines::toString);
            assertEquals(1, errLines.size(), errLines::toString);
            assertTrue(errLines.getFirst().startsWith("panamax: segment 'big' in " + dir + " was truncated while "
                    + "mapped: its header and data need " + (4096 + 8 * ELEMENTS) + " bytes, the file now has 8192"),
                    errLines::toString);
            assertEquals("", out.get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
            try (Stream<Path> s = Files.list(work)) {
                assertEquals(List.of(), s.map(x -> x.getFileName().toString()).toList(), "no hs_err file");
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<String> drain(Process p, boolean stderr) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String((stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
