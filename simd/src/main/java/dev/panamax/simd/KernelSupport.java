package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;

/**
 * The raw kernels behind {@link KernelOps}, one method per kernel and element type, over segments that hold exactly
 * the elements (element 0 at byte 0, little-endian). Implementations trust their caller ({@link CheckedKernels}):
 * lengths match, {@code n > 0} for min/max, column indices are in range, {@code out} has the right length.
 * {@link ScalarSupport} is the reference; {@code VectorSupport} is the Vector API twin, loaded by name by
 * {@link KernelProvider}; {@link ParallelSupport} splits work over threads.
 */
interface KernelSupport {

    /** @return a short name for {@link Simd#describe()}: "vector", "scalar", "parallel(2) over vector" */
    String name();

    /** @return the capability lines of {@link Simd#describe()}: species bits, lanes per type, FMA */
    default String capabilities() {
        return "preferred species: none (plain Java loops; C2 may still auto-vectorize some of them)\nFMA: no";
    }

    double sumOfSquaresF64(MemorySegment x, long n);

    float sumOfSquaresF32(MemorySegment x, long n);

    long sumOfSquaresI32(MemorySegment x, long n);

    long sumOfSquaresI64(MemorySegment x, long n);

    double sumF64(MemorySegment x, long n);

    float sumF32(MemorySegment x, long n);

    long sumI32(MemorySegment x, long n);

    long sumI64(MemorySegment x, long n);

    double dotF64(MemorySegment a, MemorySegment b, long n);

    float dotF32(MemorySegment a, MemorySegment b, long n);

    long dotI32(MemorySegment a, MemorySegment b, long n);

    long dotI64(MemorySegment a, MemorySegment b, long n);

    double minF64(MemorySegment x, long n);

    float minF32(MemorySegment x, long n);

    int minI32(MemorySegment x, long n);

    long minI64(MemorySegment x, long n);

    double maxF64(MemorySegment x, long n);

    float maxF32(MemorySegment x, long n);

    int maxI32(MemorySegment x, long n);

    long maxI64(MemorySegment x, long n);

    long countF64(MemorySegment x, long n, double lo, double hi);

    long countF32(MemorySegment x, long n, float lo, float hi);

    long countI32(MemorySegment x, long n, int lo, int hi);

    long countI64(MemorySegment x, long n, long lo, long hi);

    /** Per-row counts: {@code rows * cols} elements in {@code m}, one int32 per row into {@code out}. */
    void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out);

    void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out);

    void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out);

    void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out);

    /** {@code out[r] = hypot(m[r, colA], m[r, colB])}, elements of type {@code dtype} converted to double. */
    void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB, MemorySegment out);

    /** {@code out[c] = sum_r m[r, c]^2} in double; {@code out} has {@code cols} doubles. */
    void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out);

    void scaleF64(MemorySegment x, long n, double factor);

    void scaleF32(MemorySegment x, long n, float factor);

    void scaleI32(MemorySegment x, long n, int factor);

    void scaleI64(MemorySegment x, long n, long factor);
}
