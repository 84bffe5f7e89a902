package dev.panamax.pool;

import dev.panamax.core.DType;
import dev.panamax.shm.SharedArray;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parent side of the built-in kernels: checks the arrays here (so bad input fails in the caller), splits
 * the work into contiguous ranges (rows for 2-D kernels; see {@link #split}), sends each range as a
 * {@link KernelTask}, and reduces the partial results in range order, so the result does not depend on which
 * worker finished first.
 */
final class BuiltinKernels {
    /** Below this many elements per range, splitting costs more round trips than it saves. */
    static final long MIN_ELEMENTS_PER_RANGE = 1 << 16;

    private final WorkerPool pool;

    BuiltinKernels(WorkerPool pool) {
        this.pool = pool;
    }

    record Range(long from, long count) {
    }

    /**
     * Splits {@code [from, from + count)} into ranges of at least {@code minPer}: one per worker, and for large
     * arrays up to 4 per worker (each at least 64 x {@code minPer}) so that a worker the OS deschedules holds up
     * only a small range while the others take the rest from the queue. Ranges are reduced in range order
     * regardless of which worker ran them.
     */
    List<Range> split(long from, long count, long minPer) {
        long min = Math.max(1, minPer);
        long parts = Math.max(1, Math.min(pool.size(), count / min));
        if (parts == pool.size()) {
            parts = Math.min(4L * pool.size(), Math.max(parts, count / (64 * min)));
        }
        List<Range> out = new ArrayList<>();
        for (long i = 0; i < parts; i++) {
            long a = from + count * i / parts;
            long b = from + count * (i + 1) / parts;
            out.add(new Range(a, b - a));
        }
        return out;
    }

    /** Runs {@code op} over the ranges and returns the partial results in range order. */
    List<Object> run(String op, SharedArray a, List<Range> ranges, boolean retriable, Object... extra) {
        String dir = a.path().getParent().toString();
        List<Object[]> argSets = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            Object[] args = new Object[5 + extra.length];
            args[0] = op;
            args[1] = dir;
            args[2] = a.name();
            args[3] = r.from();
            args[4] = r.count();
            System.arraycopy(extra, 0, args, 5, extra.length);
            argSets.add(args);
        }
        List<CompletableFuture<Object>> fs = pool.submitBuiltin(KernelTask.class.getName(), argSets, retriable);
        List<Object> out = new ArrayList<>(fs.size());
        for (CompletableFuture<Object> f : fs) {
            out.add(WorkerPool.await(f));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- reductions

    double sumLike(String op, SharedArray a, long from, long count) {
        checkArray(a, "a");
        checkRange(a, from, count);
        return addParts(a, run(op, a, split(from, count, MIN_ELEMENTS_PER_RANGE), true));
    }

    /**
     * Adds the workers' partial results in range order: doubles for float arrays, and for integer arrays longs
     * wrapping modulo 2^64 (like the in-process kernels) before the one conversion to double.
     */
    private static double addParts(SharedArray a, List<Object> parts) {
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

    double minMax(String op, SharedArray a) {
        checkArray(a, "a");
        if (a.length() == 0) {
            throw new IllegalArgumentException(op + " of an empty array: segment '" + a.name() + "' has no elements");
        }
        List<Object> parts = run(op, a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true);
        double r = toDouble(parts.getFirst());
        for (Object p : parts) {
            double v = toDouble(p);
            r = op.equals("min") ? Math.min(r, v) : Math.max(r, v);
        }
        return r;
    }

    long countInRange(SharedArray a, double lo, double hi) {
        checkArray(a, "a");
        long n = 0;
        for (Object p : run("count", a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true, lo, hi)) {
            n += (Long) p;
        }
        return n;
    }

    double dot(SharedArray a, SharedArray b) {
        checkArray(a, "a");
        checkArray(b, "b");
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dtype mismatch: a=" + a.dtype().numpyName() + " b="
                    + b.dtype().numpyName());
        }
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("length mismatch: a=" + a.length() + " b=" + b.length());
        }
        if (!a.path().getParent().equals(b.path().getParent())) {
            throw new IllegalArgumentException("segments '" + a.name() + "' and '" + b.name()
                    + "' are in different directories: " + a.path().getParent() + " and " + b.path().getParent());
        }
        return addParts(a, run("dot", a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), true, b.name()));
    }

    void scale(SharedArray a, double factor) {
        checkArray(a, "a");
        if (!a.dtype().isFloatingPoint() && (factor != Math.rint(factor) || Double.isInfinite(factor))) {
            throw new IllegalArgumentException("factor " + factor + " is not a whole number, as scaling "
                    + a.dtype().numpyName() + " segment '" + a.name() + "' needs");
        }
        // Not retried: scaling a range twice would scale it twice.
        run("scale", a, split(0, a.length(), MIN_ELEMENTS_PER_RANGE), false, factor);
    }

    void countInRangePerRow(SharedArray in, double lo, double hi, SharedArray out) {
        checkMatrix(in);
        checkRowOutput(in, out, DType.INT32);
        run("rowcount", in, rows(in), true, lo, hi, out.name());
    }

    void hypotenusePerRow(SharedArray in, long colA, long colB, SharedArray out) {
        checkMatrix(in);
        long cols = in.shape().dim(1);
        if (colA < 0 || colA >= cols || colB < 0 || colB >= cols) {
            throw new IndexOutOfBoundsException("column index outside [0, " + cols + "): colA=" + colA + " colB="
                    + colB + " for segment '" + in.name() + "' of shape " + in.shape());
        }
        checkRowOutput(in, out, DType.FLOAT64);
        run("hypot", in, rows(in), true, colA, colB, out.name());
    }

    double[] sumOfSquaresPerColumn(SharedArray in) {
        checkMatrix(in);
        int cols = Math.toIntExact(in.shape().dim(1));
        double[] total = new double[cols];
        for (Object p : run("colsumsq", in, rows(in), true)) {
            double[] part = (double[]) p;
            for (int c = 0; c < cols; c++) {
                total[c] += part[c];
            }
        }
        return total;
    }

    private List<Range> rows(SharedArray in) {
        long cols = Math.max(1, in.shape().dim(1));
        return split(0, in.shape().dim(0), Math.max(1, MIN_ELEMENTS_PER_RANGE / cols));
    }

    // ------------------------------------------------------------------------------------------- checks

    /** The checks every kernel needs, done in the caller so that a bad array never reaches a worker. */
    static void checkArray(SharedArray a, String what) {
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
        switch (a.dtype()) {
            case FLOAT64, FLOAT32, INT32, INT64 -> { }
            default -> throw new IllegalArgumentException("segment '" + a.name() + "' (" + what + ") has dtype "
                    + a.dtype().numpyName() + "; the kernels take float64, float32, int32 or int64");
        }
    }

    static void checkRange(SharedArray a, long from, long count) {
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
        if (!in.path().getParent().equals(out.path().getParent())) {
            throw new IllegalArgumentException("segments '" + in.name() + "' and '" + out.name()
                    + "' are in different directories: " + in.path().getParent() + " and " + out.path().getParent());
        }
    }

    private static double toDouble(Object o) {
        return ((Number) o).doubleValue();
    }
}
