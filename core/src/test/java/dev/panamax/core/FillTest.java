package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FillTest {
    /** The style guide's awkward sizes, and two that span several fork-join chunks with a partial last one. */
    static final long[] SIZES = {0, 1, 3, 7, 13, 31, 64, 207, 702, 1023, 1025, 100003, 3 * FillWriter.CHUNK + 5};

    static List<Long> sizes() {
        return java.util.Arrays.stream(SIZES).boxed().toList();
    }

    /** Element {@code i} as a long, read with plain layouts (not through the code under test). */
    static long longAt(NumericArray a, long i) {
        MemorySegment s = a.segment();
        return switch (a.dtype()) {
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            case INT16 -> s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i);
            case INT32 -> s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            case INT64 -> s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            case FLOAT32 -> (long) s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            case FLOAT64 -> (long) s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
        };
    }

    static double doubleAt(NumericArray a, long i) {
        return switch (a.dtype()) {
            case FLOAT32 -> a.segment().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            case FLOAT64 -> a.segment().getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
            default -> longAt(a, i);
        };
    }

    /** {@code v} wrapped into the dtype as a C cast does. */
    static long wrap(long v, DType t) {
        return switch (t) {
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xFF;
            case INT16 -> (short) v;
            case INT32 -> (int) v;
            default -> v;
        };
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void arangeCountsInEveryDtypeAtAwkwardSizes(DType t) {
        for (long n : SIZES) {
            try (OffHeapArray a = OffHeapArray.allocate(t, Shape.of(n), Fill.arange())) {
                for (long i = 0; i < n; i++) {
                    long expected = t.isFloatingPoint() ? (long) (t == DType.FLOAT32 ? (float) i : (double) i)
                            : wrap(i, t);
                    if (longAt(a, i) != expected) {
                        assertEquals(expected, longAt(a, i), t + " n=" + n + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    void arangeWithStartAndStep() {
        try (OffHeapArray d = OffHeapArray.allocate(DType.FLOAT64, Shape.of(5), Fill.arange(1.0, 0.25));
             OffHeapArray f = OffHeapArray.allocate(DType.FLOAT32, Shape.of(3), Fill.arange(0.0, 0.1));
             OffHeapArray l = OffHeapArray.allocate(DType.INT64, Shape.of(4), Fill.arange(10, -3));
             OffHeapArray w = OffHeapArray.allocate(DType.INT32, Shape.of(3), Fill.arange(5.0, 2.0));
             OffHeapArray m = OffHeapArray.allocate(DType.INT64, Shape.of(2, 3), Fill.arange())) {
            assertArrayEquals(new double[] {1.0, 1.25, 1.5, 1.75, 2.0}, d.asDoubles().toArray());
            assertArrayEquals(new float[] {0.0f, (float) 0.1, (float) (2 * 0.1)}, f.asFloats().toArray());
            assertArrayEquals(new long[] {10, 7, 4, 1}, l.asLongs().toArray());
            assertArrayEquals(new int[] {5, 7, 9}, w.asInts().toArray());
            assertArrayEquals(new long[] {3, 4, 5}, m.asLongMatrix().row(1).toArray(), "row-major order");
        }
        assertEquals("arange(0.5, step=1.0) cannot fill int32: expected whole numbers for an integer dtype",
                assertThrows(IllegalArgumentException.class,
                        () -> OffHeapArray.allocate(DType.INT32, Shape.of(3), Fill.arange(0.5, 1.0))).getMessage());
        assertEquals("arange(NaN, step=1.0): expected finite values",
                assertThrows(IllegalArgumentException.class, () -> Fill.arange(Double.NaN, 1.0)).getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void fullWritesTheValueEverywhere(DType t) {
        for (long n : SIZES) {
            try (OffHeapArray a = OffHeapArray.allocate(t, Shape.of(n), Fill.full(7));
                 OffHeapArray b = OffHeapArray.allocate(t, Shape.of(n), Fill.full(-3.0 * (t == DType.UINT8 ? -1 : 1)))) {
                for (long i = 0; i < n; i++) {
                    assertEquals(7, longAt(a, i));
                    assertEquals(t == DType.UINT8 ? 3 : -3, longAt(b, i));
                }
            }
        }
    }

    @Test
    void fullChecksIntegerRangesAndRoundsFloats() {
        assertEquals("full(300) cannot fill int8: outside [-128, 127]", refusal(DType.INT8, Fill.full(300)));
        assertEquals("full(-1) cannot fill uint8: outside [0, 255]", refusal(DType.UINT8, Fill.full(-1)));
        assertEquals("full(2.5) cannot fill int32: expected a whole number in [-2147483648, 2147483647]",
                refusal(DType.INT32, Fill.full(2.5)));
        assertEquals("full(NaN) cannot fill int64: expected a whole number in [-9223372036854775808, "
                + "9223372036854775807]", refusal(DType.INT64, Fill.full(Double.NaN)));
        try (OffHeapArray u = OffHeapArray.allocate(DType.UINT8, Shape.of(2), Fill.full(255));
             OffHeapArray f = OffHeapArray.allocate(DType.FLOAT32, Shape.of(2), Fill.full(0.1));
             OffHeapArray g = OffHeapArray.allocate(DType.FLOAT64, Shape.of(2), Fill.full(Long.MAX_VALUE))) {
            assertEquals(255, longAt(u, 1));
            assertEquals(0.1f, f.asFloats().get(1));
            assertEquals(0x1p63, g.asDoubles().get(0));
        }
    }

    private static String refusal(DType t, Fill fill) {
        return assertThrows(IllegalArgumentException.class, () -> OffHeapArray.allocate(t, Shape.of(3), fill))
                .getMessage();
    }

    @Test
    void uniformIsSplittableRandomsStream() {
        for (long seed : new long[] {0, 42, -7, Long.MIN_VALUE}) {
            try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(100003), Fill.uniform(seed));
                 OffHeapArray b = OffHeapArray.allocate(DType.FLOAT64, Shape.of(100003),
                         Fill.uniform(seed, -3.5, 10))) {
                SplittableRandom r = new SplittableRandom(seed);
                SplittableRandom s = new SplittableRandom(seed);
                DoubleView x = a.asDoubles();
                DoubleView y = b.asDoubles();
                for (int i = 0; i < x.length(); i++) {
                    double u = r.nextDouble();
                    double v = s.nextDouble(-3.5, 10);
                    if (x.get(i) != u || y.get(i) != v) {
                        assertEquals(u, x.get(i), "seed " + seed + " element " + i);
                        assertEquals(v, y.get(i), "seed " + seed + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    void integersAreTheMultiplyShiftOfTheSameWords() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.INT32, Shape.of(100003), Fill.integers(9, -5, 10));
             OffHeapArray u = OffHeapArray.allocate(DType.UINT8, Shape.of(4096), Fill.integers(9, 0, 256));
             OffHeapArray w = OffHeapArray.allocate(DType.INT64, Shape.of(1025),
                     Fill.integers(3, Long.MIN_VALUE, Long.MAX_VALUE))) {
            SplittableRandom r = new SplittableRandom(9);
            int[] seen = new int[15];
            for (long i = 0; i < a.length(); i++) {
                long expected = -5 + Math.unsignedMultiplyHigh(r.nextLong(), 15);
                assertEquals(expected, longAt(a, i));
                seen[(int) expected + 5]++;
            }
            for (int c : seen) {
                assertTrue(c > 100003 / 15 * 0.9 && c < 100003 / 15 * 1.1, java.util.Arrays.toString(seen));
            }
            SplittableRandom q = new SplittableRandom(9);
            for (long i = 0; i < u.length(); i++) {
                assertEquals(Math.unsignedMultiplyHigh(q.nextLong(), 256), longAt(u, i));
            }
            SplittableRandom z = new SplittableRandom(3);
            for (long i = 0; i < w.length(); i++) {
                assertEquals(Long.MIN_VALUE + Math.unsignedMultiplyHigh(z.nextLong(), -1L), longAt(w, i));
            }
        }
        assertEquals("integers(seed=1, low=0, high=300) cannot fill int8: values outside [-128, 127]",
                refusal(DType.INT8, Fill.integers(1, 0, 300)));
        assertEquals("integers(seed=1, low=-1, high=2) cannot fill uint8: values outside [0, 255]",
                refusal(DType.UINT8, Fill.integers(1, -1, 2)));
        assertEquals("integers(low=3, high=3): expected low < high",
                assertThrows(IllegalArgumentException.class, () -> Fill.integers(1, 3, 3)).getMessage());
    }

    @Test
    void normalIsBoxMullerOnPairsOfWords() {
        for (long first : new long[] {0, 1, 6, 7}) {
            try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1031))) {
                Fill.normal(5, 2, 3).applyTo(a.asDoubles().slice(first, 1031 - first));
                SplittableRandom r = new SplittableRandom(5);
                double[] expected = new double[1031];
                for (int j = 0; j + 1 < expected.length; j += 2) {
                    double u0 = r.nextDouble();
                    double u1 = r.nextDouble();
                    double radius = Math.sqrt(-2 * StrictMath.log(1 - u0));
                    expected[j] = 2 + 3 * (radius * StrictMath.cos(2 * Math.PI * u1));
                    expected[j + 1] = 2 + 3 * (radius * StrictMath.sin(2 * Math.PI * u1));
                }
                for (long i = 0; i + 1 < 1031 - first; i++) {
                    assertEquals(expected[(int) i], a.asDoubles().get(first + i), "slice at " + first + " element " + i);
                }
            }
        }
    }

    @Test
    void normalHasTheAskedMeanAndSpread() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1_000_001), Fill.normal(11, 10, 2))) {
            double sum = 0;
            double sumSq = 0;
            for (double v : a.asDoubles().toArray()) {
                sum += v;
                sumSq += v * v;
            }
            double mean = sum / a.length();
            double sd = Math.sqrt(sumSq / a.length() - mean * mean);
            assertEquals(10, mean, 0.01);
            assertEquals(2, sd, 0.01);
        }
    }

    @Test
    void float32TakesTheRoundedValueKeptInsideTheBounds() {
        double high = 1 + 0x1p-20; // only eight float32 values in [1, high): rounding up to high is common
        try (OffHeapArray f = OffHeapArray.allocate(DType.FLOAT32, Shape.of(100003), Fill.uniform(3, 1, high));
             OffHeapArray d = OffHeapArray.allocate(DType.FLOAT64, Shape.of(100003), Fill.uniform(3, 1, high));
             OffHeapArray u = OffHeapArray.allocate(DType.FLOAT32, Shape.of(100003), Fill.uniform(3))) {
            int clamped = 0;
            for (long i = 0; i < f.length(); i++) {
                float x = f.asFloats().get(i);
                assertTrue(x >= 1 && x < high, "element " + i + " = " + x);
                float rounded = (float) d.asDoubles().get(i);
                if (rounded >= high) {
                    clamped++;
                    assertEquals(Math.nextDown(rounded), x);
                } else {
                    assertEquals(rounded, x);
                }
                assertTrue(u.asFloats().get(i) < 1.0f);
            }
            assertTrue(clamped > 1000, "clamped " + clamped);
        }
        assertEquals("uniform(seed=1, low=1.0000000001, high=1.0000000002) cannot fill float32: no float32 lies in "
                + "[low, high)", refusal(DType.FLOAT32, Fill.uniform(1, 1.0000000001, 1.0000000002)));
        try (OffHeapArray one = OffHeapArray.allocate(DType.FLOAT32, Shape.of(9), Fill.uniform(1, 1, 1.00000001))) {
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, one.asFloats().toArray(), "the only float32");
        }
    }

    @Test
    void randomFillsCheckTheirParametersAndRefuseIntegerDtypes() {
        assertEquals("uniform(seed=1, low=0.0, high=1.0) cannot fill int32: it makes float32 and float64 values; for "
                + "integers use Fill.integers(seed, low, high)", refusal(DType.INT32, Fill.uniform(1)));
        assertTrue(refusal(DType.UINT8, Fill.normal(1)).startsWith("normal(seed=1, mean=0.0, sd=1.0) cannot fill "
                + "uint8"));
        for (double[] bad : new double[][] {{1, 1}, {2, 1}, {Double.NaN, 1}, {0, Double.POSITIVE_INFINITY},
            {-Double.MAX_VALUE, Double.MAX_VALUE}}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Fill.uniform(1, bad[0], bad[1]))
                    .getMessage().endsWith("expected finite low < high with a finite high - low"));
        }
        assertEquals("normal(mean=0.0, sd=-1.0): expected a finite mean and a finite sd >= 0",
                assertThrows(IllegalArgumentException.class, () -> Fill.normal(1, 0, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fill.normal(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Fill.normal(1, 0, Double.NaN));
    }

    /** Runs {@code fill} in a fork-join pool of {@code threads}, or on the calling thread for 0. */
    private static <T> T in(int threads, Supplier<T> work) throws Exception {
        if (threads == 0) {
            return work.get();
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(work::get).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final long BIG = 16 * FillWriter.CHUNK + 12345;

    static List<Fill> fills() {
        return List.of(Fill.uniform(42), Fill.uniform(-1, -2, 2), Fill.normal(42), Fill.integers(42, -1000, 1000),
                Fill.arange(0.5, 0.25), Fill.of(i -> Math.sin(i * 0.001)));
    }

    @ParameterizedTest
    @MethodSource("fills")
    void theSameSeedGivesTheSameValuesOnOneTwoAndFourThreads(Fill fill) throws Exception {
        double[] one = in(1, () -> filled(fill, BIG));
        assertArrayEquals(one, in(2, () -> filled(fill, BIG)), fill + " on 2 threads");
        assertArrayEquals(one, in(4, () -> filled(fill, BIG)), fill + " on 4 threads");
        assertArrayEquals(one, in(0, () -> filled(fill, BIG)), fill + " from outside a pool");
        try (Arena confined = Arena.ofConfined()) {
            DoubleView v = DoubleView.of(confined.allocate(BIG * 8));
            fill.applyTo(v); // other threads cannot touch confined memory: this runs on the calling thread
            assertArrayEquals(one, v.toArray(), fill + " on confined memory");
        }
    }

    private static double[] filled(Fill fill, long n) {
        try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(n), fill)) {
            return a.asDoubles().toArray();
        }
    }

    @Test
    void largeFillsRunOnSeveralThreadsAtOnce() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch two = new CountDownLatch(2);
        Fill waitsForASecondThread = Fill.of(i -> {
            if (threads.add(Thread.currentThread())) {
                two.countDown();
                try {
                    // A chunk does not finish until another thread has started one: a sequential fill fails here.
                    if (!two.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("no second thread started a chunk");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return i;
        });
        double[] v = in(4, () -> filled(waitsForASecondThread, BIG));
        assertTrue(threads.size() >= 2, threads.toString());
        assertEquals(BIG - 1, v[(int) BIG - 1]);
    }

    @Test
    void aRefusedValueIsReportedAtTheLowestElementWhateverTheThreads() throws Exception {
        Fill bad = Fill.ofLongs(i -> i == 70_000 || i == 5 * FillWriter.CHUNK + 3 || i == BIG - 1 ? 1000 : 1);
        for (int threads : new int[] {0, 1, 2, 4}) {
            String m = in(threads, () -> assertThrows(IllegalArgumentException.class,
                    () -> OffHeapArray.allocate(DType.INT8, Shape.of(BIG), bad)).getMessage());
            assertEquals("element 70000 would be 1000, outside int8 [-128, 127]", m, threads + " threads");
        }
        Fill half = Fill.of(i -> i / 2.0);
        assertEquals("element 1 would be 0.5, not a whole number in int32 [-2147483648, 2147483647]",
                refusal(DType.INT32, half));
        RuntimeException mine = new IllegalStateException("mine");
        Fill throwing = Fill.of(i -> {
            if (i == 3 * FillWriter.CHUNK) {
                throw mine;
            }
            return 0;
        });
        assertEquals(mine, in(4, () -> assertThrows(IllegalStateException.class,
                () -> OffHeapArray.allocate(DType.FLOAT64, Shape.of(BIG), throwing))), "the function's own exception");
    }

    @Test
    void functionsFillEveryDtype() {
        try (OffHeapArray d = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1025), Fill.of(i -> i * 0.5));
             OffHeapArray f = OffHeapArray.allocate(DType.FLOAT32, Shape.of(1025), Fill.of(i -> i * 0.1));
             OffHeapArray s = OffHeapArray.allocate(DType.INT16, Shape.of(1025), Fill.ofLongs(i -> -i));
             OffHeapArray b = OffHeapArray.allocate(DType.UINT8, Shape.of(1025), Fill.ofLongs(i -> i % 256));
             OffHeapArray l = OffHeapArray.allocate(DType.INT64, Shape.of(3), Fill.ofLongs(i -> Long.MAX_VALUE - i))) {
            for (long i = 0; i < 1025; i++) {
                assertEquals(i * 0.5, doubleAt(d, i));
                assertEquals((float) (i * 0.1), (float) doubleAt(f, i));
                assertEquals(-i, longAt(s, i));
                assertEquals(i % 256, longAt(b, i));
            }
            assertEquals(Long.MAX_VALUE - 2, longAt(l, 2), "exact beyond 2^53");
        }
    }

    @Test
    void fillsRefuseReadOnlyMemoryAndClosedArrays() {
        MemorySegment ro = MemorySegment.ofArray(new double[4]).asReadOnly();
        assertThrows(UnsupportedOperationException.class, () -> Fill.full(1.0).applyTo(DoubleView.of(ro)));
        NumericArray readOnly = new NumericArray() {
            public DType dtype() {
                return DType.FLOAT64;
            }

            public Shape shape() {
                return Shape.of(4);
            }

            public MemorySegment segment() {
                return ro;
            }
        };
        assertTrue(assertThrows(UnsupportedOperationException.class, () -> Fill.full(1.0).applyTo(readOnly))
                .getMessage().startsWith("read-only memory: cannot fill"));
        OffHeapArray closed = OffHeapArray.allocate(DType.FLOAT64, Shape.of(4));
        DoubleView v = closed.asDoubles();
        closed.close();
        assertThrows(IllegalStateException.class, () -> Fill.arange().applyTo(closed));
        assertThrows(IllegalStateException.class, () -> Fill.arange().applyTo(v));
    }

    @Test
    void allocateFreesTheArrayWhenTheInitialiserFails() {
        AtomicReference<OffHeapArray> seen = new AtomicReference<>();
        assertThrows(IllegalArgumentException.class, () -> OffHeapArray.allocate(DType.INT8, Shape.of(10), a -> {
            seen.set(a);
            Fill.full(1000).accept(a);
        }));
        assertFalse(seen.get().isOpen());
        assertEquals("the initialiser closed OffHeapArray[int8, shape=(10,), closed]",
                assertThrows(IllegalStateException.class,
                        () -> OffHeapArray.allocate(DType.INT8, Shape.of(10), OffHeapArray::close)).getMessage());
        assertThrows(NullPointerException.class, () -> OffHeapArray.allocate(DType.INT8, Shape.of(1), null));
    }

    @Test
    void toStringShowsHowTheFillWasMade() {
        assertEquals("Fill.uniform(seed=42, low=0.0, high=1.0)", Fill.uniform(42).toString());
        assertEquals("Fill.arange(0, step=1)", Fill.arange().toString());
        assertEquals("Fill.normal(seed=1, mean=0.0, sd=1.0)", Fill.normal(1).toString());
        assertEquals("Fill.full(2.5)", Fill.full(2.5).toString());
        assertEquals("Fill.of(function)", Fill.of(i -> i).toString());
    }
}
