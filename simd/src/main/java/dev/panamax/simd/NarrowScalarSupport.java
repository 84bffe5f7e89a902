package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The scalar kernels for int8, uint8 and int16: plain sequential loops, the reference {@code NarrowVectorSupport}
 * is tested against and the fallback without the Vector API. Like {@link ScalarSupport}, loops run in
 * {@link Chunks} so that a fault on a truncated mapping surfaces within one chunk. The static range helpers are
 * the vector kernels' scalar tails.
 */
final class NarrowScalarSupport implements NarrowSupport {
    static final ValueLayout.OfShort I16 = (ValueLayout.OfShort) DType.INT16.layout();

    static final NarrowScalarSupport INSTANCE = new NarrowScalarSupport();

    private NarrowScalarSupport() {
    }

    /** Element {@code i} as an integer: int8 sign-extended, uint8 zero-extended, int16 sign-extended. */
    static int at(DType t, MemorySegment s, long i) {
        return switch (t) {
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            default -> s.getAtIndex(I16, i);
        };
    }

    @Override
    public long sum(DType t, MemorySegment x, long n) {
        return Chunks.longs(0, n, t.byteSize(), 0L, (f, to, s) -> sum(t, x, f, to, s));
    }

    static long sum(DType t, MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += at(t, x, i);
        }
        return s;
    }

    @Override
    public long sumOfSquares(DType t, MemorySegment x, long n) {
        return Chunks.longs(0, n, t.byteSize(), 0L, (f, to, s) -> sumOfSquares(t, x, f, to, s));
    }

    static long sumOfSquares(DType t, MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            long v = at(t, x, i);
            s += v * v;
        }
        return s;
    }

    @Override
    public long dot(DType t, MemorySegment a, MemorySegment b, long n) {
        return Chunks.longs(0, n, 2L * t.byteSize(), 0L, (f, to, s) -> dot(t, a, b, f, to, s));
    }

    static long dot(DType t, MemorySegment a, MemorySegment b, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += (long) at(t, a, i) * at(t, b, i);
        }
        return s;
    }

    @Override
    public int min(DType t, MemorySegment x, long n) {
        return Chunks.ints(0, n, t.byteSize(), Integer.MAX_VALUE, (f, to, m) -> min(t, x, f, to, m));
    }

    static int min(DType t, MemorySegment x, long from, long to, int m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, at(t, x, i));
        }
        return m;
    }

    @Override
    public int max(DType t, MemorySegment x, long n) {
        return Chunks.ints(0, n, t.byteSize(), Integer.MIN_VALUE, (f, to, m) -> max(t, x, f, to, m));
    }

    static int max(DType t, MemorySegment x, long from, long to, int m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, at(t, x, i));
        }
        return m;
    }

    @Override
    public long count(DType t, MemorySegment x, long n, int lo, int hi) {
        return Chunks.longs(0, n, t.byteSize(), 0L, (f, to, c) -> c + count(t, x, f, to, lo, hi));
    }

    static long count(DType t, MemorySegment x, long from, long to, int lo, int hi) {
        long c = 0;
        for (long i = from; i < to; i++) {
            int v = at(t, x, i);
            if (lo <= v && v <= hi) {
                c++;
            }
        }
        return c;
    }

    @Override
    public void countRows(DType t, MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        Chunks.each(0, rows, Math.max(1, cols) * t.byteSize(), (f, to) -> {
            for (long r = f; r < to; r++) {
                out.setAtIndex(ScalarSupport.I32, r, (int) count(t, m, r * cols, r * cols + cols, lo, hi));
            }
        });
    }

    @Override
    public void scale(DType t, MemorySegment x, long n, int factor) {
        Chunks.each(0, n, t.byteSize(), (f, to) -> scale(t, x, f, to, factor));
    }

    /** Multiplies in the element type: the low 8 or 16 bits of the product, the same bits for int8 and uint8. */
    static void scale(DType t, MemorySegment x, long from, long to, int factor) {
        if (t == DType.INT16) {
            for (long i = from; i < to; i++) {
                x.setAtIndex(I16, i, (short) (x.getAtIndex(I16, i) * factor));
            }
        } else {
            for (long i = from; i < to; i++) {
                x.set(ValueLayout.JAVA_BYTE, i, (byte) (x.get(ValueLayout.JAVA_BYTE, i) * factor));
            }
        }
    }
}
