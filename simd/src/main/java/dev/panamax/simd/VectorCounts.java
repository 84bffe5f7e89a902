package dev.panamax.simd;

import static dev.panamax.simd.VectorAccess.*;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * In-range counts below {@link VectorAccess#STREAM_BYTES}. Counts never reduce in the loop: the compare mask, as a
 * vector of 0/-1 lanes, is subtracted from lane counters.
 */
final class VectorCounts {
    private VectorCounts() {
    }

    /** Lane counters of int width are flushed at least every this many elements, so they never overflow. */
    private static final long INT_COUNTER_BLOCK = 1L << 30;

    /*
     * Floating-point ranges as integer ranges. key(x) = bits ^ ((bits >> 63) >>> 1) maps the IEEE bit pattern to a
     * signed integer that orders like the values: negative numbers get their magnitude bits flipped. -0.0 maps to
     * key -1 and +0.0 to key 0, so a bound of either zero uses key(-0.0) as the low end and key(+0.0) as the high
     * end (IEEE: -0.0 == 0.0). NaNs map beyond key(+Inf) or below key(-Inf), outside any range with non-NaN bounds,
     * so they never count. The integer test is then the subtract-and-compare of countI64 below. On AVX-512 this
     * measured about 1.5x faster than two floating-point compares and an and. When lo > 0 the transform is not
     * needed at all: every double >= lo is positive, positive doubles order like their raw bits, and everything
     * negative (including -0.0 and negative NaNs) has the sign bit set, a negative long below key(lo).
     *
     * Where masks are vectors (AVX2, 128-bit species) the cached float64 loop takes two double compares and an and
     * instead (IEEE compares: -0.0 == 0.0 and NaN never counts, as in the scalar twin). Either way C2 emits a
     * vpblendvb per vector for toVector(); with vcmppd instead of vpsubq + vpcmpgtq the loop measured 10% faster on
     * Zen 2 at 4 Ki and 7% at 64 Ki (docs/design/kernel-speed.md). The keys stay where the CPU has 512-bit vectors, where they were measured, and
     * in the streaming loop, where two compares measured 5% slower at 1 Mi elements.
     */

    /** Cached float64 counts by two double compares (below 512-bit vectors) or by integer keys (512-bit). */
    static final boolean F64_BY_COMPARES = D.vectorBitSize() < 512;

    static long key(double x) {
        long b = Double.doubleToRawLongBits(x);
        return b ^ ((b >> 63) >>> 1);
    }

    static int key(float x) {
        int b = Float.floatToRawIntBits(x);
        return b ^ ((b >> 31) >>> 1);
    }

    static LongVector keys(DoubleVector v, boolean raw) {
        LongVector b = v.reinterpretAsLongs();
        return raw ? b : b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 63).lanewise(VectorOperators.LSHR, 1));
    }

    /**
     * 0 or -1 per lane: whether the lane lies in {@code [lo, hi]}, by {@link #F64_BY_COMPARES}; {@code raw},
     * {@code bias} and {@code lim} are the key range of the same bounds (see above).
     */
    static LongVector inRange(DoubleVector v, DoubleVector lo, DoubleVector hi, boolean raw, LongVector bias,
                              LongVector lim) {
        if (F64_BY_COMPARES) {
            return (LongVector) v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).cast(LD)
                    .toVector();
        }
        return inRange(keys(v, raw), bias, lim);
    }

    static IntVector keys(FloatVector v, boolean raw) {
        IntVector b = v.reinterpretAsInts();
        return raw ? b : b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1));
    }

    static long countF64(MemorySegment x, long n, double lo, double hi) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.longs(0, n, Double.BYTES, 0L, (f, t, c) -> c + VectorStreaming.countF64Block(x, f, t, lo, hi));
        }
        // Caller guarantees lo <= hi, neither NaN, so loKey <= hiKey and the key range is below 2^64 - 1.
        long loKey = key(lo == 0.0 ? -0.0 : lo);
        long range = key(hi == 0.0 ? 0.0 : hi) - loKey;
        boolean raw = lo > 0.0; // positive range: raw bits order like the keys, see above
        final int w = D.length();
        LongVector bias = LongVector.broadcast(LD, loKey ^ Long.MIN_VALUE);
        LongVector lim = LongVector.broadcast(LD, (range ^ Long.MIN_VALUE) + 1);
        DoubleVector vlo = DoubleVector.broadcast(D, lo), vhi = DoubleVector.broadcast(D, hi);
        LongVector c0 = LongVector.zero(LD), c1 = c0, c2 = c0, c3 = c0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            c0 = c0.sub(inRange(ld(x, i), vlo, vhi, raw, bias, lim));
            c1 = c1.sub(inRange(ld(x, i + w), vlo, vhi, raw, bias, lim));
            c2 = c2.sub(inRange(ld(x, i + 2 * w), vlo, vhi, raw, bias, lim));
            c3 = c3.sub(inRange(ld(x, i + 3 * w), vlo, vhi, raw, bias, lim));
        }
        for (long bound = n - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(ld(x, i), vlo, vhi, raw, bias, lim));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF64(x, i, n, lo, hi);
    }

    static long countF32(MemorySegment x, long n, float lo, float hi) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.longs(0, n, Float.BYTES, 0L, (f, t, c) -> c + VectorStreaming.countF32Block(x, f, t, lo, hi));
        }
        int loKey = key(lo == 0.0f ? -0.0f : lo);
        int range = key(hi == 0.0f ? 0.0f : hi) - loKey;
        boolean raw = lo > 0.0f;
        final int w = F.length();
        IntVector bias = IntVector.broadcast(IF, loKey ^ Integer.MIN_VALUE);
        IntVector lim = IntVector.broadcast(IF, (range ^ Integer.MIN_VALUE) + 1);
        long total = 0;
        long i = 0;
        while (n - i >= 4L * w) {
            long end = Math.min(n, i + INT_COUNTER_BLOCK);
            IntVector c0 = IntVector.zero(IF), c1 = c0, c2 = c0, c3 = c0;
            for (long bound = end - 4L * w; i <= bound; i += 4L * w) {
                c0 = c0.sub(inRange(keys(lf(x, i), raw), bias, lim));
                c1 = c1.sub(inRange(keys(lf(x, i + w), raw), bias, lim));
                c2 = c2.sub(inRange(keys(lf(x, i + 2 * w), raw), bias, lim));
                c3 = c3.sub(inRange(keys(lf(x, i + 3 * w), raw), bias, lim));
            }
            total += c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        }
        IntVector c0 = IntVector.zero(IF);
        for (long bound = n - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(keys(lf(x, i), raw), bias, lim));
        }
        total += c0.reduceLanes(VectorOperators.ADD);
        return total + ScalarSupport.countF32(x, i, n, lo, hi);
    }

    /*
     * Integer ranges with one subtract and one compare (as the C reference): lo <= x <= hi iff
     * (x - lo) <= (hi - lo) unsigned; flipping the sign bit turns that into a signed compare, and
     * (x - lo) ^ SIGN == x - (lo ^ SIGN), so t = x - bias, in range iff t < lim with
     * bias = lo ^ SIGN, lim = ((hi - lo) ^ SIGN) + 1. The caller guarantees lo <= hi; the full range
     * (hi - lo == -1 unsigned max) would overflow lim and is answered directly.
     */

    static long countI32(MemorySegment x, long n, int lo, int hi) {
        int range = hi - lo;
        if (range == -1) {
            return n;
        }
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, c) -> c + VectorStreaming.countI32Block(x, f, t, lo, hi));
        }
        final int w = I.length();
        IntVector bias = IntVector.broadcast(I, lo ^ Integer.MIN_VALUE);
        IntVector lim = IntVector.broadcast(I, (range ^ Integer.MIN_VALUE) + 1);
        long total = 0;
        long i = 0;
        while (n - i >= 4L * w) {
            long end = Math.min(n, i + INT_COUNTER_BLOCK);
            IntVector c0 = IntVector.zero(I), c1 = c0, c2 = c0, c3 = c0;
            for (long bound = end - 4L * w; i <= bound; i += 4L * w) {
                c0 = c0.sub(inRange(li(x, i), bias, lim));
                c1 = c1.sub(inRange(li(x, i + w), bias, lim));
                c2 = c2.sub(inRange(li(x, i + 2 * w), bias, lim));
                c3 = c3.sub(inRange(li(x, i + 3 * w), bias, lim));
            }
            total += c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        }
        IntVector c0 = IntVector.zero(I);
        for (long bound = n - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(li(x, i), bias, lim));
        }
        total += c0.reduceLanes(VectorOperators.ADD);
        return total + ScalarSupport.countI32(x, i, n, lo, hi);
    }

    static IntVector inRange(IntVector v, IntVector bias, IntVector lim) {
        return (IntVector) v.sub(bias).compare(VectorOperators.LT, lim).toVector();
    }

    static long countI64(MemorySegment x, long n, long lo, long hi) {
        long range = hi - lo;
        if (range == -1L) {
            return n;
        }
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, c) -> c + VectorStreaming.countI64Block(x, f, t, lo, hi));
        }
        final int w = L.length();
        LongVector bias = LongVector.broadcast(L, lo ^ Long.MIN_VALUE);
        LongVector lim = LongVector.broadcast(L, (range ^ Long.MIN_VALUE) + 1);
        LongVector c0 = LongVector.zero(L), c1 = c0, c2 = c0, c3 = c0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            c0 = c0.sub(inRange(ll(x, i), bias, lim));
            c1 = c1.sub(inRange(ll(x, i + w), bias, lim));
            c2 = c2.sub(inRange(ll(x, i + 2 * w), bias, lim));
            c3 = c3.sub(inRange(ll(x, i + 3 * w), bias, lim));
        }
        for (long bound = n - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(ll(x, i), bias, lim));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI64(x, i, n, lo, hi);
    }

    static LongVector inRange(LongVector v, LongVector bias, LongVector lim) {
        return (LongVector) v.sub(bias).compare(VectorOperators.LT, lim).toVector();
    }
}
