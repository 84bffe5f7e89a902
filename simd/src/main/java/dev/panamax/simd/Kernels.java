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
 * Entry point to the kernels: {@link #simd()} (the Vector API kernels, or the scalar fallback when the JVM cannot
 * run them), {@link #scalar()} (the plain-loop reference) and {@link #parallel(int)} (the vector kernels on several
 * threads), plus static shortcuts that call {@link #simd()}. All share the semantics and argument checks described
 * in {@link KernelOps}.
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
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(DoubleView)} for the semantics.
     *
     * @param x see {@link KernelOps#sumOfSquares(DoubleView)}
     * @return the result of {@link KernelOps#sumOfSquares(DoubleView)}
     */
    public static double sumOfSquares(DoubleView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(FloatView)} for the semantics.
     *
     * @param x see {@link KernelOps#sumOfSquares(FloatView)}
     * @return the result of {@link KernelOps#sumOfSquares(FloatView)}
     */
    public static float sumOfSquares(FloatView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(IntView)} for the semantics.
     *
     * @param x see {@link KernelOps#sumOfSquares(IntView)}
     * @return the result of {@link KernelOps#sumOfSquares(IntView)}
     */
    public static long sumOfSquares(IntView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(LongView)} for the semantics.
     *
     * @param x see {@link KernelOps#sumOfSquares(LongView)}
     * @return the result of {@link KernelOps#sumOfSquares(LongView)}
     */
    public static long sumOfSquares(LongView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(DoubleView)} for the semantics.
     *
     * @param x see {@link KernelOps#sum(DoubleView)}
     * @return the result of {@link KernelOps#sum(DoubleView)}
     */
    public static double sum(DoubleView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(FloatView)} for the semantics.
     *
     * @param x see {@link KernelOps#sum(FloatView)}
     * @return the result of {@link KernelOps#sum(FloatView)}
     */
    public static float sum(FloatView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(IntView)} for the semantics.
     *
     * @param x see {@link KernelOps#sum(IntView)}
     * @return the result of {@link KernelOps#sum(IntView)}
     */
    public static long sum(IntView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(LongView)} for the semantics.
     *
     * @param x see {@link KernelOps#sum(LongView)}
     * @return the result of {@link KernelOps#sum(LongView)}
     */
    public static long sum(LongView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(DoubleView, DoubleView)} for the semantics.
     *
     * @param a see {@link KernelOps#dot(DoubleView, DoubleView)}
     * @param b see {@link KernelOps#dot(DoubleView, DoubleView)}
     * @return the result of {@link KernelOps#dot(DoubleView, DoubleView)}
     */
    public static double dot(DoubleView a, DoubleView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(FloatView, FloatView)} for the semantics.
     *
     * @param a see {@link KernelOps#dot(FloatView, FloatView)}
     * @param b see {@link KernelOps#dot(FloatView, FloatView)}
     * @return the result of {@link KernelOps#dot(FloatView, FloatView)}
     */
    public static float dot(FloatView a, FloatView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(IntView, IntView)} for the semantics.
     *
     * @param a see {@link KernelOps#dot(IntView, IntView)}
     * @param b see {@link KernelOps#dot(IntView, IntView)}
     * @return the result of {@link KernelOps#dot(IntView, IntView)}
     */
    public static long dot(IntView a, IntView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(LongView, LongView)} for the semantics.
     *
     * @param a see {@link KernelOps#dot(LongView, LongView)}
     * @param b see {@link KernelOps#dot(LongView, LongView)}
     * @return the result of {@link KernelOps#dot(LongView, LongView)}
     */
    public static long dot(LongView a, LongView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(DoubleView)} for the semantics.
     *
     * @param x see {@link KernelOps#min(DoubleView)}
     * @return the result of {@link KernelOps#min(DoubleView)}
     */
    public static double min(DoubleView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(FloatView)} for the semantics.
     *
     * @param x see {@link KernelOps#min(FloatView)}
     * @return the result of {@link KernelOps#min(FloatView)}
     */
    public static float min(FloatView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(IntView)} for the semantics.
     *
     * @param x see {@link KernelOps#min(IntView)}
     * @return the result of {@link KernelOps#min(IntView)}
     */
    public static int min(IntView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(LongView)} for the semantics.
     *
     * @param x see {@link KernelOps#min(LongView)}
     * @return the result of {@link KernelOps#min(LongView)}
     */
    public static long min(LongView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(DoubleView)} for the semantics.
     *
     * @param x see {@link KernelOps#max(DoubleView)}
     * @return the result of {@link KernelOps#max(DoubleView)}
     */
    public static double max(DoubleView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(FloatView)} for the semantics.
     *
     * @param x see {@link KernelOps#max(FloatView)}
     * @return the result of {@link KernelOps#max(FloatView)}
     */
    public static float max(FloatView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(IntView)} for the semantics.
     *
     * @param x see {@link KernelOps#max(IntView)}
     * @return the result of {@link KernelOps#max(IntView)}
     */
    public static int max(IntView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(LongView)} for the semantics.
     *
     * @param x see {@link KernelOps#max(LongView)}
     * @return the result of {@link KernelOps#max(LongView)}
     */
    public static long max(LongView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(DoubleView, double, double)} for the semantics.
     *
     * @param x see {@link KernelOps#countInRange(DoubleView, double, double)}
     * @param lo see {@link KernelOps#countInRange(DoubleView, double, double)}
     * @param hi see {@link KernelOps#countInRange(DoubleView, double, double)}
     * @return the result of {@link KernelOps#countInRange(DoubleView, double, double)}
     */
    public static long countInRange(DoubleView x, double lo, double hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(FloatView, float, float)} for the semantics.
     *
     * @param x see {@link KernelOps#countInRange(FloatView, float, float)}
     * @param lo see {@link KernelOps#countInRange(FloatView, float, float)}
     * @param hi see {@link KernelOps#countInRange(FloatView, float, float)}
     * @return the result of {@link KernelOps#countInRange(FloatView, float, float)}
     */
    public static long countInRange(FloatView x, float lo, float hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(IntView, int, int)} for the semantics.
     *
     * @param x see {@link KernelOps#countInRange(IntView, int, int)}
     * @param lo see {@link KernelOps#countInRange(IntView, int, int)}
     * @param hi see {@link KernelOps#countInRange(IntView, int, int)}
     * @return the result of {@link KernelOps#countInRange(IntView, int, int)}
     */
    public static long countInRange(IntView x, int lo, int hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(LongView, long, long)} for the semantics.
     *
     * @param x see {@link KernelOps#countInRange(LongView, long, long)}
     * @param lo see {@link KernelOps#countInRange(LongView, long, long)}
     * @param hi see {@link KernelOps#countInRange(LongView, long, long)}
     * @return the result of {@link KernelOps#countInRange(LongView, long, long)}
     */
    public static long countInRange(LongView x, long lo, long hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .countInRangePerRow(...)}: see {@link KernelOps#countInRangePerRow(Matrix, float, float, IntView)} for the semantics.
     *
     * @param m see {@link KernelOps#countInRangePerRow(Matrix, float, float, IntView)}
     * @param lo see {@link KernelOps#countInRangePerRow(Matrix, float, float, IntView)}
     * @param hi see {@link KernelOps#countInRangePerRow(Matrix, float, float, IntView)}
     * @param out see {@link KernelOps#countInRangePerRow(Matrix, float, float, IntView)}
     */
    public static void countInRangePerRow(Matrix<FloatView> m, float lo, float hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * {@link #simd()}{@code .countInRangePerRow(...)}: see {@link KernelOps#countInRangePerRow(Matrix, int, int, IntView)} for the semantics.
     *
     * @param m see {@link KernelOps#countInRangePerRow(Matrix, int, int, IntView)}
     * @param lo see {@link KernelOps#countInRangePerRow(Matrix, int, int, IntView)}
     * @param hi see {@link KernelOps#countInRangePerRow(Matrix, int, int, IntView)}
     * @param out see {@link KernelOps#countInRangePerRow(Matrix, int, int, IntView)}
     */
    public static void countInRangePerRow(Matrix<IntView> m, int lo, int hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * {@link #simd()}{@code .countInRangePerRow(...)}: see {@link KernelOps#countInRangePerRow(Matrix, long, long, IntView)} for the semantics.
     *
     * @param m see {@link KernelOps#countInRangePerRow(Matrix, long, long, IntView)}
     * @param lo see {@link KernelOps#countInRangePerRow(Matrix, long, long, IntView)}
     * @param hi see {@link KernelOps#countInRangePerRow(Matrix, long, long, IntView)}
     * @param out see {@link KernelOps#countInRangePerRow(Matrix, long, long, IntView)}
     */
    public static void countInRangePerRow(Matrix<LongView> m, long lo, long hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * {@link #simd()}{@code .hypotenusePerRow(...)}: see {@link KernelOps#hypotenusePerRow(Matrix, long, long, DoubleView)} for the semantics.
     *
     * @param m see {@link KernelOps#hypotenusePerRow(Matrix, long, long, DoubleView)}
     * @param colA see {@link KernelOps#hypotenusePerRow(Matrix, long, long, DoubleView)}
     * @param colB see {@link KernelOps#hypotenusePerRow(Matrix, long, long, DoubleView)}
     * @param out see {@link KernelOps#hypotenusePerRow(Matrix, long, long, DoubleView)}
     */
    public static void hypotenusePerRow(Matrix<? extends ArrayView> m, long colA, long colB, DoubleView out) {
        Holder.OPS.hypotenusePerRow(m, colA, colB, out);
    }

    /**
     * {@link #simd()}{@code .sumOfSquaresPerColumn(...)}: see {@link KernelOps#sumOfSquaresPerColumn(Matrix, DoubleView)} for the semantics.
     *
     * @param m see {@link KernelOps#sumOfSquaresPerColumn(Matrix, DoubleView)}
     * @param out see {@link KernelOps#sumOfSquaresPerColumn(Matrix, DoubleView)}
     */
    public static void sumOfSquaresPerColumn(Matrix<? extends ArrayView> m, DoubleView out) {
        Holder.OPS.sumOfSquaresPerColumn(m, out);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(DoubleView, double)} for the semantics.
     *
     * @param x see {@link KernelOps#scale(DoubleView, double)}
     * @param factor see {@link KernelOps#scale(DoubleView, double)}
     */
    public static void scale(DoubleView x, double factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(FloatView, float)} for the semantics.
     *
     * @param x see {@link KernelOps#scale(FloatView, float)}
     * @param factor see {@link KernelOps#scale(FloatView, float)}
     */
    public static void scale(FloatView x, float factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(IntView, int)} for the semantics.
     *
     * @param x see {@link KernelOps#scale(IntView, int)}
     * @param factor see {@link KernelOps#scale(IntView, int)}
     */
    public static void scale(IntView x, int factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(LongView, long)} for the semantics.
     *
     * @param x see {@link KernelOps#scale(LongView, long)}
     * @param factor see {@link KernelOps#scale(LongView, long)}
     */
    public static void scale(LongView x, long factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(ByteView)}.
     *
     * @param x see {@link KernelOps#sum(ByteView)}
     * @return the result of {@link KernelOps#sum(ByteView)}
     */
    public static long sum(ByteView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(ShortView)}.
     *
     * @param x see {@link KernelOps#sum(ShortView)}
     * @return the result of {@link KernelOps#sum(ShortView)}
     */
    public static long sum(ShortView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(ByteView)}.
     *
     * @param x see {@link KernelOps#sumOfSquares(ByteView)}
     * @return the result of {@link KernelOps#sumOfSquares(ByteView)}
     */
    public static long sumOfSquares(ByteView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(ShortView)}.
     *
     * @param x see {@link KernelOps#sumOfSquares(ShortView)}
     * @return the result of {@link KernelOps#sumOfSquares(ShortView)}
     */
    public static long sumOfSquares(ShortView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(ByteView, ByteView)}.
     *
     * @param a see {@link KernelOps#dot(ByteView, ByteView)}
     * @param b see {@link KernelOps#dot(ByteView, ByteView)}
     * @return the result of {@link KernelOps#dot(ByteView, ByteView)}
     */
    public static long dot(ByteView a, ByteView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(ShortView, ShortView)}.
     *
     * @param a see {@link KernelOps#dot(ShortView, ShortView)}
     * @param b see {@link KernelOps#dot(ShortView, ShortView)}
     * @return the result of {@link KernelOps#dot(ShortView, ShortView)}
     */
    public static long dot(ShortView a, ShortView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(ByteView)}.
     *
     * @param x see {@link KernelOps#min(ByteView)}
     * @return the result of {@link KernelOps#min(ByteView)}
     */
    public static int min(ByteView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(ShortView)}.
     *
     * @param x see {@link KernelOps#min(ShortView)}
     * @return the result of {@link KernelOps#min(ShortView)}
     */
    public static short min(ShortView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(ByteView)}.
     *
     * @param x see {@link KernelOps#max(ByteView)}
     * @return the result of {@link KernelOps#max(ByteView)}
     */
    public static int max(ByteView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(ShortView)}.
     *
     * @param x see {@link KernelOps#max(ShortView)}
     * @return the result of {@link KernelOps#max(ShortView)}
     */
    public static short max(ShortView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(ByteView, int, int)}.
     *
     * @param x see {@link KernelOps#countInRange(ByteView, int, int)}
     * @param lo see {@link KernelOps#countInRange(ByteView, int, int)}
     * @param hi see {@link KernelOps#countInRange(ByteView, int, int)}
     * @return the result of {@link KernelOps#countInRange(ByteView, int, int)}
     */
    public static long countInRange(ByteView x, int lo, int hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(ShortView, int, int)}.
     *
     * @param x see {@link KernelOps#countInRange(ShortView, int, int)}
     * @param lo see {@link KernelOps#countInRange(ShortView, int, int)}
     * @param hi see {@link KernelOps#countInRange(ShortView, int, int)}
     * @return the result of {@link KernelOps#countInRange(ShortView, int, int)}
     */
    public static long countInRange(ShortView x, int lo, int hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(ByteView, int)}.
     *
     * @param x see {@link KernelOps#scale(ByteView, int)}
     * @param factor see {@link KernelOps#scale(ByteView, int)}
     */
    public static void scale(ByteView x, int factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(ShortView, int)}.
     *
     * @param x see {@link KernelOps#scale(ShortView, int)}
     * @param factor see {@link KernelOps#scale(ShortView, int)}
     */
    public static void scale(ShortView x, int factor) {
        Holder.OPS.scale(x, factor);
    }

    /**
     * {@link #simd()}{@code .sumOfSquares(...)}: see {@link KernelOps#sumOfSquares(ArrayView)} for the semantics.
     *
     * @param x see {@link KernelOps#sumOfSquares(ArrayView)}
     * @return the result of {@link KernelOps#sumOfSquares(ArrayView)}
     */
    public static Number sumOfSquares(ArrayView x) {
        return Holder.OPS.sumOfSquares(x);
    }

    /**
     * {@link #simd()}{@code .sum(...)}: see {@link KernelOps#sum(ArrayView)} for the semantics.
     *
     * @param x see {@link KernelOps#sum(ArrayView)}
     * @return the result of {@link KernelOps#sum(ArrayView)}
     */
    public static Number sum(ArrayView x) {
        return Holder.OPS.sum(x);
    }

    /**
     * {@link #simd()}{@code .dot(...)}: see {@link KernelOps#dot(ArrayView, ArrayView)} for the semantics.
     *
     * @param a see {@link KernelOps#dot(ArrayView, ArrayView)}
     * @param b see {@link KernelOps#dot(ArrayView, ArrayView)}
     * @return the result of {@link KernelOps#dot(ArrayView, ArrayView)}
     */
    public static Number dot(ArrayView a, ArrayView b) {
        return Holder.OPS.dot(a, b);
    }

    /**
     * {@link #simd()}{@code .min(...)}: see {@link KernelOps#min(ArrayView)} for the semantics.
     *
     * @param x see {@link KernelOps#min(ArrayView)}
     * @return the result of {@link KernelOps#min(ArrayView)}
     */
    public static Number min(ArrayView x) {
        return Holder.OPS.min(x);
    }

    /**
     * {@link #simd()}{@code .max(...)}: see {@link KernelOps#max(ArrayView)} for the semantics.
     *
     * @param x see {@link KernelOps#max(ArrayView)}
     * @return the result of {@link KernelOps#max(ArrayView)}
     */
    public static Number max(ArrayView x) {
        return Holder.OPS.max(x);
    }

    /**
     * {@link #simd()}{@code .countInRange(...)}: see {@link KernelOps#countInRange(ArrayView, double, double)} for the semantics.
     *
     * @param x see {@link KernelOps#countInRange(ArrayView, double, double)}
     * @param lo see {@link KernelOps#countInRange(ArrayView, double, double)}
     * @param hi see {@link KernelOps#countInRange(ArrayView, double, double)}
     * @return the result of {@link KernelOps#countInRange(ArrayView, double, double)}
     */
    public static long countInRange(ArrayView x, double lo, double hi) {
        return Holder.OPS.countInRange(x, lo, hi);
    }

    /**
     * {@link #simd()}{@code .countInRangePerRow(...)}: see {@link KernelOps#countInRangePerRow(Matrix, double, double, IntView)} for the semantics.
     *
     * @param m see {@link KernelOps#countInRangePerRow(Matrix, double, double, IntView)}
     * @param lo see {@link KernelOps#countInRangePerRow(Matrix, double, double, IntView)}
     * @param hi see {@link KernelOps#countInRangePerRow(Matrix, double, double, IntView)}
     * @param out see {@link KernelOps#countInRangePerRow(Matrix, double, double, IntView)}
     */
    public static void countInRangePerRow(Matrix<? extends ArrayView> m, double lo, double hi, IntView out) {
        Holder.OPS.countInRangePerRow(m, lo, hi, out);
    }

    /**
     * {@link #simd()}{@code .scale(...)}: see {@link KernelOps#scale(ArrayView, double)} for the semantics.
     *
     * @param x see {@link KernelOps#scale(ArrayView, double)}
     * @param factor see {@link KernelOps#scale(ArrayView, double)}
     */
    public static void scale(ArrayView x, double factor) {
        Holder.OPS.scale(x, factor);
    }
}
