package dev.panamax.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels, the only class that imports {@code jdk.incubator.vector}. {@link KernelProvider} loads it by
 * name; nothing else refers to it, so Panamax runs without the incubator module.
 *
 * <p>Shape of every reduction (Lucene's {@code dotProductBody}): a main loop over several vectors per iteration into
 * independent accumulators (8 for sum of squares, where FMA latency 4 x 2 FMA pipes needs 8 chains in flight; 4
 * elsewhere), a one-vector loop, one {@code reduceLanes} after the loops, then the scalar twin from
 * {@link ScalarSupport} for the last elements. Counts never reduce in the loop: the compare mask, as a vector of
 * 0/-1 lanes, is subtracted from lane counters.
 *
 * <p>Mapped files truncated by another process (SIGBUS on access): every vector load and store goes through a
 * helper that first calls {@link #markUnsafeAccess}, so HotSpot turns the fault into an {@link InternalError}
 * instead of crashing; and no loop touches more than 1 MiB between two safepoint polls (the cached loops run on
 * inputs below {@link #STREAM_BYTES}, everything larger runs in {@link Chunks}), so the error surfaces within
 * that much work whatever the collector.
 */
final class VectorSupport implements KernelSupport {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    /** int32 lanes that widen to exactly one {@link #L} vector. */
    private static final VectorSpecies<Integer> IH =
            VectorSpecies.of(int.class, VectorShape.forBitSize(L.vectorBitSize() / 2));
    /** Float counters: int lanes of the float species' shape (same lane count). */
    private static final VectorSpecies<Integer> IF = VectorSpecies.of(int.class, F.vectorShape());
    /** Double counters: long lanes of the double species' shape. */
    private static final VectorSpecies<Long> LD = VectorSpecies.of(long.class, D.vectorShape());
    /** Per-row counts work on blocks of 8 rows with 256-bit vectors. */
    private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Long> L256 = LongVector.SPECIES_256;
    private static final VectorSpecies<Double> D256 = DoubleVector.SPECIES_256;
    private static final boolean ROWS_256 = I.vectorBitSize() >= 256;
    /** Sums in the streaming loops (see {@link #STREAM_BYTES}) use vectors of at most 256 bits. */
    private static final VectorSpecies<Double> DS = D.vectorBitSize() > 256 ? DoubleVector.SPECIES_256 : D;
    private static final VectorSpecies<Float> FS = F.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : F;

    /**
     * Inputs of at least this many bytes (1 MiB, the L2 cache of one core on current x86) take the streaming loops:
     * from L3 and memory, C2's code for the loops above is slow (superword unrolling reorders their loads, and an
     * on-stack-replacement compile boxes their accumulators). Why, with the measurements:
     * docs/design/streaming-kernels.md.
     */
    static final long STREAM_BYTES = 1L << 20;
    /**
     * Stride multiplier of the streaming loops, always 1, and never written. A non-final field on purpose: C2 cannot
     * fold it, so a streaming loop is not a counted loop and is never unrolled (docs/design/streaming-kernels.md).
     */
    @SuppressWarnings("FieldMayBeFinal")
    private static long streamStride = 1;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Lane counters of int width are flushed at least every this many elements, so they never overflow. */
    private static final long INT_COUNTER_BLOCK = 1L << 30;

    /** Use FMA only where the JVM would emit the instruction; emulated FMA is far slower than mul + add. */
    static final boolean FMA = vmFlag("UseFMA");

    VectorSupport() {
        if (D.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("the preferred vector size is " + D.vectorBitSize()
                    + " bits; the vector kernels need at least 128");
        }
    }

    private static boolean vmFlag(String name) {
        try {
            HotSpotDiagnosticMXBean b = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return b != null && Boolean.parseBoolean(b.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String capabilities() {
        return "preferred species: " + D.vectorBitSize() + " bits; lanes: float64=" + D.length() + " float32="
                + F.length() + " int64=" + L.length() + " int32=" + I.length() + "\n"
                + "FMA: " + (FMA ? "yes (-XX:+UseFMA: the CPU has it)" : "no (the JVM reports UseFMA=false; mul + add)")
                + "\nper-row counts (rows of 1..8): "
                + (ROWS_256 ? "8-row blocks of 256-bit masks" : "scalar (vectors < 256 bits)")
                + (ROWS_256 && L8 != null ? ", counted by 512-bit popcount" : "")
                + "\ninputs of " + (STREAM_BYTES >> 20) + " MiB and more: streaming loops, sums at "
                + DS.vectorBitSize() + " bits, counts at " + I.vectorBitSize() + " bits";
    }

    private static DoubleVector fma(DoubleVector a, DoubleVector b, DoubleVector acc) {
        return FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    private static FloatVector fma(FloatVector a, FloatVector b, FloatVector acc) {
        return FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    /**
     * Makes a SIGBUS in the compiled code around the call an {@link InternalError} instead of a JVM crash. HotSpot
     * forgives a SIGBUS (a mapped file truncated under us) only in compiled methods flagged as doing unsafe memory
     * access; C2 sets the flag when it compiles a scalar {@link MemorySegment} access (an {@code Unsafe} intrinsic)
     * but not for Vector API loads and stores (JDK 25), so a method whose only accesses are vector ones crashes
     * with an hs_err file. Every vector load and store helper calls this first, so the two are always compiled
     * into the same method, including on-stack-replacement compiles, which start at a loop and skip what comes
     * before it. Nothing uses the byte and its address is loop-invariant: C2 deletes the read, the flag stays.
     * {@code TruncatedMappingTest} checks all of this on the running JVM.
     */
    private static void markUnsafeAccess(MemorySegment s) {
        s.get(ValueLayout.JAVA_BYTE, 0);
    }

    private static DoubleVector ld(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return DoubleVector.fromMemorySegment(D, x, i * Double.BYTES, LE);
    }

    private static FloatVector lf(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return FloatVector.fromMemorySegment(F, x, i * Float.BYTES, LE);
    }

    private static IntVector li(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return IntVector.fromMemorySegment(I, x, i * Integer.BYTES, LE);
    }

    private static LongVector ll(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return LongVector.fromMemorySegment(L, x, i * Long.BYTES, LE);
    }

    /** {@link #L}.length() int32 elements from element {@code i}, sign-extended to int64 lanes. */
    private static LongVector lw(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return (LongVector) IntVector.fromMemorySegment(IH, x, i * Integer.BYTES, LE)
                .convertShape(VectorOperators.I2L, L, 0);
    }

    private static void st(DoubleVector v, MemorySegment x, long i) {
        markUnsafeAccess(x);
        v.intoMemorySegment(x, i * Double.BYTES, LE);
    }

    private static void st(FloatVector v, MemorySegment x, long i) {
        markUnsafeAccess(x);
        v.intoMemorySegment(x, i * Float.BYTES, LE);
    }

    private static void st(IntVector v, MemorySegment x, long i) {
        markUnsafeAccess(x);
        v.intoMemorySegment(x, i * Integer.BYTES, LE);
    }

    private static void st(LongVector v, MemorySegment x, long i) {
        markUnsafeAccess(x);
        v.intoMemorySegment(x, i * Long.BYTES, LE);
    }

    /** Elements {@code [from, to)} of {@code x}, elements of {@code bytes} bytes. */
    private static MemorySegment slice(MemorySegment x, long bytes, long from, long to) {
        return x.asSlice(from * bytes, (to - from) * bytes);
    }

    // ---- sum of squares ----

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> s + sumOfSquaresF64Block(x, f, t));
        }
        final int w = D.length();
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long i = 0;
        for (long bound = n - 8L * w; i <= bound; i += 8L * w) {
            DoubleVector v0 = ld(x, i), v1 = ld(x, i + w), v2 = ld(x, i + 2 * w), v3 = ld(x, i + 3 * w);
            DoubleVector v4 = ld(x, i + 4 * w), v5 = ld(x, i + 5 * w), v6 = ld(x, i + 6 * w), v7 = ld(x, i + 7 * w);
            a0 = fma(v0, v0, a0);
            a1 = fma(v1, v1, a1);
            a2 = fma(v2, v2, a2);
            a3 = fma(v3, v3, a3);
            a4 = fma(v4, v4, a4);
            a5 = fma(v5, v5, a5);
            a6 = fma(v6, v6, a6);
            a7 = fma(v7, v7, a7);
        }
        for (long bound = n - w; i <= bound; i += w) {
            DoubleVector v = ld(x, i);
            a0 = fma(v, v, a0);
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
        long i = 0;
        for (long bound = n - 8L * w; i <= bound; i += 8L * w) {
            FloatVector v0 = lf(x, i), v1 = lf(x, i + w), v2 = lf(x, i + 2 * w), v3 = lf(x, i + 3 * w);
            FloatVector v4 = lf(x, i + 4 * w), v5 = lf(x, i + 5 * w), v6 = lf(x, i + 6 * w), v7 = lf(x, i + 7 * w);
            a0 = fma(v0, v0, a0);
            a1 = fma(v1, v1, a1);
            a2 = fma(v2, v2, a2);
            a3 = fma(v3, v3, a3);
            a4 = fma(v4, v4, a4);
            a5 = fma(v5, v5, a5);
            a6 = fma(v6, v6, a6);
            a7 = fma(v7, v7, a7);
        }
        for (long bound = n - w; i <= bound; i += w) {
            FloatVector v = lf(x, i);
            a0 = fma(v, v, a0);
        }
        float s = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresF32(x, i, n, s);
    }

    @Override
    public long sumOfSquaresI32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L,
                    (f, t, s) -> s + sumOfSquaresI32(slice(x, Integer.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            LongVector v0 = lw(x, i), v1 = lw(x, i + w), v2 = lw(x, i + 2 * w), v3 = lw(x, i + 3 * w);
            a0 = a0.add(v0.mul(v0));
            a1 = a1.add(v1.mul(v1));
            a2 = a2.add(v2.mul(v2));
            a3 = a3.add(v3.mul(v3));
        }
        for (long bound = n - w; i <= bound; i += w) {
            LongVector v = lw(x, i);
            a0 = a0.add(v.mul(v));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumOfSquaresI32(x, i, n, s);
    }

    @Override
    public long sumOfSquaresI64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L,
                    (f, t, s) -> s + sumOfSquaresI64(slice(x, Long.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            LongVector v0 = ll(x, i), v1 = ll(x, i + w), v2 = ll(x, i + 2 * w), v3 = ll(x, i + 3 * w);
            a0 = a0.add(v0.mul(v0));
            a1 = a1.add(v1.mul(v1));
            a2 = a2.add(v2.mul(v2));
            a3 = a3.add(v3.mul(v3));
        }
        for (long bound = n - w; i <= bound; i += w) {
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
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = a0.add(ld(x, i));
            a1 = a1.add(ld(x, i + w));
            a2 = a2.add(ld(x, i + 2 * w));
            a3 = a3.add(ld(x, i + 3 * w));
        }
        for (long bound = n - w; i <= bound; i += w) {
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
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = a0.add(lf(x, i));
            a1 = a1.add(lf(x, i + w));
            a2 = a2.add(lf(x, i + 2 * w));
            a3 = a3.add(lf(x, i + 3 * w));
        }
        for (long bound = n - w; i <= bound; i += w) {
            a0 = a0.add(lf(x, i));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumF32(x, i, n, s);
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L,
                    (f, t, s) -> s + sumI32(slice(x, Integer.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = a0.add(lw(x, i));
            a1 = a1.add(lw(x, i + w));
            a2 = a2.add(lw(x, i + 2 * w));
            a3 = a3.add(lw(x, i + 3 * w));
        }
        for (long bound = n - w; i <= bound; i += w) {
            a0 = a0.add(lw(x, i));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.sumI32(x, i, n, s);
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L,
                    (f, t, s) -> s + sumI64(slice(x, Long.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = a0.add(ll(x, i));
            a1 = a1.add(ll(x, i + w));
            a2 = a2.add(ll(x, i + 2 * w));
            a3 = a3.add(ll(x, i + 3 * w));
        }
        for (long bound = n - w; i <= bound; i += w) {
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
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = fma(ld(a, i), ld(b, i), a0);
            a1 = fma(ld(a, i + w), ld(b, i + w), a1);
            a2 = fma(ld(a, i + 2 * w), ld(b, i + 2 * w), a2);
            a3 = fma(ld(a, i + 3 * w), ld(b, i + 3 * w), a3);
        }
        for (long bound = n - w; i <= bound; i += w) {
            a0 = fma(ld(a, i), ld(b, i), a0);
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
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = fma(lf(a, i), lf(b, i), a0);
            a1 = fma(lf(a, i + w), lf(b, i + w), a1);
            a2 = fma(lf(a, i + 2 * w), lf(b, i + 2 * w), a2);
            a3 = fma(lf(a, i + 3 * w), lf(b, i + 3 * w), a3);
        }
        for (long bound = n - w; i <= bound; i += w) {
            a0 = fma(lf(a, i), lf(b, i), a0);
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotF32(a, b, i, n, s);
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L,
                    (f, t, s) -> s + dotI32(slice(a, Integer.BYTES, f, t), slice(b, Integer.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = a0.add(lw(a, i).mul(lw(b, i)));
            a1 = a1.add(lw(a, i + w).mul(lw(b, i + w)));
            a2 = a2.add(lw(a, i + 2 * w).mul(lw(b, i + 2 * w)));
            a3 = a3.add(lw(a, i + 3 * w).mul(lw(b, i + 3 * w)));
        }
        for (long bound = n - w; i <= bound; i += w) {
            a0 = a0.add(lw(a, i).mul(lw(b, i)));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotI32(a, b, i, n, s);
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L,
                    (f, t, s) -> s + dotI64(slice(a, Long.BYTES, f, t), slice(b, Long.BYTES, f, t), t - f));
        }
        final int w = L.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            a0 = a0.add(ll(a, i).mul(ll(b, i)));
            a1 = a1.add(ll(a, i + w).mul(ll(b, i + w)));
            a2 = a2.add(ll(a, i + 2 * w).mul(ll(b, i + 2 * w)));
            a3 = a3.add(ll(a, i + 3 * w).mul(ll(b, i + 3 * w)));
        }
        for (long bound = n - w; i <= bound; i += w) {
            a0 = a0.add(ll(a, i).mul(ll(b, i)));
        }
        long s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotI64(a, b, i, n, s);
    }

    // ---- min / max: lanewise MIN/MAX follow Math.min/max (NaN wins, -0.0 < 0.0); chunk results combine exactly ----

    @Override
    public double minF64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, Double.POSITIVE_INFINITY,
                    (f, t, m) -> Math.min(m, minF64(slice(x, Double.BYTES, f, t), t - f)));
        }
        return (double) extremum(x, n, VectorOperators.MIN, DType.FLOAT64);
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.doubles(0, n, Double.BYTES, Double.NEGATIVE_INFINITY,
                    (f, t, m) -> Math.max(m, maxF64(slice(x, Double.BYTES, f, t), t - f)));
        }
        return (double) extremum(x, n, VectorOperators.MAX, DType.FLOAT64);
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, Float.POSITIVE_INFINITY,
                    (f, t, m) -> Math.min(m, minF32(slice(x, Float.BYTES, f, t), t - f)));
        }
        return (float) extremum(x, n, VectorOperators.MIN, DType.FLOAT32);
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.floats(0, n, Float.BYTES, Float.NEGATIVE_INFINITY,
                    (f, t, m) -> Math.max(m, maxF32(slice(x, Float.BYTES, f, t), t - f)));
        }
        return (float) extremum(x, n, VectorOperators.MAX, DType.FLOAT32);
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.ints(0, n, Integer.BYTES, Integer.MAX_VALUE,
                    (f, t, m) -> Math.min(m, minI32(slice(x, Integer.BYTES, f, t), t - f)));
        }
        return (int) extremum(x, n, VectorOperators.MIN, DType.INT32);
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.ints(0, n, Integer.BYTES, Integer.MIN_VALUE,
                    (f, t, m) -> Math.max(m, maxI32(slice(x, Integer.BYTES, f, t), t - f)));
        }
        return (int) extremum(x, n, VectorOperators.MAX, DType.INT32);
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, Long.MAX_VALUE,
                    (f, t, m) -> Math.min(m, minI64(slice(x, Long.BYTES, f, t), t - f)));
        }
        return (long) extremum(x, n, VectorOperators.MIN, DType.INT64);
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, Long.MIN_VALUE,
                    (f, t, m) -> Math.max(m, maxI64(slice(x, Long.BYTES, f, t), t - f)));
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
                long i = 0;
                for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
                    a0 = a0.lanewise(op, ld(x, i));
                    a1 = a1.lanewise(op, ld(x, i + w));
                    a2 = a2.lanewise(op, ld(x, i + 2 * w));
                    a3 = a3.lanewise(op, ld(x, i + 3 * w));
                }
                for (long bound = n - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, ld(x, i));
                }
                double m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minF64(x, i, n, m) : ScalarSupport.maxF64(x, i, n, m);
            }
            case FLOAT32 -> {
                final int w = F.length();
                FloatVector a0 = FloatVector.broadcast(F, ScalarSupport.f32(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                long i = 0;
                for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
                    a0 = a0.lanewise(op, lf(x, i));
                    a1 = a1.lanewise(op, lf(x, i + w));
                    a2 = a2.lanewise(op, lf(x, i + 2 * w));
                    a3 = a3.lanewise(op, lf(x, i + 3 * w));
                }
                for (long bound = n - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, lf(x, i));
                }
                float m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minF32(x, i, n, m) : ScalarSupport.maxF32(x, i, n, m);
            }
            case INT32 -> {
                final int w = I.length();
                IntVector a0 = IntVector.broadcast(I, ScalarSupport.i32(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                long i = 0;
                for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
                    a0 = a0.lanewise(op, li(x, i));
                    a1 = a1.lanewise(op, li(x, i + w));
                    a2 = a2.lanewise(op, li(x, i + 2 * w));
                    a3 = a3.lanewise(op, li(x, i + 3 * w));
                }
                for (long bound = n - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, li(x, i));
                }
                int m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minI32(x, i, n, m) : ScalarSupport.maxI32(x, i, n, m);
            }
            case INT64 -> {
                final int w = L.length();
                LongVector a0 = LongVector.broadcast(L, ScalarSupport.i64(x, 0)), a1 = a0, a2 = a0, a3 = a0;
                long i = 0;
                for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
                    a0 = a0.lanewise(op, ll(x, i));
                    a1 = a1.lanewise(op, ll(x, i + w));
                    a2 = a2.lanewise(op, ll(x, i + 2 * w));
                    a3 = a3.lanewise(op, ll(x, i + 3 * w));
                }
                for (long bound = n - w; i <= bound; i += w) {
                    a0 = a0.lanewise(op, ll(x, i));
                }
                long m = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3)).reduceLanes(op);
                return min ? ScalarSupport.minI64(x, i, n, m) : ScalarSupport.maxI64(x, i, n, m);
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + t);
        }
    }

    // ---- count in range ----

    /*
     * Floating-point ranges as integer ranges. key(x) = bits ^ ((bits >> 63) >>> 1) maps the IEEE bit pattern to a
     * signed integer that orders like the values: negative numbers get their magnitude bits flipped. -0.0 maps to
     * key -1 and +0.0 to key 0, so a bound of either zero uses key(-0.0) as the low end and key(+0.0) as the high
     * end (IEEE: -0.0 == 0.0). NaNs map beyond key(+Inf) or below key(-Inf), outside any range with non-NaN bounds,
     * so they never count. The integer test is then the subtract-and-compare of countI64 below. On AVX-512 this
     * measured about 1.5x faster than two floating-point compares and an and. When lo > 0 the transform is not
     * needed at all: every double >= lo is positive, positive doubles order like their raw bits, and everything
     * negative (including -0.0 and negative NaNs) has the sign bit set, a negative long below key(lo).
     */

    static long key(double x) {
        long b = Double.doubleToRawLongBits(x);
        return b ^ ((b >> 63) >>> 1);
    }

    static int key(float x) {
        int b = Float.floatToRawIntBits(x);
        return b ^ ((b >> 31) >>> 1);
    }

    private static LongVector keys(DoubleVector v, boolean raw) {
        LongVector b = v.reinterpretAsLongs();
        return raw ? b : b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 63).lanewise(VectorOperators.LSHR, 1));
    }

    private static IntVector keys(FloatVector v, boolean raw) {
        IntVector b = v.reinterpretAsInts();
        return raw ? b : b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1));
    }

    @Override
    public long countF64(MemorySegment x, long n, double lo, double hi) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            return Chunks.longs(0, n, Double.BYTES, 0L, (f, t, c) -> c + countF64Block(x, f, t, lo, hi));
        }
        // Caller guarantees lo <= hi, neither NaN, so loKey <= hiKey and the key range is below 2^64 - 1.
        long loKey = key(lo == 0.0 ? -0.0 : lo);
        long range = key(hi == 0.0 ? 0.0 : hi) - loKey;
        boolean raw = lo > 0.0; // positive range: raw bits order like the keys, see above
        final int w = D.length();
        LongVector bias = LongVector.broadcast(LD, loKey ^ Long.MIN_VALUE);
        LongVector lim = LongVector.broadcast(LD, (range ^ Long.MIN_VALUE) + 1);
        LongVector c0 = LongVector.zero(LD), c1 = c0, c2 = c0, c3 = c0;
        long i = 0;
        for (long bound = n - 4L * w; i <= bound; i += 4L * w) {
            c0 = c0.sub(inRange(keys(ld(x, i), raw), bias, lim));
            c1 = c1.sub(inRange(keys(ld(x, i + w), raw), bias, lim));
            c2 = c2.sub(inRange(keys(ld(x, i + 2 * w), raw), bias, lim));
            c3 = c3.sub(inRange(keys(ld(x, i + 3 * w), raw), bias, lim));
        }
        for (long bound = n - w; i <= bound; i += w) {
            c0 = c0.sub(inRange(keys(ld(x, i), raw), bias, lim));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF64(x, i, n, lo, hi);
    }

    @Override
    public long countF32(MemorySegment x, long n, float lo, float hi) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            return Chunks.longs(0, n, Float.BYTES, 0L, (f, t, c) -> c + countF32Block(x, f, t, lo, hi));
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

    @Override
    public long countI32(MemorySegment x, long n, int lo, int hi) {
        int range = hi - lo;
        if (range == -1) {
            return n;
        }
        if (n >= STREAM_BYTES / Integer.BYTES) {
            return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, c) -> c + countI32Block(x, f, t, lo, hi));
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

    private static IntVector inRange(IntVector v, IntVector bias, IntVector lim) {
        return (IntVector) v.sub(bias).compare(VectorOperators.LT, lim).toVector();
    }

    @Override
    public long countI64(MemorySegment x, long n, long lo, long hi) {
        long range = hi - lo;
        if (range == -1L) {
            return n;
        }
        if (n >= STREAM_BYTES / Long.BYTES) {
            return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, c) -> c + countI64Block(x, f, t, lo, hi));
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

    private static LongVector inRange(LongVector v, LongVector bias, LongVector lim) {
        return (LongVector) v.sub(bias).compare(VectorOperators.LT, lim).toVector();
    }

    // ---- per-row counts ----
    /*
     * Rows of up to 8 elements are too short for a vector each. Instead take 8 rows at a time: their 8 * cols
     * elements are contiguous, so load them as cols (32-bit types) or 2 * cols (64-bit types) 256-bit vectors and
     * turn each in-range mask into bits (vmovmskps/pd or kmov), packed into one long with element k of the block at
     * bit k. Row j's flags are then bits [j * cols, (j + 1) * cols): one shift, mask and popcount per row. The loads
     * are written out with loop-invariant guards instead of a loop over cols: C2 does not unroll a loop with a
     * run-time trip count, and the unrolled form measured twice as fast. Longer rows use the flat vector count
     * per row.
     */

    private static long bitsI32(MemorySegment m, long off, IntVector bias, IntVector lim) {
        markUnsafeAccess(m);
        return IntVector.fromMemorySegment(I256, m, off, LE).sub(bias).compare(VectorOperators.LT, lim).toLong();
    }

    private static long bitsF32(MemorySegment m, long off, FloatVector lo, FloatVector hi) {
        markUnsafeAccess(m);
        FloatVector v = FloatVector.fromMemorySegment(F256, m, off, LE);
        return v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
    }

    private static long bitsI64(MemorySegment m, long off, LongVector bias, LongVector lim) {
        markUnsafeAccess(m);
        return LongVector.fromMemorySegment(L256, m, off, LE).sub(bias).compare(VectorOperators.LT, lim).toLong();
    }

    private static long bitsF64(MemorySegment m, long off, DoubleVector lo, DoubleVector hi) {
        markUnsafeAccess(m);
        DoubleVector v = DoubleVector.fromMemorySegment(D256, m, off, LE);
        return v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
    }

    /**
     * Per-row counts run in calls of this many rows (a multiple of 8), so that the block method gets a normal compile
     * instead of an on-stack-replacement one that boxes its vectors (docs/design/streaming-kernels.md).
     */
    private static final long ROW_BLOCK = 512;

    /** Eight 64-bit lanes for the row counts of a block, where the CPU has 512-bit vectors; else null. */
    private static final VectorSpecies<Long> L8 = L.length() >= 8 ? LongVector.SPECIES_512 : null;

    /**
     * Writes the 8 row counts of a block without 512-bit vectors: row j is bits {@code [j * cols, (j + 1) * cols)}
     * of {@code bits}. With them, the block methods broadcast {@code bits}, shift lane j by {@code j * cols}, mask,
     * popcount and narrow to 8 int32 in one store (vpsrlvq, vpopcntq, vpmovqd).
     */
    private static void storeRowCounts(long bits, int cols, long group, MemorySegment out, long r) {
        for (int j = 0; j < 8; j++) {
            out.setAtIndex(ScalarSupport.I32, r + j, Long.bitCount((bits >>> (cols * j)) & group));
        }
    }

    /** The per-lane shifts of the 512-bit row-count store: {@code j * cols} in lane j; null without 512-bit vectors. */
    private static LongVector rowShifts(int cols) {
        return L8 == null ? null : ((LongVector) L8.iotaShuffle(0, 1, false).toVector()).mul(cols);
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        int range = hi - lo;
        long r = 0;
        if (range != -1 && ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsI32Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, range, out);
            }
        } else if (range != -1 && cols > 8) {
            Chunks.each(0, rows, cols * Integer.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Integer.BYTES, k, k + 1);
                    out.setAtIndex(ScalarSupport.I32, k, (int) countI32(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsI32(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsI32Block(MemorySegment m, long from, long to, int c, int lo, int range,
                                          MemorySegment out) {
        IntVector bias = IntVector.broadcast(I256, lo ^ Integer.MIN_VALUE);
        IntVector lim = IntVector.broadcast(I256, (range ^ Integer.MIN_VALUE) + 1);
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        for (long r = from; r < to; r += 8) {
            long b = r * c * Integer.BYTES;
            long bits = bitsI32(m, b, bias, lim);
            if (c > 1) bits |= bitsI32(m, b + 32, bias, lim) << 8;
            if (c > 2) bits |= bitsI32(m, b + 64, bias, lim) << 16;
            if (c > 3) bits |= bitsI32(m, b + 96, bias, lim) << 24;
            if (c > 4) bits |= bitsI32(m, b + 128, bias, lim) << 32;
            if (c > 5) bits |= bitsI32(m, b + 160, bias, lim) << 40;
            if (c > 6) bits |= bitsI32(m, b + 192, bias, lim) << 48;
            if (c > 7) bits |= bitsI32(m, b + 224, bias, lim) << 56;
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess(out);
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        long r = 0;
        if (ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsF32Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, hi, out);
            }
        } else if (cols > 8) {
            Chunks.each(0, rows, cols * Float.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Float.BYTES, k, k + 1);
                    out.setAtIndex(ScalarSupport.I32, k, (int) countF32(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsF32(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsF32Block(MemorySegment m, long from, long to, int c, float lo, float hi,
                                          MemorySegment out) {
        FloatVector vlo = FloatVector.broadcast(F256, lo), vhi = FloatVector.broadcast(F256, hi);
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        for (long r = from; r < to; r += 8) {
            long b = r * c * Float.BYTES;
            long bits = bitsF32(m, b, vlo, vhi);
            if (c > 1) bits |= bitsF32(m, b + 32, vlo, vhi) << 8;
            if (c > 2) bits |= bitsF32(m, b + 64, vlo, vhi) << 16;
            if (c > 3) bits |= bitsF32(m, b + 96, vlo, vhi) << 24;
            if (c > 4) bits |= bitsF32(m, b + 128, vlo, vhi) << 32;
            if (c > 5) bits |= bitsF32(m, b + 160, vlo, vhi) << 40;
            if (c > 6) bits |= bitsF32(m, b + 192, vlo, vhi) << 48;
            if (c > 7) bits |= bitsF32(m, b + 224, vlo, vhi) << 56;
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess(out);
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    @Override
    public void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out) {
        long r = 0;
        if (ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsF64Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, hi, out);
            }
        } else if (cols > 8) {
            Chunks.each(0, rows, cols * Double.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Double.BYTES, k, k + 1);
                    out.setAtIndex(ScalarSupport.I32, k, (int) countF64(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsF64(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsF64Block(MemorySegment m, long from, long to, int c, double lo, double hi,
                                          MemorySegment out) {
        DoubleVector vlo = DoubleVector.broadcast(D256, lo), vhi = DoubleVector.broadcast(D256, hi);
        int vectors = 2 * c;
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        for (long r = from; r < to; r += 8) {
            long b = r * c * Double.BYTES;
            long bits = bitsF64(m, b, vlo, vhi) | bitsF64(m, b + 32, vlo, vhi) << 4;
            for (int k = 2; k < vectors; k += 2) {
                bits |= (bitsF64(m, b + 32L * k, vlo, vhi) | bitsF64(m, b + 32L * k + 32, vlo, vhi) << 4)
                        << (4 * k);
            }
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess(out);
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        long range = hi - lo;
        long r = 0;
        if (range != -1L && ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsI64Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, range, out);
            }
        } else if (range != -1L && cols > 8) {
            Chunks.each(0, rows, cols * Long.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Long.BYTES, k, k + 1);
                    out.setAtIndex(ScalarSupport.I32, k, (int) countI64(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsI64(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsI64Block(MemorySegment m, long from, long to, int c, long lo, long range,
                                          MemorySegment out) {
        LongVector bias = LongVector.broadcast(L256, lo ^ Long.MIN_VALUE);
        LongVector lim = LongVector.broadcast(L256, (range ^ Long.MIN_VALUE) + 1);
        int vectors = 2 * c;
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        for (long r = from; r < to; r += 8) {
            long b = r * c * Long.BYTES;
            long bits = bitsI64(m, b, bias, lim) | bitsI64(m, b + 32, bias, lim) << 4;
            for (int k = 2; k < vectors; k += 2) {
                bits |= (bitsI64(m, b + 32L * k, bias, lim) | bitsI64(m, b + 32L * k + 32, bias, lim) << 4)
                        << (4 * k);
            }
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess(out);
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    // ---- per-row hypotenuse, per-column sum of squares ----

    @Override
    public void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB,
                          MemorySegment out) {
        // Two strided loads per row and Math.hypot's careful scaling: the Vector API offers neither strided
        // segment loads nor a hypot lane operation, so the scalar twin is the implementation.
        ScalarSupport.INSTANCE.hypotRows(dtype, m, rows, cols, colA, colB, out);
    }

    @Override
    public void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out) {
        final int w = D.length();
        if (dtype != DType.FLOAT64 || cols < w) {
            ScalarSupport.INSTANCE.sumOfSquaresColumns(dtype, m, rows, cols, out);
            return;
        }
        // Row by row, a vector of adjacent columns at a time. mul then add (never FMA) in row order, so every
        // column is summed exactly as the scalar loop does: the results are bit-identical.
        out.fill((byte) 0);
        if (cols > Chunks.items(Double.BYTES)) {
            // A row larger than a chunk: its columns go a chunk at a time (each column is summed on its own).
            for (long r = 0; r < rows; r++) {
                long row = r;
                Chunks.each(0, cols, Double.BYTES, (f, t) -> addSquares(m, row, row + 1, cols, f, t, out));
            }
            return;
        }
        Chunks.each(0, rows, cols * Double.BYTES, (f, t) -> addSquares(m, f, t, cols, 0, cols, out));
    }

    /** Adds {@code m[r, c]^2} to {@code out[c]} for rows {@code [fromRow, toRow)}, columns {@code [fromCol, toCol)}. */
    private static void addSquares(MemorySegment m, long fromRow, long toRow, long cols, long fromCol, long toCol,
                                   MemorySegment out) {
        final int w = D.length();
        long vecEnd = toCol - (toCol - fromCol) % w;
        for (long r = fromRow; r < toRow; r++) {
            long rowBase = r * cols;
            long c = fromCol;
            for (; c < vecEnd; c += w) {
                DoubleVector v = ld(m, rowBase + c);
                st(ld(out, c).add(v.mul(v)), out, c);
            }
            for (; c < toCol; c++) {
                double v = ScalarSupport.f64(m, rowBase + c);
                out.setAtIndex(ScalarSupport.F64, c, out.getAtIndex(ScalarSupport.F64, c) + v * v);
            }
        }
    }

    // ---- streaming kernels: inputs of at least STREAM_BYTES ----
    /*
     * Same arithmetic as the kernels above, shaped for data from L3 or memory: at most 256-bit vectors for sums (DS,
     * FS), a stride scaled by streamStride so that C2 does not unroll, and one call per block of Chunks.BYTES that
     * returns a scalar, so that no vector accumulator lives across an on-stack-replacement entry
     * (docs/design/streaming-kernels.md). Floating-point sums add the block results in order: the result differs
     * from the cached loops only by reassociation, inside the same stated bound.
     */

    private static double sumOfSquaresF64Block(MemorySegment x, long from, long to) {
        final int w = DS.length();
        final long step = 8L * w * streamStride;
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long i = from;
        for (long bound = to - 8L * w; i <= bound; i += step) {
            DoubleVector v0 = lds(x, i), v1 = lds(x, i + w), v2 = lds(x, i + 2 * w), v3 = lds(x, i + 3 * w);
            DoubleVector v4 = lds(x, i + 4 * w), v5 = lds(x, i + 5 * w), v6 = lds(x, i + 6 * w), v7 = lds(x, i + 7 * w);
            a0 = fma(v0, v0, a0);
            a1 = fma(v1, v1, a1);
            a2 = fma(v2, v2, a2);
            a3 = fma(v3, v3, a3);
            a4 = fma(v4, v4, a4);
            a5 = fma(v5, v5, a5);
            a6 = fma(v6, v6, a6);
            a7 = fma(v7, v7, a7);
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
            a0 = fma(v0, v0, a0);
            a1 = fma(v1, v1, a1);
            a2 = fma(v2, v2, a2);
            a3 = fma(v3, v3, a3);
            a4 = fma(v4, v4, a4);
            a5 = fma(v5, v5, a5);
            a6 = fma(v6, v6, a6);
            a7 = fma(v7, v7, a7);
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
            a0 = fma(lds(a, i), lds(b, i), a0);
            a1 = fma(lds(a, i + w), lds(b, i + w), a1);
            a2 = fma(lds(a, i + 2 * w), lds(b, i + 2 * w), a2);
            a3 = fma(lds(a, i + 3 * w), lds(b, i + 3 * w), a3);
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
            a0 = fma(lfs(a, i), lfs(b, i), a0);
            a1 = fma(lfs(a, i + w), lfs(b, i + w), a1);
            a2 = fma(lfs(a, i + 2 * w), lfs(b, i + 2 * w), a2);
            a3 = fma(lfs(a, i + 3 * w), lfs(b, i + 3 * w), a3);
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return ScalarSupport.dotF32(a, b, i, to, s);
    }

    private static long countF64Block(MemorySegment x, long from, long to, double lo, double hi) {
        long loKey = key(lo == 0.0 ? -0.0 : lo);
        long range = key(hi == 0.0 ? 0.0 : hi) - loKey;
        boolean raw = lo > 0.0;
        final int w = D.length();
        final long step = 4L * w * streamStride;
        LongVector bias = LongVector.broadcast(LD, loKey ^ Long.MIN_VALUE);
        LongVector lim = LongVector.broadcast(LD, (range ^ Long.MIN_VALUE) + 1);
        LongVector c0 = LongVector.zero(LD), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(keys(ld(x, i), raw), bias, lim));
            c1 = c1.sub(inRange(keys(ld(x, i + w), raw), bias, lim));
            c2 = c2.sub(inRange(keys(ld(x, i + 2 * w), raw), bias, lim));
            c3 = c3.sub(inRange(keys(ld(x, i + 3 * w), raw), bias, lim));
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
        IntVector bias = IntVector.broadcast(IF, loKey ^ Integer.MIN_VALUE);
        IntVector lim = IntVector.broadcast(IF, (range ^ Integer.MIN_VALUE) + 1);
        IntVector c0 = IntVector.zero(IF), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(keys(lf(x, i), raw), bias, lim));
            c1 = c1.sub(inRange(keys(lf(x, i + w), raw), bias, lim));
            c2 = c2.sub(inRange(keys(lf(x, i + 2 * w), raw), bias, lim));
            c3 = c3.sub(inRange(keys(lf(x, i + 3 * w), raw), bias, lim));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countF32(x, i, to, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1); a block is far below 2^31 elements. */
    private static long countI32Block(MemorySegment x, long from, long to, int lo, int hi) {
        final int w = I.length();
        final long step = 4L * w * streamStride;
        IntVector bias = IntVector.broadcast(I, lo ^ Integer.MIN_VALUE);
        IntVector lim = IntVector.broadcast(I, ((hi - lo) ^ Integer.MIN_VALUE) + 1);
        IntVector c0 = IntVector.zero(I), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(li(x, i), bias, lim));
            c1 = c1.sub(inRange(li(x, i + w), bias, lim));
            c2 = c2.sub(inRange(li(x, i + 2 * w), bias, lim));
            c3 = c3.sub(inRange(li(x, i + 3 * w), bias, lim));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI32(x, i, to, lo, hi);
    }

    /** Caller has answered the full range (hi - lo == -1). */
    private static long countI64Block(MemorySegment x, long from, long to, long lo, long hi) {
        final int w = L.length();
        final long step = 4L * w * streamStride;
        LongVector bias = LongVector.broadcast(L, lo ^ Long.MIN_VALUE);
        LongVector lim = LongVector.broadcast(L, ((hi - lo) ^ Long.MIN_VALUE) + 1);
        LongVector c0 = LongVector.zero(L), c1 = c0, c2 = c0, c3 = c0;
        long i = from;
        for (long bound = to - 4L * w; i <= bound; i += step) {
            c0 = c0.sub(inRange(ll(x, i), bias, lim));
            c1 = c1.sub(inRange(ll(x, i + w), bias, lim));
            c2 = c2.sub(inRange(ll(x, i + 2 * w), bias, lim));
            c3 = c3.sub(inRange(ll(x, i + 3 * w), bias, lim));
        }
        long c = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
        return c + ScalarSupport.countI64(x, i, to, lo, hi);
    }

    private static DoubleVector lds(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return DoubleVector.fromMemorySegment(DS, x, i * Double.BYTES, LE);
    }

    private static FloatVector lfs(MemorySegment x, long i) {
        markUnsafeAccess(x);
        return FloatVector.fromMemorySegment(FS, x, i * Float.BYTES, LE);
    }

    // ---- scale in place ----

    @Override
    public void scaleF64(MemorySegment x, long n, double factor) {
        if (n >= STREAM_BYTES / Double.BYTES) {
            Chunks.each(0, n, Double.BYTES, (f, t) -> scaleF64(slice(x, Double.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = D.length();
        long i = 0;
        for (long bound = n - w; i <= bound; i += w) {
            st(ld(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleF64(x, i, n, factor);
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        if (n >= STREAM_BYTES / Float.BYTES) {
            Chunks.each(0, n, Float.BYTES, (f, t) -> scaleF32(slice(x, Float.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = F.length();
        long i = 0;
        for (long bound = n - w; i <= bound; i += w) {
            st(lf(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleF32(x, i, n, factor);
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        if (n >= STREAM_BYTES / Integer.BYTES) {
            Chunks.each(0, n, Integer.BYTES, (f, t) -> scaleI32(slice(x, Integer.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = I.length();
        long i = 0;
        for (long bound = n - w; i <= bound; i += w) {
            st(li(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleI32(x, i, n, factor);
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        if (n >= STREAM_BYTES / Long.BYTES) {
            Chunks.each(0, n, Long.BYTES, (f, t) -> scaleI64(slice(x, Long.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = L.length();
        long i = 0;
        for (long bound = n - w; i <= bound; i += w) {
            st(ll(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleI64(x, i, n, factor);
    }
}
