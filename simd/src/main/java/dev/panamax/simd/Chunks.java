package dev.panamax.simd;

/**
 * Loop drivers that cut a range into chunks of at most {@link #BYTES} and call a body per chunk from a loop that
 * always keeps its safepoint poll. The body is the ordinary counted loop, which C2 unrolls as before.
 *
 * <p>Why: when another process truncates a mapped file, every access past the new end raises SIGBUS. HotSpot
 * turns the fault into an {@link InternalError}, but asynchronously: the faulting access yields garbage, the code
 * goes on, and the error is thrown at the thread's next safepoint poll. C2 removes the polls from counted loops
 * unless {@code UseCountedLoopSafepoints} is on, which it is not with the Serial and Parallel collectors (the
 * {@code panamax} launcher runs Serial): one long counted loop over a truncated array then faults on every
 * remaining element, for minutes, and the JVM cannot stop for SIGTERM meanwhile. Here the outer stride is read
 * from a non-final field, so C2 cannot prove it constant: the outer loop is not a counted loop and polls once
 * per chunk, whatever the collector and however much C2 inlines.
 */
final class Chunks {
    /** At most this many bytes (256 KiB) are touched between two polls of a chunked loop. */
    static final long BYTES = 256L << 10;

    /** Always 1. A non-final field on purpose: C2 cannot fold it, see the class comment. Never written. */
    @SuppressWarnings("FieldMayBeFinal")
    private static long stride = 1;

    private Chunks() {
    }

    /** A chunk of a reduction: items {@code [from, to)} folded into {@code acc}. */
    @FunctionalInterface
    interface DoubleBody {
        double of(long from, long to, double acc);
    }

    @FunctionalInterface
    interface FloatBody {
        float of(long from, long to, float acc);
    }

    @FunctionalInterface
    interface LongBody {
        long of(long from, long to, long acc);
    }

    @FunctionalInterface
    interface IntBody {
        int of(long from, long to, int acc);
    }

    /** A chunk of an operation that writes its results: items {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void of(long from, long to);
    }

    /**
     * @param itemBytes bytes one item touches (an element, or a row)
     * @return items per chunk: {@link #BYTES} worth, at least one
     */
    static long items(long itemBytes) {
        return Math.max(1, BYTES / itemBytes);
    }

    /**
     * Folds {@code body} over {@code [from, to)} in order, one chunk of {@link #items} items per call. One copy per
     * accumulator type follows: a generic driver would box the accumulator at every chunk.
     */
    static double doubles(long from, long to, long itemBytes, double acc, DoubleBody body) {
        final long size = items(itemBytes);
        for (long i = from; i < to; i += size * stride) {
            acc = body.of(i, Math.min(to, i + size), acc);
        }
        return acc;
    }

    static float floats(long from, long to, long itemBytes, float acc, FloatBody body) {
        final long size = items(itemBytes);
        for (long i = from; i < to; i += size * stride) {
            acc = body.of(i, Math.min(to, i + size), acc);
        }
        return acc;
    }

    static long longs(long from, long to, long itemBytes, long acc, LongBody body) {
        final long size = items(itemBytes);
        for (long i = from; i < to; i += size * stride) {
            acc = body.of(i, Math.min(to, i + size), acc);
        }
        return acc;
    }

    static int ints(long from, long to, long itemBytes, int acc, IntBody body) {
        final long size = items(itemBytes);
        for (long i = from; i < to; i += size * stride) {
            acc = body.of(i, Math.min(to, i + size), acc);
        }
        return acc;
    }

    /** Runs {@code body} over {@code [from, to)} in order, one chunk of {@link #items} items per call. */
    static void each(long from, long to, long itemBytes, Body body) {
        final long size = items(itemBytes);
        for (long i = from; i < to; i += size * stride) {
            body.of(i, Math.min(to, i + size));
        }
    }
}
