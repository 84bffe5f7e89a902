package dev.panamax.pool.internal;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.shm.SegmentTruncatedException;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The worker side of the pool's built-in kernels: one range of one segment, computed with
 * {@link Kernels#simd()}. The parent splits the work ({@link dev.panamax.pool.PoolKernels}) and reduces the partial results.
 *
 * <pre>
 * args: op:String dir:String name:String from:long count:long extra...
 *   flat ops (from/count in elements): sumsq, sum, min, max        -> Double | Long | Integer (min/max of int32,
 *                                                                     int16, int8, uint8)
 *                                      count lo:double hi:double   -> Long
 *                                      dot name2:String            -> Double | Long
 *                                      scale factor:double         -> null (in place)
 *   row ops (from/count in rows):      rowcount lo hi out:String   -> null (writes out[from, from+count))
 *                                      hypot colA:long colB:long out:String -> null
 *                                      colsumsq                    -> double[] (partial per-column sums)
 * </pre>
 * Results of float32 kernels travel as {@link Double} (exact). Every segment a range uses is checked against
 * truncation by another process before and after the kernel ({@link SharedArray#checkNotTruncated()}); a truncated
 * one fails the range with a {@link SegmentTruncatedException}, never a crash of the worker.
 */
public final class KernelTask implements Task {
    public static final String SUM_OF_SQUARES = "sumsq";
    public static final String SUM = "sum";
    public static final String MIN = "min";
    public static final String MAX = "max";
    public static final String COUNT = "count";
    public static final String DOT = "dot";
    public static final String SCALE = "scale";
    public static final String ROW_COUNT = "rowcount";
    public static final String HYPOT = "hypot";
    public static final String COLUMN_SUM_OF_SQUARES = "colsumsq";

    /** Creates the task; the worker calls this once per range. */
    public KernelTask() {
    }

    @Override
    public Object call(TaskContext ctx, Object[] args) throws Exception {
        String op = (String) args[0];
        Path dir = Path.of((String) args[1]);
        SharedArray a = ctx.segment((String) args[2], dir);
        SharedArray b = switch (op) {
            case DOT -> ctx.segment((String) args[5], dir);
            case ROW_COUNT, HYPOT -> ctx.segment((String) args[7], dir);
            default -> null;
        };
        return guarded(a, b, () -> compute(op, a, b, (Long) args[3], (Long) args[4], args));
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

    private static Object compute(String op, SharedArray a, SharedArray b, long from, long count, Object[] args) {
        KernelOps k = Kernels.simd();
        return switch (op) {
            case SUM_OF_SQUARES -> wire(k.sumOfSquares(slice(a, from, count)));
            case SUM -> wire(k.sum(slice(a, from, count)));
            case MIN -> wire(k.min(slice(a, from, count)));
            case MAX -> wire(k.max(slice(a, from, count)));
            case COUNT -> k.countInRange(slice(a, from, count), (Double) args[5], (Double) args[6]);
            case DOT -> wire(k.dot(slice(a, from, count), slice(b, from, count)));
            case SCALE -> {
                k.scale(slice(a, from, count), (Double) args[5]);
                yield null;
            }
            case ROW_COUNT -> {
                IntView out = (IntView) slice(b, from, count);
                k.countInRangePerRow(rows(a, from, count), (Double) args[5], (Double) args[6], out);
                yield null;
            }
            case HYPOT -> {
                DoubleView out = (DoubleView) slice(b, from, count);
                k.hypotenusePerRow(rows(a, from, count), (Long) args[5], (Long) args[6], out);
                yield null;
            }
            case COLUMN_SUM_OF_SQUARES -> {
                double[] partial = new double[Math.toIntExact(a.shape().dim(1))];
                k.sumOfSquaresPerColumn(rows(a, from, count), DoubleView.wrap(partial));
                yield partial;
            }
            default -> throw new IllegalArgumentException("unknown built-in kernel '" + op + "'");
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
