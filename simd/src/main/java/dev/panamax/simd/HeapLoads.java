package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.BYTES;
import static dev.panamax.simd.SegmentClasses.DOUBLES;
import static dev.panamax.simd.SegmentClasses.FLOATS;
import static dev.panamax.simd.SegmentClasses.INTS;
import static dev.panamax.simd.SegmentClasses.LONGS;
import static dev.panamax.simd.SegmentClasses.SHORTS;
import static dev.panamax.simd.VectorAccess.D;
import static dev.panamax.simd.VectorAccess.F;
import static dev.panamax.simd.VectorAccess.I;
import static dev.panamax.simd.VectorAccess.L;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loads and stores of {@link VectorAccess}, {@link NarrowVectorSupport} and {@link VectorRows} for writable heap
 * segments over an array of the element type only, with the same names and signatures: {@link SegmentCopies} sends
 * the copy of the kernels that runs on Java arrays here, and the callers give that copy nothing else
 * ({@link SegmentCopies.Of}). Through the array: no session to check, no mapping to truncate; the kernels' callers
 * have checked the bounds against the segment.
 */
final class HeapLoads {
    private HeapLoads() {
    }

    static DoubleVector ld(MemorySegment x, long i) {
        MemorySegment h = DOUBLES.cast(x);
        return DoubleVector.fromArray(D, (double[]) h.heapBase().orElseThrow(), (int) (h.address() / Double.BYTES + i));
    }

    static FloatVector lf(MemorySegment x, long i) {
        MemorySegment h = FLOATS.cast(x);
        return FloatVector.fromArray(F, (float[]) h.heapBase().orElseThrow(), (int) (h.address() / Float.BYTES + i));
    }

    static IntVector li(MemorySegment x, long i) {
        MemorySegment h = INTS.cast(x);
        return IntVector.fromArray(I, (int[]) h.heapBase().orElseThrow(), (int) (h.address() / Integer.BYTES + i));
    }

    static LongVector ll(MemorySegment x, long i) {
        MemorySegment h = LONGS.cast(x);
        return LongVector.fromArray(L, (long[]) h.heapBase().orElseThrow(), (int) (h.address() / Long.BYTES + i));
    }

    /** As {@link VectorAccess#lw}: int32 elements sign-extended to int64 lanes. */
    static LongVector lw(MemorySegment x, long i) {
        MemorySegment h = INTS.cast(x);
        return (LongVector) IntVector.fromArray(VectorAccess.IH, (int[]) h.heapBase().orElseThrow(),
                (int) (h.address() / Integer.BYTES + i)).convertShape(VectorOperators.I2L, L, 0);
    }

    static void st(DoubleVector v, MemorySegment x, long i) {
        MemorySegment h = DOUBLES.cast(x);
        v.intoArray((double[]) h.heapBase().orElseThrow(), (int) (h.address() / Double.BYTES + i));
    }

    static void st(FloatVector v, MemorySegment x, long i) {
        MemorySegment h = FLOATS.cast(x);
        v.intoArray((float[]) h.heapBase().orElseThrow(), (int) (h.address() / Float.BYTES + i));
    }

    static void st(IntVector v, MemorySegment x, long i) {
        MemorySegment h = INTS.cast(x);
        v.intoArray((int[]) h.heapBase().orElseThrow(), (int) (h.address() / Integer.BYTES + i));
    }

    static void st(LongVector v, MemorySegment x, long i) {
        MemorySegment h = LONGS.cast(x);
        v.intoArray((long[]) h.heapBase().orElseThrow(), (int) (h.address() / Long.BYTES + i));
    }

    /** As {@code NarrowVectorSupport.bytes}: {@code species} bytes from byte {@code i}. */
    static ByteVector bytes(VectorSpecies<Byte> species, MemorySegment x, long i) {
        MemorySegment h = BYTES.cast(x);
        return ByteVector.fromArray(species, (byte[]) h.heapBase().orElseThrow(), (int) (h.address() + i));
    }

    /** As {@code NarrowVectorSupport.shorts}: {@code species} int16 elements from element {@code i}. */
    static ShortVector shorts(VectorSpecies<Short> species, MemorySegment x, long i) {
        MemorySegment h = SHORTS.cast(x);
        return ShortVector.fromArray(species, (short[]) h.heapBase().orElseThrow(),
                (int) (h.address() / Short.BYTES + i));
    }

    static void st(ByteVector v, MemorySegment x, long i) {
        MemorySegment h = BYTES.cast(x);
        v.intoArray((byte[]) h.heapBase().orElseThrow(), (int) (h.address() + i));
    }

    static void st(ShortVector v, MemorySegment x, long i) {
        MemorySegment h = SHORTS.cast(x);
        v.intoArray((short[]) h.heapBase().orElseThrow(), (int) (h.address() / Short.BYTES + i));
    }

    /** As {@code VectorRows.i256}: a 256-bit vector of int32 from byte {@code off}. */
    static IntVector i256(MemorySegment m, long off) {
        MemorySegment h = INTS.cast(m);
        return IntVector.fromArray(IntVector.SPECIES_256, (int[]) h.heapBase().orElseThrow(),
                (int) ((h.address() + off) / Integer.BYTES));
    }

    static FloatVector f256(MemorySegment m, long off) {
        MemorySegment h = FLOATS.cast(m);
        return FloatVector.fromArray(FloatVector.SPECIES_256, (float[]) h.heapBase().orElseThrow(),
                (int) ((h.address() + off) / Float.BYTES));
    }

    static LongVector l256(MemorySegment m, long off) {
        MemorySegment h = LONGS.cast(m);
        return LongVector.fromArray(LongVector.SPECIES_256, (long[]) h.heapBase().orElseThrow(),
                (int) ((h.address() + off) / Long.BYTES));
    }

    static DoubleVector d256(MemorySegment m, long off) {
        MemorySegment h = DOUBLES.cast(m);
        return DoubleVector.fromArray(DoubleVector.SPECIES_256, (double[]) h.heapBase().orElseThrow(),
                (int) ((h.address() + off) / Double.BYTES));
    }

    /** As {@code ScalarSupport.setI32}: the per-row counts' results. */
    static void setI32(MemorySegment s, long i, int v) {
        MemorySegment h = INTS.cast(s);
        ((int[]) h.heapBase().orElseThrow())[(int) (h.address() / Integer.BYTES + i)] = v;
    }

    /** As {@link VectorAccess#lds}: the streaming loops' float64 loads, at most 256 bits. */
    static DoubleVector lds(MemorySegment x, long i) {
        MemorySegment h = DOUBLES.cast(x);
        return DoubleVector.fromArray(VectorAccess.DS, (double[]) h.heapBase().orElseThrow(),
                (int) (h.address() / Double.BYTES + i));
    }

    static FloatVector lfs(MemorySegment x, long i) {
        MemorySegment h = FLOATS.cast(x);
        return FloatVector.fromArray(VectorAccess.FS, (float[]) h.heapBase().orElseThrow(),
                (int) (h.address() / Float.BYTES + i));
    }
}
