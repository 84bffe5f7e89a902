package dev.panamax.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;
import dev.panamax.core.IntView;
import dev.panamax.core.Shape;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambdas and method references as tasks, typed calls whose arguments are converted or refused in the caller, and
 * user kernels over ranges of a segment, all in real worker JVMs.
 */
class RemoteMethodsTest {
    private static Path dir;
    private static WorkerPool pool;
    private static final Set<Long> PIDS = new HashSet<>();

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "panamax-remote-test-");
        pool = WorkerPool.builder().workers(2).jvmArgs("-Xmx64m").directory(dir).workerOutput(l -> { }).start();
        PIDS.addAll(pool.workerPids());
    }

    @AfterAll
    static void stop() throws IOException {
        PIDS.addAll(pool.workerPids());
        pool.close();
        Orphans.assertGone(PIDS);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static SharedArray create(String name, DType t, Shape shape, Fill fill) throws IOException {
        return SharedArray.create(name, t, shape, SegmentOptions.defaults().directory(dir), fill);
    }

    @Test
    void aStaticMethodReferenceRunsInAWorker() {
        assertEquals(144L, pool.call(RemoteFunctions::square, 12L).join());
        assertEquals("x 1.5 6", pool.call(RemoteFunctions::describe, "x", 1.5, new int[] {1, 2, 3}).join());
        long pid = pool.call(RemoteFunctions::pid).join();
        assertTrue(PIDS.contains(pid) || pool.workerPids().contains(pid), "ran in a worker, not here");
        assertEquals(6L, pool.call(RemoteFunctions.AddOne.FN, 5L).join(), "a lambda alone in its class");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void argumentsAreConvertedOrRefusedInTheCaller() {
        // Typed code cannot pass an int for a long (it does not compile); raw code reaches the run-time check.
        Remote.Fn1 direct = (Remote.Fn1<Long, Long>) RemoteFunctions::square;
        assertEquals(1681L, pool.call(direct, 41).join(), "an Integer for a long parameter becomes a Long");
        Remote.Fn1 raw = RemoteFunctions.Refs.SQUARE;
        assertEquals("argument 0 of dev.panamax.pool.RemoteFunctions.square(J)J is a java.lang.String, but the "
                + "parameter is a long", assertThrows(IllegalArgumentException.class, () -> pool.call(raw, "41"))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.call(raw, 1.5));
        assertThrows(IllegalArgumentException.class, () -> pool.call(raw, (Object) null));
        Remote.Fn1 twice = RemoteFunctions.TwiceRef.TWICE;
        assertEquals(6, pool.call(twice, 3).join());
        assertEquals("argument 0 of dev.panamax.pool.RemoteFunctions.twice(S)I = 40000 does not fit the parameter's "
                + "type short [-32768, 32767]", assertThrows(IllegalArgumentException.class,
                () -> pool.call(twice, 40000)).getMessage());
        String r = assertThrows(IllegalArgumentException.class, () -> pool.call(RemoteFunctions::asFloat, 1L))
                .getMessage();
        assertTrue(r.contains("returns float, which cannot travel back"), r);
    }

    @Test
    void theFunctionIsReadAtTheCallSiteAmongSeveralAndThroughALocalVariable() {
        assertEquals(27L, pool.call(RemoteFunctions::cube, 3L).join());
        assertEquals(9L, pool.call(RemoteFunctions::square, 3L).join());
        Remote.Fn1<Long, Long> f = RemoteFunctions::cube;
        f = RemoteFunctions::square;
        assertEquals(16L, pool.call(f, 4L).join(), "the last store into the variable");
        boolean cube = Boolean.parseBoolean("true");
        Remote.Fn1<Long, Long> g = cube ? RemoteFunctions::cube : RemoteFunctions::square;
        String m = assertThrows(IllegalArgumentException.class, () -> pool.call(g, 2L)).getMessage();
        assertTrue(m.contains("is ambiguous"), "made under a conditional: not certain, so refused: " + m);
    }

    @Test
    void taskLambdasAndMethodReferencesAreSubmittedAsTasks() {
        assertEquals(42L, pool.submit(RemoteFunctions::doubled, 21L).join());
        Object r = pool.submit(RemoteFunctions.TaskLambda.TASK, 1L, "two").join();
        assertTrue(((String) r).matches("worker \\d+ got 2"), r.toString());
        assertEquals(9L, pool.submit(new TestTasks.Square(), 3L).join(), "an object of a named class");
    }

    @Test
    void whatCannotBeToldForCertainIsRefusedWithTheReason() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> pool.call(RemoteFunctions.TwoLambdas.PLUS, 1L)).getMessage();
        assertTrue(m.contains("is ambiguous: dev.panamax.pool.RemoteFunctions$TwoLambdas makes 2 different Fn1 "
                + "lambdas or method references"), m);
        long offset = 5;
        m = assertThrows(IllegalArgumentException.class, () -> pool.call((Long x) -> x + offset, 1L)).getMessage();
        assertTrue(m.contains("captures values"), m);
        m = assertThrows(IllegalArgumentException.class, () -> pool.call(String::length, "abc")).getMessage();
        assertTrue(m.contains("refers to java.lang.String::length, which is not a static method"), m);
        CompletionException e = assertThrows(CompletionException.class,
                () -> pool.call(RemoteFunctions::fails, 7L).join());
        assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("no square for 7"), e.getCause().getMessage());
    }

    @Test
    void userKernelsRunOverRangesOfASegmentLikeTheBuiltIns() throws IOException {
        int rows = 200_000;
        try (SharedArray m = create("m", DType.INT32, Shape.of(rows, 5), Fill.integers(42, 0, 10));
             SharedArray user = create("user", DType.INT32, Shape.of(rows), Fill.full(-1));
             SharedArray builtIn = create("builtin", DType.INT32, Shape.of(rows), Fill.full(-1))) {
            pool.kernels().forEachRange(m, RemoteFunctions::countRows, 4L, 8L, "user");
            pool.kernels().countInRangePerRow(m, 4, 8, builtIn);
            assertEquals(-1, user.segment().mismatch(builtIn.segment()), "the user kernel wrote every row");
            long sum = pool.kernels().reduceLong(m, RemoteFunctions.SumKernel.KERNEL, 0, Long::sum);
            assertEquals(pool.kernels().sum(m), sum);
            double first = pool.kernels().reduceDouble(m, new RemoteFunctions.FirstPlus(), 0.5, Double::sum, 0.25);
            List<PoolKernels.Range> ranges = pool.kernels().split(0, rows, PoolKernels.MIN_ELEMENTS_PER_RANGE / 5);
            double expected = 0.5;
            for (PoolKernels.Range r : ranges) {
                expected += m.asInts().get(r.from() * 5) + 0.25;
            }
            assertEquals(expected, first, "combined in range order, from the identity");
            IllegalStateException bad = assertThrows(IllegalStateException.class,
                    () -> pool.kernels().reduceLong(m, new RemoteFunctions.FirstPlus(), 0, Long::sum, 0.0));
            assertTrue(bad.getMessage().contains("returned a Double for a range of segment 'm', expected a Long"),
                    bad.getMessage());
            assertEquals(7L, (long) pool.kernels().reduce(m, new RemoteFunctions.FirstPlus(), Double.class, 7.0,
                    (a, b) -> a, 0.0).doubleValue());
        }
        try (SharedArray empty = create("empty", DType.INT32, Shape.of(0, 5), Fill.full(0))) {
            assertEquals(3L, pool.kernels().reduceLong(empty, RemoteFunctions.SumKernel.KERNEL, 3, Long::sum));
        }
    }

    @Test
    void aKernelThatFailsFailsTheCallAndThePoolGoesOn() throws IOException {
        try (SharedArray v = create("v", DType.INT32, Shape.of(10), Fill.arange())) {
            RemoteTaskException e = assertThrows(RemoteTaskException.class,
                    () -> pool.kernels().forEachRange(v, RemoteFunctions::countRows, 4L, 8L, "missing"));
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
            assertEquals(45L, pool.kernels().reduceLong(v, RemoteFunctions.SumKernel.KERNEL, 0, Long::sum));
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, v.asInts().toArray(), "unchanged");
        }
    }
}
