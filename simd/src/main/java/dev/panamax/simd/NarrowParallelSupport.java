package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;

/**
 * Runs a {@link NarrowSupport} on up to {@code threads} threads, split exactly as {@link ParallelSupport} splits the
 * other kernels (the same part sizes, alignment and workers, the caller running the first part), with partial
 * results combined in part order: integer results, so they equal the single-thread ones bit for bit.
 */
final class NarrowParallelSupport implements NarrowSupport {
    private final NarrowSupport d;
    private final ParallelSupport split;

    NarrowParallelSupport(NarrowSupport delegate, ParallelSupport split) {
        this.d = delegate;
        this.split = split;
    }

    @Override
    public long sum(DType t, MemorySegment x, long n) {
        return split.reduce(x, t.byteSize(), n, (s, k) -> d.sum(t, s, k), Long::sum);
    }

    @Override
    public long sumOfSquares(DType t, MemorySegment x, long n) {
        return split.reduce(x, t.byteSize(), n, (s, k) -> d.sumOfSquares(t, s, k), Long::sum);
    }

    @Override
    public long dot(DType t, MemorySegment a, MemorySegment b, long n) {
        return split.reduce(a, b, t.byteSize(), n, (sa, sb, k) -> d.dot(t, sa, sb, k), Long::sum);
    }

    /** The parts' mins (any order gives the same integer). */
    @Override
    public int min(DType t, MemorySegment x, long n) {
        return split.reduce(x, t.byteSize(), n, (s, k) -> d.min(t, s, k), Math::min);
    }

    @Override
    public int max(DType t, MemorySegment x, long n) {
        return split.reduce(x, t.byteSize(), n, (s, k) -> d.max(t, s, k), Math::max);
    }

    @Override
    public long count(DType t, MemorySegment x, long n, int lo, int hi) {
        return split.reduce(x, t.byteSize(), n, (s, k) -> d.count(t, s, k, lo, hi), Long::sum);
    }

    @Override
    public void countRows(DType t, MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        split.rows(m, rows, cols, t.byteSize(), Integer.BYTES, out,
                (mm, r, o) -> d.countRows(t, mm, r, cols, lo, hi, o));
    }

    @Override
    public void scale(DType t, MemorySegment x, long n, int factor) {
        split.each(x, t.byteSize(), n, (s, k) -> d.scale(t, s, k, factor));
    }
}
