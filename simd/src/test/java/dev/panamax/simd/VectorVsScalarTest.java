package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.simd.TestData.Backing;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernels against the scalar reference, and the scalar reference against a naive loop over Java
 * values, on random data at awkward sizes, unaligned offsets, native and heap memory. Integers, counts, min/max and
 * scale must match exactly; floating-point reductions within the bound documented in {@link KernelOps}.
 */
class VectorVsScalarTest {
    static final int[] SIZES = {0, 1, 3, 7, 13, 31, 64, 207, 702, 1023, 1025, 100003};
    static final int[] OFFSETS = {0, 1, 3};
    static final KernelOps SCALAR = Kernels.scalar();
    static final KernelOps SIMD = Kernels.simd();
    static final KernelOps PAR = Kernels.parallel(2);
    static Arena arena;

    @BeforeAll
    static void open() {
        arena = Arena.ofShared();
    }

    @AfterAll
    static void close() {
        arena.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                for (Backing b : Backing.values()) {
                    out.add(Arguments.of(n, off, b));
                }
            }
        }
        return out.stream();
    }

    @Test
    void simdIsVectorizedUnderTheTestFlags() {
        assertTrue(Simd.vectorized(), Simd.describe());
        assertTrue(Simd.describe().contains("implementation: vector"), Simd.describe());
    }

    /** |a - b| <= 2 n eps S: both are within n eps S of the exact value. */
    static void assertClose(double reference, double actual, long n, double eps, double s, String what) {
        double tol = 2.0 * n * eps * s;
        assertTrue(Math.abs(reference - actual) <= tol,
                what + ": reference=" + reference + " actual=" + actual + " tol=" + tol + " n=" + n);
    }

    static void assertSameDouble(double expected, double actual, String what) {
        assertEquals(0, Double.compare(expected, actual), what + ": expected " + expected + " got " + actual);
    }

    static void assertSameFloat(float expected, float actual, String what) {
        assertEquals(0, Float.compare(expected, actual), what + ": expected " + expected + " got " + actual);
    }

    @ParameterizedTest(name = "n={0} offset={1} {2}")
    @MethodSource("cases")
    void float64ReductionsMatchScalarWithinTheStatedBound(int n, int off, Backing b) {
        Random r = new Random(31L * n + off);
        DoubleView x = TestData.doubles(arena, b, off, n);
        DoubleView y = TestData.doubles(arena, b, off, n);
        TestData.fillFinite(x, r);
        TestData.fillFinite(y, r);
        double[] xa = x.toArray();
        double[] ya = y.toArray();
        double seqSq = 0, seqSum = 0, seqDot = 0, sSq = 0, sAbs = 0, sDot = 0;
        for (int i = 0; i < n; i++) {
            seqSq += xa[i] * xa[i];
            seqSum += xa[i];
            seqDot += xa[i] * ya[i];
            sSq += xa[i] * xa[i];
            sAbs += Math.abs(xa[i]);
            sDot += Math.abs(xa[i] * ya[i]);
        }
        assertSameDouble(seqSq, SCALAR.sumOfSquares(x), "scalar sumsq is the sequential loop");
        assertSameDouble(seqSum, SCALAR.sum(x), "scalar sum is the sequential loop");
        assertSameDouble(seqDot, SCALAR.dot(x, y), "scalar dot is the sequential loop");
        double eps = Math.ulp(1.0);
        for (KernelOps k : List.of(SIMD, PAR)) {
            assertClose(seqSq, k.sumOfSquares(x), n, eps, sSq, k + " sumsq");
            assertClose(seqSum, k.sum(x), n, eps, sAbs, k + " sum");
            assertClose(seqDot, k.dot(x, y), n, eps, sDot, k + " dot");
        }
    }

    @ParameterizedTest(name = "n={0} offset={1} {2}")
    @MethodSource("cases")
    void float32ReductionsMatchScalarWithinTheStatedBound(int n, int off, Backing b) {
        Random r = new Random(37L * n + off);
        FloatView x = TestData.floats(arena, b, off, n);
        FloatView y = TestData.floats(arena, b, off, n);
        TestData.fillFinite(x, r);
        TestData.fillFinite(y, r);
        float[] xa = x.toArray();
        float[] ya = y.toArray();
        float seqSq = 0, seqSum = 0, seqDot = 0;
        double sSq = 0, sAbs = 0, sDot = 0;
        for (int i = 0; i < n; i++) {
            seqSq += xa[i] * xa[i];
            seqSum += xa[i];
            seqDot += xa[i] * ya[i];
            sSq += (double) xa[i] * xa[i];
            sAbs += Math.abs(xa[i]);
            sDot += Math.abs((double) xa[i] * ya[i]);
        }
        assertSameFloat(seqSq, SCALAR.sumOfSquares(x), "scalar sumsq is the sequential loop");
        assertSameFloat(seqSum, SCALAR.sum(x), "scalar sum is the sequential loop");
        assertSameFloat(seqDot, SCALAR.dot(x, y), "scalar dot is the sequential loop");
        double eps = Math.ulp(1.0f);
        for (KernelOps k : List.of(SIMD, PAR)) {
            assertClose(seqSq, k.sumOfSquares(x), n, eps, sSq, k + " sumsq");
            assertClose(seqSum, k.sum(x), n, eps, sAbs, k + " sum");
            assertClose(seqDot, k.dot(x, y), n, eps, sDot, k + " dot");
        }
    }

    static long naiveCount(double[] a, double lo, double hi) {
        long c = 0;
        for (double v : a) {
            if (lo <= v && v <= hi) {
                c++;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "n={0} offset={1} {2}")
    @MethodSource("cases")
    void float64CountsMinMaxScaleMatchExactlyWithSpecialValues(int n, int off, Backing b) {
        Random r = new Random(41L * n + off);
        DoubleView x = TestData.doubles(arena, b, off, n);
        TestData.fillWithSpecials(x, r);
        double[] xa = x.toArray();
        double[][] ranges = {{4, 8}, {-0.0, 0.0}, {0.0, -0.0}, {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
            {-Double.MAX_VALUE, Double.MAX_VALUE}, {Double.MIN_VALUE, Double.MAX_VALUE}, {8, 4}, {Double.NaN, 8},
            {4, Double.NaN}, {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, {-5, -Double.MIN_VALUE},
            {r.nextDouble() * 10, 10}, {n == 0 ? 1 : xa[n / 2], n == 0 ? 2 : xa[n / 2]}};
        for (double[] q : ranges) {
            long expected = naiveCount(xa, q[0], q[1]);
            for (KernelOps k : List.of(SCALAR, SIMD, PAR)) {
                assertEquals(expected, k.countInRange(x, q[0], q[1]), k + " count [" + q[0] + ", " + q[1] + "]");
            }
        }
        if (n > 0) {
            double min = xa[0], max = xa[0];
            for (double v : xa) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            for (KernelOps k : List.of(SCALAR, SIMD, PAR)) {
                assertSameDouble(min, k.min(x), k + " min");
                assertSameDouble(max, k.max(x), k + " max");
            }
        }
        boolean anyNaN = false;
        for (double v : xa) {
            anyNaN |= Double.isNaN(v);
        }
        if (anyNaN) {
            assertTrue(Double.isNaN(SIMD.sumOfSquares(x)) && Double.isNaN(SIMD.sum(x)), "NaN propagates");
        }
        DoubleView s = TestData.doubles(arena, b, off, n);
        s.copyFrom(xa);
        SIMD.scale(x, -1.5);
        SCALAR.scale(s, -1.5);
        for (int i = 0; i < n; i++) {
            assertSameDouble(xa[i] * -1.5, x.get(i), "vector scale at " + i);
            assertSameDouble(xa[i] * -1.5, s.get(i), "scalar scale at " + i);
        }
    }

    static long naiveCount(float[] a, float lo, float hi) {
        long c = 0;
        for (float v : a) {
            if (lo <= v && v <= hi) {
                c++;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "n={0} offset={1} {2}")
    @MethodSource("cases")
    void float32CountsMinMaxScaleMatchExactlyWithSpecialValues(int n, int off, Backing b) {
        Random r = new Random(43L * n + off);
        FloatView x = TestData.floats(arena, b, off, n);
        TestData.fillWithSpecials(x, r);
        float[] xa = x.toArray();
        float[][] ranges = {{4, 8}, {-0.0f, 0.0f}, {0.0f, -0.0f}, {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY},
            {-Float.MAX_VALUE, Float.MAX_VALUE}, {Float.MIN_VALUE, 9}, {8, 4}, {Float.NaN, 8}, {4, Float.NaN},
            {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, {-5, -Float.MIN_VALUE},
            {n == 0 ? 1 : xa[n / 3], n == 0 ? 2 : xa[n / 3]}};
        for (float[] q : ranges) {
            long expected = naiveCount(xa, q[0], q[1]);
            for (KernelOps k : List.of(SCALAR, SIMD, PAR)) {
                assertEquals(expected, k.countInRange(x, q[0], q[1]), k + " count [" + q[0] + ", " + q[1] + "]");
            }
        }
        if (n > 0) {
            float min = xa[0], max = xa[0];
            for (float v : xa) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            for (KernelOps k : List.of(SCALAR, SIMD, PAR)) {
                assertSameFloat(min, k.min(x), k + " min");
                assertSameFloat(max, k.max(x), k + " max");
            }
        }
        SIMD.scale(x, 3.25f);
        for (int i = 0; i < n; i++) {
            assertSameFloat(xa[i] * 3.25f, x.get(i), "vector scale at " + i);
        }
    }

    @ParameterizedTest(name = "n={0} offset={1} {2}")
    @MethodSource("cases")
    void int32KernelsMatchExactlyAndWrapLikeNumPyInt64(int n, int off, Backing b) {
        Random r = new Random(47L * n + off);
        IntView x = TestData.ints(arena, b, off, n);
        IntView y = TestData.ints(arena, b, off, n);
        TestData.fillWithSpecials(x, r);
        TestData.fillWithSpecials(y, r);
        int[] xa = x.toArray();
        int[] ya = y.toArray();
        long sum = 0, sq = 0, dot = 0;
        for (int i = 0; i < n; i++) {
            sum += xa[i];
            sq += (long) xa[i] * xa[i];
            dot += (long) xa[i] * ya[i];
        }
        int[][] ranges = {{4, 8}, {Integer.MIN_VALUE, Integer.MAX_VALUE}, {Integer.MIN_VALUE, Integer.MIN_VALUE},
            {Integer.MAX_VALUE, Integer.MAX_VALUE}, {-1, 0}, {8, 4}, {0, Integer.MAX_VALUE},
            {Integer.MIN_VALUE, -1}, {r.nextInt(), Integer.MAX_VALUE}};
        for (KernelOps k : List.of(SCALAR, SIMD, PAR)) {
            assertEquals(sum, k.sum(x), k + " sum");
            assertEquals(sq, k.sumOfSquares(x), k + " sumsq");
            assertEquals(dot, k.dot(x, y), k + " dot");
            for (int[] q : ranges) {
                long expected = 0;
                for (int v : xa) {
                    expected += q[0] <= v && v <= q[1] ? 1 : 0;
                }
                assertEquals(expected, k.countInRange(x, q[0], q[1]), k + " count [" + q[0] + ", " + q[1] + "]");
            }
            if (n > 0) {
                assertEquals(java.util.Arrays.stream(xa).min().getAsInt(), k.min(x), k + " min");
                assertEquals(java.util.Arrays.stream(xa).max().getAsInt(), k.max(x), k + " max");
            }
        }
        SIMD.scale(x, -7);
        for (int i = 0; i < n; i++) {
            assertEquals(xa[i] * -7, x.get(i), "scale wraps at " + i);
        }
    }

    @ParameterizedTest(name = "n={0} offset={1} {2}")
    @MethodSource("cases")
    void int64KernelsMatchExactlyAndWrapModulo2To64(int n, int off, Backing b) {
        Random r = new Random(53L * n + off);
        LongView x = TestData.longs(arena, b, off, n);
        LongView y = TestData.longs(arena, b, off, n);
        TestData.fillWithSpecials(x, r);
        TestData.fillWithSpecials(y, r);
        long[] xa = x.toArray();
        long[] ya = y.toArray();
        long sum = 0, sq = 0, dot = 0;
        for (int i = 0; i < n; i++) {
            sum += xa[i];
            sq += xa[i] * xa[i];
            dot += xa[i] * ya[i];
        }
        long[][] ranges = {{4, 8}, {Long.MIN_VALUE, Long.MAX_VALUE}, {Long.MIN_VALUE, Long.MIN_VALUE},
            {Long.MAX_VALUE, Long.MAX_VALUE}, {-1, 0}, {8, 4}, {0, Long.MAX_VALUE}, {Long.MIN_VALUE, -1},
            {r.nextLong(), Long.MAX_VALUE}};
        for (KernelOps k : List.of(SCALAR, SIMD, PAR)) {
            assertEquals(sum, k.sum(x), k + " sum");
            assertEquals(sq, k.sumOfSquares(x), k + " sumsq");
            assertEquals(dot, k.dot(x, y), k + " dot");
            for (long[] q : ranges) {
                long expected = 0;
                for (long v : xa) {
                    expected += q[0] <= v && v <= q[1] ? 1 : 0;
                }
                assertEquals(expected, k.countInRange(x, q[0], q[1]), k + " count [" + q[0] + ", " + q[1] + "]");
            }
            if (n > 0) {
                assertEquals(java.util.Arrays.stream(xa).min().getAsLong(), k.min(x), k + " min");
                assertEquals(java.util.Arrays.stream(xa).max().getAsLong(), k.max(x), k + " max");
            }
        }
        SIMD.scale(x, 3_000_000_019L);
        for (int i = 0; i < n; i++) {
            assertEquals(xa[i] * 3_000_000_019L, x.get(i), "scale wraps at " + i);
        }
    }

    @Test
    void integerSumOfSquaresWrapsLikeNumPyWithAnInt64Accumulator() {
        // np.sum(np.full(5, -2**31, dtype=np.int32).astype(np.int64)**2) == 5 * 2**62, which wraps to 2**62.
        int[] a = new int[5];
        java.util.Arrays.fill(a, Integer.MIN_VALUE);
        assertEquals(5L * (1L << 62), SIMD.sumOfSquares(IntView.wrap(a)));
        assertEquals(1L << 62, SIMD.sumOfSquares(IntView.wrap(a)));
        // int64: (2**32)**2 == 2**64 wraps to 0, as np.sum(a*a) does.
        assertEquals(0L, SIMD.sumOfSquares(LongView.wrap(new long[] {1L << 32})));
    }

    @Test
    void infinitiesOfBothSignsGiveNaNAndOneInfinityGivesInfinity() {
        double[] a = new double[100];
        java.util.Arrays.fill(a, 1.0);
        a[17] = Double.POSITIVE_INFINITY;
        assertSameDouble(Double.POSITIVE_INFINITY, SIMD.sum(DoubleView.wrap(a)), "sum with +Inf");
        a[90] = Double.NEGATIVE_INFINITY;
        assertTrue(Double.isNaN(SIMD.sum(DoubleView.wrap(a))), "sum with +Inf and -Inf is NaN");
        assertSameDouble(Double.POSITIVE_INFINITY, SIMD.sumOfSquares(DoubleView.wrap(a)), "squares are +Inf");
    }

    @Test
    void minAndMaxReturnNaNIfAnyElementIsNaNAndOrderNegativeZeroBelowZero() {
        double[] a = new double[77];
        a[40] = -0.0;
        assertSameDouble(-0.0, SIMD.min(DoubleView.wrap(a)), "min of zeros and -0.0");
        assertSameDouble(0.0, SIMD.max(DoubleView.wrap(a)), "max of zeros and -0.0");
        a[76] = Double.NaN;
        assertTrue(Double.isNaN(SIMD.min(DoubleView.wrap(a))) && Double.isNaN(SIMD.max(DoubleView.wrap(a))));
        float[] f = new float[33];
        f[3] = Float.NaN;
        assertTrue(Float.isNaN(SIMD.min(FloatView.wrap(f))) && Float.isNaN(SIMD.max(FloatView.wrap(f))));
    }
}
