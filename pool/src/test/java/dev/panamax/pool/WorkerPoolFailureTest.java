package dev.panamax.pool;

import dev.panamax.core.internal.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Workers that die, hang or get killed, with real processes; every test checks that no worker outlives it. */
class WorkerPoolFailureTest {
    private final Set<Long> seen = new HashSet<>();

    private WorkerPool start(WorkerPool.Builder b) throws IOException {
        WorkerPool p = b.workerOutput(line -> { }).start();
        seen.addAll(p.workerPids());
        return p;
    }

    private static Throwable failureOf(CompletableFuture<Object> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        return e.getCause();
    }

    private long pidOf(WorkerPool pool) {
        long pid = (Long) pool.submit(TestTasks.Pid.class).join();
        seen.add(pid);
        return pid;
    }

    @Test
    void systemExitFailsOnlyItsTaskAndTheWorkerIsReplaced() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(2).jvmArgs("-Xmx64m"));
        try {
            CompletableFuture<Object> slow = pool.submit(TestTasks.Sleep.class, 500L);
            CompletableFuture<Object> exit = pool.submit(TestTasks.Exit.class, 7);
            WorkerCrashedException c = assertInstanceOf(WorkerCrashedException.class, failureOf(exit));
            assertEquals(7, c.exitCode());
            assertEquals(0, c.signal());
            assertTrue(seen.contains(c.pid()), c.getMessage());
            assertTrue(c.getMessage().matches("worker \\d+ \\(pid \\d+\\) died with exit code 7 while running task "
                    + "dev.panamax.pool.TestTasks\\$Exit.*"), c.getMessage());
            assertTrue(seen.contains((Long) slow.join()), "the other worker's task is unaffected");
            assertEquals(List.of(1L, 4L, 9L), pool.map(TestTasks.Square.class,
                    List.of(new Object[] {1L}, new Object[] {2L}, new Object[] {3L})));
            awaitWorkers(pool, 2);
            assertFalse(pool.workerPids().contains(c.pid()));
        } finally {
            seen.addAll(pool.workerPids());
            pool.close();
            Orphans.assertGone(seen);
        }
    }

    @Test
    void killMinus9FailsTheRunningTaskWithTheSignalAndThePoolGoesOn() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx64m"));
        try {
            long pid = pool.workerPids().getFirst();
            CompletableFuture<Object> running = pool.submit(TestTasks.Sleep.class, 60_000L);
            CompletableFuture<Object> queued = pool.submit(TestTasks.Square.class, 6L);
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
            WorkerCrashedException c = assertInstanceOf(WorkerCrashedException.class, failureOf(running));
            assertEquals(pid, c.pid());
            assertEquals(9, c.signal());
            assertEquals(137, c.exitCode());
            assertTrue(c.getMessage().contains("signal 9 (SIGKILL)"), c.getMessage());
            assertEquals(36L, queued.get(60, TimeUnit.SECONDS), "the queued task runs on the replacement");
            assertNotEquals(pid, pidOf(pool));
        } finally {
            seen.addAll(pool.workerPids());
            pool.close();
            Orphans.assertGone(seen);
        }
    }

    @Test
    void outOfMemoryInAWorkerIsACrashWithExitCode3() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx32m"));
        try {
            WorkerCrashedException c = assertInstanceOf(WorkerCrashedException.class,
                    failureOf(pool.submit(TestTasks.Oom.class)));
            assertEquals(3, c.exitCode());
            assertTrue(c.getMessage().contains("OutOfMemoryError"), c.getMessage());
            assertEquals(4L, pool.submit(TestTasks.Square.class, 2L).get(60, TimeUnit.SECONDS));
        } finally {
            seen.addAll(pool.workerPids());
            pool.close();
            Orphans.assertGone(seen);
        }
    }

    @Test
    void idempotentTasksRunOnceMoreAfterACrashOthersFail(@TempDir Path dir) throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx64m"));
        try {
            Object r = pool.submit(TestTasks.DieOnceIdempotent.class, dir.resolve("a").toString())
                    .get(60, TimeUnit.SECONDS);
            assertTrue(Files.exists(dir.resolve("a")), "the first attempt ran and died");
            assertTrue(((String) r).startsWith("survived on "), r.toString());

            WorkerCrashedException c = assertInstanceOf(WorkerCrashedException.class,
                    failureOf(pool.submit(TestTasks.DieOnce.class, dir.resolve("b").toString())));
            assertEquals(9, c.signal());

            Object again = pool.submit(TaskOptions.defaults().idempotent(true), TestTasks.DieOnce.class,
                    dir.resolve("c").toString()).get(60, TimeUnit.SECONDS);
            assertTrue(((String) again).startsWith("survived on "));
        } finally {
            seen.addAll(pool.workerPids());
            pool.close();
            Orphans.assertGone(seen);
        }
    }

    @Test
    void aTaskPastItsTimeoutKillsItsWorkerAndFailsWithTaskTimeoutException() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx64m"));
        try {
            long pid = pool.workerPids().getFirst();
            CompletableFuture<Object> f = pool.submit(TaskOptions.defaults().timeout(Duration.ofMillis(300)),
                    TestTasks.Sleep.class, 60_000L);
            TaskTimeoutException t = assertInstanceOf(TaskTimeoutException.class, failureOf(f));
            assertEquals(pid, t.pid());
            assertEquals(Duration.ofMillis(300), t.timeout());
            assertTrue(t.getMessage().contains("exceeded its timeout of PT0.3S"), t.getMessage());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            Object other = pool.submit(TaskOptions.defaults().timeout(Duration.ofSeconds(60)), TestTasks.Sleep.class, 1L)
                    .get(60, TimeUnit.SECONDS);
            assertNotEquals(pid, other, "a replacement worker runs the next task");
        } finally {
            seen.addAll(pool.workerPids());
            pool.close();
            Orphans.assertGone(seen);
        }
    }

    @Test
    void anInitializerRunsOncePerWorkerIncludingReplacements() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx64m")
                .initializer(TestTasks.Init.class, "hi").maxTasksPerWorker(3));
        try {
            List<Object> counts = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                counts.add(pool.submit(TestTasks.Count.class).join());
            }
            // The per-worker count restarts in each fresh worker after 3 tasks.
            assertEquals(List.of(1, 2, 3, 1, 2, 3, 1), counts);
            // Workers 0, 1 and 2 ran the 7 tasks; the greeting comes from worker 2's initializer.
            assertEquals("hi@2", pool.submit(TestTasks.Greeting.class).join());
        } finally {
            seen.addAll(pool.workerPids());
            pool.close();
            Orphans.assertGone(seen);
        }
    }

    @Test
    void aFailingInitializerFailsStartAndLeavesNoProcess() {
        List<String> lines = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> WorkerPool.builder().warmUp(false).workers(2).jvmArgs("-Xmx64m")
                .initializer(TestTasks.FailingInit.class).workerOutput(lines::add).start());
        assertTrue(e.getMessage().contains("initializer dev.panamax.pool.TestTasks$FailingInit failed"),
                e.getMessage());
        assertTrue(e.getMessage().contains("initializer refuses"), e.getMessage());
        Orphans.assertGone(Set.of());
    }

    @Test
    void closeFinishesQueuedWorkThenRefusesNewTasks() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx64m"));
        List<CompletableFuture<Object>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(pool.submit(TestTasks.Sleep.class, 50L));
        }
        pool.close();
        for (CompletableFuture<Object> f : fs) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pool.submit(TestTasks.Echo.class, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        pool.close();
        Orphans.assertGone(seen);
    }

    @Test
    void shutdownNowCancelsQueuedAndRunningTasks() throws Exception {
        WorkerPool pool = start(WorkerPool.builder().warmUp(false).workers(1).jvmArgs("-Xmx64m"));
        CompletableFuture<Object> running = pool.submit(TestTasks.Sleep.class, 60_000L);
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(pool.submit(TestTasks.Square.class, (long) i));
        }
        long t0 = System.nanoTime();
        pool.shutdownNow();
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "shutdownNow does not wait for the running task");
        assertThrows(CancellationException.class, running::join);
        for (CompletableFuture<Object> f : queued) {
            assertThrows(CancellationException.class, f::join);
        }
        Orphans.assertGone(seen);
    }

    @Test
    void workersDieWithin2SecondsWhenTheParentIsKilledWithSignal9(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pids");
        Process parent = new ProcessBuilder(JvmCommand.current().jvmArg("-Xmx64m")
                .mainClass(PoolHolderMain.class, pidFile.toString()).build())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        List<Long> pids = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(pidFile)) {
                if (!parent.isAlive() || System.nanoTime() > deadline) {
                    fail("the pool holder did not start: " + Files.readString(dir.resolve("log")));
                }
                Thread.sleep(20);
            }
            for (String s : Files.readString(pidFile).split(",")) {
                pids.add(Long.parseLong(s));
            }
            assertEquals(2, pids.size());
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
            }
            parent.destroyForcibly();
            parent.waitFor();
            long killed = System.nanoTime();
            for (long pid : pids) {
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    if (System.nanoTime() - killed > 2_000_000_000L) {
                        fail("worker " + pid + " still alive 2 s after its parent was killed");
                    }
                    Thread.sleep(10);
                }
            }
        } finally {
            parent.destroyForcibly();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static void awaitWorkers(WorkerPool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (pool.workerPids().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, pool.workerPids().size());
    }
}
