package dev.panamax.simd;

import static dev.panamax.simd.CacheShare.COUNT_STREAM_BYTES;
import static dev.panamax.simd.VectorAccess.*;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * In-range counts: the cached loops, called once below {@link VectorAccess#STREAM_BYTES} and chunk by chunk
 * ({@link Chunks}) below {@link CacheShare#COUNT_STREAM_BYTES}; larger inputs take the streaming blocks at the end.
 * Counts never reduce in the loop: the compare mask, as a vector of 0/-1 lanes, is subtracted from lane counters.
 * One call of a cached loop covers less than {@code STREAM_BYTES}, so int lane counters cannot overflow.
 */
final class VectorCounts implements LoopFamilies.Counts {
    /** For any class of segment (SegmentCopies makes the others); typed by its interface, as the copies need. */
    static final LoopFamilies.Counts ANY = new VectorCounts();

    private VectorCounts() {
    }

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

    /** Cached float64 counts by two double compares where masks are vectors, by integer keys elsewhere (see above). */
    static final boolean F64_BY_COMPARES = MASKS_IN_VECTORS;

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
     * {@code bias} and {@code lim} are the key range of the same bounds (see above); {@code zero} and {@code ones}
     * opaque 0 and -1 ({@link VectorAccess#lanes}).
     */
    static LongVector inRange(DoubleVector v, DoubleVector lo, DoubleVector hi, boolean raw, LongVector bias,
                              LongVector lim, LongVector zero, LongVector ones) {
        if (F64_BY_COMPARES) {
            return lanes(v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).cast(LD), zero,
                    ones);
        }
        return inRange(keys(v, raw), bias, lim, zero, ones);
    }

    static IntVector keys(FloatVector v, boolean raw) {
        IntVector b = v.reinterpretAsInts();
        return raw ? b : b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1));
    }

    @Override
    public long countF64(MemorySegment x, long n, double lo, double hi) {
        if (n >= COUNT_STREAM_BYTES / Double.BYTES) {
            return Chunks.longs(0, n, Double.BYTES, 0L, (f, t, c) -> c + countF64Block(x, f, t, lo, hi));
        }
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.longs(0, n, Double.BYTES, 0L, (f, t, c) -> c + countF64(x, f, t, lo, hi));
        }
        return countF64(x, 0, n, lo, hi);
    }

    private static long countF64(MemorySegment x, long from, long to, double lo, double hi) {
        // Caller guarantees lo <= hi, neither NaN, so loKey <= hiKey and the key range is below 2^64 - 1.
        long loKey = key(lo == 0.0 ? -0.0 : lo);
        long range = key(hi == 0.0 ? 0.0 : hi) - loKey;
        boolean raw = lo > 0.0; // positive range: raw bits order like the keys, see above
        final int w = D.length();
        LongVector bias = LongVector.broadcast(LD, opaque(loKey ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(LD, opaque((range ^ Long.MIN_VALUE) + 1));
        DoubleVector vlo = DoubleVector.broadcast(D, opaque(lo)), vhi = DoubleVector.broadcast(D, opaque(hi));
        LongVector zero = LongVector.broadcast(LD, opaque(0L)), ones = LongVector.broadcast(LD, opaque(-1L));
        LongVector c0 = LongVector.zero(LD), c1 = c0, c2 = c0, c3 = c0;
        final int len = loopLength(to - from);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = from + i;
            c0 = c0.sub(inRange(ld(x, k), vlo, vhi, raw, bias, lim, zero, ones));
            c1 = c1.sub(inRange(ld(x, k + w), vlo, vhi, raw, bias, lim, zero, ones));
            c2 = c2.sub(inRange(ld(x, k + 2 * w), vlo, vhi, raw, bias, lim, zero, ones));
            c3 = c3.sub(inRange(ld(x, k + 3 * w), vlo, vhi, raw, bias, lim, zero, ones));
        }
        for (int bound = len - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(ld(x, from + i), vlo, vhi, raw, bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF64(x, from + i, to, lo, hi);
    }

    @Override
    public long countF32(MemorySegment x, long n, float lo, float hi) {
        if (n >= COUNT_STREAM_BYTES / Float.BYTES) {
            return Chunks.longs(0, n, Float.BYTES, 0L, (f, t, c) -> c + countF32Block(x, f, t, lo, hi));
        }
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.longs(0, n, Float.BYTES, 0L, (f, t, c) -> c + countF32(x, f, t, lo, hi));
        }
        return countF32(x, 0, n, lo, hi);
    }

    private static long countF32(MemorySegment x, long from, long to, float lo, float hi) {
        int loKey = key(lo == 0.0f ? -0.0f : lo);
        int range = key(hi == 0.0f ? 0.0f : hi) - loKey;
        boolean raw = lo > 0.0f;
        final int w = F.length();
        IntVector bias = IntVector.broadcast(IF, opaque(loKey ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(IF, opaque((range ^ Integer.MIN_VALUE) + 1));
        IntVector zero = IntVector.broadcast(IF, opaque(0)), ones = IntVector.broadcast(IF, opaque(-1));
        IntVector c0 = IntVector.zero(IF), c1 = c0, c2 = c0, c3 = c0;
        final int len = loopLength(to - from);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = from + i;
            c0 = c0.sub(inRange(keys(lf(x, k), raw), bias, lim, zero, ones));
            c1 = c1.sub(inRange(keys(lf(x, k + w), raw), bias, lim, zero, ones));
            c2 = c2.sub(inRange(keys(lf(x, k + 2 * w), raw), bias, lim, zero, ones));
            c3 = c3.sub(inRange(keys(lf(x, k + 3 * w), raw), bias, lim, zero, ones));
        }
        for (int bound = len - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(keys(lf(x, from + i), raw), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF32(x, from + i, to, lo, hi);
    }

    /*
     * Integer ranges with one subtract and one compare (as the C reference): lo <= x <= hi iff
     * (x - lo) <= (hi - lo) unsigned; flipping the sign bit turns that into a signed compare, and
     * (x - lo) ^ SIGN == x - (lo ^ SIGN), so t = x - bias, in range iff t < lim with
     * bias = lo ^ SIGN, lim = ((hi - lo) ^ SIGN) + 1. The caller guarantees lo <= hi; the full range
     * (hi - lo == -1 unsigned max) would overflow lim and is answered directly.
     */

    @Override
    public long countI32(MemorySegment x, long n, int lo, int hi) {
        if (hi - lo == -1) {
            return n;
        }
        if (n >= COUNT_STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, c) -> c + countI32Block(x, f, t, lo, hi));
        }
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, c) -> c + countI32(x, f, t, lo, hi));
        }
        return countI32(x, 0, n, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1). */
    private static long countI32(MemorySegment x, long from, long to, int lo, int hi) {
        final int w = I.length();
        IntVector bias = IntVector.broadcast(I, opaque(lo ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(I, opaque(((hi - lo) ^ Integer.MIN_VALUE) + 1));
        IntVector zero = IntVector.broadcast(I, opaque(0)), ones = IntVector.broadcast(I, opaque(-1));
        IntVector c0 = IntVector.zero(I), c1 = c0, c2 = c0, c3 = c0;
        final int len = loopLength(to - from);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = from + i;
            c0 = c0.sub(inRange(li(x, k), bias, lim, zero, ones));
            c1 = c1.sub(inRange(li(x, k + w), bias, lim, zero, ones));
            c2 = c2.sub(inRange(li(x, k + 2 * w), bias, lim, zero, ones));
            c3 = c3.sub(inRange(li(x, k + 3 * w), bias, lim, zero, ones));
        }
        for (int bound = len - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(li(x, from + i), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI32(x, from + i, to, lo, hi);
    }

    /** 0 or -1 per lane: whether {@code v - bias < lim}; {@code zero} and {@code ones} as in {@link VectorAccess#lanes}. */
    static IntVector inRange(IntVector v, IntVector bias, IntVector lim, IntVector zero, IntVector ones) {
        return lanes(v.sub(bias).compare(VectorOperators.LT, lim), zero, ones);
    }

    @Override
    public long countI64(MemorySegment x, long n, long lo, long hi) {
        if (hi - lo == -1L) {
            return n;
        }
        if (n >= COUNT_STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, c) -> c + countI64Block(x, f, t, lo, hi));
        }
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, c) -> c + countI64(x, f, t, lo, hi));
        }
        return countI64(x, 0, n, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1). */
    private static long countI64(MemorySegment x, long from, long to, long lo, long hi) {
        final int w = L.length();
        LongVector bias = LongVector.broadcast(L, opaque(lo ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(L, opaque(((hi - lo) ^ Long.MIN_VALUE) + 1));
        LongVector zero = LongVector.broadcast(L, opaque(0L)), ones = LongVector.broadcast(L, opaque(-1L));
        LongVector c0 = LongVector.zero(L), c1 = c0, c2 = c0, c3 = c0;
        final int len = loopLength(to - from);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = from + i;
            c0 = c0.sub(inRange(ll(x, k), bias, lim, zero, ones));
            c1 = c1.sub(inRange(ll(x, k + w), bias, lim, zero, ones));
            c2 = c2.sub(inRange(ll(x, k + 2 * w), bias, lim, zero, ones));
            c3 = c3.sub(inRange(ll(x, k + 3 * w), bias, lim, zero, ones));
        }
        for (int bound = len - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(ll(x, from + i), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI64(x, from + i, to, lo, hi);
    }

    static LongVector inRange(LongVector v, LongVector bias, LongVector lim, LongVector zero, LongVector ones) {
        return lanes(v.sub(bias).compare(VectorOperators.LT, lim), zero, ones);
    }

    /*
     * Streaming blocks: inputs of at least COUNT_STREAM_BYTES, one Chunks block per call, with the opaque
     * streamStride so that C2 does not unroll (docs/design/streaming-kernels.md), as the streaming sums in
     * VectorSums.
     */

    private static long countF64Block(MemorySegment x, long from, long to, double lo, double hi) {
        long loKey = key(lo == 0.0 ? -0.0 : lo);
        long range = key(hi == 0.0 ? 0.0 : hi) - loKey;
        boolean raw = lo > 0.0;
        final int w = D.length();
        final long step = 4L * w * streamStride;
        LongVector bias = LongVector.broadcast(LD, opaque(loKey ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(LD, opaque((range ^ Long.MIN_VALUE) + 1));
        LongVector zero = LongVector.broadcast(LD, opaque(0L)), ones = LongVector.broadcast(LD, opaque(-1L));
        LongVector c0 = LongVector.zero(LD), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(keys(ld(x, i), raw), bias, lim, zero, ones));
            c1 = c1.sub(inRange(keys(ld(x, i + w), raw), bias, lim, zero, ones));
            c2 = c2.sub(inRange(keys(ld(x, i + 2 * w), raw), bias, lim, zero, ones));
            c3 = c3.sub(inRange(keys(ld(x, i + 3 * w), raw), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF64(x, i, to, lo, hi);
    }

    /** A block is far below 2^31 elements, so int lane counters cannot overflow. */
    private static long countF32Block(MemorySegment x, long from, long to, float lo, float hi) {
        int loKey = key(lo == 0.0f ? -0.0f : lo);
        int range = key(hi == 0.0f ? 0.0f : hi) - loKey;
        boolean raw = lo > 0.0f;
        final int w = F.length();
        final long step = 4L * w * streamStride;
        IntVector bias = IntVector.broadcast(IF, opaque(loKey ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(IF, opaque((range ^ Integer.MIN_VALUE) + 1));
        IntVector zero = IntVector.broadcast(IF, opaque(0)), ones = IntVector.broadcast(IF, opaque(-1));
        IntVector c0 = IntVector.zero(IF), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(keys(lf(x, i), raw), bias, lim, zero, ones));
            c1 = c1.sub(inRange(keys(lf(x, i + w), raw), bias, lim, zero, ones));
            c2 = c2.sub(inRange(keys(lf(x, i + 2 * w), raw), bias, lim, zero, ones));
            c3 = c3.sub(inRange(keys(lf(x, i + 3 * w), raw), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF32(x, i, to, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1); a block is far below 2^31 elements. */
    private static long countI32Block(MemorySegment x, long from, long to, int lo, int hi) {
        final int w = I.length();
        final long step = 4L * w * streamStride;
        IntVector bias = IntVector.broadcast(I, opaque(lo ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(I, opaque(((hi - lo) ^ Integer.MIN_VALUE) + 1));
        IntVector zero = IntVector.broadcast(I, opaque(0)), ones = IntVector.broadcast(I, opaque(-1));
        IntVector c0 = IntVector.zero(I), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(li(x, i), bias, lim, zero, ones));
            c1 = c1.sub(inRange(li(x, i + w), bias, lim, zero, ones));
            c2 = c2.sub(inRange(li(x, i + 2 * w), bias, lim, zero, ones));
            c3 = c3.sub(inRange(li(x, i + 3 * w), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI32(x, i, to, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1). */
    private static long countI64Block(MemorySegment x, long from, long to, long lo, long hi) {
        final int w = L.length();
        final long step = 4L * w * streamStride;
        LongVector bias = LongVector.broadcast(L, opaque(lo ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(L, opaque(((hi - lo) ^ Long.MIN_VALUE) + 1));
        LongVector zero = LongVector.broadcast(L, opaque(0L)), ones = LongVector.broadcast(L, opaque(-1L));
        LongVector c0 = LongVector.zero(L), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(ll(x, i), bias, lim, zero, ones));
            c1 = c1.sub(inRange(ll(x, i + w), bias, lim, zero, ones));
            c2 = c2.sub(inRange(ll(x, i + 2 * w), bias, lim, zero, ones));
            c3 = c3.sub(inRange(ll(x, i + 3 * w), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI64(x, i, to, lo, hi);
    }
}
