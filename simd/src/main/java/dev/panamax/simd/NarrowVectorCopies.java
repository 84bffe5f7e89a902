package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.BYTES;
import static dev.panamax.simd.SegmentClasses.SHORTS;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;

/**
 * The int8, uint8 and int16 Vector API kernels ({@link NarrowVectorSupport}) with a copy per class of segment
 * ({@link SegmentCopies}), as {@link VectorSupport} has for the other types: each call runs the copy for its
 * segment. {@link KernelProvider} loads this class by name.
 */
final class NarrowVectorCopies implements NarrowSupport {
    private final SegmentCopies.Of<NarrowSupport> kernels;

    /** @throws UnsupportedOperationException where {@link NarrowVectorSupport} cannot run (int32 vectors < 256 bits) */
    NarrowVectorCopies() {
        kernels = SegmentCopies.of(new NarrowVectorSupport(), NarrowSupport.class);
    }

    /** The class of a heap segment over the array of {@code t}'s elements. */
    private static Class<?> heap(DType t) {
        return t == DType.INT16 ? SHORTS : BYTES;
    }

    @Override
    public long sum(DType t, MemorySegment x, long n) {
        return kernels.on(x, heap(t)).sum(t, x, n);
    }

    @Override
    public long sumOfSquares(DType t, MemorySegment x, long n) {
        return kernels.on(x, heap(t)).sumOfSquares(t, x, n);
    }

    @Override
    public long dot(DType t, MemorySegment a, MemorySegment b, long n) {
        return kernels.on(a, b, heap(t)).dot(t, a, b, n);
    }

    @Override
    public int min(DType t, MemorySegment x, long n) {
        return kernels.on(x, heap(t)).min(t, x, n);
    }

    @Override
    public int max(DType t, MemorySegment x, long n) {
        return kernels.on(x, heap(t)).max(t, x, n);
    }

    @Override
    public long count(DType t, MemorySegment x, long n, int lo, int hi) {
        return kernels.on(x, heap(t)).count(t, x, n, lo, hi);
    }

    @Override
    public void countRows(DType t, MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        kernels.on(m, heap(t)).countRows(t, m, rows, cols, lo, hi, out);
    }

    @Override
    public void scale(DType t, MemorySegment x, long n, int factor) {
        kernels.on(x, heap(t)).scale(t, x, n, factor);
    }
}
