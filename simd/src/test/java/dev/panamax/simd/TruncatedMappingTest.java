package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.core.internal.JvmCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a reader of a mapped file sees when the file is truncated under it (SIGBUS on every access past the new
 * end), per access path, on the running JDK: real files on tmpfs, each case in a child JVM ({@link TruncationProbe})
 * with a time limit, hs_err files kept in a temporary directory. HotSpot (JDK 25, read for Linux x86_64) handles
 * a SIGBUS in {@code PosixSignals::pd_hotspot_signal_handler}: where the faulting code is an {@code Unsafe} native
 * method (what the interpreter calls; it runs in the VM with {@code doing_unsafe_access} set), a compiled method
 * flagged {@code has_unsafe_access}, or a copy stub listed in {@code UnsafeMemoryAccess}, it skips the faulting
 * instruction (a copy stub stops) and makes an {@link InternalError} pending ({@code
 * SharedRuntime::handle_unsafe_access}), thrown at the thread's next safepoint poll; anywhere else the JVM dies. C1
 * and C2 set {@code has_unsafe_access} when they compile an {@code Unsafe} scalar access (C1 has no Vector API
 * intrinsics, so its vector loads are such accesses); C2 does not for the Vector API's loads and stores
 * ({@code vectorIntrinsics.cpp}). The first tests pin those facts, the later ones what Panamax builds on them.
 */
class TruncatedMappingTest {
    /** Where the probes put their files: tmpfs, like {@code /dev/shm} segments, where there is one with room. */
    static final class OnTmpfs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path shm = Path.of("/dev/shm");
            // A container's 64 MiB /dev/shm cannot hold the test's files: the default temp directory then.
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    && Files.getFileStore(shm).getUsableSpace() > (1L << 30)
                    ? Files.createTempDirectory(shm, "panamax-truncation-")
                    : Files.createTempDirectory("panamax-truncation-");
        }
    }

    @TempDir(factory = OnTmpfs.class)
    Path data;
    @TempDir
    Path work;

    private static final Pattern REACHED = Pattern.compile("reached=(-?\\d+)");
    private static final Pattern MILLIS = Pattern.compile("ms=(\\d+)");
    private static final String FAULT = "caught java.lang.InternalError: a fault occurred in an unsafe memory access";

    /** What a child did: exit status (-1: still running at the limit, then killed), stdout, its hs_err files. */
    record Run(int status, List<String> out, List<String> hsErr, String stderr) {
        String outcome() {
            return out.stream().filter(l -> l.startsWith("outcome ")).findFirst().orElse("(no outcome) " + this);
        }

        long reached() {
            Matcher m = REACHED.matcher(outcome());
            assertTrue(m.find(), outcome());
            return Long.parseLong(m.group(1));
        }

        /** @return the hs_err file's "Problematic frame" line */
        String crashFrame() {
            return hsErr.stream().filter(l -> l.startsWith("J ") || l.startsWith("j ")).findFirst().orElse("");
        }

        /** Asserts a JVM crash on SIGBUS with an hs_err file whose problematic frame names {@code method}. */
        void crashedIn(String method) {
            assertTrue(status != 0 && status != -1, () -> "exit status; " + this);
            assertTrue(crashFrame().contains(method), this::toString);
            assertTrue(out.stream().anyMatch(l -> l.contains("SIGBUS")), this::toString);
            assertFalse(out.contains("alive"), this::toString);
        }

        void survived() {
            assertEquals(0, status, () -> "exit status; " + this);
            assertEquals(List.of(), hsErr, "no hs_err file");
            assertTrue(out.contains("alive"), this::toString);
        }
    }

    private Process start(List<String> jvmFlags, String... args) throws IOException {
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx256m").jvmArgs(jvmFlags)
                .jvmArg("-XX:ErrorFile=" + work.resolve("hs_err_%p.log")).jvmArg("-XX:-CreateCoredumpOnCrash")
                .mainClass(TruncationProbe.class, args).build();
        return new ProcessBuilder(cmd).directory(work.toFile())
                .redirectError(work.resolve("stderr-" + System.nanoTime() + ".txt").toFile()).start();
    }

    /** Runs a probe to its end, or kills it after {@code limitSeconds}. */
    private Run run(int limitSeconds, List<String> jvmFlags, String... args) throws Exception {
        Process p = start(jvmFlags, args);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            int status = p.waitFor(limitSeconds, TimeUnit.SECONDS) ? p.exitValue() : -1;
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new Run(status, out.get(10, TimeUnit.SECONDS).lines().toList(), hsErr(p.pid()), stderr());
        } finally {
            p.destroyForcibly();
        }
    }

    private List<String> hsErr(long pid) throws IOException {
        Path f = work.resolve("hs_err_" + pid + ".log");
        if (!Files.exists(f)) {
            return List.of();
        }
        List<String> frame = new ArrayList<>();
        frame.add(f.getFileName().toString());
        for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
            if (l.startsWith("# J ") || l.startsWith("# j ")) {
                frame.add(l.substring(2));
            }
        }
        return frame;
    }

    private String stderr() throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            StringBuilder b = new StringBuilder();
            for (Path p : s.filter(x -> x.getFileName().toString().startsWith("stderr-")).toList()) {
                b.append(Files.readString(p, StandardCharsets.ISO_8859_1));
                Files.delete(p);
            }
            return b.toString();
        }
    }

    private static final List<String> C2 = List.of("-XX:-TieredCompilation", "-Xbatch");
    private static final List<String> C2_SERIAL = List.of("-XX:-TieredCompilation", "-Xbatch", "-XX:+UseSerialGC");
    private static final List<String> C2_G1 = List.of("-XX:-TieredCompilation", "-Xbatch", "-XX:+UseG1GC");

    // ---- the JVM ----

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector", "copy"})
    void theInterpreterRaisesInternalErrorAtTheFaultingAccess(String path) throws Exception {
        Run r = run(60, List.of("-Xint"), "jdk", path, data.toString(), "65536", "0");
        r.survived();
        assertTrue(r.outcome().startsWith("outcome " + FAULT), r::toString);
        // Data survives up to byte 4096, element 512; nothing after the faulting access ran.
        assertTrue(r.reached() < 512, r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector", "copy"})
    void c1RaisesInternalErrorWithinALoopIteration(String path) throws Exception {
        Run r = run(120, List.of("-XX:TieredStopAtLevel=1", "-Xbatch"), "jdk", path, data.toString(), "65536", "200");
        r.survived();
        assertTrue(r.outcome().startsWith("outcome " + FAULT), r::toString);
        assertTrue(r.reached() < 1024, r::toString);
    }

    @Test
    void c2ScalarAccessRaisesInternalErrorAtTheNextSafepointPollWhichSerialGcRemovesFromCountedLoops()
            throws Exception {
        long n = 1 << 20;
        Run g1 = run(120, C2_G1, "jdk", "scalar", data.toString(), Long.toString(n), "30");
        g1.survived();
        assertTrue(g1.outcome().startsWith("outcome " + FAULT), g1::toString);
        // G1 keeps a poll in counted loops (every LoopStripMiningIter = 1000 iterations).
        assertTrue(g1.reached() < n / 2, g1::toString);

        Files.delete(data.resolve("jdk-scalar"));
        Run serial = run(120, C2_SERIAL, "jdk", "scalar", data.toString(), Long.toString(n), "30");
        serial.survived();
        assertTrue(serial.outcome().startsWith("outcome " + FAULT), serial::toString);
        // Serial (and Parallel) remove it: the loop ran to its end, one SIGBUS per element, before the error.
        assertEquals(n - 1, serial.reached(), serial::toString);
    }

    @Test
    void c2VectorLoadsCrashTheJvmUnlessTheCompiledMethodAlsoHoldsAScalarAccess() throws Exception {
        Run bare = run(120, C2, "jdk", "vector", data.toString(), "1048576", "30");
        bare.crashedIn("TruncationProbe.vectorLoop");

        Run marked = run(120, C2, "jdk", "vector-marked", data.toString(), "1048576", "30");
        marked.survived();
        assertTrue(marked.outcome().startsWith("outcome " + FAULT), marked::toString);
    }

    @Test
    void c2BulkCopiesStopAtTheFault() throws Exception {
        Run r = run(120, C2_SERIAL, "jdk", "copy", data.toString(), "1048576", "30");
        r.survived();
        assertTrue(r.outcome().startsWith("outcome " + FAULT), r::toString);
        assertTrue(r.reached() < 1 << 19, r::toString);
    }

    @Test
    void anOnStackReplacementCompileStartsAtTheLoopAndLeavesAScalarAccessBeforeItOut() throws Exception {
        Run r = run(120, C2, "osr", data.toString(), "1048576");
        r.crashedIn("TruncationProbe.entryMarkedLoop");
    }

    // ---- Panamax's kernels ----

    /**
     * Every kernel, every dtype, compiled by C2 under the Serial collector (as the {@code panamax} launcher runs):
     * each call on the truncated file raises InternalError within a chunk of faults, in milliseconds. Without
     * the chunked loops a call faults on each of its 8 Mi elements (tens of seconds); without the scalar read in
     * the vector helpers the simd and parallel kernels crash the JVM.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd,parallel"})
    void everyKernelOnATruncatedMappingRaisesInternalErrorWithinAChunk(String modes) throws Exception {
        Run r = run(300, C2_SERIAL, "kernels", modes, data.toString(), "8388608");
        r.survived();
        List<String> calls = r.out().stream().filter(l -> l.startsWith("kernel ")).toList();
        assertEquals(modes.split(",").length * DType.values().length * 13, calls.size(), r::toString);
        for (String call : calls) {
            assertTrue(call.contains(" " + FAULT), call);
            Matcher m = MILLIS.matcher(call);
            assertTrue(m.find(), call);
            assertTrue(Long.parseLong(m.group(1)) < 4000, call);
        }
    }

    /** SIGTERM reaches a JVM whose kernel is faulting on a truncated segment: it exits, as after any SIGTERM. */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void sigtermStopsAJvmWhoseKernelFaultsOnATruncatedSegment(String mode) throws Exception {
        Process p = start(C2_SERIAL, "loop", mode, data.toString(), "33554432");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(120, TimeUnit.SECONDS);
            assertTrue(first != null && first.startsWith("truncated"), () -> first + "; " + safeStderr());
            Thread.sleep(500); // now inside a kernel on the truncated file
            long t0 = System.nanoTime();
            p.destroy();
            assertTrue(p.waitFor(8, TimeUnit.SECONDS), "SIGTERM ignored for 8 s by a JVM faulting in a kernel");
            assertEquals(143, p.exitValue(), "exit status after SIGTERM");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
            assertEquals(List.of(), hsErr(p.pid()));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String safeStderr() {
        try {
            return stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
