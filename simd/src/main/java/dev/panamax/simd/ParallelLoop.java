package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;

/**
 * A "prange" for Java: your own loop over {@code [0, n)}, or over a view, on several threads, with a reduction in a
 * fixed order; Numba's {@code for i in prange(n)} under {@code @njit(parallel=True)}.
 *
 * <p>The range is cut into at most {@link #threads()} contiguous parts of at least {@link #grain()} indexes each
 * (the same cut as the built-in parallel kernels, {@link Kernels#parallel(int)}, on the same daemon workers; the
 * caller runs the first part). The parts depend only on {@code n}, the threads and the grain, and partial results are
 * combined left to right in part order, starting from the identity: {@code combine(combine(identity, p0), p1)...}.
 * So a reduction gives the same bits on every run, and an integer reduction the same result on any number of
 * threads. A body that throws fails the call with its exception, after every part has finished.
 *
 * {@snippet :
 * ParallelLoop loop = ParallelLoop.threads(4);
 * // for r in prange(rows): out[r] = number of m[r, :] in [lo, hi]
 * loop.forEach(m.rows(), (from, to) -> {
 *     for (long r = from; r < to; r++) {
 *         int c = 0;
 *         for (long j = r * cols; j < r * cols + cols; j++) {
 *             int v = flat.get(j);
 *             c += lo <= v && v <= hi ? 1 : 0;
 *         }
 *         out.set(r, c);
 *     }
 * });
 * // s = sum(x_i ** 3) over the parts of a view, each part a slice of the same type
 * double s = loop.reduce(x, 0.0, part -> {
 *     double acc = 0;
 *     for (long i = 0; i < part.length(); i++) {
 *         acc += Math.pow(part.get(i), 3);
 *     }
 *     return acc;
 * }, Double::sum);
 * }
 *
 * <p>The body runs on other threads: it must not touch memory of a confined arena (the view overloads run such views
 * on the calling thread alone) and must write only to its own part of any shared output.
 */
public final class ParallelLoop {
    private final int threads;
    private final long grain;

    private ParallelLoop(int threads, long grain) {
        this.threads = threads;
        this.grain = grain;
    }

    /** The body of one part: indexes {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeAction {
        /**
         * Runs the part.
         *
         * @param from the first index of the part
         * @param to one past the last index
         */
        void run(long from, long to);
    }

    /**
     * The partial result of one part.
     *
     * @param <R> the type of a part's result
     */
    @FunctionalInterface
    public interface RangeFunction<R> {
        /**
         * {@return the part's result}
         *
         * @param from the first index of the part
         * @param to one past the last index
         */
        R apply(long from, long to);
    }

    /** The partial {@code long} of one part. */
    @FunctionalInterface
    public interface LongRangeFunction {
        /**
         * {@return the part's result}
         *
         * @param from the first index of the part
         * @param to one past the last index
         */
        long apply(long from, long to);
    }

    /** The partial {@code double} of one part. */
    @FunctionalInterface
    public interface DoubleRangeFunction {
        /**
         * {@return the part's result}
         *
         * @param from the first index of the part
         * @param to one past the last index
         */
        double apply(long from, long to);
    }

    /**
     * A loop on up to {@code threads} threads, with parts of at least one index.
     *
     * @param threads the most parts, at least 1
     * @return the loop
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static ParallelLoop threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + ": expected at least 1");
        }
        return new ParallelLoop(threads, 1);
    }

    /**
     * This loop with parts of at least {@code indexes} indexes: fewer parts when the range is short. Handing a part to
     * another thread costs microseconds; the built-in kernels give each thread at least 64 Ki elements.
     *
     * @param indexes the fewest indexes per part, at least 1
     * @return a loop with that grain
     * @throws IllegalArgumentException if {@code indexes < 1}
     */
    public ParallelLoop grain(long indexes) {
        if (indexes < 1) {
            throw new IllegalArgumentException("grain=" + indexes + ": expected at least 1");
        }
        return new ParallelLoop(threads, indexes);
    }

    /** {@return the most parts a range is cut into} */
    public int threads() {
        return threads;
    }

    /** {@return the fewest indexes in a part} */
    public long grain() {
        return grain;
    }

    private int parts(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + ": expected at least 0");
        }
        return (int) Math.max(1, Math.min(threads, n / grain));
    }

    /** The parts of {@code [0, n)}: their bounds, for tests and for callers that size outputs per part. */
    long[] bounds(long n) {
        int p = parts(n);
        long[] b = new long[p + 1];
        for (int i = 0; i <= p; i++) {
            b[i] = ParallelSupport.start(n, p, i, 1);
        }
        return b;
    }

    private <R> List<R> run(long n, RangeFunction<R> body) {
        Objects.requireNonNull(body, "body");
        int p = parts(n);
        return p == 1 ? List.of(body.apply(0, n)) : ParallelSupport.fork(n, p, 1, body::apply);
    }

    /**
     * Runs {@code body} over the parts of {@code [0, n)}, each part on one thread.
     *
     * @param n the number of indexes, at least 0
     * @param body the loop over one part
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code body} is null
     */
    public void forEach(long n, RangeAction body) {
        Objects.requireNonNull(body, "body");
        run(n, (from, to) -> {
            body.run(from, to);
            return Boolean.TRUE;
        });
    }

    /**
     * Computes one result per part of {@code [0, n)} and combines them in part order.
     *
     * @param n the number of indexes, at least 0
     * @param identity the start of the reduction
     * @param body the partial result of one part
     * @param combine how two results combine
     * @param <R> the result type
     * @return {@code combine(...combine(identity, part0)..., partLast)}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code body} or {@code combine} is null
     */
    public <R> R reduce(long n, R identity, RangeFunction<R> body, BinaryOperator<R> combine) {
        Objects.requireNonNull(combine, "combine");
        R acc = identity;
        for (R part : run(n, body)) {
            acc = combine.apply(acc, part);
        }
        return acc;
    }

    /**
     * {@link #reduce(long, Object, RangeFunction, BinaryOperator)} for {@code long} results.
     *
     * @param n the number of indexes, at least 0
     * @param identity the start of the reduction
     * @param body the partial result of one part
     * @param combine how two results combine, such as {@code Long::sum}
     * @return the combined result
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code body} or {@code combine} is null
     */
    public long reduceLong(long n, long identity, LongRangeFunction body, LongBinaryOperator combine) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(combine, "combine");
        return reduce(n, identity, body::apply, combine::applyAsLong); // boxes once per part, not per element
    }

    /**
     * {@link #reduce(long, Object, RangeFunction, BinaryOperator)} for {@code double} results, in part order.
     *
     * @param n the number of indexes, at least 0
     * @param identity the start of the reduction
     * @param body the partial result of one part
     * @param combine how two results combine, such as {@code Double::sum}
     * @return the combined result
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code body} or {@code combine} is null
     */
    public double reduceDouble(long n, double identity, DoubleRangeFunction body, DoubleBinaryOperator combine) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(combine, "combine");
        return reduce(n, identity, body::apply, combine::applyAsDouble);
    }

    /**
     * Computes one result per part of a view, each part a slice of the same view type, and combines them in part
     * order. A view of a confined arena's memory is one part, run on the calling thread.
     *
     * @param view the elements
     * @param identity the start of the reduction
     * @param body the partial result of one part (a slice of {@code view})
     * @param combine how two results combine
     * @param <V> the view type
     * @param <R> the result type
     * @return {@code combine(...combine(identity, part0)..., partLast)}
     * @throws NullPointerException if an argument but {@code identity} is null
     */
    public <V extends ArrayView, R> R reduce(V view, R identity, Function<? super V, ? extends R> body,
                                             BinaryOperator<R> combine) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(combine, "combine");
        ParallelLoop loop = ParallelSupport.accessibleByOtherThreads(view.segment()) ? this : threads(1);
        @SuppressWarnings("unchecked") // a view's slice is of the view's own class
        RangeFunction<R> part = (from, to) -> body.apply((V) view.slice(from, to - from));
        return loop.reduce(view.length(), identity, part, combine);
    }

    @Override
    public String toString() {
        return "ParallelLoop[threads=" + threads + ", grain=" + grain + "]";
    }
}
