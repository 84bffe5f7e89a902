package dev.panamax.simd;

import static dev.panamax.simd.VectorAccess.*;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Minimum and maximum of the four element types. Lanewise MIN/MAX follow {@code Math.min/max} (NaN wins,
 * {@code -0.0 < 0.0}), so the results of chunks combine exactly.
 */
final class VectorExtrema implements LoopFamilies.Extrema {
    /** For any class of segment (SegmentCopies makes the others); typed by its interface, as the copies need. */
    static final LoopFamilies.Extrema ANY = new VectorExtrema();

    private VectorExtrema() {
    }

    @Override
    public double minF64(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, Double.POSITIVE_INFINITY,
                    (f, t, m) -> Math.min(m, self.minF64(slice(x, Double.BYTES, f, t), t - f)));
        }
        return (double) extremum(x, n, VectorOperators.MIN, DType.FLOAT64);
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, Double.NEGATIVE_INFINITY,
                    (f, t, m) -> Math.max(m, self.maxF64(slice(x, Double.BYTES, f, t), t - f)));
        }
        return (double) extremum(x, n, VectorOperators.MAX, DType.FLOAT64);
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, Float.POSITIVE_INFINITY,
                    (f, t, m) -> Math.min(m, self.minF32(slice(x, Float.BYTES, f, t), t - f)));
        }
        return (float) extremum(x, n, VectorOperators.MIN, DType.FLOAT32);
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, Float.NEGATIVE_INFINITY,
                    (f, t, m) -> Math.max(m, self.maxF32(slice(x, Float.BYTES, f, t), t - f)));
        }
        return (float) extremum(x, n, VectorOperators.MAX, DType.FLOAT32);
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.ints(0, n, Integer.BYTES, Integer.MAX_VALUE,
                    (f, t, m) -> Math.min(m, self.minI32(slice(x, Integer.BYTES, f, t), t - f)));
        }
        return (int) extremum(x, n, VectorOperators.MIN, DType.INT32);
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.ints(0, n, Integer.BYTES, Integer.MIN_VALUE,
                    (f, t, m) -> Math.max(m, self.maxI32(slice(x, Integer.BYTES, f, t), t - f)));
        }
        return (int) extremum(x, n, VectorOperators.MAX, DType.INT32);
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, Long.MAX_VALUE,
                    (f, t, m) -> Math.min(m, self.minI64(slice(x, Long.BYTES, f, t), t - f)));
        }
        return (long) extremum(x, n, VectorOperators.MIN, DType.INT64);
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        LoopFamilies.Extrema self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, Long.MIN_VALUE,
                    (f, t, m) -> Math.max(m, self.maxI64(slice(x, Long.BYTES, f, t), t - f)));
        }
        return (long) extremum(x, n, VectorOperators.MAX, DType.INT64);
    }

    /**
     * Min or max for one element type. One generic body keeps the eight variants identical; {@code op} and
     * {@code t} are constants at every call site, so C2 inlines and specializes it.
     */
    private static Object extremum(MemorySegment x, long n, VectorOperators.Associative op, DType t) {
        boolean min = op == VectorOperators.MIN;
        switch (t) {
            case FLOAT64 -> {
                final int w = D.length();
                DoubleVector a0 = DoubleVector.broadcast(D, ScalarSupport.f64(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                final int len = loopLength(n);
                int i = 0;
                for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
                    long k = i;
                    a0 = a0.lanewise(op, ld(x, k));
                    a1 = a1.lanewise(op, ld(x, k + w));
                    a2 = a2.lanewise(op, ld(x, k + 2 * w));
                    a3 = a3.lanewise(op, ld(x, k + 3 * w));
                }
                for (int bound = len - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, ld(x, i));
                }
                double m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minF64(x, i, n, m) : ScalarSupport.maxF64(x, i, n, m);
            }
            case FLOAT32 -> {
                final int w = F.length();
                FloatVector a0 = FloatVector.broadcast(F, ScalarSupport.f32(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                final int len = loopLength(n);
                int i = 0;
                for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
                    long k = i;
                    a0 = a0.lanewise(op, lf(x, k));
                    a1 = a1.lanewise(op, lf(x, k + w));
                    a2 = a2.lanewise(op, lf(x, k + 2 * w));
                    a3 = a3.lanewise(op, lf(x, k + 3 * w));
                }
                for (int bound = len - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, lf(x, i));
                }
                float m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minF32(x, i, n, m) : ScalarSupport.maxF32(x, i, n, m);
            }
            case INT32 -> {
                final int w = I.length();
                IntVector a0 = IntVector.broadcast(I, ScalarSupport.i32(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                final int len = loopLength(n);
                int i = 0;
                for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
                    long k = i;
                    a0 = a0.lanewise(op, li(x, k));
                    a1 = a1.lanewise(op, li(x, k + w));
                    a2 = a2.lanewise(op, li(x, k + 2 * w));
                    a3 = a3.lanewise(op, li(x, k + 3 * w));
                }
                for (int bound = len - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, li(x, i));
                }
                int m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minI32(x, i, n, m) : ScalarSupport.maxI32(x, i, n, m);
            }
            case INT64 -> {
                final int w = L.length();
                LongVector a0 = LongVector.broadcast(L, ScalarSupport.i64(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                final int len = loopLength(n);
                int i = 0;
                for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
                    long k = i;
                    a0 = a0.lanewise(op, ll(x, k));
                    a1 = a1.lanewise(op, ll(x, k + w));
                    a2 = a2.lanewise(op, ll(x, k + 2 * w));
                    a3 = a3.lanewise(op, ll(x, k + 3 * w));
                }
                for (int bound = len - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, ll(x, i));
                }
                long m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minI64(x, i, n, m) : ScalarSupport.maxI64(x, i, n, m);
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + t);
        }
    }
}
