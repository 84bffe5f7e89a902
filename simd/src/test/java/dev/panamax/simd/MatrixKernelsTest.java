package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.simd.TestData.Backing;
import java.lang.foreign.Arena;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-row counts, per-row hypotenuse and per-column sums of squares against naive loops, every implementation. */
class MatrixKernelsTest {
    static final List<KernelOps> ALL = List.of(Kernels.scalar(), Kernels.simd(), Kernels.parallel(2),
            Kernels.parallel(3));

    @ParameterizedTest(name = "{0} x {1} offset {2}")
    @CsvSource({"0,5,0", "1,5,1", "7,5,0", "8,5,3", "9,5,0", "20001,5,1", "13,1,0", "17,2,1", "31,3,0", "29,4,3",
        "33,6,1", "41,7,0", "63,8,1", "4001,8,3", "19,9,0", "23,12,1", "11,17,3", "3,64,0", "5003,3,1"})
    void countInRangePerRowMatchesANaiveLoopForEveryTypeAndWidth(int rows, int cols, int off) {
        Random r = new Random(rows * 131L + cols);
        int n = rows * cols;
        try (Arena arena = Arena.ofConfined()) {
            for (Backing b : Backing.values()) {
                IntView ints = TestData.ints(arena, b, off, n);
                LongView longs = TestData.longs(arena, b, off, n);
                FloatView floats = TestData.floats(arena, b, off, n);
                DoubleView doubles = TestData.doubles(arena, b, off, n);
                TestData.fillWithSpecials(ints, r);
                TestData.fillWithSpecials(longs, r);
                TestData.fillWithSpecials(floats, r);
                TestData.fillWithSpecials(doubles, r);
                IntView out = TestData.ints(arena, b, off, rows);
                int[] expected = new int[rows];
                for (KernelOps k : ALL) {
                    for (int[] q : new int[][] {{4, 8}, {Integer.MIN_VALUE, Integer.MAX_VALUE}, {0, 0}, {9, 3}}) {
                        for (int i = 0; i < rows; i++) {
                            int c = 0;
                            for (int j = 0; j < cols; j++) {
                                int v = ints.get((long) i * cols + j);
                                c += q[0] <= v && v <= q[1] ? 1 : 0;
                            }
                            expected[i] = c;
                        }
                        out.fill(-1);
                        k.countInRangePerRow(Matrix.of(ints, rows, cols), q[0], q[1], out);
                        assertArrayEquals(expected, out, k + " int32 [" + q[0] + ", " + q[1] + "]");
                    }
                    long[] lq = {4, 8};
                    for (int i = 0; i < rows; i++) {
                        int c = 0;
                        for (int j = 0; j < cols; j++) {
                            long v = longs.get((long) i * cols + j);
                            c += lq[0] <= v && v <= lq[1] ? 1 : 0;
                        }
                        expected[i] = c;
                    }
                    k.countInRangePerRow(Matrix.of(longs, rows, cols), lq[0], lq[1], out);
                    assertArrayEquals(expected, out, k + " int64");
                    for (int i = 0; i < rows; i++) {
                        int c = 0;
                        for (int j = 0; j < cols; j++) {
                            float v = floats.get((long) i * cols + j);
                            c += -0.0f <= v && v <= 8f ? 1 : 0;
                        }
                        expected[i] = c;
                    }
                    k.countInRangePerRow(Matrix.of(floats, rows, cols), -0.0f, 8f, out);
                    assertArrayEquals(expected, out, k + " float32");
                    for (int i = 0; i < rows; i++) {
                        int c = 0;
                        for (int j = 0; j < cols; j++) {
                            double v = doubles.get((long) i * cols + j);
                            c += 4.0 <= v && v <= Double.POSITIVE_INFINITY ? 1 : 0;
                        }
                        expected[i] = c;
                    }
                    k.countInRangePerRow(Matrix.of(doubles, rows, cols), 4.0, Double.POSITIVE_INFINITY, out);
                    assertArrayEquals(expected, out, k + " float64");
                }
            }
        }
    }

    static void assertArrayEquals(int[] expected, IntView actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.get(i), what + " row " + i);
        }
    }

    @Test
    void hypotenusePerRowUsesMathHypotOnEveryElementType() {
        int rows = 1003;
        int cols = 3;
        Random r = new Random(7);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(16) == 0 ? TestData.SPECIAL_DOUBLES[r.nextInt(TestData.SPECIAL_DOUBLES.length)]
                    : r.nextGaussian() * 1e200;
        }
        int[] ints = new int[rows * cols];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = r.nextInt();
        }
        for (KernelOps k : ALL) {
            DoubleView out = DoubleView.wrap(new double[rows]);
            k.hypotenusePerRow(Matrix.of(DoubleView.wrap(d), rows, cols), 2, 0, out);
            for (int i = 0; i < rows; i++) {
                assertEquals(Math.hypot(d[i * cols + 2], d[i * cols]), out.get(i), k + " float64 row " + i);
            }
            k.hypotenusePerRow(Matrix.of(IntView.wrap(ints), rows, cols), 1, 1, out);
            for (int i = 0; i < rows; i++) {
                assertEquals(Math.hypot(ints[i * cols + 1], ints[i * cols + 1]), out.get(i), k + " int32 row " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"0,3", "5,1", "100,3", "1001,4", "333,8", "77,11", "20,64", "3,1000"})
    void sumOfSquaresPerColumnMatchesAColumnLoopForEveryElementType(int rows, int cols) {
        Random r = new Random(rows + 7L * cols);
        int n = rows * cols;
        double[] d = new double[n];
        float[] f = new float[n];
        int[] in = new int[n];
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
            f[i] = (float) r.nextGaussian();
            in[i] = r.nextInt();
            l[i] = r.nextLong() >> 20;
        }
        List<Matrix<? extends ArrayView>> ms = List.of(Matrix.of(DoubleView.wrap(d), rows, cols),
                Matrix.of(FloatView.wrap(f), rows, cols), Matrix.of(IntView.wrap(in), rows, cols),
                Matrix.of(LongView.wrap(l), rows, cols));
        for (Matrix<? extends ArrayView> m : ms) {
            double[] expected = new double[cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = switch (m.dtype()) {
                        case FLOAT64 -> d[i * cols + j];
                        case FLOAT32 -> f[i * cols + j];
                        case INT32 -> in[i * cols + j];
                        default -> (double) l[i * cols + j];
                    };
                    expected[j] += v * v;
                }
            }
            for (KernelOps k : ALL) {
                DoubleView out = DoubleView.wrap(new double[cols]);
                out.fill(Double.NaN);
                k.sumOfSquaresPerColumn(m, out);
                for (int j = 0; j < cols; j++) {
                    // Row order per column, mul then add: the same bits as the column loop.
                    assertEquals(expected[j], out.get(j), k + " " + m.dtype() + " column " + j);
                }
            }
        }
        assertEquals(DType.FLOAT64, ms.get(0).dtype());
    }
}
