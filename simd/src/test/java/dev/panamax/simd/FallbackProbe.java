package dev.panamax.simd;

import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;

/** Run in a child JVM by {@link ScalarFallbackTest}: prints what the kernels chose and a few results. */
final class FallbackProbe {
    private FallbackProbe() {
    }

    public static void main(String[] args) {
        int[] ints = new int[1000];
        double[] doubles = new double[1000];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = i % 10;
            doubles[i] = i * 0.5;
        }
        int[] out = new int[200];
        Kernels.countInRangePerRow(Matrix.of(IntView.wrap(ints), 200, 5), 4, 8, IntView.wrap(out));
        long rowTotal = 0;
        for (int c : out) {
            rowTotal += c;
        }
        System.out.println("vectorized=" + Simd.vectorized());
        System.out.println("count=" + Kernels.countInRange(IntView.wrap(ints), 4, 8));
        System.out.println("rows=" + rowTotal);
        System.out.println("sumsq=" + Kernels.sumOfSquares(DoubleView.wrap(doubles)));
        System.out.println(Simd.describe().lines().findFirst().orElseThrow());
    }
}
