package dev.panamax.simd;

import static dev.panamax.simd.VectorAccess.*;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of inputs of at least {@link VectorAccess#STREAM_BYTES}, one block of {@link Chunks} per call. Same
 * arithmetic as {@link VectorSums} and {@link VectorCounts}, shaped for data from L3 or memory: at most 256-bit
 * vectors for sums ({@code DS}, {@code FS}), a stride scaled by {@code streamStride} so that C2 does not unroll, and
 * one call per block that returns a scalar, so that no vector accumulator lives across an on-stack-replacement entry
 * (docs/design/streaming-kernels.md). Floating-point sums add the block results in order: the result differs from
 * the cached loops only by reassociation, inside the same stated bound.
 */
final class VectorStreaming {
    private VectorStreaming() {
    }

    /**
     * Stride multiplier of the streaming loops, always 1, and never written. A non-final field on purpose: C2 cannot
     * fold it, so a streaming loop is not a counted loop and is never unrolled (docs/design/streaming-kernels.md).
     */
    @SuppressWarnings("FieldMayBeFinal")
    private static long streamStride = 1;

    static double sumOfSquaresF64Block(MemorySegment x, long from, long to) {
        final int w = DS.length();
        final long step = 8L * w * streamStride;
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long i = from;
        for (long bound = to - 8L * w; i <= bound; i += step) {
            DoubleVector v0 = lds(x, i), v1 = lds(x, i + w), v2 = lds(x, i + 2 * w), v3 = lds(x, i + 3 * w);
            DoubleVector v4 = lds(x, i + 4 * w), v5 = lds(x, i + 5 * w), v6 = lds(x, i + 6 * w), v7 = lds(x, i + 7 * w);
            a0 = FMA ? v0.fma(v0, a0) : v0.mul(v0).add(a0);
            a1 = FMA ? v1.fma(v1, a1) : v1.mul(v1).add(a1);
            a2 = FMA ? v2.fma(v2, a2) : v2.mul(v2).add(a2);
            a3 = FMA ? v3.fma(v3, a3) : v3.mul(v3).add(a3);
            a4 = FMA ? v4.fma(v4, a4) : v4.mul(v4).add(a4);
            a5 = FMA ? v5.fma(v5, a5) : v5.mul(v5).add(a5);
            a6 = FMA ? v6.fma(v6, a6) : v6.mul(v6).add(a6);
            a7 = FMA ? v7.fma(v7, a7) : v7.mul(v7).add(a7);
        }
        double s = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresF64(x, i, to, s);
    }

    static float sumOfSquaresF32Block(MemorySegment x, long from, long to) {
        final int w = FS.length();
        final long step = 8L * w * streamStride;
        FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long i = from;
        for (long bound = to - 8L * w; i <= bound; i += step) {
            FloatVector v0 = lfs(x, i), v1 = lfs(x, i + w), v2 = lfs(x, i + 2 * w), v3 = lfs(x, i + 3 * w);
            FloatVector v4 = lfs(x, i + 4 * w), v5 = lfs(x, i + 5 * w), v6 = lfs(x, i + 6 * w), v7 = lfs(x, i + 7 * w);
            a0 = FMA ? v0.fma(v0, a0) : v0.mul(v0).add(a0);
            a1 = FMA ? v1.fma(v1, a1) : v1.mul(v1).add(a1);
            a2 = FMA ? v2.fma(v2, a2) : v2.mul(v2).add(a2);
            a3 = FMA ? v3.fma(v3, a3) : v3.mul(v3).add(a3);
            a4 = FMA ? v4.fma(v4, a4) : v4.mul(v4).add(a4);
            a5 = FMA ? v5.fma(v5, a5) : v5.mul(v5).add(a5);
            a6 = FMA ? v6.fma(v6, a6) : v6.mul(v6).add(a6);
            a7 = FMA ? v7.fma(v7, a7) : v7.mul(v7).add(a7);
        }
        float s = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresF32(x, i, to, s);
    }

    static double sumF64Block(MemorySegment x, long from, long to) {
        final int w = DS.length();
        final long step = 4L * w * streamStride;
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            a0 = a0.add(lds(x, i));
            a1 = a1.add(lds(x, i + w));
            a2 = a2.add(lds(x, i + 2 * w));
            a3 = a3.add(lds(x, i + 3 * w));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumF64(x, i, to, s);
    }

    static float sumF32Block(MemorySegment x, long from, long to) {
        final int w = FS.length();
        final long step = 4L * w * streamStride;
        FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            a0 = a0.add(lfs(x, i));
            a1 = a1.add(lfs(x, i + w));
            a2 = a2.add(lfs(x, i + 2 * w));
            a3 = a3.add(lfs(x, i + 3 * w));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumF32(x, i, to, s);
    }

    static double dotF64Block(MemorySegment a, MemorySegment b, long from, long to) {
        final int w = DS.length();
        final long step = 4L * w * streamStride;
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            DoubleVector x0 = lds(a, i), y0 = lds(b, i);
            a0 = FMA ? x0.fma(y0, a0) : x0.mul(y0).add(a0);
            DoubleVector x1 = lds(a, i + w), y1 = lds(b, i + w);
            a1 = FMA ? x1.fma(y1, a1) : x1.mul(y1).add(a1);
            DoubleVector x2 = lds(a, i + 2 * w), y2 = lds(b, i + 2 * w);
            a2 = FMA ? x2.fma(y2, a2) : x2.mul(y2).add(a2);
            DoubleVector x3 = lds(a, i + 3 * w), y3 = lds(b, i + 3 * w);
            a3 = FMA ? x3.fma(y3, a3) : x3.mul(y3).add(a3);
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotF64(a, b, i, to, s);
    }

    static float dotF32Block(MemorySegment a, MemorySegment b, long from, long to) {
        final int w = FS.length();
        final long step = 4L * w * streamStride;
        FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            FloatVector x0 = lfs(a, i), y0 = lfs(b, i);
            a0 = FMA ? x0.fma(y0, a0) : x0.mul(y0).add(a0);
            FloatVector x1 = lfs(a, i + w), y1 = lfs(b, i + w);
            a1 = FMA ? x1.fma(y1, a1) : x1.mul(y1).add(a1);
            FloatVector x2 = lfs(a, i + 2 * w), y2 = lfs(b, i + 2 * w);
            a2 = FMA ? x2.fma(y2, a2) : x2.mul(y2).add(a2);
            FloatVector x3 = lfs(a, i + 3 * w), y3 = lfs(b, i + 3 * w);
            a3 = FMA ? x3.fma(y3, a3) : x3.mul(y3).add(a3);
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotF32(a, b, i, to, s);
    }

    static long countF64Block(MemorySegment x, long from, long to, double lo, double hi) {
        long loKey = VectorCounts.key(lo == 0.0 ? -0.0 : lo);
        long range = VectorCounts.key(hi == 0.0 ? 0.0 : hi) - loKey;
        boolean raw = lo > 0.0;
        final int w = D.length();
        final long step = 4L * w * streamStride;
        LongVector bias = LongVector.broadcast(LD, opaque(loKey ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(LD, opaque((range ^ Long.MIN_VALUE) + 1));
        LongVector zero = LongVector.broadcast(LD, opaque(0L)), ones = LongVector.broadcast(LD, opaque(-1L));
        LongVector c0 = LongVector.zero(LD), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(VectorCounts.inRange(VectorCounts.keys(ld(x, i), raw), bias, lim, zero, ones));
            c1 = c1.sub(VectorCounts.inRange(VectorCounts.keys(ld(x, i + w), raw), bias, lim, zero, ones));
            c2 = c2.sub(VectorCounts.inRange(VectorCounts.keys(ld(x, i + 2 * w), raw), bias, lim, zero, ones));
            c3 = c3.sub(VectorCounts.inRange(VectorCounts.keys(ld(x, i + 3 * w), raw), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF64(x, i, to, lo, hi);
    }

    /** A block is far below 2^31 elements, so int lane counters cannot overflow. */
    static long countF32Block(MemorySegment x, long from, long to, float lo, float hi) {
        int loKey = VectorCounts.key(lo == 0.0f ? -0.0f : lo);
        int range = VectorCounts.key(hi == 0.0f ? 0.0f : hi) - loKey;
        boolean raw = lo > 0.0f;
        final int w = F.length();
        final long step = 4L * w * streamStride;
        IntVector bias = IntVector.broadcast(IF, opaque(loKey ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(IF, opaque((range ^ Integer.MIN_VALUE) + 1));
        IntVector zero = IntVector.broadcast(IF, opaque(0)), ones = IntVector.broadcast(IF, opaque(-1));
        IntVector c0 = IntVector.zero(IF), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(VectorCounts.inRange(VectorCounts.keys(lf(x, i), raw), bias, lim, zero, ones));
            c1 = c1.sub(VectorCounts.inRange(VectorCounts.keys(lf(x, i + w), raw), bias, lim, zero, ones));
            c2 = c2.sub(VectorCounts.inRange(VectorCounts.keys(lf(x, i + 2 * w), raw), bias, lim, zero, ones));
            c3 = c3.sub(VectorCounts.inRange(VectorCounts.keys(lf(x, i + 3 * w), raw), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF32(x, i, to, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1); a block is far below 2^31 elements. */
    static long countI32Block(MemorySegment x, long from, long to, int lo, int hi) {
        final int w = I.length();
        final long step = 4L * w * streamStride;
        IntVector bias = IntVector.broadcast(I, opaque(lo ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(I, opaque(((hi - lo) ^ Integer.MIN_VALUE) + 1));
        IntVector zero = IntVector.broadcast(I, opaque(0)), ones = IntVector.broadcast(I, opaque(-1));
        IntVector c0 = IntVector.zero(I), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(VectorCounts.inRange(li(x, i), bias, lim, zero, ones));
            c1 = c1.sub(VectorCounts.inRange(li(x, i + w), bias, lim, zero, ones));
            c2 = c2.sub(VectorCounts.inRange(li(x, i + 2 * w), bias, lim, zero, ones));
            c3 = c3.sub(VectorCounts.inRange(li(x, i + 3 * w), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI32(x, i, to, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1). */
    static long countI64Block(MemorySegment x, long from, long to, long lo, long hi) {
        final int w = L.length();
        final long step = 4L * w * streamStride;
        LongVector bias = LongVector.broadcast(L, opaque(lo ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(L, opaque(((hi - lo) ^ Long.MIN_VALUE) + 1));
        LongVector zero = LongVector.broadcast(L, opaque(0L)), ones = LongVector.broadcast(L, opaque(-1L));
        LongVector c0 = LongVector.zero(L), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(VectorCounts.inRange(ll(x, i), bias, lim, zero, ones));
            c1 = c1.sub(VectorCounts.inRange(ll(x, i + w), bias, lim, zero, ones));
            c2 = c2.sub(VectorCounts.inRange(ll(x, i + 2 * w), bias, lim, zero, ones));
            c3 = c3.sub(VectorCounts.inRange(ll(x, i + 3 * w), bias, lim, zero, ones));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI64(x, i, to, lo, hi);
    }
}
