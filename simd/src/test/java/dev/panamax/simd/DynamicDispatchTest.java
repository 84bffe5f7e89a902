package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ArrayView entry points: result boxes, and double bounds narrowed to the element type without changing answers. */
class DynamicDispatchTest {
    static final double[] BOUNDS = {Double.NaN, Double.NEGATIVE_INFINITY, -1e300, -0x1p63, -3e9, -2147483648.5,
        -2147483648.0, -1.5, -0.0, 0.0, 0.1, 3.5, 4.0, 4.000000001, 7.99999, 8.0, 8.5, 2147483647.0, 2147483647.5,
        3e9, 9.2233720368547748E18, 0x1p63, 1e300, Double.POSITIVE_INFINITY, (double) Math.nextUp(4.0f),
        (double) 0.1f, Math.nextDown((double) 0.1f), Math.nextUp((double) 0.1f), 3.4028235677973366E38,
        Double.MAX_VALUE};

    @Test
    void countInRangeWithDoubleBoundsEqualsTheRealNumberComparisonOnEveryType() {
        Random r = new Random(5);
        int n = 501;
        int[] in = new int[n];
        long[] lg = new long[n];
        float[] fl = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = i % 3 == 0 ? TestData.SPECIAL_INTS[r.nextInt(TestData.SPECIAL_INTS.length)] : r.nextInt(10);
            lg[i] = i % 3 == 0 ? TestData.SPECIAL_LONGS[r.nextInt(TestData.SPECIAL_LONGS.length)] : r.nextInt(10);
            fl[i] = i % 3 == 0 ? TestData.SPECIAL_FLOATS[r.nextInt(TestData.SPECIAL_FLOATS.length)]
                    : r.nextInt(4) == 0 ? 0.1f : r.nextFloat() * 10;
        }
        for (KernelOps k : List.of(Kernels.scalar(), Kernels.simd())) {
            for (double lo : BOUNDS) {
                for (double hi : BOUNDS) {
                    long ei = 0, el = 0, ef = 0;
                    for (int i = 0; i < n; i++) {
                        ei += lo <= in[i] && in[i] <= hi ? 1 : 0;
                        el += new java.math.BigDecimal(lg[i]).compareTo(bd(lo)) >= 0
                                && new java.math.BigDecimal(lg[i]).compareTo(bd(hi)) <= 0 && inReal(lo, hi) ? 1 : 0;
                        ef += lo <= fl[i] && fl[i] <= hi ? 1 : 0;
                    }
                    String q = " [" + lo + ", " + hi + "]";
                    assertEquals(ei, k.countInRange((ArrayView) IntView.wrap(in), lo, hi), k + " int32" + q);
                    assertEquals(el, k.countInRange((ArrayView) LongView.wrap(lg), lo, hi), k + " int64" + q);
                    assertEquals(ef, k.countInRange((ArrayView) FloatView.wrap(fl), lo, hi), k + " float32" + q);
                }
            }
            IntView out = IntView.wrap(new int[n]);
            k.countInRangePerRow(Matrix.of(IntView.wrap(in), n, 1), 3.5, 8.5, out);
            for (int i = 0; i < n; i++) {
                assertEquals(4 <= in[i] && in[i] <= 8 ? 1 : 0, out.get(i), "row " + i);
            }
        }
    }

    private static boolean inReal(double lo, double hi) {
        return !Double.isNaN(lo) && !Double.isNaN(hi);
    }

    /** Exact value of a bound for comparing with longs (infinities as huge numbers). */
    private static java.math.BigDecimal bd(double v) {
        if (Double.isNaN(v)) {
            return java.math.BigDecimal.ZERO;
        }
        if (Double.isInfinite(v)) {
            return new java.math.BigDecimal(v > 0 ? "1e400" : "-1e400");
        }
        return new java.math.BigDecimal(v);
    }

    @Test
    void resultsAreBoxedInTheNaturalTypeOfEachElementType() {
        KernelOps k = Kernels.simd();
        assertEquals(14.0, k.sumOfSquares((ArrayView) DoubleView.wrap(new double[] {1, 2, 3})));
        assertEquals(14.0f, k.sumOfSquares((ArrayView) FloatView.wrap(new float[] {1, 2, 3})));
        assertEquals(14L, k.sumOfSquares((ArrayView) IntView.wrap(new int[] {1, 2, 3})));
        assertEquals(6L, k.sum((ArrayView) LongView.wrap(new long[] {1, 2, 3})));
        assertEquals(1, k.min((ArrayView) IntView.wrap(new int[] {1, 2, 3})));
        assertEquals(3L, k.max((ArrayView) LongView.wrap(new long[] {1, 2, 3})));
        assertEquals(32L, k.dot((ArrayView) IntView.wrap(new int[] {1, 2, 3}), IntView.wrap(new int[] {4, 5, 6})));
        assertEquals(Kernels.sumOfSquares(DoubleView.wrap(new double[] {3, 4})), 25.0);
    }
}
