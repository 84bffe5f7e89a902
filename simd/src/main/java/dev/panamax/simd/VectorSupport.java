package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.DOUBLES;
import static dev.panamax.simd.SegmentClasses.FLOATS;
import static dev.panamax.simd.SegmentClasses.INTS;
import static dev.panamax.simd.SegmentClasses.LONGS;
import static dev.panamax.simd.VectorAccess.D;
import static dev.panamax.simd.VectorAccess.DS;
import static dev.panamax.simd.VectorAccess.F;
import static dev.panamax.simd.VectorAccess.FMA;
import static dev.panamax.simd.VectorAccess.I;
import static dev.panamax.simd.VectorAccess.L;
import static dev.panamax.simd.CacheShare.COUNT_STREAM_BYTES;
import static dev.panamax.simd.VectorAccess.STREAM_BYTES;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;

/**
 * The Vector API kernels. {@link KernelProvider} loads this class by name; nothing else refers to it or to the
 * classes it delegates to, so Panamax runs without the incubator module. Each kernel family is a class, cached and
 * streaming loops together: {@link VectorSums} (sums of squares, sums, dot products), {@link VectorExtrema},
 * {@link VectorCounts} (in-range counts), {@link VectorScale} and {@link VectorRows} (per-row counts, per-column sums
 * of squares), each with a copy per class of segment ({@link SegmentCopies}: this class picks the copy for the
 * segment at hand); {@link VectorAccess} holds what they share.
 *
 * <p>Mapped files truncated by another process (SIGBUS on access): every vector load and store goes through a
 * helper of {@link VectorAccess} that first calls {@code markUnsafeAccess}, so HotSpot turns the fault into an
 * {@link InternalError} instead of crashing; and no loop touches more than 1 MiB between two safepoint polls (the
 * cached loops run on inputs below {@code STREAM_BYTES}, everything larger runs in {@link Chunks}), so the error
 * surfaces within that much work whatever the collector.
 */
final class VectorSupport implements KernelSupport {
    // Each kernel class and its copies per class of segment (SegmentCopies): the copy for the segment runs the loop.
    private final SegmentCopies.Of<LoopFamilies.Sums> sums = SegmentCopies.of(VectorSums.ANY, LoopFamilies.Sums.class);
    private final SegmentCopies.Of<LoopFamilies.Counts> counts =
            SegmentCopies.of(VectorCounts.ANY, LoopFamilies.Counts.class);
    private final SegmentCopies.Of<LoopFamilies.Extrema> extrema =
            SegmentCopies.of(VectorExtrema.ANY, LoopFamilies.Extrema.class);
    private final SegmentCopies.Of<LoopFamilies.Scales> scales =
            SegmentCopies.of(VectorScale.ANY, LoopFamilies.Scales.class);
    private final SegmentCopies.Of<LoopFamilies.Rows> rowKernels =
            SegmentCopies.of(VectorRows.ANY, LoopFamilies.Rows.class);

    VectorSupport() {
        if (D.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("the preferred vector size is " + D.vectorBitSize()
                    + " bits; the vector kernels need at least 128");
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String capabilities() {
        return "preferred species: " + D.vectorBitSize() + " bits; lanes: float64=" + D.length() + " float32="
                + F.length() + " int64=" + L.length() + " int32=" + I.length() + "\n"
                + "FMA: " + (FMA ? "yes (-XX:+UseFMA: the CPU has it)" : "no (the JVM reports UseFMA=false; mul + add)")
                + "\nper-row counts (rows of 1..8): "
                + (VectorRows.ROWS_256 ? "8-row blocks of 256-bit masks" : "scalar (vectors < 256 bits)")
                + (VectorRows.ROWS_256 && VectorRows.L8 != null ? ", counted by 512-bit popcount" : "")
                + "\nfloat64 counts in the cached loop: "
                + (VectorCounts.F64_BY_COMPARES ? "two double compares" : "integer keys")
                + "\ninputs of " + (STREAM_BYTES >> 20) + " MiB and more: streaming loops, sums at "
                + DS.vectorBitSize() + " bits, counts at " + I.vectorBitSize() + " bits"
                + "\nin-range counts: cached loop in chunks up to " + mib(COUNT_STREAM_BYTES)
                + (COUNT_STREAM_BYTES > STREAM_BYTES ? " (this CPU's share of the last-level cache)"
                        : " (last-level cache share unknown or smaller)");
    }

    private static String mib(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        return sums.on(x, DOUBLES).sumOfSquaresF64(x, n);
    }

    @Override
    public float sumOfSquaresF32(MemorySegment x, long n) {
        return sums.on(x, FLOATS).sumOfSquaresF32(x, n);
    }

    @Override
    public long sumOfSquaresI32(MemorySegment x, long n) {
        return sums.on(x, INTS).sumOfSquaresI32(x, n);
    }

    @Override
    public long sumOfSquaresI64(MemorySegment x, long n) {
        return sums.on(x, LONGS).sumOfSquaresI64(x, n);
    }

    @Override
    public double sumF64(MemorySegment x, long n) {
        return sums.on(x, DOUBLES).sumF64(x, n);
    }

    @Override
    public float sumF32(MemorySegment x, long n) {
        return sums.on(x, FLOATS).sumF32(x, n);
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        return sums.on(x, INTS).sumI32(x, n);
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        return sums.on(x, LONGS).sumI64(x, n);
    }

    @Override
    public double dotF64(MemorySegment a, MemorySegment b, long n) {
        return sums.on(a, b, DOUBLES).dotF64(a, b, n);
    }

    @Override
    public float dotF32(MemorySegment a, MemorySegment b, long n) {
        return sums.on(a, b, FLOATS).dotF32(a, b, n);
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        return sums.on(a, b, INTS).dotI32(a, b, n);
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        return sums.on(a, b, LONGS).dotI64(a, b, n);
    }

    @Override
    public double minF64(MemorySegment x, long n) {
        return extrema.on(x, DOUBLES).minF64(x, n);
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        return extrema.on(x, FLOATS).minF32(x, n);
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        return extrema.on(x, INTS).minI32(x, n);
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        return extrema.on(x, LONGS).minI64(x, n);
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        return extrema.on(x, DOUBLES).maxF64(x, n);
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        return extrema.on(x, FLOATS).maxF32(x, n);
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        return extrema.on(x, INTS).maxI32(x, n);
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        return extrema.on(x, LONGS).maxI64(x, n);
    }

    @Override
    public long countF64(MemorySegment x, long n, double lo, double hi) {
        return counts.on(x, DOUBLES).countF64(x, n, lo, hi);
    }

    @Override
    public long countF32(MemorySegment x, long n, float lo, float hi) {
        return counts.on(x, FLOATS).countF32(x, n, lo, hi);
    }

    @Override
    public long countI32(MemorySegment x, long n, int lo, int hi) {
        return counts.on(x, INTS).countI32(x, n, lo, hi);
    }

    @Override
    public long countI64(MemorySegment x, long n, long lo, long hi) {
        return counts.on(x, LONGS).countI64(x, n, lo, hi);
    }

    @Override
    public void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out) {
        rowKernels.on(m, DOUBLES, out, INTS).countRowsF64(m, rows, cols, lo, hi, out);
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        rowKernels.on(m, FLOATS, out, INTS).countRowsF32(m, rows, cols, lo, hi, out);
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        rowKernels.on(m, INTS, out, INTS).countRowsI32(m, rows, cols, lo, hi, out);
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        rowKernels.on(m, LONGS, out, INTS).countRowsI64(m, rows, cols, lo, hi, out);
    }

    @Override
    public void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out) {
        VectorRows.sumOfSquaresColumns(dtype, m, rows, cols, out);
    }

    @Override
    public void scaleF64(MemorySegment x, long n, double factor) {
        scales.on(x, DOUBLES).scaleF64(x, n, factor);
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        scales.on(x, FLOATS).scaleF32(x, n, factor);
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        scales.on(x, INTS).scaleI32(x, n, factor);
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        scales.on(x, LONGS).scaleI64(x, n, factor);
    }

    @Override
    public void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB,
                          MemorySegment out) {
        // Two strided loads per row and Math.hypot's careful scaling: the Vector API offers neither strided
        // segment loads nor a hypot lane operation, so the scalar twin is the implementation.
        ScalarSupport.INSTANCE.hypotRows(dtype, m, rows, cols, colA, colB, out);
    }
}
