package dev.panamax.simd;

import static dev.panamax.simd.VectorAccess.*;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Sums of squares, sums and dot products: the cached loops below {@link VectorAccess#STREAM_BYTES}, and the
 * streaming blocks above it, a chunk at a time (at the end of the class). Shape of every loop (Lucene's {@code dotProductBody}): several vectors
 * per iteration into independent accumulators (8 for sum of squares, where FMA latency 4 x 2 FMA pipes needs 8
 * chains in flight; 4 elsewhere), a one-vector loop, one {@code reduceLanes} after the loops, then the scalar twin
 * from {@link ScalarSupport} for the last elements.
 */
final class VectorSums implements LoopFamilies.Sums {
    /** For any class of segment (SegmentCopies makes the others); typed by its interface, as the copies need. */
    static final LoopFamilies.Sums ANY = new VectorSums();

    private VectorSums() {
    }

    // ---- sum of squares ----

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> s + sumOfSquaresF64Block(x, f, t));
        }
        final int w = D.length();
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 8 * w; i <= bound; i += 8 * w) {
            long k = i;
            DoubleVector v0 = ld(x, k), v1 = ld(x, k + w), v2 = ld(x, k + 2 * w), v3 = ld(x, k + 3 * w);
            DoubleVector v4 = ld(x, k + 4 * w), v5 = ld(x, k + 5 * w), v6 = ld(x, k + 6 * w), v7 = ld(x, k + 7 * w);
            a0 = FMA ? v0.fma(v0, a0) : v0.mul(v0).add(a0);
            a1 = FMA ? v1.fma(v1, a1) : v1.mul(v1).add(a1);
            a2 = FMA ? v2.fma(v2, a2) : v2.mul(v2).add(a2);
            a3 = FMA ? v3.fma(v3, a3) : v3.mul(v3).add(a3);
            a4 = FMA ? v4.fma(v4, a4) : v4.mul(v4).add(a4);
            a5 = FMA ? v5.fma(v5, a5) : v5.mul(v5).add(a5);
            a6 = FMA ? v6.fma(v6, a6) : v6.mul(v6).add(a6);
            a7 = FMA ? v7.fma(v7, a7) : v7.mul(v7).add(a7);
        }
        for (int bound = len - w; i <= bound; i += w) {
            DoubleVector v = ld(x, i);
            a0 = FMA ? v.fma(v, a0) : v.mul(v).add(a0);
        }
        double s = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresF64(x, i, n, s);
    }

    @Override
    public float sumOfSquaresF32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, 0.0f, (f, t, s) -> s + sumOfSquaresF32Block(x, f, t));
        }
        final int w = F.length();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 8 * w; i <= bound; i += 8 * w) {
            long k = i;
            FloatVector v0 = lf(x, k), v1 = lf(x, k + w), v2 = lf(x, k + 2 * w), v3 = lf(x, k + 3 * w);
            FloatVector v4 = lf(x, k + 4 * w), v5 = lf(x, k + 5 * w), v6 = lf(x, k + 6 * w), v7 = lf(x, k + 7 * w);
            a0 = FMA ? v0.fma(v0, a0) : v0.mul(v0).add(a0);
            a1 = FMA ? v1.fma(v1, a1) : v1.mul(v1).add(a1);
            a2 = FMA ? v2.fma(v2, a2) : v2.mul(v2).add(a2);
            a3 = FMA ? v3.fma(v3, a3) : v3.mul(v3).add(a3);
            a4 = FMA ? v4.fma(v4, a4) : v4.mul(v4).add(a4);
            a5 = FMA ? v5.fma(v5, a5) : v5.mul(v5).add(a5);
            a6 = FMA ? v6.fma(v6, a6) : v6.mul(v6).add(a6);
            a7 = FMA ? v7.fma(v7, a7) : v7.mul(v7).add(a7);
        }
        for (int bound = len - w; i <= bound; i += w) {
            FloatVector v = lf(x, i);
            a0 = FMA ? v.fma(v, a0) : v.mul(v).add(a0);
        }
        float s = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresF32(x, i, n, s);
    }

    @Override
    public long sumOfSquaresI32(MemorySegment x, long n) {
        LoopFamilies.Sums self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L,
                    (f, t, s) -> s + self.sumOfSquaresI32(slice(x, Integer.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            LongVector v0 = lw(x, k), v1 = lw(x, k + w), v2 = lw(x, k + 2 * w), v3 = lw(x, k + 3 * w);
            a0 = a0.add(v0.mul(v0));
            a1 = a1.add(v1.mul(v1));
            a2 = a2.add(v2.mul(v2));
            a3 = a3.add(v3.mul(v3));
        }
        for (int bound = len - w; i <= bound; i += w) {
            LongVector v = lw(x, i);
            a0 = a0.add(v.mul(v));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresI32(x, i, n, s);
    }

    @Override
    public long sumOfSquaresI64(MemorySegment x, long n) {
        LoopFamilies.Sums self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L,
                    (f, t, s) -> s + self.sumOfSquaresI64(slice(x, Long.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            LongVector v0 = ll(x, k), v1 = ll(x, k + w), v2 = ll(x, k + 2 * w), v3 = ll(x, k + 3 * w);
            a0 = a0.add(v0.mul(v0));
            a1 = a1.add(v1.mul(v1));
            a2 = a2.add(v2.mul(v2));
            a3 = a3.add(v3.mul(v3));
        }
        for (int bound = len - w; i <= bound; i += w) {
            LongVector v = ll(x, i);
            a0 = a0.add(v.mul(v));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresI64(x, i, n, s);
    }

    // ---- sum ----

    @Override
    public double sumF64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> s + sumF64Block(x, f, t));
        }
        final int w = D.length();
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            a0 = a0.add(ld(x, k));
            a1 = a1.add(ld(x, k + w));
            a2 = a2.add(ld(x, k + 2 * w));
            a3 = a3.add(ld(x, k + 3 * w));
        }
        for (int bound = len - w; i <= bound; i += w) {
            a0 = a0.add(ld(x, i));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumF64(x, i, n, s);
    }

    @Override
    public float sumF32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, 0.0f, (f, t, s) -> s + sumF32Block(x, f, t));
        }
        final int w = F.length();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            a0 = a0.add(lf(x, k));
            a1 = a1.add(lf(x, k + w));
            a2 = a2.add(lf(x, k + 2 * w));
            a3 = a3.add(lf(x, k + 3 * w));
        }
        for (int bound = len - w; i <= bound; i += w) {
            a0 = a0.add(lf(x, i));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumF32(x, i, n, s);
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        LoopFamilies.Sums self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L,
                    (f, t, s) -> s + self.sumI32(slice(x, Integer.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            a0 = a0.add(lw(x, k));
            a1 = a1.add(lw(x, k + w));
            a2 = a2.add(lw(x, k + 2 * w));
            a3 = a3.add(lw(x, k + 3 * w));
        }
        for (int bound = len - w; i <= bound; i += w) {
            a0 = a0.add(lw(x, i));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumI32(x, i, n, s);
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        LoopFamilies.Sums self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L,
                    (f, t, s) -> s + self.sumI64(slice(x, Long.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            a0 = a0.add(ll(x, k));
            a1 = a1.add(ll(x, k + w));
            a2 = a2.add(ll(x, k + 2 * w));
            a3 = a3.add(ll(x, k + 3 * w));
        }
        for (int bound = len - w; i <= bound; i += w) {
            a0 = a0.add(ll(x, i));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumI64(x, i, n, s);
    }

    // ---- dot ----

    @Override
    public double dotF64(MemorySegment a, MemorySegment b, long n) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> s + dotF64Block(a, b, f, t));
        }
        final int w = D.length();
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            DoubleVector x0 = ld(a, k), y0 = ld(b, k);
            a0 = FMA ? x0.fma(y0, a0) : x0.mul(y0).add(a0);
            DoubleVector x1 = ld(a, k + w), y1 = ld(b, k + w);
            a1 = FMA ? x1.fma(y1, a1) : x1.mul(y1).add(a1);
            DoubleVector x2 = ld(a, k + 2 * w), y2 = ld(b, k + 2 * w);
            a2 = FMA ? x2.fma(y2, a2) : x2.mul(y2).add(a2);
            DoubleVector x3 = ld(a, k + 3 * w), y3 = ld(b, k + 3 * w);
            a3 = FMA ? x3.fma(y3, a3) : x3.mul(y3).add(a3);
        }
        for (int bound = len - w; i <= bound; i += w) {
            DoubleVector x0 = ld(a, i), y0 = ld(b, i);
            a0 = FMA ? x0.fma(y0, a0) : x0.mul(y0).add(a0);
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotF64(a, b, i, n, s);
    }

    @Override
    public float dotF32(MemorySegment a, MemorySegment b, long n) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, 0.0f, (f, t, s) -> s + dotF32Block(a, b, f, t));
        }
        final int w = F.length();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            FloatVector x0 = lf(a, k), y0 = lf(b, k);
            a0 = FMA ? x0.fma(y0, a0) : x0.mul(y0).add(a0);
            FloatVector x1 = lf(a, k + w), y1 = lf(b, k + w);
            a1 = FMA ? x1.fma(y1, a1) : x1.mul(y1).add(a1);
            FloatVector x2 = lf(a, k + 2 * w), y2 = lf(b, k + 2 * w);
            a2 = FMA ? x2.fma(y2, a2) : x2.mul(y2).add(a2);
            FloatVector x3 = lf(a, k + 3 * w), y3 = lf(b, k + 3 * w);
            a3 = FMA ? x3.fma(y3, a3) : x3.mul(y3).add(a3);
        }
        for (int bound = len - w; i <= bound; i += w) {
            FloatVector x0 = lf(a, i), y0 = lf(b, i);
            a0 = FMA ? x0.fma(y0, a0) : x0.mul(y0).add(a0);
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotF32(a, b, i, n, s);
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        LoopFamilies.Sums self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L,
                    (f, t, s) -> s + self.dotI32(slice(a, Integer.BYTES, f, t), slice(b, Integer.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            a0 = a0.add(lw(a, k).mul(lw(b, k)));
            a1 = a1.add(lw(a, k + w).mul(lw(b, k + w)));
            a2 = a2.add(lw(a, k + 2 * w).mul(lw(b, k + 2 * w)));
            a3 = a3.add(lw(a, k + 3 * w).mul(lw(b, k + 3 * w)));
        }
        for (int bound = len - w; i <= bound; i += w) {
            a0 = a0.add(lw(a, i).mul(lw(b, i)));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotI32(a, b, i, n, s);
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        LoopFamilies.Sums self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L,
                    (f, t, s) -> s + self.dotI64(slice(a, Long.BYTES, f, t), slice(b, Long.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            a0 = a0.add(ll(a, k).mul(ll(b, k)));
            a1 = a1.add(ll(a, k + w).mul(ll(b, k + w)));
            a2 = a2.add(ll(a, k + 2 * w).mul(ll(b, k + 2 * w)));
            a3 = a3.add(ll(a, k + 3 * w).mul(ll(b, k + 3 * w)));
        }
        for (int bound = len - w; i <= bound; i += w) {
            a0 = a0.add(ll(a, i).mul(ll(b, i)));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotI64(a, b, i, n, s);
    }

    /*
     * Streaming blocks: the loops of inputs of at least STREAM_BYTES, one Chunks block per call, shaped for data
     * from L3 or memory: at most 256-bit vectors (DS, FS), a stride scaled by the opaque streamStride so that C2
     * does not unroll, and a scalar result per block, so that no vector accumulator lives across an on-stack-
     * replacement entry (docs/design/streaming-kernels.md). The callers add the block results in order: the result
     * differs from the cached loops only by reassociation, inside the same stated bound.
     */

    private static double sumOfSquaresF64Block(MemorySegment x, long from, long to) {
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

    private static float sumOfSquaresF32Block(MemorySegment x, long from, long to) {
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

    private static double sumF64Block(MemorySegment x, long from, long to) {
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

    private static float sumF32Block(MemorySegment x, long from, long to) {
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

    private static double dotF64Block(MemorySegment a, MemorySegment b, long from, long to) {
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

    private static float dotF32Block(MemorySegment a, MemorySegment b, long from, long to) {
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
}
