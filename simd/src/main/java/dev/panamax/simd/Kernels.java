package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.core.ShortView;

/**
 * Entry point to the kernels, in the style of Lucene's {@code VectorUtil}: {@link #simd()} (the Vector API kernels,
 * or the scalar fallback when the JVM cannot run them), {@link #scalar()} (the plain-loop reference) and
 * {@link #parallel(int)} (the vector kernels on several threads), plus one static shortcut per kernel and view type
 * that checks its arguments and computes on {@link #simd()}. Every implementation checks arguments the same way and
 * shares the semantics described in {@link KernelOps}; the kernels themselves are listed in {@link Kernel}.
 *
 * {@snippet :
 * try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1_000_000))) {
 *     DoubleView x = a.asDoubles();
 *     x.fill(0.5);
 *     double s = Kernels.sumOfSquares(x);                          // 250000.0, vectorized
 *     long c = Kernels.parallel(2).countInRange(x, 0.0, 1.0);      // 1000000, on 2 threads
 * }
 * }
 */
public final class Kernels {
    private static final KernelOps SCALAR = new CheckedKernels(ScalarSupport.INSTANCE, NarrowScalarSupport.INSTANCE);

    /** Initialised on first use, which is when {@link KernelProvider} picks the implementation. */
    private static final class Holder {
        static final KernelOps OPS = new CheckedKernels(KernelProvider.support(), KernelProvider.narrowSupport());
    }

    private Kernels() {
    }

    /**
     * The fastest single-thread kernels this JVM can run: Vector API kernels when {@code jdk.incubator.vector} is
     * present and C2 is on, otherwise the scalar kernels (logged once; see {@link dev.panamax.simd.Simd#describe()}).
     *
     * @return the kernels, the same instance on every call
     */
    public static KernelOps simd() {
        return Holder.OPS;
    }

    /**
     * The scalar reference kernels: plain sequential loops, whatever the JVM supports.
     *
     * @return the kernels, the same instance on every call
     */
    public static KernelOps scalar() {
        return SCALAR;
    }

    /**
     * The {@link #simd()} kernels on up to {@code threads} threads: the caller and shared daemon workers (one per
     * CPU but one, started on first use, spinning 0.2 ms after their last part before they park). Every thread gets
     * at least 64 Ki elements (a second thread loses below that), so inputs under 128 Ki elements run on the calling
     * thread; above, the input is cut into one contiguous, 4 Ki-element-aligned part per thread, the caller runs the
     * first part, and partial results are combined in part order, so the result depends only on the input and
     * {@code threads}.
     * {@code sumOfSquaresPerColumn} always runs on the calling thread.
     *
     * @param threads the most threads to use, at least 1
     * @return the kernels
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static KernelOps parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + ": expected at least 1");
        }
        ParallelSupport split = new ParallelSupport(KernelProvider.support(), threads);
        return new CheckedKernels(split, new NarrowParallelSupport(KernelProvider.narrowSupport(), split));
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(DoubleView)} computes it}
     *
     * @param x the elements
     */
    public static double sumOfSquares(DoubleView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(FloatView)} computes it}
     *
     * @param x the elements
     */
    public static float sumOfSquares(FloatView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(IntView)} computes it}
     *
     * @param x the elements
     */
    public static long sumOfSquares(IntView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(LongView)} computes it}
     *
     * @param x the elements
     */
    public static long sumOfSquares(LongView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(DoubleView)} computes it}
     *
     * @param x the elements
     */
    public static double sum(DoubleView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(FloatView)} computes it}
     *
     * @param x the elements
     */
    public static float sum(FloatView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(IntView)} computes it}
     *
     * @param x the elements
     */
    public static long sum(IntView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(LongView)} computes it}
     *
     * @param x the elements
     */
    public static long sum(LongView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(DoubleView, DoubleView)} computes
     * it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static double dot(DoubleView a, DoubleView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(FloatView, FloatView)} computes it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static float dot(FloatView a, FloatView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(IntView, IntView)} computes it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static long dot(IntView a, IntView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(LongView, LongView)} computes it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static long dot(LongView a, LongView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(DoubleView)} computes it}
     *
     * @param x the elements
     */
    public static double min(DoubleView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(FloatView)} computes it}
     *
     * @param x the elements
     */
    public static float min(FloatView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(IntView)} computes it}
     *
     * @param x the elements
     */
    public static int min(IntView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(LongView)} computes it}
     *
     * @param x the elements
     */
    public static long min(LongView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(DoubleView)} computes it}
     *
     * @param x the elements
     */
    public static double max(DoubleView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(FloatView)} computes it}
     *
     * @param x the elements
     */
    public static float max(FloatView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(IntView)} computes it}
     *
     * @param x the elements
     */
    public static int max(IntView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(LongView)} computes it}
     *
     * @param x the elements
     */
    public static long max(LongView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(DoubleView, double,
     * double)} computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(DoubleView x, double lo, double hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(FloatView, float, float)}
     * computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(FloatView x, float lo, float hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(IntView, int, int)}
     * computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(IntView x, int lo, int hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(LongView, long, long)}
     * computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(LongView x, long lo, long hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * Writes the number of elements in {@code [lo, hi]} of each row to {@code out}, as {@link
     * KernelOps#countInRangePerRow(Matrix, float, float, IntView)} does.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     */
    public static void countInRangePerRow(Matrix<FloatView> m, float lo, float hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * Writes the number of elements in {@code [lo, hi]} of each row to {@code out}, as {@link
     * KernelOps#countInRangePerRow(Matrix, int, int, IntView)} does.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     */
    public static void countInRangePerRow(Matrix<IntView> m, int lo, int hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * Writes the number of elements in {@code [lo, hi]} of each row to {@code out}, as {@link
     * KernelOps#countInRangePerRow(Matrix, long, long, IntView)} does.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     */
    public static void countInRangePerRow(Matrix<LongView> m, long lo, long hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * Writes {@code hypot(m[r, colA], m[r, colB])} of each row {@code r} to {@code out}, as {@link
     * KernelOps#hypotenusePerRow(Matrix, long, long, DoubleView)} does.
     *
     * @param m the matrix
     * @param colA the first column
     * @param colB the second column
     * @param out one float64 per row
     */
    public static void hypotenusePerRow(Matrix<? extends ArrayView> m, long colA, long colB, DoubleView out) {
        Holder.OPS.hypotenusePerRow(m, colA, colB, out);
    }

    /**
     * Writes the sum of squares of each column to {@code out}, as {@link KernelOps#sumOfSquaresPerColumn(Matrix,
     * DoubleView)} does.
     *
     * @param m the matrix
     * @param out one float64 per column
     */
    public static void sumOfSquaresPerColumn(Matrix<? extends ArrayView> m, DoubleView out) {
        Holder.OPS.sumOfSquaresPerColumn(m, out);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(DoubleView, double)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(DoubleView x, double factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(FloatView, float)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(FloatView x, float factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(IntView, int)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(IntView x, int factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(LongView, long)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(LongView x, long factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(ByteView)} computes it}
     *
     * @param x the elements
     */
    public static long sum(ByteView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(ShortView)} computes it}
     *
     * @param x the elements
     */
    public static long sum(ShortView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(ByteView)} computes it}
     *
     * @param x the elements
     */
    public static long sumOfSquares(ByteView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(ShortView)} computes it}
     *
     * @param x the elements
     */
    public static long sumOfSquares(ShortView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(ByteView, ByteView)} computes it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static long dot(ByteView a, ByteView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(ShortView, ShortView)} computes it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static long dot(ShortView a, ShortView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(ByteView)} computes it}
     *
     * @param x the elements
     */
    public static int min(ByteView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(ShortView)} computes it}
     *
     * @param x the elements
     */
    public static short min(ShortView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(ByteView)} computes it}
     *
     * @param x the elements
     */
    public static int max(ByteView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(ShortView)} computes it}
     *
     * @param x the elements
     */
    public static short max(ShortView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(ByteView, int, int)}
     * computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(ByteView x, int lo, int hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(ShortView, int, int)}
     * computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(ShortView x, int lo, int hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(ByteView, int)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(ByteView x, int factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(ShortView, int)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(ShortView x, int factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@return the sum of squares of the elements, as {@link KernelOps#sumOfSquares(ArrayView)} computes it}
     *
     * @param x the elements
     */
    public static Number sumOfSquares(ArrayView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@return the sum of the elements, as {@link KernelOps#sum(ArrayView)} computes it}
     *
     * @param x the elements
     */
    public static Number sum(ArrayView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@return the dot product of {@code a} and {@code b}, as {@link KernelOps#dot(ArrayView, ArrayView)} computes it}
     *
     * @param a the first vector
     * @param b the second vector, of the same length
     */
    public static Number dot(ArrayView a, ArrayView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@return the smallest element, as {@link KernelOps#min(ArrayView)} computes it}
     *
     * @param x the elements
     */
    public static Number min(ArrayView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@return the largest element, as {@link KernelOps#max(ArrayView)} computes it}
     *
     * @param x the elements
     */
    public static Number max(ArrayView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@return the number of elements in {@code [lo, hi]}, as {@link KernelOps#countInRange(ArrayView, double, double)}
     * computes it}
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     */
    public static long countInRange(ArrayView x, double lo, double hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * Writes the number of elements in {@code [lo, hi]} of each row to {@code out}, as {@link
     * KernelOps#countInRangePerRow(Matrix, double, double, IntView)} does.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     */
    public static void countInRangePerRow(Matrix<? extends ArrayView> m, double lo, double hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * Multiplies every element by {@code factor}, in place, as {@link KernelOps#scale(ArrayView, double)} does.
     *
     * @param x the elements
     * @param factor the factor
     */
    public static void scale(ArrayView x, double factor) {
        Holder.OPS.scale(x, factor);
    }
}
