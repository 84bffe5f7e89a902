package dev.panamax.simd;

import java.lang.foreign.MemorySegment;

/**
 * The entry points of the kernel classes that {@link SegmentCopies} copies once per class of segment. The kernels'
 * loops are compiled once per copy, each with its own profile, so that a JVM that runs them over native, mapped
 * and heap segments compiles each class's loop as if it were the only one (docs/design/segment-classes.md).
 * {@link VectorSupport} calls the copy for the segment at hand through these; {@link KernelSupport} extends them all.
 * Segments hold exactly the elements, and the caller has checked the arguments ({@link KernelSupport}).
 */
final class LoopFamilies {
    private LoopFamilies() {
    }

    /** {@link VectorSums}: sums of squares, sums, dot products. */
    interface Sums {
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
    }

    /** {@link VectorCounts}: in-range counts. */
    interface Counts {
        long countF64(MemorySegment x, long n, double lo, double hi);

        long countF32(MemorySegment x, long n, float lo, float hi);

        long countI32(MemorySegment x, long n, int lo, int hi);

        long countI64(MemorySegment x, long n, long lo, long hi);
    }

    /** {@link VectorExtrema}: minima and maxima. */
    interface Extrema {
        double minF64(MemorySegment x, long n);

        double maxF64(MemorySegment x, long n);

        float minF32(MemorySegment x, long n);

        float maxF32(MemorySegment x, long n);

        int minI32(MemorySegment x, long n);

        int maxI32(MemorySegment x, long n);

        long minI64(MemorySegment x, long n);

        long maxI64(MemorySegment x, long n);
    }

    /** {@link VectorScale}: multiplication in place. */
    interface Scales {
        void scaleF64(MemorySegment x, long n, double factor);

        void scaleF32(MemorySegment x, long n, float factor);

        void scaleI32(MemorySegment x, long n, int factor);

        void scaleI64(MemorySegment x, long n, long factor);
    }

    /** {@link VectorRows}: per-row counts of the {@code rows * cols} elements in {@code m}, one int32 per row. */
    interface Rows {
        void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out);

        void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out);

        void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out);

        void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out);
    }
}
