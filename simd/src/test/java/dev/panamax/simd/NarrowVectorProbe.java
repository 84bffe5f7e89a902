package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.core.ShortView;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link NarrowVectorTest} with a smaller {@code -XX:MaxVectorSize}: every kernel, vector
 * against scalar, on every dtype at sizes that reach the cached loops, their tails, the chunked cached count loops and
 * the streaming loops, and per-row counts of every width from 1 to 9. Prints the preferred vector size, one line per mismatch,
 * then {@code mismatches=N}.
 */
final class NarrowVectorProbe {
    private static int mismatches;

    private NarrowVectorProbe() {
    }

    public static void main(String[] args) {
        KernelOps scalar = Kernels.scalar();
        KernelOps simd = Kernels.simd();
        SplittableRandom r = new SplittableRandom(11);
        int n64 = (int) (VectorAccess.STREAM_BYTES / Long.BYTES);
        int n32 = (int) (VectorAccess.STREAM_BYTES / Integer.BYTES);
        // Counts keep the cached loop up to COUNT_STREAM_BYTES (this CPU's cache share): reach their streaming loop too.
        int c64 = (int) (CacheShare.COUNT_STREAM_BYTES / Long.BYTES);
        int c32 = (int) (CacheShare.COUNT_STREAM_BYTES / Integer.BYTES);
        // (skipped where the share is over 32 MiB: seven arrays of that many elements would not fit this child's heap)
        int[] sizes = c64 > n64 && c32 <= (8 << 20)
                ? new int[] {1, 7, 33, 1023, 100_003, n64 + 7, n32 + 13, c64 + 3, c32 + 5}
                : new int[] {1, 7, 33, 1023, 100_003, n64 + 7, n32 + 13};
        for (int n : sizes) {
            double[] d = new double[n];
            float[] f = new float[n];
            int[] i = new int[n];
            long[] l = new long[n];
            for (int k = 0; k < n; k++) {
                d[k] = r.nextInt(16) == 0 ? TestData.SPECIAL_DOUBLES[r.nextInt(TestData.SPECIAL_DOUBLES.length)]
                        : r.nextDouble() * 10;
                f[k] = (float) (r.nextDouble() * 10);
                i[k] = r.nextInt(16) == 0 ? r.nextInt() : r.nextInt(10);
                l[k] = r.nextInt(16) == 0 ? r.nextLong() : r.nextInt(10);
            }
            byte[] b8 = new byte[n];
            short[] s16 = new short[n];
            r.nextBytes(b8);
            for (int k = 0; k < n; k++) {
                s16[k] = (short) r.nextInt();
            }
            for (ArrayView x : List.of(DoubleView.wrap(d), FloatView.wrap(f), IntView.wrap(i), LongView.wrap(l),
                    ShortView.wrap(s16), ByteView.wrap(b8), ByteView.wrapUnsigned(b8))) {
                String at = x.dtype() + " n=" + n;
                exact(scalar.countInRange(x, 4, 8), simd.countInRange(x, 4, 8), "count " + at);
                exact(scalar.min(x), simd.min(x), "min " + at);
                exact(scalar.max(x), simd.max(x), "max " + at);
                if (!x.dtype().isFloatingPoint()) {
                    exact(scalar.sum(x), simd.sum(x), "sum " + at);
                    exact(scalar.sumOfSquares(x), simd.sumOfSquares(x), "sumsq " + at);
                    exact(scalar.dot(x, x), simd.dot(x, x), "dot " + at);
                } else if (x instanceof FloatView) {
                    // Non-negative terms: |vector - scalar| <= 2 n eps(float) * result.
                    close(scalar.sum(x), simd.sum(x), 2.0 * n * Math.ulp(1.0f), "sum " + at);
                    close(scalar.sumOfSquares(x), simd.sumOfSquares(x), 2.0 * n * Math.ulp(1.0f), "sumsq " + at);
                    close(scalar.dot(x, x), simd.dot(x, x), 2.0 * n * Math.ulp(1.0f), "dot " + at);
                }
            }
            double[] finite = new double[n];
            for (int k = 0; k < n; k++) {
                finite[k] = f[k];
            }
            DoubleView fd = DoubleView.wrap(finite);
            close(scalar.sum(fd), simd.sum(fd), 2.0 * n * Math.ulp(1.0), "sum float64 n=" + n);
            close(scalar.sumOfSquares(fd), simd.sumOfSquares(fd), 2.0 * n * Math.ulp(1.0), "sumsq float64 n=" + n);
            close(scalar.dot(fd, fd), simd.dot(fd, fd), 2.0 * n * Math.ulp(1.0), "dot float64 n=" + n);
            for (int cols = 1; cols <= 9; cols++) {
                int rows = n / cols;
                if (rows == 0) {
                    continue;
                }
                for (ArrayView x : List.of(IntView.wrap(i), LongView.wrap(l), FloatView.wrap(f), DoubleView.wrap(d),
                        ShortView.wrap(s16), ByteView.wrap(b8), ByteView.wrapUnsigned(b8))) {
                    Matrix<ArrayView> m = Matrix.of(slice(x, (long) rows * cols), rows, cols);
                    IntView a = IntView.wrap(new int[rows]);
                    IntView b = IntView.wrap(new int[rows]);
                    scalar.countInRangePerRow(m, 4, 8, a);
                    simd.countInRangePerRow(m, 4, 8, b);
                    if (a.segment().mismatch(b.segment()) != -1) {
                        report("per-row " + x.dtype() + " " + rows + "x" + cols);
                    }
                }
            }
        }
        System.out.println(Simd.describe().lines().filter(s -> s.startsWith("preferred")).findFirst().orElse(""));
        System.out.println("mismatches=" + mismatches);
    }

    private static ArrayView slice(ArrayView x, long length) {
        return switch (x) {
            case DoubleView v -> v.slice(0, length);
            case FloatView v -> v.slice(0, length);
            case IntView v -> v.slice(0, length);
            case LongView v -> v.slice(0, length);
            case ShortView v -> v.slice(0, length);
            case ByteView v -> v.slice(0, length);
        };
    }

    private static void exact(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            report(what + ": scalar " + expected + " vector " + actual);
        }
    }

    private static void close(Number expected, Number actual, double relative, String what) {
        double e = expected.doubleValue();
        if (Math.abs(e - actual.doubleValue()) > relative * Math.abs(e)) {
            report(what + ": scalar " + expected + " vector " + actual);
        }
    }

    private static void report(String line) {
        mismatches++;
        System.out.println("MISMATCH " + line);
    }
}
