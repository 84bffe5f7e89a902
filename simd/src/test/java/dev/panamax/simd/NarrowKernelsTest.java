package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DType;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.ShortView;
import dev.panamax.simd.TestData.Backing;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8, uint8 and int16 kernels: the scalar reference against plain Java arithmetic, and the Vector API and
 * parallel kernels against the scalar reference, on random data over the whole range of each type with its
 * extremes, at awkward sizes, unaligned offsets, native and heap memory. Every result is an integer: they must be
 * equal.
 */
class NarrowKernelsTest {
    /** The style guide's sizes; 300007 spans more than one chunk and gives parallel(2) two parts. */
    static final int[] SIZES = {0, 1, 3, 7, 13, 31, 64, 207, 702, 1023, 1025, 100003, 300007};
    static final List<DType> TYPES = List.of(DType.INT8, DType.UINT8, DType.INT16);
    static final KernelOps SCALAR = Kernels.scalar();
    static final List<KernelOps> FAST = List.of(Kernels.simd(), Kernels.parallel(2), Kernels.parallel(3));
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
        Backing[] backings = Backing.values();
        int k = 0;
        for (DType t : TYPES) {
            for (int n : SIZES) {
                for (int off : new int[] {0, 1, 3}) {
                    // every backing in turn: the loads take a path per class of segment
                    out.add(Arguments.of(t, n, off, backings[k++ % backings.length]));
                }
            }
        }
        return out.stream();
    }

    /** Random values over the whole range, one in eight an extreme (min, max, -1, 0, 1). */
    static ArrayView random(DType t, int n, int off, Backing b, long seed) {
        ArrayView v = TestData.narrow(arena, b, t, off, n);
        SplittableRandom r = new SplittableRandom(seed);
        long min = t.minValue();
        long max = t.maxValue();
        long[] extremes = {min, max, Math.max(min, -1), 0, 1};
        for (long i = 0; i < n; i++) {
            set(v, i, r.nextInt(8) == 0 ? extremes[r.nextInt(extremes.length)] : r.nextLong(min, max + 1));
        }
        return v;
    }

    static void set(ArrayView v, long i, long value) {
        switch (v) {
            case ByteView x -> x.set(i, (int) value);
            case ShortView x -> x.set(i, (short) value);
            default -> throw new IllegalArgumentException(v.toString());
        }
    }

    static long get(ArrayView v, long i) {
        return switch (v) {
            case ByteView x -> x.get(i);
            case ShortView x -> x.get(i);
            default -> throw new IllegalArgumentException(v.toString());
        };
    }

    /** Every fast implementation gives the scalar result for {@code kernel}. */
    static <R> void sameAsScalar(Function<KernelOps, R> kernel, String what) {
        R expected = kernel.apply(SCALAR);
        for (KernelOps k : FAST) {
            assertEquals(expected, kernel.apply(k), k + " " + what);
        }
    }

    @ParameterizedTest(name = "{0} n={1} offset={2} {3}")
    @MethodSource("cases")
    void reductionsAreExactAndTheSameEverywhere(DType t, int n, int off, Backing b) {
        ArrayView x = random(t, n, off, b, 7L * n + off);
        ArrayView y = random(t, n, off, b, 11L * n + off);
        long sum = 0;
        long sumSq = 0;
        long dot = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long i = 0; i < n; i++) {
            long v = get(x, i);
            sum += v;
            sumSq += v * v;
            dot += v * get(y, i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(sum, SCALAR.sum(x).longValue(), "scalar sum");
        assertEquals(sumSq, SCALAR.sumOfSquares(x).longValue(), "scalar sum of squares");
        assertEquals(dot, SCALAR.dot(x, y).longValue(), "scalar dot");
        String at = t + " n=" + n + " offset=" + off + " " + b;
        sameAsScalar(k -> k.sum(x), "sum " + at);
        sameAsScalar(k -> k.sumOfSquares(x), "sum of squares " + at);
        sameAsScalar(k -> k.dot(x, y), "dot " + at);
        if (n > 0) {
            assertEquals(min, SCALAR.min(x).longValue(), "scalar min");
            assertEquals(max, SCALAR.max(x).longValue(), "scalar max");
            sameAsScalar(k -> k.min(x), "min " + at);
            sameAsScalar(k -> k.max(x), "max " + at);
        }
    }

    @ParameterizedTest(name = "{0} n={1} offset={2} {3}")
    @MethodSource("cases")
    void countsAgreeOnEveryKindOfRange(DType t, int n, int off, Backing b) {
        ArrayView x = random(t, n, off, b, 13L * n + off);
        long min = t.minValue();
        long max = t.maxValue();
        long[][] ranges = {{min, max}, {min, min}, {max, max}, {-1, 1}, {0, 0}, {min + 1, max - 1}, {5, 4},
            {min - 1000, min + 3}, {max - 3, max + 1000}, {-100_000, 100_000}, {max + 1, max + 5}, {0, max / 2}};
        for (long[] q : ranges) {
            long expected = 0;
            for (long i = 0; i < n; i++) {
                long v = get(x, i);
                expected += q[0] <= v && v <= q[1] ? 1 : 0;
            }
            String what = "count [" + q[0] + ", " + q[1] + "] " + t + " n=" + n;
            assertEquals(expected, SCALAR.countInRange(x, (double) q[0], (double) q[1]), "scalar " + what);
            sameAsScalar(k -> k.countInRange(x, (double) q[0], (double) q[1]), what);
            if (x instanceof ByteView v) {
                sameAsScalar(k -> k.countInRange(v, (int) q[0], (int) q[1]), "typed " + what);
            } else if (x instanceof ShortView v) {
                sameAsScalar(k -> k.countInRange(v, (int) q[0], (int) q[1]), "typed " + what);
            }
        }
        assertEquals(SCALAR.countInRange(x, -0.5, 2.5), SCALAR.countInRange(x, 0, 2), "bounds narrowed exactly");
    }

    @ParameterizedTest(name = "{0} n={1} offset={2} {3}")
    @MethodSource("cases")
    void scaleWrapsInTheElementType(DType t, int n, int off, Backing b) {
        for (long factor : new long[] {3, t == DType.UINT8 ? 200 : -1, 0, 1, t.maxValue(), t.minValue()}) {
            List<ArrayView> copies = new ArrayList<>();
            for (int c = 0; c < 1 + FAST.size(); c++) {
                copies.add(random(t, n, off, b, 17L * n + off));
            }
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                long p = get(copies.getFirst(), i) * factor;
                expected[i] = t == DType.INT16 ? (short) p : t == DType.INT8 ? (byte) p : p & 0xFF;
            }
            SCALAR.scale(copies.getFirst(), (double) factor);
            for (int c = 0; c < FAST.size(); c++) {
                FAST.get(c).scale(copies.get(c + 1), (double) factor);
            }
            for (ArrayView v : copies) {
                for (int i = 0; i < n; i++) {
                    if (get(v, i) != expected[i]) {
                        assertEquals(expected[i], get(v, i), t + " scale by " + factor + " element " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"INT8", "UINT8", "INT16"})
    void perRowCountsForEveryRowWidth(DType t) {
        for (int cols : new int[] {0, 1, 2, 3, 5, 7, 8, 9, 31, 32, 33, 64, 65, 100, 1000}) {
            for (int rows : new int[] {0, 1, 3, 129, 1001}) {
                ArrayView flat = random(t, rows * cols, 0, Backing.NATIVE, 31L * rows + cols);
                Matrix<? extends ArrayView> m = Matrix.of(flat, rows, cols);
                int[] expected = new int[rows];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        long v = get(flat, (long) r * cols + c);
                        expected[r] += -3 <= v && v <= 100 ? 1 : 0;
                    }
                }
                for (KernelOps k : List.of(SCALAR, FAST.get(0), FAST.get(1), FAST.get(2))) {
                    int[] out = new int[rows];
                    k.countInRangePerRow(m, -3, 100, IntView.wrap(out));
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out, k + " " + t + " " + rows
                            + "x" + cols);
                }
            }
        }
    }

    /**
     * Blocks of int32 lanes are flushed to int64 before they can overflow: every element at the type's extreme,
     * over more elements than one block holds, still gives the exact sums.
     */
    @Test
    void extremeValuesOverManyBlocksDoNotOverflowTheLanes() {
        int n = (int) (NarrowVectorSupport.BYTE_SUM_BLOCK * 2 + 77);
        for (DType t : TYPES) {
            for (long value : new long[] {t.minValue(), t.maxValue()}) {
                int len = t == DType.INT16 ? 300_007 : n;
                ArrayView x = TestData.narrow(arena, Backing.NATIVE, t, 0, len);
                if (x instanceof ByteView v) {
                    v.fill((int) value);
                } else {
                    ((ShortView) x).fill((short) value);
                }
                for (KernelOps k : List.of(SCALAR, FAST.get(0), FAST.get(1))) {
                    assertEquals(value * len, k.sum(x).longValue(), k + " sum of " + len + " x " + value);
                    assertEquals(value * value * len, k.sumOfSquares(x).longValue(), k + " sum of squares " + t);
                    assertEquals(value * value * len, k.dot(x, x).longValue(), k + " dot " + t);
                    assertEquals(value, k.min(x).longValue());
                    assertEquals(len, k.countInRange(x, (double) value, (double) value));
                }
            }
        }
    }

    @Test
    void theVectorKernelsRunWhereInt32VectorsHaveAtLeast256Bits() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("preferred species: (\\d+) bits")
                .matcher(Simd.describe());
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.vectorized() && m.find(), Simd::describe);
        boolean wide = Integer.parseInt(m.group(1)) >= 256;
        assertEquals(wide, Simd.describe().contains("int8, uint8, int16: vector"), Simd.describe());
    }

    @Test
    void dynamicResultsAndArgumentChecks() {
        ByteView u = ByteView.wrapUnsigned(new byte[] {(byte) 200, 3});
        ByteView s = ByteView.wrap(new byte[] {-5, 3});
        ShortView h = ShortView.wrap(new short[] {-300, 7});
        assertInstanceOf(Long.class, Kernels.sum((ArrayView) u));
        assertInstanceOf(Integer.class, Kernels.min((ArrayView) u));
        assertInstanceOf(Short.class, Kernels.max((ArrayView) h));
        assertEquals(200, Kernels.max(u));
        assertEquals(-5, Kernels.min(s));
        assertEquals((short) -300, Kernels.min(h));
        assertEquals(203L, Kernels.sum(u));
        assertEquals(40009L, Kernels.sumOfSquares(u));
        assertEquals("dtype mismatch: a=uint8 b=int8",
                assertThrows(IllegalArgumentException.class, () -> Kernels.dot(u, s)).getMessage());
        assertEquals("length mismatch: a=2 b=1",
                assertThrows(IllegalArgumentException.class, () -> Kernels.dot(h, h.slice(0, 1))).getMessage());
        assertEquals("min of an empty uint8 view (length=0) is undefined: it needs at least one element",
                assertThrows(IllegalArgumentException.class, () -> Kernels.min(u.slice(0, 0))).getMessage());
        assertEquals("factor=256 cannot scale a uint8 view: expected a value in [0, 255]",
                assertThrows(IllegalArgumentException.class, () -> Kernels.scale(u, 256)).getMessage());
        assertEquals("factor=-1.0 cannot scale a uint8 view: expected a whole number in [0, 255]",
                assertThrows(IllegalArgumentException.class, () -> Kernels.simd().scale((ArrayView) u, -1))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.scale(h, 40000));
        Kernels.scale(u, 2);
        assertEquals(144, u.get(0), "400 wraps to 144 in uint8");
    }
}
