package dev.panamax.pool.internal;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.shm.SegmentTruncatedException;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernel;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The worker side of the pool's built-in kernels: one range of one segment, computed with
 * {@link Kernels#simd()}. The parent ({@link dev.panamax.pool.PoolKernels}) splits the work and reduces the partial results. The
 * first argument is the kernel's catalogue name ({@link Kernel#id()}).
 *
 * <pre>
 * args: kernel:String dir:String name:String from:long count:long params...
 *   flat kernels (from/count in elements):
 *     sum-of-squares, sum, min, max          -> Double | Long | Integer (min/max of int32, int16, int8, uint8)
 *     count-in-range lo:double hi:double     -> Long
 *     dot name2:String                       -> Double | Long
 *     scale factor:double                    -> null (in place)
 *   row kernels (from/count in rows):
 *     count-in-range-per-row lo hi out:String       -> null (writes out[from, from+count))
 *     hypotenuse-per-row colA:long colB:long out:String -> null
 *     sum-of-squares-per-column              -> double[] (partial per-column sums)
 * </pre>
 * Results of float32 kernels travel as {@link Double} (exact). Every segment a range uses is checked against
 * truncation by another process before and after the kernel ({@link SharedArray#checkNotTruncated()}); a truncated
 * one fails the range with a {@link SegmentTruncatedException}, never a crash of the worker.
 */
public final class KernelTask implements Task {
    /** Index of the first kernel parameter in the arguments. */
    static final int PARAMS = 5;

    /** Creates the task; the worker calls this once per range. */
    public KernelTask() {
    }

    @Override
    public Object call(TaskContext ctx, Object[] args) throws Exception {
        Kernel kernel = Kernel.of((String) args[0]);
        Path dir = Path.of((String) args[1]);
        SharedArray a = ctx.segment((String) args[2], dir);
        Object[] params = Arrays.copyOfRange(args, PARAMS, args.length);
        SharedArray b = switch (kernel) {
            case DOT -> ctx.segment((String) params[0], dir);
            case COUNT_IN_RANGE_PER_ROW, HYPOTENUSE_PER_ROW -> ctx.segment((String) params[2], dir);
            default -> null;
        };
        long from = (Long) args[3];
        long count = (Long) args[4];
        return guarded(a, b, () -> compute(kernel, kernel.onRows() ? null : slice(a, from, count),
                kernel.onRows() ? rows(a, from, count) : null, b == null ? null : slice(b, from, count), params));
    }

    /**
     * Runs {@code body} on segments another process may truncate while this worker keeps them mapped: checks them
     * before and after (a fault surfaces at the next safepoint, possibly after the body returned), and names the
     * segment if the body faults.
     *
     * @param b a second segment, or null
     */
    static Object guarded(SharedArray a, SharedArray b, java.util.concurrent.Callable<Object> body) throws Exception {
        checkNotTruncated(a, b);
        try {
            Object result = body.call();
            checkNotTruncated(a, b);
            return result;
        } catch (InternalError fault) {
            try {
                checkNotTruncated(a, b);
            } catch (SegmentTruncatedException e) {
                e.addSuppressed(fault);
                throw e;
            }
            throw fault;
        }
    }

    private static void checkNotTruncated(SharedArray a, SharedArray b) throws IOException {
        a.checkNotTruncated();
        if (b != null) {
            b.checkNotTruncated();
        }
    }

    /**
     * Runs one kernel of the catalogue on views: the worker's tasks and its warm-up ({@link KernelWarmup}) both come
     * here, so the warm-up compiles the code real tasks run.
     *
     * @param flat the range's elements, for a flat kernel
     * @param x the range's rows, for a row kernel
     * @param other dot's second range, or a per-row kernel's output rows; else null
     * @param params the kernel's parameters, as on the wire
     */
    static Object compute(Kernel kernel, ArrayView flat, Matrix<? extends ArrayView> x, ArrayView other,
                          Object[] params) {
        KernelOps k = Kernels.simd();
        return switch (kernel) {
            case SUM_OF_SQUARES -> wire(k.sumOfSquares(flat));
            case SUM -> wire(k.sum(flat));
            case MIN -> wire(k.min(flat));
            case MAX -> wire(k.max(flat));
            case COUNT_IN_RANGE -> k.countInRange(flat, (Double) params[0], (Double) params[1]);
            case DOT -> wire(k.dot(flat, other));
            case SCALE -> {
                k.scale(flat, (Double) params[0]);
                yield null;
            }
            case COUNT_IN_RANGE_PER_ROW -> {
                k.countInRangePerRow(x, (Double) params[0], (Double) params[1], (IntView) other);
                yield null;
            }
            case HYPOTENUSE_PER_ROW -> {
                k.hypotenusePerRow(x, (Long) params[0], (Long) params[1], (DoubleView) other);
                yield null;
            }
            case SUM_OF_SQUARES_PER_COLUMN -> {
                double[] partial = new double[Math.toIntExact(x.cols())];
                k.sumOfSquaresPerColumn(x, DoubleView.wrap(partial));
                yield partial;
            }
        };
    }

    /** Rows {@code [from, from + count)} of a 2-D array, their pages mapped first. */
    private static Matrix<? extends ArrayView> rows(SharedArray a, long from, long count) {
        long cols = a.shape().dim(1);
        a.prefault(from * cols, count * cols);
        return a.matrix().rowRange(from, count);
    }

    /**
     * Elements {@code [from, from + count)} of a 1-D (or flattened) array, as its compute view, their pages mapped
     * first: the first kernel on a range then takes no page faults (later calls find them done).
     */
    static ArrayView slice(SharedArray a, long from, long count) {
        a.prefault(from, count);
        return a.view().slice(from, count);
    }

    private static Object wire(Number n) {
        return switch (n) {
            case Float f -> f.doubleValue();
            case Double d -> d;
            case Long l -> l;
            case Integer i -> i;
            case Short v -> v.intValue();
            default -> throw new IllegalStateException("unexpected kernel result type " + n.getClass().getName());
        };
    }
}
