package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;

/**
 * The raw kernels behind {@link KernelOps}, one method per kernel and element type, over segments that hold exactly
 * the elements (element 0 at byte 0, little-endian). Implementations trust their caller ({@link CheckedKernels}):
 * lengths match, {@code n > 0} for min/max, column indices are in range, {@code out} has the right length.
 * {@link ScalarSupport} is the reference; {@code VectorSupport} is the Vector API twin, loaded by name by
 * {@link KernelProvider}; {@link ParallelSupport} splits work over threads. The flat kernels are declared by the
 * interfaces of {@link LoopFamilies}, which the classes of the Vector API loops implement one family each.
 */
interface KernelSupport
        extends LoopFamilies.Sums, LoopFamilies.Counts, LoopFamilies.Extrema, LoopFamilies.Scales, LoopFamilies.Rows {

    /** @return a short name for {@link Simd#describe()}: "vector", "scalar", "parallel(2) over vector" */
    String name();

    /** @return the capability lines of {@link Simd#describe()}: species bits, lanes per type, FMA */
    default String capabilities() {
        return "preferred species: none (plain Java loops; C2 may still auto-vectorize some of them)\nFMA: no";
    }

    /** {@code out[r] = hypot(m[r, colA], m[r, colB])}, elements of type {@code dtype} converted to double. */
    void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB, MemorySegment out);

    /** {@code out[c] = sum_r m[r, c]^2} in double; {@code out} has {@code cols} doubles. */
    void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out);
}
