package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.NATIVE;
import static dev.panamax.simd.VectorAccess.D;
import static dev.panamax.simd.VectorAccess.F;
import static dev.panamax.simd.VectorAccess.I;
import static dev.panamax.simd.VectorAccess.L;
import static dev.panamax.simd.VectorAccess.LE;
import static dev.panamax.simd.VectorAccess.markUnsafeAccess;

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
 * The loads and stores of {@link VectorAccess}, {@link NarrowVectorSupport} and {@link VectorRows} for native and
 * mapped segments only, with the same names and signatures: {@link SegmentCopies} sends the copy of the kernels that
 * runs on native memory here, and the callers give that copy nothing else ({@link SegmentCopies.Of}). One path
 * each, so that C2 compiles no other class's code into the loops. The truncation mark comes first, as in
 * {@link VectorAccess}.
 */
final class NativeLoads {
    private NativeLoads() {
    }

    static DoubleVector ld(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return DoubleVector.fromMemorySegment(D, n, i * Double.BYTES, LE);
    }

    static FloatVector lf(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return FloatVector.fromMemorySegment(F, n, i * Float.BYTES, LE);
    }

    static IntVector li(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return IntVector.fromMemorySegment(I, n, i * Integer.BYTES, LE);
    }

    static LongVector ll(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return LongVector.fromMemorySegment(L, n, i * Long.BYTES, LE);
    }

    /** As {@link VectorAccess#lw}: int32 elements sign-extended to int64 lanes. */
    static LongVector lw(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return (LongVector) IntVector.fromMemorySegment(VectorAccess.IH, n, i * Integer.BYTES, LE)
                .convertShape(VectorOperators.I2L, L, 0);
    }

    static void st(DoubleVector v, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        v.intoMemorySegment(n, i * Double.BYTES, LE);
    }

    static void st(FloatVector v, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        v.intoMemorySegment(n, i * Float.BYTES, LE);
    }

    static void st(IntVector v, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        v.intoMemorySegment(n, i * Integer.BYTES, LE);
    }

    static void st(LongVector v, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        v.intoMemorySegment(n, i * Long.BYTES, LE);
    }

    /** As {@code NarrowVectorSupport.bytes}: {@code species} bytes from byte {@code i}. */
    static ByteVector bytes(VectorSpecies<Byte> species, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return ByteVector.fromMemorySegment(species, n, i, LE);
    }

    /** As {@code NarrowVectorSupport.shorts}: {@code species} int16 elements from element {@code i}. */
    static ShortVector shorts(VectorSpecies<Short> species, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return ShortVector.fromMemorySegment(species, n, i * Short.BYTES, LE);
    }

    static void st(ByteVector v, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        v.intoMemorySegment(n, i, LE);
    }

    static void st(ShortVector v, MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        v.intoMemorySegment(n, i * Short.BYTES, LE);
    }

    /** As {@code VectorRows.i256}: a 256-bit vector of int32 from byte {@code off}. */
    static IntVector i256(MemorySegment m, long off) {
        MemorySegment n = NATIVE.cast(m);
        markUnsafeAccess();
        return IntVector.fromMemorySegment(IntVector.SPECIES_256, n, off, LE);
    }

    static FloatVector f256(MemorySegment m, long off) {
        MemorySegment n = NATIVE.cast(m);
        markUnsafeAccess();
        return FloatVector.fromMemorySegment(FloatVector.SPECIES_256, n, off, LE);
    }

    static LongVector l256(MemorySegment m, long off) {
        MemorySegment n = NATIVE.cast(m);
        markUnsafeAccess();
        return LongVector.fromMemorySegment(LongVector.SPECIES_256, n, off, LE);
    }

    static DoubleVector d256(MemorySegment m, long off) {
        MemorySegment n = NATIVE.cast(m);
        markUnsafeAccess();
        return DoubleVector.fromMemorySegment(DoubleVector.SPECIES_256, n, off, LE);
    }

    /** As {@code ScalarSupport.setI32}: the per-row counts' results. */
    static void setI32(MemorySegment s, long i, int v) {
        NATIVE.cast(s).setAtIndex(ScalarSupport.I32, i, v);
    }

    /** As {@link VectorAccess#lds}: the streaming loops' float64 loads, at most 256 bits. */
    static DoubleVector lds(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return DoubleVector.fromMemorySegment(VectorAccess.DS, n, i * Double.BYTES, LE);
    }

    static FloatVector lfs(MemorySegment x, long i) {
        MemorySegment n = NATIVE.cast(x);
        markUnsafeAccess();
        return FloatVector.fromMemorySegment(VectorAccess.FS, n, i * Float.BYTES, LE);
    }
}
