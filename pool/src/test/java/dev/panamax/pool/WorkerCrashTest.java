package dev.panamax.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker crashes are visible: reported once each, classified by what really happened, with the JVM's report. */
class WorkerCrashTest {
    private static WorkerCrashedException crashOf(CompletableFuture<Object> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(WorkerCrashedException.class, e.getCause());
    }

    private static void awaitCrashes(List<WorkerCrash> crashes, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (crashes.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, crashes.size(), "crashes reported: " + crashes);
    }

    @Test
    void everyCrashThePoolSurvivesIsReportedWithWhatBecameOfItsTask(@TempDir Path dir) throws Exception {
        List<WorkerCrash> crashes = new CopyOnWriteArrayList<>();
        try (WorkerPool pool = WorkerPool.builder().workers(1).warmUp(false).workerOutput(l -> { })
                .onWorkerCrash(crashes::add).start()) {
            // Retried: an idempotent task whose first run kills its worker.
            assertTrue(((String) pool.submit(TestTasks.DieOnceIdempotent.class, dir.resolve("a").toString())
                    .get(60, TimeUnit.SECONDS)).startsWith("survived"));
            awaitCrashes(crashes, 1);
            WorkerCrash retried = crashes.getFirst();
            assertEquals(WorkerCrash.Outcome.RETRIED, retried.outcome());
            assertEquals("task dev.panamax.pool.TestTasks$DieOnceIdempotent", retried.task());
            assertEquals("signal 9 (SIGKILL)", retried.cause(), "halt(137) looks like SIGKILL to Process");
            assertTrue(retried.describe().endsWith("; it was run again"), retried.describe());

            // Failed: the same, not idempotent.
            crashOf(pool.submit(TestTasks.DieOnce.class, dir.resolve("b").toString()));
            awaitCrashes(crashes, 2);
            assertEquals(WorkerCrash.Outcome.FAILED, crashes.get(1).outcome());

            // Idle: killed from outside between tasks.
            long pid = (Long) pool.submit(TestTasks.Pid.class).get(60, TimeUnit.SECONDS);
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
            awaitCrashes(crashes, 3);
            WorkerCrash idle = crashes.get(2);
            assertEquals(WorkerCrash.Outcome.IDLE, idle.outcome());
            assertEquals(pid, idle.pid());
            assertEquals(9, idle.signal());
            assertEquals("signal 9 (SIGKILL)", idle.cause());
            assertNull(idle.task());
            assertEquals(49L, pool.submit(TestTasks.Square.class, 7L).get(60, TimeUnit.SECONDS));
        }
        assertEquals(3, crashes.size(), "closing the pool is not a crash");
    }

    @Test
    void exitCode3IsAnOutOfMemoryErrorOnlyWhenTheWorkerSaidSo() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).warmUp(false).jvmArgs("-Xmx32m")
                .workerOutput(l -> { }).onWorkerCrash(c -> { }).start()) {
            WorkerCrashedException exit3 = crashOf(pool.submit(TestTasks.Exit.class, 3));
            assertEquals(3, exit3.exitCode());
            assertFalse(exit3.getMessage().contains("OutOfMemoryError"), exit3.getMessage());
            assertTrue(exit3.getMessage().contains("died with exit code 3 while running"), exit3.getMessage());

            WorkerCrashedException oom = crashOf(pool.submit(TestTasks.Oom.class));
            assertEquals(3, oom.exitCode());
            assertTrue(oom.getMessage().contains("died with exit code 3 (OutOfMemoryError: Java heap space)"),
                    oom.getMessage());
        }
    }

    @Test
    void aJvmCrashLeavesItsReportInThePoolsCrashDirectoryNotInTheWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> before = hsErrFiles(cwd);
        Path crashDir;
        WorkerCrashedException c;
        try (WorkerPool pool = WorkerPool.builder().workers(1).warmUp(false).workerOutput(l -> { })
                .onWorkerCrash(x -> { }).start()) {
            crashDir = pool.crashDirectory();
            assertTrue(Files.isDirectory(crashDir));
            c = crashOf(pool.submit(TestTasks.CrashJvm.class));
        }
        boolean kept = Files.isDirectory(crashDir);
        try {
            assertNotNull(c.errorReport(), c.getMessage());
            assertEquals(crashDir.resolve("hs_err_pid" + c.pid() + ".log"), c.errorReport());
            assertTrue(Files.isRegularFile(c.errorReport()), "the report is kept after close");
            assertTrue(c.getMessage().contains("JVM crash report: " + c.errorReport()), c.getMessage());
            assertTrue(c.getMessage().contains("the JVM crashed with SIGSEGV"), c.getMessage());
            assertEquals(before, hsErrFiles(cwd), "no hs_err file in the working directory");
        } finally {
            if (kept) {
                try (Stream<Path> s = Files.list(crashDir)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(crashDir);
            }
        }
    }

    @Test
    void aPoolWithoutCrashesRemovesItsCrashDirectoryAtClose() throws Exception {
        Path crashDir;
        try (WorkerPool pool = WorkerPool.builder().workers(1).warmUp(false).workerOutput(l -> { }).start()) {
            crashDir = pool.crashDirectory();
            assertEquals(4L, pool.submit(TestTasks.Square.class, 2L).get(60, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(crashDir));
    }

    private static List<String> hsErrFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err")).sorted().toList();
        }
    }
}
