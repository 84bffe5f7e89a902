package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.*;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * What every Vector API kernel class shares: the species, the FMA choice, the input size where the streaming loops
 * take over, and the vector loads and stores, each of which first makes a scalar access to its segment
 * ({@link #markUnsafeAccess}) so that a mapped file truncated by another process is an {@link InternalError}, not
 * a JVM crash (docs/segment-safety.md).
 */
final class VectorAccess {
    private VectorAccess() {
    }

    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    /** int32 lanes that widen to exactly one {@link #L} vector. */
    static final VectorSpecies<Integer> IH =
            VectorSpecies.of(int.class, VectorShape.forBitSize(L.vectorBitSize() / 2));
    /** Float counters: int lanes of the float species' shape (same lane count). */
    static final VectorSpecies<Integer> IF = VectorSpecies.of(int.class, F.vectorShape());
    /** Double counters: long lanes of the double species' shape. */
    static final VectorSpecies<Long> LD = VectorSpecies.of(long.class, D.vectorShape());
    /** Sums in the streaming loops (see {@link #STREAM_BYTES}) use vectors of at most 256 bits. */
    static final VectorSpecies<Double> DS = D.vectorBitSize() > 256 ? DoubleVector.SPECIES_256 : D;
    static final VectorSpecies<Float> FS = F.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : F;

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
    static long streamStride = 1;

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /**
     * Always 0, never written; a non-final field so that C2 cannot fold what is computed from it. When a caller's
     * constant bounds are inlined into a count loop, C2 turns the loop-invariant vectors (bounds, and the 0 and -1
     * that a mask becomes) into constants and rebuilds them inside the loop at every use; vectors made from an
     * {@link #opaque} value stay in registers (docs/design/kernel-speed.md, the third look).
     */
    @SuppressWarnings("FieldMayBeFinal")
    private static int opaqueZero = 0;

    /** {@code x}, through a value C2 cannot see as a constant (see {@link #opaqueZero}); one load and one xor. */
    static int opaque(int x) {
        return x ^ opaqueZero;
    }

    static long opaque(long x) {
        return x ^ opaqueZero;
    }

    static double opaque(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ opaqueZero);
    }

    static float opaque(float x) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ opaqueZero);
    }

    /**
     * Whether a compare's mask is a vector register (AVX2 and 128-bit species) rather than a predicate register
     * (AVX-512): there {@code toVector()} is a blend of the constants 0 and -1, which the count loops write out
     * with opaque operands instead (see {@link #opaqueZero}).
     */
    static final boolean MASKS_IN_VECTORS = I.vectorBitSize() < 512;

    /** A mask as 0/-1 lanes: {@code zero} and {@code ones} are opaque 0 and -1 vectors of the mask's species. */
    static IntVector lanes(VectorMask<Integer> m, IntVector zero, IntVector ones) {
        return MASKS_IN_VECTORS ? zero.blend(ones, m) : (IntVector) m.toVector();
    }

    static LongVector lanes(VectorMask<Long> m, LongVector zero, LongVector ones) {
        return MASKS_IN_VECTORS ? zero.blend(ones, m) : (LongVector) m.toVector();
    }

    /**
     * Use FMA only where the JVM would emit the instruction; emulated FMA is far slower than mul + add. The loops
     * spell out {@code FMA ? a.fma(b, c) : a.mul(b).add(c)} instead of calling a helper: once a loop of eight loads
     * reaches C2's node budget (NodeCountInliningCutoff) it stops inlining helpers of ours, but never the Vector
     * API's own methods, and a helper left as a call boxes every vector it touches (docs/design/segment-classes.md).
     */
    static final boolean FMA = vmFlag("UseFMA");

    private static boolean vmFlag(String name) {
        try {
            HotSpotDiagnosticMXBean b = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return b != null && Boolean.parseBoolean(b.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Makes a SIGBUS in the compiled code around the call an {@link InternalError} instead of a JVM crash. HotSpot
     * forgives a SIGBUS (a mapped file truncated under us) only in compiled methods flagged as doing unsafe memory
     * access; C2 sets the flag when it compiles a scalar {@link MemorySegment} access (an {@code Unsafe} intrinsic)
     * but not for Vector API loads and stores (JDK 25), so a method whose only accesses are vector ones crashes
     * with an hs_err file. Every load and store of native memory here calls this first, so the two are always
     * compiled into the same method, including on-stack-replacement compiles, which start at a loop and skip what
     * comes before it. It reads one byte of a constant segment: C2 folds its checks and deletes the read, the flag
     * stays. {@code TruncatedMappingTest} checks all of this on the running JVM.
     */
    static void markUnsafeAccess() {
        MARK.get(ValueLayout.JAVA_BYTE, 0);
    }

    /**
     * {@code n} elements as the bound of a kernel loop. Kernel loops count with an int and compute offsets in long
     * ({@code long k = from + i}): C2 compiles a loop over a long index as a nest of two loops, whose profiled
     * predicates trap at a bytecode that C2's trap count does not consult, so in a JVM whose loads had seen native and
     * heap segments a loop over native memory was recompiled without end, 170x slower; and int offsets widened to
     * long keep a bounds check per load (docs/design/segment-classes.md). Callers pass less than
     * {@link #STREAM_BYTES} or one {@link Chunks} block. A plain cast, because a checked one made the int32 count 1.6x
     * slower; a larger {@code n} would only leave more elements to the scalar tail that follows every loop.
     */
    static int loopLength(long n) {
        return (int) n;
    }

    /** The byte {@link #markUnsafeAccess} reads: native memory that lives as long as the JVM. */
    private static final MemorySegment MARK = Arena.global().allocate(1);

    /*
     * Loads and stores test the segment's class first (SegmentClasses says why): native and mapped segments load
     * through the segment, heap segments over an array of the element type through the array (no session to check,
     * no mapping to truncate; the kernels' callers have checked the bounds against the segment, and a read-only
     * segment hides its array and takes the general path). Any other class takes a method of its own, out of line,
     * so that each helper stays small enough for C2 to inline into a loop of eight loads. The shape matters: with
     * the heap test written as one condition with an instanceof pattern, C2 boxed the loaded vectors (12x slower).
     */

    static DoubleVector ld(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            return DoubleVector.fromMemorySegment(D, n, i * Double.BYTES, LE);
        } else if (c == DOUBLES) {
            MemorySegment h = DOUBLES.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return DoubleVector.fromArray(D, (double[]) a, (int) (h.address() / Double.BYTES + i));
            }
        }
        return ldOther(x, i);
    }

    private static DoubleVector ldOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return DoubleVector.fromMemorySegment(D, x, i * Double.BYTES, LE);
    }

    static FloatVector lf(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            return FloatVector.fromMemorySegment(F, n, i * Float.BYTES, LE);
        } else if (c == FLOATS) {
            MemorySegment h = FLOATS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return FloatVector.fromArray(F, (float[]) a, (int) (h.address() / Float.BYTES + i));
            }
        }
        return lfOther(x, i);
    }

    private static FloatVector lfOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return FloatVector.fromMemorySegment(F, x, i * Float.BYTES, LE);
    }

    static IntVector li(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            return IntVector.fromMemorySegment(I, n, i * Integer.BYTES, LE);
        } else if (c == INTS) {
            MemorySegment h = INTS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return IntVector.fromArray(I, (int[]) a, (int) (h.address() / Integer.BYTES + i));
            }
        }
        return liOther(x, i);
    }

    private static IntVector liOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return IntVector.fromMemorySegment(I, x, i * Integer.BYTES, LE);
    }

    static LongVector ll(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            return LongVector.fromMemorySegment(L, n, i * Long.BYTES, LE);
        } else if (c == LONGS) {
            MemorySegment h = LONGS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return LongVector.fromArray(L, (long[]) a, (int) (h.address() / Long.BYTES + i));
            }
        }
        return llOther(x, i);
    }

    private static LongVector llOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return LongVector.fromMemorySegment(L, x, i * Long.BYTES, LE);
    }

    /** {@link #L}.length() int32 elements from element {@code i}, sign-extended to int64 lanes. */
    static LongVector lw(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        IntVector v;
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            v = IntVector.fromMemorySegment(IH, n, i * Integer.BYTES, LE);
        } else {
            MemorySegment h = c == INTS ? INTS.cast(x) : null;
            Object a = h != null ? h.heapBase().orElse(null) : null;
            v = a != null ? IntVector.fromArray(IH, (int[]) a, (int) (h.address() / Integer.BYTES + i)) : lwOther(x, i);
        }
        return (LongVector) v.convertShape(VectorOperators.I2L, L, 0);
    }

    private static IntVector lwOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return IntVector.fromMemorySegment(IH, x, i * Integer.BYTES, LE);
    }

    static void st(DoubleVector v, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            v.intoMemorySegment(n, i * Double.BYTES, LE);
            return;
        } else if (c == DOUBLES) {
            MemorySegment h = DOUBLES.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                v.intoArray((double[]) a, (int) (h.address() / Double.BYTES + i));
                return;
            }
        }
        stOther(v, x, i);
    }

    private static void stOther(DoubleVector v, MemorySegment x, long i) {
        markUnsafeAccess();
        v.intoMemorySegment(x, i * Double.BYTES, LE);
    }

    static void st(FloatVector v, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            v.intoMemorySegment(n, i * Float.BYTES, LE);
            return;
        } else if (c == FLOATS) {
            MemorySegment h = FLOATS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                v.intoArray((float[]) a, (int) (h.address() / Float.BYTES + i));
                return;
            }
        }
        stOther(v, x, i);
    }

    private static void stOther(FloatVector v, MemorySegment x, long i) {
        markUnsafeAccess();
        v.intoMemorySegment(x, i * Float.BYTES, LE);
    }

    static void st(IntVector v, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            v.intoMemorySegment(n, i * Integer.BYTES, LE);
            return;
        } else if (c == INTS) {
            MemorySegment h = INTS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                v.intoArray((int[]) a, (int) (h.address() / Integer.BYTES + i));
                return;
            }
        }
        stOther(v, x, i);
    }

    private static void stOther(IntVector v, MemorySegment x, long i) {
        markUnsafeAccess();
        v.intoMemorySegment(x, i * Integer.BYTES, LE);
    }

    static void st(LongVector v, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            v.intoMemorySegment(n, i * Long.BYTES, LE);
            return;
        } else if (c == LONGS) {
            MemorySegment h = LONGS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                v.intoArray((long[]) a, (int) (h.address() / Long.BYTES + i));
                return;
            }
        }
        stOther(v, x, i);
    }

    private static void stOther(LongVector v, MemorySegment x, long i) {
        markUnsafeAccess();
        v.intoMemorySegment(x, i * Long.BYTES, LE);
    }

    /** Elements {@code [from, to)} of {@code x}, elements of {@code bytes} bytes. */
    static MemorySegment slice(MemorySegment x, long bytes, long from, long to) {
        return x.asSlice(from * bytes, (to - from) * bytes);
    }

    static DoubleVector lds(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            return DoubleVector.fromMemorySegment(DS, n, i * Double.BYTES, LE);
        } else if (c == DOUBLES) {
            MemorySegment h = DOUBLES.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return DoubleVector.fromArray(DS, (double[]) a, (int) (h.address() / Double.BYTES + i));
            }
        }
        return ldsOther(x, i);
    }

    private static DoubleVector ldsOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return DoubleVector.fromMemorySegment(DS, x, i * Double.BYTES, LE);
    }

    static FloatVector lfs(MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            markUnsafeAccess();
            return FloatVector.fromMemorySegment(FS, n, i * Float.BYTES, LE);
        } else if (c == FLOATS) {
            MemorySegment h = FLOATS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return FloatVector.fromArray(FS, (float[]) a, (int) (h.address() / Float.BYTES + i));
            }
        }
        return lfsOther(x, i);
    }

    private static FloatVector lfsOther(MemorySegment x, long i) {
        markUnsafeAccess();
        return FloatVector.fromMemorySegment(FS, x, i * Float.BYTES, LE);
    }
}
