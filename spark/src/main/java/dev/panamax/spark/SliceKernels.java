package dev.panamax.spark;

import dev.panamax.core.NumericArray;
import dev.panamax.simd.Kernels;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * {@code mapPartitions} over a {@link HostBroadcast}: the array is cut into slices of whole rows, one per partition,
 * and each task runs a function over its slice in place, in the executor's cached mapping of the host's segment.
 *
 * {@snippet :
 * HostBroadcast x = HostBroadcast.of(sc, values);
 * Number sumsq = SliceKernels.sumOfSquares(sc, x, 8);                    // Vector API kernels in 8 tasks
 * List<Long> big = SliceKernels.map(sc, x, 8, s -> Kernels.simd().countInRange(s.view(), 0.9, 1.0)).collect();
 * }
 */
public final class SliceKernels {
    private SliceKernels() {
    }

    /**
     * Runs {@code f} over each slice, one task per slice.
     *
     * @param sc the application's context
     * @param b the array
     * @param slices the number of slices and partitions, at least 1 (more slices than rows gives empty slices)
     * @param f the function
     * @param <R> its result
     * @return one result per slice, in slice order (lazy: an action such as {@code collect()} runs it)
     * @throws IllegalArgumentException if {@code slices < 1}
     */
    public static <R> JavaRDD<R> map(JavaSparkContext sc, HostBroadcast b, int slices, SliceFunction<R> f) {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(f, "f");
        if (slices < 1) {
            throw new IllegalArgumentException("slices=" + slices + ": expected at least 1");
        }
        return sc.parallelize(IntStream.range(0, slices).boxed().toList(), slices)
                .map(i -> f.apply(slice(b.array(), slices, i)));
    }

    /**
     * The sum of squares of all elements, with the Vector API kernel in each task; partial sums are added on the
     * driver in slice order, so the result depends only on the data and {@code slices}. Floating-point results are
     * within the kernels' documented bound of the exact sum ({@code n * eps * sum x^2}); integer results are exact
     * (int64, wrapping).
     *
     * @param sc the application's context
     * @param b the array
     * @param slices the number of tasks, at least 1
     * @return a {@code Double} for float64 and float32 (float32 slices add up as doubles), a {@code Long} for
     *         integer types
     * @throws IllegalArgumentException if {@code slices < 1}
     */
    public static Number sumOfSquares(JavaSparkContext sc, HostBroadcast b, int slices) {
        List<Number> partials = map(sc, b, slices, s -> Kernels.simd().sumOfSquares(s.view())).collect();
        return add(b.dtype().isFloatingPoint(), partials);
    }

    /**
     * The number of elements in {@code [lo, hi]} (inclusive; NaN never counts), with the Vector API kernel per task.
     *
     * @param sc the application's context
     * @param b the array
     * @param slices the number of tasks, at least 1
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the count
     * @throws IllegalArgumentException if {@code slices < 1}
     */
    public static long countInRange(JavaSparkContext sc, HostBroadcast b, int slices, double lo, double hi) {
        return map(sc, b, slices, s -> Kernels.simd().countInRange(s.view(), lo, hi)).collect().stream()
                .mapToLong(Long::longValue).sum();
    }

    /** Adds partial results in order: as doubles for floating-point arrays, as wrapping int64 otherwise. */
    static Number add(boolean floatingPoint, List<? extends Number> partials) {
        if (floatingPoint) {
            double sum = 0;
            for (Number p : partials) {
                sum += p.doubleValue();
            }
            return sum;
        }
        long sum = 0;
        for (Number p : partials) {
            sum += p.longValue();
        }
        return sum;
    }

    static Slice slice(NumericArray a, int slices, int index) {
        long totalRows = a.shape().rank() == 0 ? 1 : a.shape().dim(0);
        long rowElements = totalRows == 0 ? 0 : a.length() / totalRows;
        long first = Slice.firstRow(totalRows, slices, index);
        long rows = Slice.firstRow(totalRows, slices, index + 1) - first;
        long rowBytes = rowElements * a.dtype().byteSize();
        MemorySegment part = a.segment().asSlice(first * rowBytes, rows * rowBytes);
        return new Slice(index, first, rows, rowElements, a.dtype(), part);
    }
}
