package dev.panamax.pool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tasks that behave: results, ordering, remote exceptions, bad input. One shared pool of 2 workers. */
class WorkerPoolTasksTest {
    private static final List<String> OUTPUT = new CopyOnWriteArrayList<>();
    private static WorkerPool pool;
    private static final Set<Long> PIDS = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        pool = WorkerPool.builder().warmUp(false).workers(2).jvmArgs("-Xmx64m").workerOutput(OUTPUT::add).start();
        PIDS.addAll(pool.workerPids());
    }

    @AfterAll
    static void stop() {
        PIDS.addAll(pool.workerPids());
        pool.close();
        Orphans.assertGone(PIDS);
    }

    @Test
    void startsTheRequestedNumberOfWorkerProcesses() {
        List<Long> pids = pool.workerPids();
        assertEquals(2, pids.size());
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
            assertTrue(ProcessHandle.of(pid).orElseThrow().parent().orElseThrow().pid() == ProcessHandle.current().pid());
        }
        assertTrue(pids.contains((Long) pool.submit(TestTasks.Pid.class).join()));
    }

    @Test
    void submitCarriesEveryValueKindBothWays() {
        Object[] values = {null, true, false, 7, -1L, Long.MIN_VALUE, 2.5, Double.NaN, "", "héllo ✓",
            new byte[] {1, -2}, new int[] {1, 2, 3}, new long[] {Long.MAX_VALUE}, new float[] {1.5f},
            new double[] {Math.PI, -0.0}};
        for (Object v : values) {
            Object back = pool.submit(TestTasks.Echo.class, v).join();
            switch (v) {
                case null -> assertNull(back);
                case byte[] a -> assertArrayEquals(a, (byte[]) back);
                case int[] a -> assertArrayEquals(a, (int[]) back);
                case long[] a -> assertArrayEquals(a, (long[]) back);
                case float[] a -> assertArrayEquals(a, (float[]) back);
                case double[] a -> assertArrayEquals(a, (double[]) back);
                default -> assertEquals(v, back);
            }
        }
    }

    @Test
    void mapReturnsResultsInSubmissionOrderForEveryChunkSize() {
        List<Object[]> args = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        for (long i = 0; i < 103; i++) {
            args.add(new Object[] {i});
            expected.add(i * i);
        }
        assertEquals(expected, pool.map(TestTasks.Square.class, args));
        assertEquals(expected, pool.map(TestTasks.Square.class, args, 1));
        assertEquals(expected, pool.map(TestTasks.Square.class, args, 10));
        assertEquals(expected, pool.map(TestTasks.Square.class, args, 1000));
        assertEquals(List.of(), pool.map(TestTasks.Square.class, List.of()));
    }

    @Test
    void mapUnorderedYieldsEveryResultOnce() {
        List<Object[]> args = new ArrayList<>();
        for (long i = 0; i < 50; i++) {
            args.add(new Object[] {i});
        }
        Set<Object> got = pool.mapUnordered(TestTasks.Square.class, args).collect(Collectors.toSet());
        assertEquals(50, got.size());
        for (long i = 0; i < 50; i++) {
            assertTrue(got.contains(i * i));
        }
    }

    @Test
    void invokeAllReturnsCompletedFuturesIncludingFailures() {
        List<CompletableFuture<Object>> fs = pool.invokeAll(TestTasks.Square.class,
                List.of(new Object[] {3L}, new Object[] {"not a long"}, new Object[] {4L}));
        assertTrue(fs.stream().allMatch(CompletableFuture::isDone));
        assertEquals(9L, fs.get(0).join());
        assertTrue(fs.get(1).isCompletedExceptionally());
        assertEquals(16L, fs.get(2).join());
    }

    @Test
    void aThrowingTaskFailsWithTheRemoteTypeMessageAndStack() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> pool.submit(TestTasks.Throw.class, "boom").get());
        RemoteTaskException r = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertEquals("java.lang.IllegalArgumentException", r.remoteClassName());
        assertEquals("wrapped: boom", r.remoteMessage());
        assertEquals(TestTasks.Throw.class.getName(), r.remoteStackTrace()[0].getClassName());
        RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, r.getCause());
        assertEquals("java.lang.IllegalStateException", cause.remoteClassName());
        assertEquals("helper", cause.remoteStackTrace()[0].getMethodName());
        assertTrue(r.remoteStackTraceText().contains("at " + TestTasks.Throw.class.getName() + ".call("),
                r.remoteStackTraceText());
    }

    @Test
    void mapThrowsTheFirstFailureItself() {
        RemoteTaskException r = assertThrows(RemoteTaskException.class, () -> pool.map(TestTasks.Square.class,
                List.of(new Object[] {1L}, new Object[] {(Object) null})));
        assertEquals("java.lang.NullPointerException", r.remoteClassName());
    }

    @Test
    void aResultOfAnUnsupportedTypeFailsWithAClearRemoteError() {
        CompletableFuture<Object> f = pool.submit(TestTasks.BadResult.class);
        RemoteTaskException r = assertInstanceOf(RemoteTaskException.class,
                assertThrows(ExecutionException.class, f::get).getCause());
        assertEquals("java.lang.IllegalArgumentException", r.remoteClassName());
        assertTrue(r.remoteMessage().contains("java.util.ArrayList"), r.remoteMessage());
    }

    @Test
    void printingToSystemOutReachesTheLogAndDoesNotCorruptTheControlStream() throws Exception {
        assertEquals("p1", pool.submit(TestTasks.Print.class, "p1").join());
        assertEquals(25L, pool.submit(TestTasks.Square.class, 5L).join());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (OUTPUT.stream().noneMatch(l -> l.contains("hello from the task p1")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String line = OUTPUT.stream().filter(l -> l.contains("hello from the task p1")).findFirst().orElseThrow();
        assertTrue(line.matches("\\[worker \\d+ pid \\d+] hello from the task p1"), line);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void invalidTaskClassesAndArgumentsFailInTheCallerAndThePoolStaysUsable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.submit((Class) TestTasks.NotATask.class));
        assertTrue(e.getMessage().contains("does not implement dev.panamax.pool.Task"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.submit(TestTasks.NoDefaultConstructor.class));
        assertTrue(e.getMessage().contains("no public no-argument constructor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.submit(TestTasks.Hidden.class));
        assertTrue(e.getMessage().contains("is not public"), e.getMessage());
        Task lambda = (ctx, args) -> null;
        e = assertThrows(IllegalArgumentException.class, () -> pool.submit(lambda.getClass()));
        assertTrue(e.getMessage().contains("anonymous, local or hidden"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.submit(TestTasks.Echo.class, new ArrayList<>()));
        assertTrue(e.getMessage().contains("argument 0 has unsupported type java.util.ArrayList"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> pool.submit(TestTasks.Echo.class, (Object) new double[WorkerPool.MAX_ARRAY_ELEMENTS + 1]));
        assertTrue(e.getMessage().contains("too large: 1048577 elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.map(TestTasks.Echo.class,
                List.of(new Object[] {1}, new Object[] {new Object()})));
        assertTrue(e.getMessage().contains("argument 0 of argument set 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.map(TestTasks.Echo.class, List.of(), 0));
        assertEquals(49L, pool.submit(TestTasks.Square.class, 7L).join());
    }
}
