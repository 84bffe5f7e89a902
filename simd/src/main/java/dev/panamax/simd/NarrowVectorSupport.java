package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.*;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels for int8, uint8 and int16, twin of {@link NarrowScalarSupport}; with
 * {@code VectorSupport} and the classes it delegates to, the only ones that import {@code jdk.incubator.vector}.
 * {@link KernelProvider} loads it by name, through {@link NarrowVectorCopies} (a copy per class of segment).
 *
 * <ul>
 * <li>Sums, sums of squares and dot products widen: each load of {@code I.length()} elements becomes one int32
 *     vector (sign-extended, then masked with 0xFF for uint8), four int32 accumulators take the unrolled loop, and
 *     they are reduced into an int64 total once per block, short enough that no int32 lane or lane sum can
 *     overflow ({@link #BYTE_SUM_BLOCK} and friends). int16 squares and products (up to 2^30) are widened once
 *     more, to int64 lanes.</li>
 * <li>Min, max and range counts stay in the element type, at the preferred byte or short width: uint8 is flipped
 *     to signed order with {@code x ^ 0x80}, counts use one subtract and one signed compare per vector (the
 *     trick of the int32 kernels, in 8 or 16 bits) and add the mask's {@code trueCount}.</li>
 * <li>{@code scale} multiplies in the element type (the low bits of the product, the same for int8 and uint8).</li>
 * </ul>
 * Every loop runs inside {@link Chunks} (at most 256 KiB between safepoint polls) and every load and store first
 * touches its segment with a scalar access, for the reasons {@code VectorAccess} gives. One loop shape only: the
 * cached/streaming split of {@code VectorSupport} is not repeated here. Needs int32 vectors of at least 256 bits
 * (so that a load of bytes is a whole vector shape); on narrower hardware the constructor refuses and the scalar
 * twin runs.
 */
final class NarrowVectorSupport implements NarrowSupport {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    /** Bytes that widen to exactly one {@link #I} vector: a quarter of its bits. */
    private static final VectorSpecies<Byte> BI;
    /** Shorts that widen to exactly one {@link #I} vector: half of its bits. */
    private static final VectorSpecies<Short> SI;

    static {
        boolean wide = I.vectorBitSize() >= 256 && L.vectorBitSize() == I.vectorBitSize();
        BI = wide ? VectorSpecies.of(byte.class, VectorShape.forBitSize(I.vectorBitSize() / 4)) : null;
        SI = wide ? VectorSpecies.of(short.class, VectorShape.forBitSize(I.vectorBitSize() / 2)) : null;
    }

    /** Elements per int32 reduction of byte sums: 255 * 2^22 < 2^31, so no lane or lane sum overflows. */
    static final long BYTE_SUM_BLOCK = 1L << 22;
    /** Elements per int32 reduction of byte squares and products: 65025 * 2^14 < 2^31. */
    static final long BYTE_SQUARE_BLOCK = 1L << 14;
    /** Elements per int32 reduction of int16 sums: 32768 * 2^15 < 2^31. */
    static final long SHORT_SUM_BLOCK = 1L << 15;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final IntVector SIGNED = IntVector.broadcast(I, -1);
    private static final IntVector UNSIGNED = IntVector.broadcast(I, 0xFF);

    /**
     * @throws UnsupportedOperationException if the preferred int32 vectors are narrower than 256 bits (the provider
     *                                       then uses the scalar kernels)
     */
    NarrowVectorSupport() {
        if (BI == null) {
            throw new UnsupportedOperationException("int8/int16 kernels need int32 vectors of at least 256 bits, "
                    + "this CPU's are " + I.vectorBitSize());
        }
    }

    /*
     * Loads and stores test the segment's class as VectorAccess's do (SegmentClasses says why): native and mapped
     * segments through the segment, heap segments over a byte[] or short[] through the array, anything else out of
     * line. Kept in that shape: it is the one measured in JVMs that mix classes (docs/design/segment-classes.md).
     */

    /** {@code I.length()} bytes from element {@code i}, sign-extended to int32 and masked ({@link #UNSIGNED}). */
    private static IntVector lb(MemorySegment x, long i, IntVector mask) {
        return ((IntVector) bytes(BI, x, i).convertShape(VectorOperators.B2I, I, 0)).and(mask);
    }

    /** {@code I.length()} int16 elements from element {@code i}, sign-extended to int32. */
    private static IntVector ls(MemorySegment x, long i) {
        return (IntVector) shorts(SI, x, i).convertShape(VectorOperators.S2I, I, 0);
    }

    private static ByteVector b(MemorySegment x, long i) {
        return bytes(B, x, i);
    }

    private static ShortVector s(MemorySegment x, long i) {
        return shorts(S, x, i);
    }

    private static ByteVector bytes(VectorSpecies<Byte> species, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            VectorAccess.markUnsafeAccess();
            return ByteVector.fromMemorySegment(species, n, i, LE);
        } else if (c == BYTES) {
            MemorySegment h = BYTES.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return ByteVector.fromArray(species, (byte[]) a, (int) (h.address() + i));
            }
        }
        return bytesOther(species, x, i);
    }

    private static ByteVector bytesOther(VectorSpecies<Byte> species, MemorySegment x, long i) {
        VectorAccess.markUnsafeAccess();
        return ByteVector.fromMemorySegment(species, x, i, LE);
    }

    private static ShortVector shorts(VectorSpecies<Short> species, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            VectorAccess.markUnsafeAccess();
            return ShortVector.fromMemorySegment(species, n, i * Short.BYTES, LE);
        } else if (c == SHORTS) {
            MemorySegment h = SHORTS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return ShortVector.fromArray(species, (short[]) a, (int) (h.address() / Short.BYTES + i));
            }
        }
        return shortsOther(species, x, i);
    }

    private static ShortVector shortsOther(VectorSpecies<Short> species, MemorySegment x, long i) {
        VectorAccess.markUnsafeAccess();
        return ShortVector.fromMemorySegment(species, x, i * Short.BYTES, LE);
    }

    private static void st(ByteVector v, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            VectorAccess.markUnsafeAccess();
            v.intoMemorySegment(n, i, LE);
            return;
        } else if (c == BYTES) {
            MemorySegment h = BYTES.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                v.intoArray((byte[]) a, (int) (h.address() + i));
                return;
            }
        }
        VectorAccess.markUnsafeAccess();
        v.intoMemorySegment(x, i, LE);
    }

    private static void st(ShortVector v, MemorySegment x, long i) {
        Class<?> c = x.getClass();
        if (NATIVE.isInstance(x)) {
            MemorySegment n = NATIVE.cast(x);
            VectorAccess.markUnsafeAccess();
            v.intoMemorySegment(n, i * Short.BYTES, LE);
            return;
        } else if (c == SHORTS) {
            MemorySegment h = SHORTS.cast(x);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                v.intoArray((short[]) a, (int) (h.address() / Short.BYTES + i));
                return;
            }
        }
        VectorAccess.markUnsafeAccess();
        v.intoMemorySegment(x, i * Short.BYTES, LE);
    }

    private static IntVector mask(DType t) {
        return t == DType.UINT8 ? UNSIGNED : SIGNED;
    }

    private static MemorySegment slice(DType t, MemorySegment x, long from, long to) {
        return x.asSlice(from * t.byteSize(), (to - from) * t.byteSize());
    }

    // ---- sums, sums of squares, dot products: widened to int32 lanes, reduced to int64 per block ----

    @Override
    public long sum(DType t, MemorySegment x, long n) {
        return Chunks.longs(0, n, t.byteSize(), 0L, (f, to, s) -> s + (t == DType.INT16
                ? sumShorts(slice(t, x, f, to), to - f) : sumBytes(t, slice(t, x, f, to), to - f)));
    }

    private static long sumBytes(DType t, MemorySegment x, long n) {
        final int w = I.length();
        IntVector m = mask(t);
        long total = 0;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        while (len - i >= 4 * w) {
            int end = (int) Math.min(len, i + BYTE_SUM_BLOCK);
            IntVector a0 = IntVector.zero(I), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = end - 4 * w; i <= bound; i += 4 * w) {
                long k = i;
                a0 = a0.add(lb(x, k, m));
                a1 = a1.add(lb(x, k + w, m));
                a2 = a2.add(lb(x, k + 2 * w, m));
                a3 = a3.add(lb(x, k + 3 * w, m));
            }
            total += a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        }
        IntVector a = IntVector.zero(I);
        for (int bound = len - w; i <= bound; i += w) {
            a = a.add(lb(x, i, m));
        }
        total += a.reduceLanes(VectorOperators.ADD);
        return NarrowScalarSupport.sum(t, x, i, n, total);
    }

    private static long sumShorts(MemorySegment x, long n) {
        final int w = I.length();
        long total = 0;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        while (len - i >= 4 * w) {
            int end = (int) Math.min(len, i + SHORT_SUM_BLOCK);
            IntVector a0 = IntVector.zero(I), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = end - 4 * w; i <= bound; i += 4 * w) {
                long k = i;
                a0 = a0.add(ls(x, k));
                a1 = a1.add(ls(x, k + w));
                a2 = a2.add(ls(x, k + 2 * w));
                a3 = a3.add(ls(x, k + 3 * w));
            }
            total += a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        }
        IntVector a = IntVector.zero(I);
        for (int bound = len - w; i <= bound; i += w) {
            a = a.add(ls(x, i));
        }
        total += a.reduceLanes(VectorOperators.ADD);
        return NarrowScalarSupport.sum(DType.INT16, x, i, n, total);
    }

    @Override
    public long sumOfSquares(DType t, MemorySegment x, long n) {
        return Chunks.longs(0, n, t.byteSize(), 0L, (f, to, s) -> s + (t == DType.INT16
                ? dotShorts(slice(t, x, f, to), slice(t, x, f, to), to - f)
                : dotBytes(t, slice(t, x, f, to), slice(t, x, f, to), to - f)));
    }

    @Override
    public long dot(DType t, MemorySegment a, MemorySegment b, long n) {
        return Chunks.longs(0, n, 2L * t.byteSize(), 0L, (f, to, s) -> s + (t == DType.INT16
                ? dotShorts(slice(t, a, f, to), slice(t, b, f, to), to - f)
                : dotBytes(t, slice(t, a, f, to), slice(t, b, f, to), to - f)));
    }

    /** {@code sum(a_i * b_i)} of bytes; a sum of squares is the dot product of a segment with itself. */
    private static long dotBytes(DType t, MemorySegment a, MemorySegment b, long n) {
        final int w = I.length();
        IntVector m = mask(t);
        long total = 0;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        while (len - i >= 4 * w) {
            int end = (int) Math.min(len, i + BYTE_SQUARE_BLOCK);
            IntVector a0 = IntVector.zero(I), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = end - 4 * w; i <= bound; i += 4 * w) {
                long k = i;
                a0 = a0.add(lb(a, k, m).mul(lb(b, k, m)));
                a1 = a1.add(lb(a, k + w, m).mul(lb(b, k + w, m)));
                a2 = a2.add(lb(a, k + 2 * w, m).mul(lb(b, k + 2 * w, m)));
                a3 = a3.add(lb(a, k + 3 * w, m).mul(lb(b, k + 3 * w, m)));
            }
            total += a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        }
        IntVector acc = IntVector.zero(I);
        for (int bound = len - w; i <= bound; i += w) {
            acc = acc.add(lb(a, i, m).mul(lb(b, i, m)));
        }
        total += acc.reduceLanes(VectorOperators.ADD);
        return NarrowScalarSupport.dot(t, a, b, i, n, total);
    }

    /** int16 products reach 2^30: each int32 vector of products is widened to two int64 vectors. */
    private static long dotShorts(MemorySegment a, MemorySegment b, long n) {
        final int w = I.length();
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        for (int bound = len - 2 * w; i <= bound; i += 2 * w) {
            long k = i;
            IntVector p = ls(a, k).mul(ls(b, k));
            IntVector q = ls(a, k + w).mul(ls(b, k + w));
            a0 = a0.add(p.convertShape(VectorOperators.I2L, L, 0));
            a1 = a1.add(p.convertShape(VectorOperators.I2L, L, 1));
            a2 = a2.add(q.convertShape(VectorOperators.I2L, L, 0));
            a3 = a3.add(q.convertShape(VectorOperators.I2L, L, 1));
        }
        long total = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return NarrowScalarSupport.dot(DType.INT16, a, b, i, n, total);
    }

    // ---- min / max: in the element type ----

    @Override
    public int min(DType t, MemorySegment x, long n) {
        return Chunks.ints(0, n, t.byteSize(), Integer.MAX_VALUE, (f, to, r) -> Math.min(r, t == DType.INT16
                ? minMaxShorts(slice(t, x, f, to), to - f, false) : minMaxBytes(t, slice(t, x, f, to), to - f, false)));
    }

    @Override
    public int max(DType t, MemorySegment x, long n) {
        return Chunks.ints(0, n, t.byteSize(), Integer.MIN_VALUE, (f, to, r) -> Math.max(r, t == DType.INT16
                ? minMaxShorts(slice(t, x, f, to), to - f, true) : minMaxBytes(t, slice(t, x, f, to), to - f, true)));
    }

    /** uint8 elements are flipped with {@code ^ 0x80} into signed order, compared, and flipped back. */
    private static int minMaxBytes(DType t, MemorySegment x, long n, boolean max) {
        final int w = B.length();
        byte flip = t == DType.UINT8 ? (byte) 0x80 : 0;
        VectorOperators.Associative op = max ? VectorOperators.MAX : VectorOperators.MIN;
        int r = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        if (n >= w) {
            ByteVector m0 = b(x, 0).lanewise(VectorOperators.XOR, flip), m1 = m0, m2 = m0, m3 = m0;
            for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
                long k = i;
                m0 = m0.lanewise(op, b(x, k).lanewise(VectorOperators.XOR, flip));
                m1 = m1.lanewise(op, b(x, k + w).lanewise(VectorOperators.XOR, flip));
                m2 = m2.lanewise(op, b(x, k + 2 * w).lanewise(VectorOperators.XOR, flip));
                m3 = m3.lanewise(op, b(x, k + 3 * w).lanewise(VectorOperators.XOR, flip));
            }
            for (int bound = len - w; i <= bound; i += w) {
                m0 = m0.lanewise(op, b(x, i).lanewise(VectorOperators.XOR, flip));
            }
            byte v = (byte) (m0.lanewise(op, m1).lanewise(op, m2.lanewise(op, m3)).reduceLanes(op) ^ flip);
            r = t == DType.UINT8 ? v & 0xFF : v;
        }
        return max ? NarrowScalarSupport.max(t, x, i, n, r) : NarrowScalarSupport.min(t, x, i, n, r);
    }

    private static int minMaxShorts(MemorySegment x, long n, boolean max) {
        final int w = S.length();
        VectorOperators.Associative op = max ? VectorOperators.MAX : VectorOperators.MIN;
        int r = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        if (n >= w) {
            ShortVector m0 = s(x, 0), m1 = m0, m2 = m0, m3 = m0;
            for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
                long k = i;
                m0 = m0.lanewise(op, s(x, k));
                m1 = m1.lanewise(op, s(x, k + w));
                m2 = m2.lanewise(op, s(x, k + 2 * w));
                m3 = m3.lanewise(op, s(x, k + 3 * w));
            }
            for (int bound = len - w; i <= bound; i += w) {
                m0 = m0.lanewise(op, s(x, i));
            }
            r = m0.lanewise(op, m1).lanewise(op, m2.lanewise(op, m3)).reduceLanes(op);
        }
        return max ? NarrowScalarSupport.max(DType.INT16, x, i, n, r)
                : NarrowScalarSupport.min(DType.INT16, x, i, n, r);
    }

    // ---- range counts: in the element type ----

    @Override
    public long count(DType t, MemorySegment x, long n, int lo, int hi) {
        if (hi - lo == (t == DType.INT16 ? 0xFFFF : 0xFF)) {
            return n; // the whole range: the biased limit below would not fit the element type
        }
        return Chunks.longs(0, n, t.byteSize(), 0L, (f, to, c) -> c + (t == DType.INT16
                ? countShorts(slice(t, x, f, to), to - f, lo, hi) : countBytes(t, slice(t, x, f, to), to - f, lo, hi)));
    }

    /**
     * {@code lo <= x <= hi} as {@code (x - lo) mod 256 <= hi - lo}, in signed byte lanes: {@code x - bias < lim}
     * with {@code bias = lo ^ 0x80} and {@code lim = ((hi - lo) ^ 0x80) + 1}. Arithmetic modulo 256 makes it the
     * same for int8 and uint8; the caller has taken out the whole range, whose limit would not fit.
     */
    private static long countBytes(DType t, MemorySegment x, long n, int lo, int hi) {
        final int w = B.length();
        // bounds through VectorAccess.opaque: kept in registers when a caller's constants are inlined
        ByteVector bias = ByteVector.broadcast(B, (byte) VectorAccess.opaque(lo ^ 0x80));
        ByteVector lim = ByteVector.broadcast(B, (byte) VectorAccess.opaque(((hi - lo) ^ 0x80) + 1));
        long c = 0;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            c += b(x, k).sub(bias).compare(VectorOperators.LT, lim).trueCount()
                    + b(x, k + w).sub(bias).compare(VectorOperators.LT, lim).trueCount()
                    + b(x, k + 2 * w).sub(bias).compare(VectorOperators.LT, lim).trueCount()
                    + b(x, k + 3 * w).sub(bias).compare(VectorOperators.LT, lim).trueCount();
        }
        for (int bound = len - w; i <= bound; i += w) {
            c += b(x, i).sub(bias).compare(VectorOperators.LT, lim).trueCount();
        }
        return c + NarrowScalarSupport.count(t, x, i, n, lo, hi);
    }

    /** The test of {@link #countBytes} in 16 bits. */
    private static long countShorts(MemorySegment x, long n, int lo, int hi) {
        final int w = S.length();
        ShortVector bias = ShortVector.broadcast(S, (short) VectorAccess.opaque(lo ^ 0x8000));
        ShortVector lim = ShortVector.broadcast(S, (short) VectorAccess.opaque(((hi - lo) ^ 0x8000) + 1));
        long c = 0;
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        for (int bound = len - 4 * w; i <= bound; i += 4 * w) {
            long k = i;
            c += s(x, k).sub(bias).compare(VectorOperators.LT, lim).trueCount()
                    + s(x, k + w).sub(bias).compare(VectorOperators.LT, lim).trueCount()
                    + s(x, k + 2 * w).sub(bias).compare(VectorOperators.LT, lim).trueCount()
                    + s(x, k + 3 * w).sub(bias).compare(VectorOperators.LT, lim).trueCount();
        }
        for (int bound = len - w; i <= bound; i += w) {
            c += s(x, i).sub(bias).compare(VectorOperators.LT, lim).trueCount();
        }
        return c + NarrowScalarSupport.count(DType.INT16, x, i, n, lo, hi);
    }

    /** Rows at least one vector long are counted with the vector loop, shorter ones by the scalar twin. */
    @Override
    public void countRows(DType t, MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        if (cols < (t == DType.INT16 ? S.length() : B.length())) {
            NarrowScalarSupport.INSTANCE.countRows(t, m, rows, cols, lo, hi, out);
            return;
        }
        for (long r = 0; r < rows; r++) {
            out.setAtIndex(ScalarSupport.I32, r, (int) count(t, slice(t, m, r * cols, r * cols + cols), cols, lo, hi));
        }
    }

    // ---- scale: in the element type ----

    @Override
    public void scale(DType t, MemorySegment x, long n, int factor) {
        Chunks.each(0, n, t.byteSize(), (f, to) -> {
            if (t == DType.INT16) {
                scaleShorts(slice(t, x, f, to), to - f, (short) factor);
            } else {
                scaleBytes(t, slice(t, x, f, to), to - f, (byte) factor);
            }
        });
    }

    private static void scaleBytes(DType t, MemorySegment x, long n, byte factor) {
        final int w = B.length();
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        for (int bound = len - w; i <= bound; i += w) {
            st(b(x, i).mul(factor), x, i);
        }
        NarrowScalarSupport.scale(t, x, i, n, factor);
    }

    private static void scaleShorts(MemorySegment x, long n, short factor) {
        final int w = S.length();
        final int len = VectorAccess.loopLength(n);
        int i = 0;
        for (int bound = len - w; i <= bound; i += w) {
            st(s(x, i).mul(factor), x, i);
        }
        NarrowScalarSupport.scale(DType.INT16, x, i, n, factor);
    }
}
