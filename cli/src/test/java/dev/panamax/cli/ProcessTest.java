package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.internal.JvmCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command as a real child JVM: exit statuses, the one stderr line, JSON on stdout, and {@code --hold}. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessTest {
    /** Printed by every JVM started with the Vector API; the ./panamax launcher drops it, JvmCommand does not. */
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path dir;

    record Done(int status, String out, List<String> err) {
    }

    private List<String> command(String... args) {
        List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
        all.addAll(List.of(args));
        return JvmCommand.current().jvmArg("-Xmx64m").mainClass(Main.class, all.toArray(String[]::new)).build();
    }

    private Process start(String... args) throws IOException {
        return new ProcessBuilder(command(args)).start();
    }

    private static List<String> errLines(String err) {
        return err.lines().filter(l -> !l.equals(INCUBATOR_WARNING)).toList();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private Done run(String... args) throws Exception {
        Process p = start(args);
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
            return new Done(p.exitValue(), out.get(), errLines(err.get()));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void errorsExitWithStatusOneAndExactlyOneStderrLine() throws Exception {
        Done d = run("info", "nope");
        assertEquals(1, d.status());
        assertEquals(1, d.err().size(), d.err()::toString);
        assertTrue(d.err().getFirst().startsWith("panamax: ") && d.err().getFirst().contains("nope"), d.err()::toString);
        assertEquals("", d.out());
    }

    @Test
    void usageErrorsExitWithStatusTwoAndOneLine() throws Exception {
        Done d = run("compute", "sum", "x", "--threads", "2", "--workers", "2");
        assertEquals(2, d.status());
        assertEquals(1, d.err().size(), d.err()::toString);
        assertTrue(d.err().getFirst().startsWith("panamax: --threads and --workers"), d.err()::toString);
    }

    @Test
    void jsonGoesToStdoutAsOneObject() throws Exception {
        assertEquals(0, run("create", "v", "--dtype", "float64", "--shape", "100", "--fill", "range").status());
        Done d = run("compute", "sum-of-squares", "v", "--json");
        assertEquals(0, d.status(), d.err()::toString);
        assertEquals(List.of(), d.err());
        assertEquals(1, d.out().lines().count(), d.out());
        Map<String, Object> j = MiniJson.object(d.out());
        assertEquals(328350.0, ((Number) j.get("result")).doubleValue());
    }

    /** Starts {@code create NAME --hold} and waits until the segment is published. */
    private Process holder(String name, String lifetime) throws IOException {
        Process p = start("create", name, "--dtype", "float64", "--shape", "1000", "--lifetime", lifetime, "--hold");
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        assertNotNull(first, "holder printed nothing");
        assertTrue(first.startsWith("created " + name), first);
        assertTrue(Files.exists(dir.resolve(name)));
        return p;
    }

    @Test
    void holdKeepsAProcessSegmentUntilStdinEnds() throws Exception {
        Process p = holder("held", "process");
        try {
            Map<String, Object> info = CliRun.in(dir, "info", "held", "--json").ok().json();
            assertEquals(p.pid(), info.get("creator_pid"));
            assertEquals(Boolean.TRUE, info.get("creator_alive"));
            assertEquals("process", info.get("lifetime"));
            assertFalse(p.waitFor(300, TimeUnit.MILLISECONDS), "holder exited before stdin ended");
            p.getOutputStream().close();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertFalse(Files.exists(dir.resolve("held")), "a process segment outlived its holder");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermReleasesAProcessSegmentAndKeepsAPersistentOne() throws Exception {
        Process proc = holder("proc", "process");
        Process pers = holder("pers", "persistent");
        try {
            proc.destroy(); // SIGTERM
            pers.destroy();
            assertTrue(proc.waitFor(30, TimeUnit.SECONDS) && pers.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(dir.resolve("proc")));
            assertTrue(Files.exists(dir.resolve("pers")));
        } finally {
            proc.destroyForcibly();
            pers.destroyForcibly();
        }
    }

    @Test
    void gcCollectsTheSegmentOfAKilledHolder() throws Exception {
        Process p = holder("orphan", "process");
        try {
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertTrue(Files.exists(dir.resolve("orphan")));
        assertTrue(CliRun.in(dir, "gc", "--dry-run").ok().out().startsWith("would remove orphan"));
        assertTrue(Files.exists(dir.resolve("orphan")));
        Map<String, Object> j = CliRun.in(dir, "gc", "--json").ok().json();
        assertEquals(1, ((List<?>) j.get("removed")).size(), j::toString);
        assertFalse(Files.exists(dir.resolve("orphan")));
    }

    /**
     * Issue 10, item 3: a kill -9 in the middle of {@code create --fill random} used to leave a persistent, partly
     * filled segment under the name. Now the name appears only once the data is complete, and gc collects the
     * temporary file the killed create leaves.
     */
    @Test
    void aCreateKilledWhileFillingPublishesNothingAndGcCollectsItsTemporaryFile() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm), "no /dev/shm");
        Path d = Files.createTempDirectory(shm, "panamax-test-fill-");
        long elements = 64L << 20;
        long total = 4096 + 8 * elements;
        Process p = new ProcessBuilder(JvmCommand.current().jvmArg("-Xmx64m").mainClass(Main.class, "--dir",
                d.toString(), "create", "big", "--dtype", "float64", "--shape", Long.toString(elements), "--fill",
                "random").build()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean filling = false;
            while (!filling && System.nanoTime() < deadline && p.isAlive()) {
                assertFalse(Files.exists(d.resolve("big")), "the name was published before the data was filled");
                for (String n : ours(d, ".panamax-tmp-big-")) {
                    filling |= Files.size(d.resolve(n)) == total && firstElementWritten(d.resolve(n));
                }
                Thread.sleep(1);
            }
            assertTrue(filling && p.isAlive(), "the create did not reach its fill in time");
            p.destroyForcibly(); // SIGKILL in the middle of the fill
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(d.resolve("big")), "nothing is published");
            List<String> temps = ours(d, ".panamax-tmp-big-");
            assertEquals(1, temps.size(), temps::toString);
            String gc = CliRun.in(d, "gc").ok().out();
            assertTrue(gc.startsWith("removed " + temps.getFirst()), gc);
            assertEquals(List.of(), ours(d, ""));
        } finally {
            p.destroyForcibly();
            for (String n : ours(d, "")) {
                Files.deleteIfExists(d.resolve(n));
            }
            Files.deleteIfExists(d);
        }
    }

    @Test
    void sigtermDuringTheDemoLeavesNoSegmentAndNoWorker() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm), "no /dev/shm");
        Process p = new ProcessBuilder(JvmCommand.current().jvmArg("-Xmx64m")
                .mainClass(Main.class, "--dir", shm.toString(), "demo").build())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String prefix = "panamax-demo-" + p.pid() + "-";
        List<ProcessHandle> workers = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Wait until the demo has its worker processes and its first segments, then stop it.
            while (System.nanoTime() < deadline && p.isAlive()
                    && (p.descendants().count() < 2 || ours(shm, prefix).size() < 2)) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "the demo ended before it could be interrupted");
            p.descendants().forEach(workers::add);
            assertFalse(ours(shm, prefix).isEmpty());
            p.destroy(); // SIGTERM, like Ctrl-C: shutdown hooks run
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of(), ours(shm, prefix));
            for (ProcessHandle w : workers) {
                assertTrue(w.onExit().get(10, TimeUnit.SECONDS) != null && !w.isAlive(), "worker " + w.pid());
            }
        } finally {
            p.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
            for (String n : ours(shm, prefix)) {
                Files.deleteIfExists(shm.resolve(n));
            }
        }
    }

    /** @return whether the first float64 after the 4096-byte header is no longer zero: the fill has begun */
    private static boolean firstElementWritten(Path p) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
            return ch.read(b, 4096) == 8 && b.getLong(0) != 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aWorkerKilledDuringComputeIsOneLineOnStderrAndTheResultIsStillRight() throws Exception {
        assertEquals(0, run("create", "mid", "--dtype", "int64", "--shape", "4194304", "--fill", "range").status());
        Process p = start("--json", "compute", "sum", "mid", "--workers", "2", "--repeat", "3000");
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            Path mid = dir.resolve("mid").toRealPath();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean killed = false;
            while (!killed && System.nanoTime() < deadline && p.isAlive()) {
                for (ProcessHandle h : p.children().toList()) {
                    // A worker that has mapped the array. Not any child with it mapped: the spawn helper the JVM forks
                    // to start a worker has the parent's mappings until it execs, and killing it fails the start.
                    if (!killed && isWorker(h) && maps(h.pid()).contains(mid.toString())) {
                        killed = h.destroyForcibly();
                    }
                }
                Thread.sleep(20);
            }
            assertTrue(killed, "a worker was killed while the command ran");
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finishes");
            String stderr = err.get();
            assertEquals(0, p.exitValue(), stderr);
            assertTrue(stderr.lines().anyMatch(l -> l.matches("panamax: worker \\d+ \\(pid \\d+\\) died \\(signal 9 "
                    + "\\(SIGKILL\\)\\)(; its part was run again| while idle; it was replaced)")), stderr);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) MiniJson.parse(out.get().strip());
            assertEquals(4194304L * 4194303L / 2, ((Number) r.get("result")).longValue(), "exact int64 sum");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether {@code h} runs the pool's worker main class (its command line, from /proc). */
    private static boolean isWorker(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + h.pid() + "/cmdline")), StandardCharsets.UTF_8)
                    .contains("WorkerMain");
        } catch (IOException e) {
            return false;
        }
    }

    /** The memory map of a process, or "" if it is gone. */
    private static String maps(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/maps"));
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> ours(Path dir, String prefix) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).filter(n -> n.contains(prefix)).toList();
        }
    }
}
