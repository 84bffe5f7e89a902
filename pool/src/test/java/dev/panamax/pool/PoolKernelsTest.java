package dev.panamax.pool;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Shape;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Built-in parallel kernels over real shared segments, checked against {@code Kernels.scalar()}. */
class PoolKernelsTest {
    private static Path dir;
    private static WorkerPool workers;
    private static PoolKernels pool;
    private static final Set<Long> PIDS = new HashSet<>();
    private static final KernelOps SCALAR = Kernels.scalar();
    private final List<SharedArray> arrays = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "panamax-pool-test-");
        workers = WorkerPool.builder().workers(2).jvmArgs("-Xmx64m").directory(dir).workerOutput(l -> { }).start();
        pool = workers.kernels();
        PIDS.addAll(workers.workerPids());
    }

    @AfterAll
    static void stop() throws IOException {
        PIDS.addAll(workers.workerPids());
        workers.close();
        Orphans.assertGone(PIDS);
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "every test unlinks its segments");
        }
        Files.delete(dir);
    }

    @AfterEach
    void unlink() throws IOException {
        for (SharedArray a : arrays) {
            a.close();
            SharedArray.unlink(a.name(), dir);
        }
    }

    private SharedArray create(String name, DType t, long... dims) throws IOException {
        SharedArray a = SharedArray.create(name, t, Shape.of(dims), SegmentOptions.defaults().directory(dir));
        arrays.add(a);
        return a;
    }

    private static void assertClose(double expected, Number actual, double n) {
        assertInstanceOf(Double.class, actual, "float kernels return a Double");
        assertClose(expected, actual.doubleValue(), n);
    }

    private static void assertClose(double expected, double actual, double n) {
        double tol = Math.abs(expected) * n * Math.ulp(1.0) * 4 + 1e-12;
        assertEquals(expected, actual, tol);
    }

    @Test
    void float64ReductionsMatchTheScalarKernels() throws IOException {
        long n = 1_000_003;
        SharedArray a = create("f64", DType.FLOAT64, n);
        SharedArray b = create("f64b", DType.FLOAT64, n);
        Random r = new Random(1);
        DoubleView va = a.asDoubles();
        DoubleView vb = b.asDoubles();
        va.copyFrom(r.doubles(n, -5, 5).toArray());
        vb.copyFrom(r.doubles(n).map(x -> x * x - 0.3).toArray());
        assertClose(SCALAR.sumOfSquares(va), pool.sumOfSquares(a), n);
        assertClose(SCALAR.sumOfSquares(va.slice(10, 500_000)), pool.sumOfSquares(a, 10, 500_000), n);
        assertClose(SCALAR.sum(va), pool.sum(a), n);
        assertEquals(SCALAR.min(va), pool.min(a));
        assertEquals(SCALAR.max(va), pool.max(a));
        assertInstanceOf(Double.class, pool.min(a));
        assertEquals(SCALAR.countInRange(va, -1.0, 2.5), pool.countInRange(a, -1.0, 2.5));
        assertClose(SCALAR.dot(va, vb), pool.dot(a, b), n);
    }

    @Test
    void integerAndFloat32ReductionsMatchTheScalarKernels() throws IOException {
        long n = 300_007;
        SharedArray i32 = create("i32", DType.INT32, n);
        SharedArray i64 = create("i64", DType.INT64, n);
        SharedArray f32 = create("f32", DType.FLOAT32, n);
        Random r = new Random(2);
        i32.asInts().copyFrom(r.ints(n, 0, 10).toArray());
        i64.asLongs().copyFrom(r.longs(n).map(x -> x >> 20).toArray());
        float[] fs = new float[(int) n];
        for (int i = 0; i < fs.length; i++) {
            fs[i] = r.nextFloat();
        }
        f32.asFloats().copyFrom(fs);
        // Integer kernels return exact longs (the dot of these int64 values wraps modulo 2^64, as NumPy's does).
        assertEquals(SCALAR.sumOfSquares(i32.asInts()), pool.sumOfSquares(i32));
        assertEquals(SCALAR.countInRange(i32.asInts(), 4, 8), pool.countInRange(i32, 4, 8));
        assertEquals(SCALAR.sum(i64.asLongs()), pool.sum(i64));
        assertEquals(SCALAR.min(i64.asLongs()), pool.min(i64));
        assertEquals((long) SCALAR.max(i32.asInts()), pool.max(i32));
        assertEquals(SCALAR.dot(i64.asLongs(), i64.asLongs()), pool.dot(i64, i64));
        // float32 accumulates in float: compare with the exact (double) sum, within the float32 error bound
        // n * eps(float) * sum that Kernels documents for any summation order.
        double exact = 0;
        for (long i = 0; i < n; i++) {
            double x = f32.asFloats().get(i);
            exact += x * x;
        }
        double bound = n * Math.ulp(1.0f) * exact;
        assertEquals(exact, pool.sumOfSquares(f32).doubleValue(), bound);
        assertEquals(exact, SCALAR.sumOfSquares(f32.asFloats()), bound);
    }

    @Test
    void int8Uint8AndInt16KernelsMatchTheScalarKernels() throws IOException {
        long n = 300_007;
        Random r = new Random(5);
        for (DType t : List.of(DType.INT8, DType.UINT8, DType.INT16)) {
            SharedArray a = create("narrow-" + t, t, n / 7, 7);
            byte[] bytes = new byte[(int) (n / 7 * 7 * t.byteSize())];
            r.nextBytes(bytes);
            a.segment().copyFrom(java.lang.foreign.MemorySegment.ofArray(bytes));
            var v = a.view();
            assertEquals(SCALAR.sum(v), pool.sum(a), t + " sum");
            assertEquals(SCALAR.sumOfSquares(v), pool.sumOfSquares(a), t + " sum of squares");
            assertEquals(SCALAR.dot(v, v), pool.dot(a, a), t + " dot");
            assertEquals(SCALAR.min(v).longValue(), pool.min(a), t + " min");
            assertEquals(SCALAR.max(v).longValue(), pool.max(a), t + " max");
            assertEquals(SCALAR.countInRange(v, -5, 100), pool.countInRange(a, -5, 100), t + " count");
            SharedArray out = create("narrow-rows-" + t, DType.INT32, n / 7);
            pool.countInRangePerRow(a, -5, 100, out);
            int[] expected = new int[(int) (n / 7)];
            SCALAR.countInRangePerRow(a.matrix(), -5, 100, IntView.wrap(expected));
            assertArrayEquals(expected, out.asInts().toArray(), t + " per-row counts");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.scale(a, 1 << 16));
            assertTrue(e.getMessage().startsWith("factor 65536.0 is outside " + t), e.getMessage());
        }
    }

    @Test
    void perRowKernelsWriteEveryRowOfTheSharedOutput() throws IOException {
        int rows = 200_000;
        SharedArray m = create("m", DType.INT32, rows, 5);
        SharedArray counts = create("counts", DType.INT32, rows);
        SharedArray hyp = create("hyp", DType.FLOAT64, rows);
        m.asInts().copyFrom(new Random(3).ints(rows * 5L, 0, 10).toArray());
        pool.countInRangePerRow(m, 4, 8, counts);
        int[] expected = new int[rows];
        SCALAR.countInRangePerRow(m.asIntMatrix(), 4, 8, IntView.wrap(expected));
        assertArrayEquals(expected, counts.asInts().toArray());

        pool.hypotenusePerRow(m, 1, 3, hyp);
        double[] h = new double[rows];
        SCALAR.hypotenusePerRow(m.asIntMatrix(), 1, 3, DoubleView.wrap(h));
        assertArrayEquals(h, hyp.asDoubles().toArray());

        double[] cols = new double[5];
        SCALAR.sumOfSquaresPerColumn(m.asIntMatrix(), DoubleView.wrap(cols));
        assertArrayEquals(cols, pool.sumOfSquaresPerColumn(m));
    }

    @Test
    void rangesCoverTheArrayInOrderOnePerWorker() {
        PoolKernels k = pool;
        long min = PoolKernels.MIN_ELEMENTS_PER_RANGE;
        for (long n : new long[] {0, 1, min - 1, 2 * min + 1, 64 * min, 200 * min + 7, 128L << 20}) {
            List<PoolKernels.Range> rs = k.split(5, n, min);
            long next = 5;
            for (PoolKernels.Range r : rs) {
                assertEquals(next, r.from());
                assertTrue(rs.size() == 1 || r.count() >= min, n + ": " + rs);
                next += r.count();
            }
            assertEquals(5 + n, next, "ranges cover exactly [5, 5 + n)");
            assertTrue(rs.size() <= 2, n + ": " + rs.size() + " ranges");
        }
        assertEquals(1, k.split(0, 2 * min - 1, min).size());
        assertEquals(2, k.split(0, 2 * min, min).size());
        assertEquals(2, k.split(0, 128L << 20, min).size());
    }

    @Test
    void scaleMultipliesEveryElementInPlace() throws IOException {
        long n = 200_001;
        SharedArray a = create("scale", DType.FLOAT64, n);
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        a.asDoubles().copyFrom(values);
        pool.scale(a, 0.5);
        for (long i = 0; i < n; i += 997) {
            assertEquals(i * 0.5, a.asDoubles().get(i));
        }
        assertEquals((n - 1) * 0.5, a.asDoubles().get(n - 1));
    }

    @Test
    void tasksOpenSegmentsByNameAndSeeARecreatedSegment() throws Exception {
        SharedArray a = create("named", DType.FLOAT64, 4);
        a.asDoubles().set(2, 42.0);
        for (int i = 0; i < 4; i++) {
            assertEquals(42.0, workers.submit(TestTasks.ReadSegment.class, "named", 2L).join());
        }
        a.close();
        SharedArray.unlink("named", dir);
        arrays.remove(a);
        SharedArray again = create("named", DType.FLOAT64, 4);
        again.asDoubles().set(2, 7.0);
        for (int i = 0; i < 4; i++) {
            assertEquals(7.0, workers.submit(TestTasks.ReadSegment.class, "named", 2L).join(), "no stale mapping");
        }
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> workers.submit(TestTasks.ReadSegment.class, "no-such-segment", 0L).get());
        RemoteTaskException r = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertEquals("dev.panamax.shm.NoSuchSegmentException", r.remoteClassName());
        assertTrue(r.remoteMessage().contains("no-such-segment"), r.remoteMessage());
    }

    @Test
    void badArraysFailInTheCallerAndThePoolStaysUsable() throws IOException {
        SharedArray a = create("bad", DType.FLOAT64, 1000);
        SharedArray m = create("badm", DType.FLOAT64, 10, 3);
        SharedArray outF = create("badout", DType.FLOAT64, 10);
        SharedArray outShort = create("badshort", DType.INT32, 9);

        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> pool.sumOfSquares(a, 990, 11));
        assertEquals("range from=990 count=11 is outside segment 'bad' of length 1000", oob.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> pool.sumOfSquares(a, -1, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.countInRangePerRow(a, 0, 1, outShort));
        assertTrue(e.getMessage().contains("needs a 2-D array"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.countInRangePerRow(m, 0, 1, outF));
        assertTrue(e.getMessage().contains("has dtype float64, expected int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.countInRangePerRow(m, 0, 1, outShort));
        assertTrue(e.getMessage().contains("has 9 elements, expected one per row of 'badm': 10"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> pool.hypotenusePerRow(m, 0, 3, outF));
        e = assertThrows(IllegalArgumentException.class, () -> pool.scale(outShort, 1L << 31));
        assertEquals("factor 2.147483648E9 is outside int32 [-2147483648, 2147483647], as scaling segment "
                + "'badshort' needs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.dot(a, m));
        assertEquals("length mismatch: a=1000 b=30", e.getMessage());

        a.asDoubles().fill(2.0);
        SharedArray.unlink("bad", dir);
        e = assertThrows(IllegalArgumentException.class, () -> pool.sumOfSquares(a));
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
        arrays.remove(a);
        a.close();
        assertThrows(IllegalStateException.class, () -> pool.sumOfSquares(a));

        m.asDoubles().fill(1.0);
        assertEquals(30.0, pool.sumOfSquares(m));
    }

    @Test
    void aSegmentTruncatedUnderTheWorkersFailsTheCallNamingItAndThePoolGoesOn() throws Exception {
        SharedArray a = create("cut", DType.FLOAT64, 1L << 22);
        a.asDoubles().fill(1.0);
        assertEquals((double) (1L << 22), pool.sumOfSquares(a), "the workers map it");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(a.path(),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(8192);
        }
        RemoteTaskException e = assertThrows(RemoteTaskException.class, () -> pool.sumOfSquares(a));
        assertEquals("dev.panamax.shm.SegmentTruncatedException", e.remoteClassName());
        assertTrue(e.remoteMessage().contains("segment 'cut'") && e.remoteMessage().contains("now has 8192"),
                e.remoteMessage());
        SharedArray ok = create("after-cut", DType.INT32, 1000);
        ok.asInts().fill(2);
        assertEquals(4000L, pool.sumOfSquares(ok), "the workers live on");
        PIDS.addAll(workers.workerPids());
    }
}
