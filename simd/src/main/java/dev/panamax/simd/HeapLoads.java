package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.DOUBLES;
import static dev.panamax.simd.SegmentClasses.FLOATS;
import static dev.panamax.simd.SegmentClasses.INTS;
import static dev.panamax.simd.SegmentClasses.LONGS;
import static dev.panamax.simd.VectorAccess.D;
import static dev.panamax.simd.VectorAccess.F;
import static dev.panamax.simd.VectorAccess.I;
import static dev.panamax.simd.VectorAccess.L;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loads and stores of {@link VectorAccess} for writable heap segments over an array of the element type only,
 * with the same names and signatures: {@link SegmentCopies} sends the copy of the kernels that runs on Java arrays
 * here, and {@link VectorSupport} gives that copy nothing else. Through the array: no session to check, no mapping
 * to truncate; the kernels' callers have checked the bounds against the segment.
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
}
