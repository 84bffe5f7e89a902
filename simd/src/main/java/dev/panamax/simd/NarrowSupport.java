package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;

/**
 * The raw kernels for the narrow integer types, int8, uint8 and int16, apart from {@link KernelSupport} (which holds
 * the four compute types): one method per kernel, the dtype an argument. Segments hold exactly the elements.
 * Implementations trust {@link CheckedKernels}: {@code t} is {@link DType#INT8}, {@link DType#UINT8} or
 * {@link DType#INT16}, lengths match, {@code n > 0} for min/max, {@code lo <= hi} inside the dtype's range for
 * counts, and the factor of {@code scale} is in the dtype's range.
 *
 * <p>Values are the elements as integers (uint8 0 to 255). Sums, sums of squares and dot products are exact
 * int64 (no wrap is possible below 2^32 elements); min and max are in the element type; {@code scale} wraps in
 * the element type, as NumPy's {@code a *= k} does. {@link NarrowScalarSupport} is the reference,
 * {@code NarrowVectorSupport} its Vector API twin (loaded by name by {@link KernelProvider} through
 * {@code NarrowVectorCopies}, a copy per class of segment), {@link NarrowParallelSupport} splits work over threads.
 */
interface NarrowSupport {
    /** @return {@code sum(x_i)} */
    long sum(DType t, MemorySegment x, long n);

    /** @return {@code sum(x_i * x_i)} */
    long sumOfSquares(DType t, MemorySegment x, long n);

    /** @return {@code sum(a_i * b_i)} */
    long dot(DType t, MemorySegment a, MemorySegment b, long n);

    /** @return the smallest element */
    int min(DType t, MemorySegment x, long n);

    /** @return the largest element */
    int max(DType t, MemorySegment x, long n);

    /** @return the number of elements with {@code lo <= x_i <= hi} */
    long count(DType t, MemorySegment x, long n, int lo, int hi);

    /** Per-row counts: {@code rows * cols} elements in {@code m}, one int32 per row into {@code out}. */
    void countRows(DType t, MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out);

    /** {@code x_i = x_i * factor}, wrapping in the element type. */
    void scale(DType t, MemorySegment x, long n, int factor);
}
