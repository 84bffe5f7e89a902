package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.util.List;

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

    private static MemorySegment slice(DType t, MemorySegment x, long from, long to) {
        return x.asSlice(from * t.byteSize(), (to - from) * t.byteSize());
    }

    private static long sum(List<Long> parts) {
        long s = 0;
        for (long v : parts) {
            s += v;
        }
        return s;
    }

    @Override
    public long sum(DType t, MemorySegment x, long n) {
        int p = split.parts(n, x);
        return p == 1 ? d.sum(t, x, n)
                : sum(ParallelSupport.fork(n, p, ParallelSupport.ALIGN, (f, to) -> d.sum(t, slice(t, x, f, to), to - f)));
    }

    @Override
    public long sumOfSquares(DType t, MemorySegment x, long n) {
        int p = split.parts(n, x);
        return p == 1 ? d.sumOfSquares(t, x, n) : sum(ParallelSupport.fork(n, p, ParallelSupport.ALIGN,
                (f, to) -> d.sumOfSquares(t, slice(t, x, f, to), to - f)));
    }

    @Override
    public long dot(DType t, MemorySegment a, MemorySegment b, long n) {
        int p = split.parts(n, a, b);
        return p == 1 ? d.dot(t, a, b, n) : sum(ParallelSupport.fork(n, p, ParallelSupport.ALIGN,
                (f, to) -> d.dot(t, slice(t, a, f, to), slice(t, b, f, to), to - f)));
    }

    @Override
    public int min(DType t, MemorySegment x, long n) {
        return extreme(x, n, Math::min, (f, to) -> d.min(t, slice(t, x, f, to), to - f), () -> d.min(t, x, n));
    }

    @Override
    public int max(DType t, MemorySegment x, long n) {
        return extreme(x, n, Math::max, (f, to) -> d.max(t, slice(t, x, f, to), to - f), () -> d.max(t, x, n));
    }

    /** The min or max of the parts' mins or maxes (any order gives the same integer). */
    private int extreme(MemorySegment x, long n, java.util.function.IntBinaryOperator pick,
                        ParallelSupport.Part<Integer> part, java.util.function.IntSupplier whole) {
        int p = split.parts(n, x);
        if (p == 1) {
            return whole.getAsInt();
        }
        List<Integer> parts = ParallelSupport.fork(n, p, ParallelSupport.ALIGN, part);
        int m = parts.getFirst();
        for (int v : parts) {
            m = pick.applyAsInt(m, v);
        }
        return m;
    }

    @Override
    public long count(DType t, MemorySegment x, long n, int lo, int hi) {
        int p = split.parts(n, x);
        return p == 1 ? d.count(t, x, n, lo, hi) : sum(ParallelSupport.fork(n, p, ParallelSupport.ALIGN,
                (f, to) -> d.count(t, slice(t, x, f, to), to - f, lo, hi)));
    }

    @Override
    public void countRows(DType t, MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        int p = split.rowParts(rows, cols, m, out);
        if (p == 1) {
            d.countRows(t, m, rows, cols, lo, hi, out);
        } else {
            ParallelSupport.forkRows(m, rows, cols, t.byteSize(), Integer.BYTES, out, p,
                    (mm, r, o) -> d.countRows(t, mm, r, cols, lo, hi, o));
        }
    }

    @Override
    public void scale(DType t, MemorySegment x, long n, int factor) {
        int p = split.parts(n, x);
        if (p == 1) {
            d.scale(t, x, n, factor);
        } else {
            ParallelSupport.fork(n, p, ParallelSupport.ALIGN, (f, to) -> {
                d.scale(t, slice(t, x, f, to), to - f, factor);
                return Boolean.TRUE;
            });
        }
    }
}
