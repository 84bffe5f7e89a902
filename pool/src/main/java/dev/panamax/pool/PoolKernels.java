package dev.panamax.pool;

import dev.panamax.core.DType;
import dev.panamax.shm.SharedArray;
import dev.panamax.pool.internal.KernelTask;
import dev.panamax.pool.internal.RangeTask;
import dev.panamax.pool.internal.Wire;
import dev.panamax.simd.Kernel;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The built-in SIMD kernels run by a pool's workers over shared segments ({@link WorkerPool#kernels()}), and your
 * own {@link RangeKernel}s split the same way ({@link #forEachRange}, {@link #reduceLong}, ...).
 * Arrays are checked here, in the caller, so bad input never reaches a worker; the work is split into contiguous
 * ranges (rows for 2-D kernels), one per worker; each worker maps the segment once (and keeps it), pre-faults
 * the pages of its range the first time, runs {@code Kernels.simd()} on it and returns a partial result, and the
 * partials are combined here in range order, so the result does not depend on which worker finished first.
 *
 * {@snippet :
 * try (WorkerPool pool = WorkerPool.builder().workers(2).start();
 *      SharedArray a = SharedArray.open("prices")) {
 *     Number s = pool.kernels().sumOfSquares(a);      // Double for float arrays, Long for integer arrays
 *     long n = pool.kernels().countInRange(a, 4, 8);
 * }
 * }
 *
 * <h2>Results</h2>
 * Like {@code Kernels.simd()}: floating-point sums differ from a sequential loop only by reassociation (float32
 * partials are added as doubles); integer sums, sums of squares and dot products are exact {@code long}s, wrapping
 * modulo 2^64 as NumPy's int64 arithmetic does; {@code min}/{@code max} are in the element type (a {@link Long} for
 * integer arrays, a {@link Double} for float arrays; NaN if any float element is NaN).
 *
 * <h2>Failures</h2>
 * Read-only kernels are retried once when their worker dies; {@link #scale} is never retried (a range scaled twice
 * would be wrong). Every method throws {@link WorkerCrashedException} if a range failed for good,
 * {@link IllegalStateException} if a segment or the pool is closed, and {@link IllegalArgumentException} if a
 * segment no longer exists by name (workers open segments by name).
 */
public final class PoolKernels {
    /** Below this many elements per range, splitting costs more round trips than it saves. */
    static final long MIN_ELEMENTS_PER_RANGE = 1 << 16;

    private final Scheduler scheduler;
    private final AtomicLong jobIds;
    private final Duration timeout;
    private final RemoteCalls remote;
    private final TaskClasses classes;

    PoolKernels(Scheduler scheduler, AtomicLong jobIds, Duration timeout, RemoteCalls remote, TaskClasses classes) {
        this.scheduler = scheduler;
        this.jobIds = jobIds;
        this.timeout = timeout;
        this.remote = remote;
        this.classes = classes;
    }

    /** A range of elements (or rows). */
    record Range(long from, long count) {
    }

    // ------------------------------------------------------------------------------------------- kernels

    /**
     * Sum of squares of every element (any shape, taken flat).
     *
     * @param a a segment of any dtype
     * @return a {@link Double} for float arrays, an exact {@link Long} (wrapping) for integer arrays
     */
    public Number sumOfSquares(SharedArray a) {
        checkArray(a, "a");
        return sumOfSquares(a, 0, a.length());
    }

    /**
     * Sum of squares of the elements {@code [from, from + count)}.
     *
     * @param a     the segment, taken flat
     * @param from  the first element index
     * @param count the number of elements
     * @return a {@link Double} for float arrays, an exact {@link Long} (wrapping) for integer arrays
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public Number sumOfSquares(SharedArray a, long from, long count) {
        checkArray(a, "a");
        checkRange(a, from, count);
        return addParts(a, run(Kernel.SUM_OF_SQUARES, a, split(from, count, MIN_ELEMENTS_PER_RANGE), true));
    }

    /**
     * Sum of every element.
     *
     * @param a a segment of any dtype
     * @return a {@link Double} for float arrays, an exact {@link Long} (wrapping) for integer arrays
     */
    public Number sum(SharedArray a) {
        checkArray(a, "a");
        return addParts(a, run(Kernel.SUM, a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true));
    }

    /**
     * Smallest element; NaN if any float element is NaN.
     *
     * @param a a non-empty segment of any dtype
     * @return a {@link Double} for float arrays, a {@link Long} for integer arrays
     * @throws IllegalArgumentException also if the array is empty
     */
    public Number min(SharedArray a) {
        return minMax(Kernel.MIN, a);
    }

    /**
     * Largest element; NaN if any float element is NaN.
     *
     * @param a a non-empty segment of any dtype
     * @return a {@link Double} for float arrays, a {@link Long} for integer arrays
     * @throws IllegalArgumentException also if the array is empty
     */
    public Number max(SharedArray a) {
        return minMax(Kernel.MAX, a);
    }

    /**
     * Number of elements {@code x} with {@code lo <= x <= hi} (NaN never counts; a NaN bound or {@code lo > hi}
     * counts nothing, as NumPy does).
     *
     * @param a  a segment of any dtype
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @return the count
     */
    public long countInRange(SharedArray a, double lo, double hi) {
        checkArray(a, "a");
        long n = 0;
        for (Object p : run(Kernel.COUNT_IN_RANGE, a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true, lo, hi)) {
            n += (Long) p;
        }
        return n;
    }

    /**
     * Dot product of two arrays of the same dtype and length.
     *
     * @param a the first segment
     * @param b the second segment, in the same directory
     * @return a {@link Double} for float arrays, an exact {@link Long} (wrapping) for integer arrays
     * @throws IllegalArgumentException also if the dtypes, lengths or directories differ
     */
    public Number dot(SharedArray a, SharedArray b) {
        checkArray(a, "a");
        checkArray(b, "b");
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dtype mismatch: a=" + a.dtype().numpyName() + " b="
                    + b.dtype().numpyName());
        }
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("length mismatch: a=" + a.length() + " b=" + b.length());
        }
        checkSameDirectory(a, b);
        return addParts(a, run(Kernel.DOT, a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true, b.name()));
    }

    /**
     * Multiplies every element by {@code factor} in place. Never retried after a worker crash: the call fails with
     * {@link WorkerCrashedException} and the array may be partly scaled.
     *
     * @param a      a segment of any dtype
     * @param factor the factor; for integer arrays a whole number the dtype holds
     * @throws IllegalArgumentException also if the factor is not a whole number in the dtype's range for an integer
     *                                  array
     */
    public void scale(SharedArray a, double factor) {
        checkArray(a, "a");
        DType t = a.dtype();
        if (!t.isFloatingPoint() && (factor != Math.rint(factor) || Double.isInfinite(factor))) {
            throw new IllegalArgumentException("factor " + factor + " is not a whole number, as scaling "
                    + t.numpyName() + " segment '" + a.name() + "' needs");
        }
        // (double) Long.MAX_VALUE is 2^63, which int64 does not hold: compare below it there.
        if (!t.isFloatingPoint() && (factor < t.minValue()
                || (t == DType.INT64 ? factor >= 0x1p63 : factor > t.maxValue()))) {
            throw new IllegalArgumentException("factor " + factor + " is outside " + t + " [" + t.minValue() + ", "
                    + t.maxValue() + "], as scaling segment '" + a.name() + "' needs");
        }
        run(Kernel.SCALE, a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), false, factor);
    }

    /**
     * For every row of a 2-D array, the number of elements in {@code [lo, hi]}, written to {@code out[row]}; each
     * worker writes its own rows of {@code out}.
     *
     * @param in  a 2-D segment of any dtype
     * @param lo  the inclusive lower bound
     * @param hi  the inclusive upper bound
     * @param out an int32 segment with one element per row of {@code in}, in the same directory
     * @throws IllegalArgumentException also if {@code in} is not 2-D, or {@code out} is not int32 or has the wrong
     *                                  length
     */
    public void countInRangePerRow(SharedArray in, double lo, double hi, SharedArray out) {
        checkMatrix(in);
        checkRowOutput(in, out, DType.INT32);
        run(Kernel.COUNT_IN_RANGE_PER_ROW, in, rows(in), true, lo, hi, out.name());
    }

    /**
     * For every row of a 2-D array, {@code hypot(in[row, colA], in[row, colB])} written to {@code out[row]}.
     *
     * @param in   a 2-D segment of any dtype
     * @param colA the first column
     * @param colB the second column
     * @param out  a float64 segment with one element per row of {@code in}, in the same directory
     * @throws IndexOutOfBoundsException if a column is outside {@code [0, cols)}
     * @throws IllegalArgumentException  also if {@code in} is not 2-D, or {@code out} is not float64 or has the
     *                                   wrong length
     */
    public void hypotenusePerRow(SharedArray in, long colA, long colB, SharedArray out) {
        checkMatrix(in);
        long cols = in.shape().dim(1);
        if (colA < 0 || colA >= cols || colB < 0 || colB >= cols) {
            throw new IndexOutOfBoundsException("column index outside [0, " + cols + "): colA=" + colA + " colB="
                    + colB + " for segment '" + in.name() + "' of shape " + in.shape());
        }
        checkRowOutput(in, out, DType.FLOAT64);
        run(Kernel.HYPOTENUSE_PER_ROW, in, rows(in), true, colA, colB, out.name());
    }

    /**
     * The sum of squares of each column of a 2-D array: each worker sums its rows, the partial per-column sums are
     * added here in row-range order.
     *
     * @param in a 2-D segment of any dtype
     * @return one sum per column
     * @throws IllegalArgumentException also if {@code in} is not 2-D
     */
    public double[] sumOfSquaresPerColumn(SharedArray in) {
        checkMatrix(in);
        int cols = Math.toIntExact(in.shape().dim(1));
        double[] total = new double[cols];
        for (Object p : run(Kernel.SUM_OF_SQUARES_PER_COLUMN, in, rows(in), true)) {
            double[] part = (double[]) p;
            for (int c = 0; c < cols; c++) {
                total[c] += part[c];
            }
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------- user kernels

    /**
     * Runs a user kernel over the whole segment, one range of its first axis per worker (split as the built-in row
     * kernels split rows: at least 64 Ki elements a range), and waits for every range: a prange over processes.
     * Each worker writes its own part of any output segment named in {@code args}. An empty segment runs no range.
     * Never retried: a range whose worker died fails the call with {@link WorkerCrashedException}.
     *
     * {@snippet :
     * pool.kernels().forEachRange(matrix, MyKernels::countRows, 4L, 8L, "counts");
     * }
     *
     * @param a the segment, of any dtype and shape
     * @param kernel the kernel: a lambda, a method reference to a static method, or an object of a named class
     * @param args its arguments: null, Boolean, Integer, Long, Double, String or primitive arrays
     * @throws IllegalArgumentException if the kernel's method cannot be found for certain, its class is not on the
     *                                  workers' class path, an argument cannot travel, or the segment is gone
     * @throws RemoteTaskException if the kernel threw, for the first range that failed
     */
    public void forEachRange(SharedArray a, RangeKernel kernel, Object... args) {
        runKernel(a, kernel, args);
    }

    /**
     * Runs a user kernel over the ranges of a segment (as {@link #forEachRange}) and combines its {@code long}
     * results in range order: {@code combine(...combine(identity, r0)..., rLast)}. A range's result may be a
     * {@link Long} or an {@link Integer}.
     *
     * @param a the segment
     * @param kernel the kernel
     * @param identity the start of the reduction
     * @param combine how two results combine, such as {@code Long::sum}
     * @param args the kernel's arguments
     * @return the combined result
     * @throws IllegalArgumentException as {@link #forEachRange}
     * @throws IllegalStateException if a range's result is not a Long or Integer
     * @throws RemoteTaskException if the kernel threw
     */
    public long reduceLong(SharedArray a, RangeKernel kernel, long identity, LongBinaryOperator combine,
                           Object... args) {
        Objects.requireNonNull(combine, "combine");
        long acc = identity;
        for (Object p : runKernel(a, kernel, args)) {
            if (!(p instanceof Long || p instanceof Integer)) {
                throw badPart(a, kernel, p, "Long");
            }
            acc = combine.applyAsLong(acc, ((Number) p).longValue());
        }
        return acc;
    }

    /**
     * Runs a user kernel over the ranges of a segment and combines its {@code double} results in range order.
     *
     * @param a the segment
     * @param kernel the kernel
     * @param identity the start of the reduction
     * @param combine how two results combine, such as {@code Double::sum}
     * @param args the kernel's arguments
     * @return the combined result
     * @throws IllegalArgumentException as {@link #forEachRange}
     * @throws IllegalStateException if a range's result is not a Double
     * @throws RemoteTaskException if the kernel threw
     */
    public double reduceDouble(SharedArray a, RangeKernel kernel, double identity, DoubleBinaryOperator combine,
                               Object... args) {
        Objects.requireNonNull(combine, "combine");
        double acc = identity;
        for (Object p : runKernel(a, kernel, args)) {
            if (!(p instanceof Double d)) {
                throw badPart(a, kernel, p, "Double");
            }
            acc = combine.applyAsDouble(acc, d);
        }
        return acc;
    }

    /**
     * Runs a user kernel over the ranges of a segment and combines its results of type {@code type} (a wire type:
     * Boolean, Integer, Long, Double, String or a primitive array) in range order.
     *
     * @param a the segment
     * @param kernel the kernel
     * @param type the class of each range's result
     * @param identity the start of the reduction
     * @param combine how two results combine
     * @param args the kernel's arguments
     * @param <R> the result type
     * @return the combined result
     * @throws IllegalArgumentException as {@link #forEachRange}
     * @throws IllegalStateException if a range's result is not of {@code type}
     * @throws RemoteTaskException if the kernel threw
     */
    public <R> R reduce(SharedArray a, RangeKernel kernel, Class<R> type, R identity, BinaryOperator<R> combine,
                        Object... args) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(combine, "combine");
        R acc = identity;
        for (Object p : runKernel(a, kernel, args)) {
            if (!type.isInstance(p)) {
                throw badPart(a, kernel, p, type.getSimpleName());
            }
            acc = combine.apply(acc, type.cast(p));
        }
        return acc;
    }

    private static IllegalStateException badPart(SharedArray a, RangeKernel kernel, Object part, String expected) {
        return new IllegalStateException("kernel " + kernel + " returned " + (part == null ? "null"
                : "a " + part.getClass().getSimpleName()) + " for a range of segment '" + a.name() + "', expected a "
                + expected);
    }

    /** Checks everything in the caller, then runs the kernel over the first axis; partial results in range order. */
    private List<Object> runKernel(SharedArray a, RangeKernel kernel, Object[] args) {
        checkArray(a, "a");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(args, "args");
        for (int i = 0; i < args.length; i++) {
            Wire.checkValue(args[i], "kernel argument " + i);
        }
        List<Object> head;
        if (MethodRefs.isLambda(kernel)) {
            MethodRefs.MethodRef m = remote.resolve(kernel, RangeKernel.class, 1);
            head = List.of(RangeTask.METHOD, m.owner(), m.name(), m.descriptor());
        } else {
            classes.checkKernel(kernel.getClass());
            head = List.of(RangeTask.CLASS, kernel.getClass().getName(), "", "");
        }
        long rows = a.shape().rank() == 0 ? 1 : a.shape().dim(0);
        if (rows == 0 || a.length() == 0) {
            return List.of(); // nothing to run: a reduction returns its identity
        }
        long perRow = Math.max(1, RangeTask.elementsPerRow(a));
        return run(RangeTask.class, head, a, split(0, rows, Math.max(1, MIN_ELEMENTS_PER_RANGE / perRow)), false,
                args);
    }

    // ------------------------------------------------------------------------------------------- split, run, reduce

    /**
     * Splits {@code [from, from + count)} into one range per worker, fewer when a range would hold less than
     * {@code minPer}. One range each measured faster than four (docs/performance.md): every extra range is a round
     * trip and another start of the kernel's streaming loop.
     */
    List<Range> split(long from, long count, long minPer) {
        long min = Math.max(1, minPer);
        long parts = Math.max(1, Math.min(scheduler.size(), count / min));
        List<Range> out = new ArrayList<>();
        for (long i = 0; i < parts; i++) {
            long a = from + count * i / parts;
            long b = from + count * (i + 1) / parts;
            out.add(new Range(a, b - a));
        }
        return out;
    }

    private List<Range> rows(SharedArray in) {
        long cols = Math.max(1, in.shape().dim(1));
        return split(0, in.shape().dim(0), Math.max(1, MIN_ELEMENTS_PER_RANGE / cols));
    }

    /** Runs a built-in kernel over the ranges, one job each, and returns the partial results in range order. */
    private List<Object> run(Kernel kernel, SharedArray a, List<Range> ranges, boolean retriable, Object... extra) {
        List<Object> head = List.of(kernel.id());
        return run(KernelTask.class, head, a, ranges, retriable, extra);
    }

    /**
     * Runs {@code task} over the ranges, one job each, with the arguments {@code head..., dir, name, from, count,
     * extra...}, and returns the partial results in range order.
     */
    private List<Object> run(Class<? extends Task> task, List<Object> head, SharedArray a, List<Range> ranges,
                             boolean retriable, Object... extra) {
        String dir = a.path().getParent().toString();
        List<Job> jobs = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            List<Object> args = new ArrayList<>(head);
            args.addAll(List.of(dir, a.name(), r.from(), r.count()));
            args.addAll(java.util.Arrays.asList(extra));
            jobs.add(new Job(jobIds.incrementAndGet(), task.getName(), List.<Object[]>of(args.toArray()), timeout,
                    retriable, false));
        }
        scheduler.enqueue(jobs);
        List<Object> out = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            out.add(Job.await(j.futures.getFirst()));
        }
        return out;
    }

    /** Adds partial sums in range order: doubles for float arrays, wrapping longs for integer arrays. */
    private static Number addParts(SharedArray a, List<Object> parts) {
        if (a.dtype().isFloatingPoint()) {
            double s = 0;
            for (Object p : parts) {
                s += (Double) p;
            }
            return s;
        }
        long s = 0;
        for (Object p : parts) {
            s += (Long) p;
        }
        return s;
    }

    private Number minMax(Kernel op, SharedArray a) {
        checkArray(a, "a");
        if (a.length() == 0) {
            throw new IllegalArgumentException(op.id() + " of an empty array: segment '" + a.name()
                    + "' has no elements");
        }
        List<Object> parts = run(op, a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true);
        boolean max = op == Kernel.MAX;
        if (a.dtype().isFloatingPoint()) {
            double r = ((Number) parts.getFirst()).doubleValue();
            for (Object p : parts) {
                double v = ((Number) p).doubleValue();
                r = max ? Math.max(r, v) : Math.min(r, v);
            }
            return r;
        }
        long r = ((Number) parts.getFirst()).longValue();
        for (Object p : parts) {
            long v = ((Number) p).longValue();
            r = max ? Math.max(r, v) : Math.min(r, v);
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------- checks

    /** The checks every kernel needs, done in the caller so that a bad array never reaches a worker. */
    private static void checkArray(SharedArray a, String what) {
        if (a == null) {
            throw new NullPointerException(what);
        }
        if (!a.isOpen()) {
            throw new IllegalStateException("segment '" + a.name() + "' (" + what + ") is closed");
        }
        if (!Files.isRegularFile(a.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("segment '" + a.name() + "' (" + what + ") no longer exists in "
                    + a.path().getParent() + " (unlinked?); workers open segments by name");
        }
    }

    private static void checkRange(SharedArray a, long from, long count) {
        if (from < 0 || count < 0 || from > a.length() - count) {
            throw new IndexOutOfBoundsException("range from=" + from + " count=" + count + " is outside segment '"
                    + a.name() + "' of length " + a.length());
        }
    }

    private static void checkMatrix(SharedArray in) {
        checkArray(in, "in");
        if (in.shape().rank() != 2) {
            throw new IllegalArgumentException("segment '" + in.name() + "' has shape " + in.shape()
                    + "; this kernel needs a 2-D array");
        }
    }

    private static void checkRowOutput(SharedArray in, SharedArray out, DType dtype) {
        checkArray(out, "out");
        if (out.dtype() != dtype) {
            throw new IllegalArgumentException("output segment '" + out.name() + "' has dtype "
                    + out.dtype().numpyName() + ", expected " + dtype.numpyName());
        }
        if (out.length() != in.shape().dim(0)) {
            throw new IllegalArgumentException("output segment '" + out.name() + "' has " + out.length()
                    + " elements, expected one per row of '" + in.name() + "': " + in.shape().dim(0));
        }
        checkSameDirectory(in, out);
    }

    private static void checkSameDirectory(SharedArray a, SharedArray b) {
        if (!a.path().getParent().equals(b.path().getParent())) {
            throw new IllegalArgumentException("segments '" + a.name() + "' and '" + b.name()
                    + "' are in different directories: " + a.path().getParent() + " and " + b.path().getParent());
        }
    }
}
