package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.*;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The scalar kernels: plain sequential loops, the reference every other implementation is tested against and the
 * fallback when the Vector API is unavailable. Floating-point sums add left to right in the element type, so these
 * results are exactly what the javadoc's "sequential loop" means. The kernels run their loops in {@link Chunks},
 * threading the accumulator through, so the order of operations is the sequential one and a fault on a truncated
 * mapping surfaces within one chunk.
 */
final class ScalarSupport implements KernelSupport {
    static final ValueLayout.OfDouble F64 = (ValueLayout.OfDouble) DType.FLOAT64.layout();
    static final ValueLayout.OfFloat F32 = (ValueLayout.OfFloat) DType.FLOAT32.layout();
    static final ValueLayout.OfInt I32 = (ValueLayout.OfInt) DType.INT32.layout();
    static final ValueLayout.OfLong I64 = (ValueLayout.OfLong) DType.INT64.layout();

    static final ScalarSupport INSTANCE = new ScalarSupport();

    private ScalarSupport() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    static double f64(MemorySegment s, long i) {
        Class<?> c = s.getClass();
        if (NATIVE.isInstance(s)) {
            MemorySegment n = NATIVE.cast(s);
            return n.getAtIndex(F64, i);
        } else if (c == DOUBLES) {
            MemorySegment h = DOUBLES.cast(s);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return ((double[]) a)[(int) (h.address() / F64.byteSize() + i)];
            }
        }
        return f64Other(s, i);
    }

    private static double f64Other(MemorySegment s, long i) {
        return s.getAtIndex(F64, i);
    }

    static float f32(MemorySegment s, long i) {
        Class<?> c = s.getClass();
        if (NATIVE.isInstance(s)) {
            MemorySegment n = NATIVE.cast(s);
            return n.getAtIndex(F32, i);
        } else if (c == FLOATS) {
            MemorySegment h = FLOATS.cast(s);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return ((float[]) a)[(int) (h.address() / F32.byteSize() + i)];
            }
        }
        return f32Other(s, i);
    }

    private static float f32Other(MemorySegment s, long i) {
        return s.getAtIndex(F32, i);
    }

    static int i32(MemorySegment s, long i) {
        Class<?> c = s.getClass();
        if (NATIVE.isInstance(s)) {
            MemorySegment n = NATIVE.cast(s);
            return n.getAtIndex(I32, i);
        } else if (c == INTS) {
            MemorySegment h = INTS.cast(s);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return ((int[]) a)[(int) (h.address() / I32.byteSize() + i)];
            }
        }
        return i32Other(s, i);
    }

    private static int i32Other(MemorySegment s, long i) {
        return s.getAtIndex(I32, i);
    }

    /** Writes int32 element {@code i}: the class test of the loads, for the per-row counts' results. */
    static void setI32(MemorySegment s, long i, int v) {
        Class<?> c = s.getClass();
        if (NATIVE.isInstance(s)) {
            MemorySegment n = NATIVE.cast(s);
            n.setAtIndex(I32, i, v);
            return;
        } else if (c == INTS) {
            MemorySegment h = INTS.cast(s);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                ((int[]) a)[(int) (h.address() / I32.byteSize() + i)] = v;
                return;
            }
        }
        setI32Other(s, i, v);
    }

    private static void setI32Other(MemorySegment s, long i, int v) {
        s.setAtIndex(I32, i, v);
    }

    static long i64(MemorySegment s, long i) {
        Class<?> c = s.getClass();
        if (NATIVE.isInstance(s)) {
            MemorySegment n = NATIVE.cast(s);
            return n.getAtIndex(I64, i);
        } else if (c == LONGS) {
            MemorySegment h = LONGS.cast(s);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return ((long[]) a)[(int) (h.address() / I64.byteSize() + i)];
            }
        }
        return i64Other(s, i);
    }

    private static long i64Other(MemorySegment s, long i) {
        return s.getAtIndex(I64, i);
    }

    /** Element {@code i} of a segment of {@code dtype} converted to double (int64 rounds to nearest). */
    static double asDouble(DType dtype, MemorySegment s, long i) {
        return switch (dtype) {
            case FLOAT64 -> f64(s, i);
            case FLOAT32 -> f32(s, i);
            case INT32 -> i32(s, i);
            case INT64 -> i64(s, i);
            case INT8, UINT8, INT16 -> NarrowScalarSupport.at(dtype, s, i);
        };
    }

    // ---- sum of squares ----

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> sumOfSquaresF64(x, f, t, s));
    }

    /** Sequential tail helper shared with the vector kernels: adds {@code x[from..to)^2} to {@code s}. */
    static double sumOfSquaresF64(MemorySegment x, long from, long to, double s) {
        for (long i = from; i < to; i++) {
            double v = f64(x, i);
            s += v * v;
        }
        return s;
    }

    @Override
    public float sumOfSquaresF32(MemorySegment x, long n) {
        return Chunks.floats(0, n, Float.BYTES, 0.0f, (f, t, s) -> sumOfSquaresF32(x, f, t, s));
    }

    static float sumOfSquaresF32(MemorySegment x, long from, long to, float s) {
        for (long i = from; i < to; i++) {
            float v = f32(x, i);
            s += v * v;
        }
        return s;
    }

    @Override
    public long sumOfSquaresI32(MemorySegment x, long n) {
        return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, s) -> sumOfSquaresI32(x, f, t, s));
    }

    static long sumOfSquaresI32(MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            long v = i32(x, i);
            s += v * v;
        }
        return s;
    }

    @Override
    public long sumOfSquaresI64(MemorySegment x, long n) {
        return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, s) -> sumOfSquaresI64(x, f, t, s));
    }

    static long sumOfSquaresI64(MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            long v = i64(x, i);
            s += v * v;
        }
        return s;
    }

    // ---- sum ----

    @Override
    public double sumF64(MemorySegment x, long n) {
        return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> sumF64(x, f, t, s));
    }

    static double sumF64(MemorySegment x, long from, long to, double s) {
        for (long i = from; i < to; i++) {
            s += f64(x, i);
        }
        return s;
    }

    @Override
    public float sumF32(MemorySegment x, long n) {
        return Chunks.floats(0, n, Float.BYTES, 0.0f, (f, t, s) -> sumF32(x, f, t, s));
    }

    static float sumF32(MemorySegment x, long from, long to, float s) {
        for (long i = from; i < to; i++) {
            s += f32(x, i);
        }
        return s;
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, s) -> sumI32(x, f, t, s));
    }

    static long sumI32(MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += i32(x, i);
        }
        return s;
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, s) -> sumI64(x, f, t, s));
    }

    static long sumI64(MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += i64(x, i);
        }
        return s;
    }

    // ---- dot ----

    @Override
    public double dotF64(MemorySegment a, MemorySegment b, long n) {
        return Chunks.doubles(0, n, Double.BYTES, 0.0, (f, t, s) -> dotF64(a, b, f, t, s));
    }

    static double dotF64(MemorySegment a, MemorySegment b, long from, long to, double s) {
        for (long i = from; i < to; i++) {
            s += f64(a, i) * f64(b, i);
        }
        return s;
    }

    @Override
    public float dotF32(MemorySegment a, MemorySegment b, long n) {
        return Chunks.floats(0, n, Float.BYTES, 0.0f, (f, t, s) -> dotF32(a, b, f, t, s));
    }

    static float dotF32(MemorySegment a, MemorySegment b, long from, long to, float s) {
        for (long i = from; i < to; i++) {
            s += f32(a, i) * f32(b, i);
        }
        return s;
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, s) -> dotI32(a, b, f, t, s));
    }

    static long dotI32(MemorySegment a, MemorySegment b, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += (long) i32(a, i) * i32(b, i);
        }
        return s;
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, s) -> dotI64(a, b, f, t, s));
    }

    static long dotI64(MemorySegment a, MemorySegment b, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += i64(a, i) * i64(b, i);
        }
        return s;
    }

    // ---- min / max (n > 0) ----

    @Override
    public double minF64(MemorySegment x, long n) {
        return Chunks.doubles(1, n, Double.BYTES, f64(x, 0), (f, t, s) -> minF64(x, f, t, s));
    }

    static double minF64(MemorySegment x, long from, long to, double m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, f64(x, i));
        }
        return m;
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        return Chunks.floats(1, n, Float.BYTES, f32(x, 0), (f, t, s) -> minF32(x, f, t, s));
    }

    static float minF32(MemorySegment x, long from, long to, float m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, f32(x, i));
        }
        return m;
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        return Chunks.ints(1, n, Integer.BYTES, i32(x, 0), (f, t, s) -> minI32(x, f, t, s));
    }

    static int minI32(MemorySegment x, long from, long to, int m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, i32(x, i));
        }
        return m;
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        return Chunks.longs(1, n, Long.BYTES, i64(x, 0), (f, t, s) -> minI64(x, f, t, s));
    }

    static long minI64(MemorySegment x, long from, long to, long m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, i64(x, i));
        }
        return m;
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        return Chunks.doubles(1, n, Double.BYTES, f64(x, 0), (f, t, s) -> maxF64(x, f, t, s));
    }

    static double maxF64(MemorySegment x, long from, long to, double m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, f64(x, i));
        }
        return m;
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        return Chunks.floats(1, n, Float.BYTES, f32(x, 0), (f, t, s) -> maxF32(x, f, t, s));
    }

    static float maxF32(MemorySegment x, long from, long to, float m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, f32(x, i));
        }
        return m;
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        return Chunks.ints(1, n, Integer.BYTES, i32(x, 0), (f, t, s) -> maxI32(x, f, t, s));
    }

    static int maxI32(MemorySegment x, long from, long to, int m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, i32(x, i));
        }
        return m;
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        return Chunks.longs(1, n, Long.BYTES, i64(x, 0), (f, t, s) -> maxI64(x, f, t, s));
    }

    static long maxI64(MemorySegment x, long from, long to, long m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, i64(x, i));
        }
        return m;
    }

    // ---- count in range ----

    @Override
    public long countF64(MemorySegment x, long n, double lo, double hi) {
        return Chunks.longs(0, n, Double.BYTES, 0L, (f, t, c) -> c + countF64(x, f, t, lo, hi));
    }

    static long countF64(MemorySegment x, long from, long to, double lo, double hi) {
        long c = 0;
        for (long i = from; i < to; i++) {
            double v = f64(x, i);
            // Non-short-circuit '&' keeps the loop branch-free; NaN fails both comparisons.
            c += (lo <= v) & (v <= hi) ? 1 : 0;
        }
        return c;
    }

    @Override
    public long countF32(MemorySegment x, long n, float lo, float hi) {
        return Chunks.longs(0, n, Float.BYTES, 0L, (f, t, c) -> c + countF32(x, f, t, lo, hi));
    }

    static long countF32(MemorySegment x, long from, long to, float lo, float hi) {
        long c = 0;
        for (long i = from; i < to; i++) {
            float v = f32(x, i);
            c += (lo <= v) & (v <= hi) ? 1 : 0;
        }
        return c;
    }

    @Override
    public long countI32(MemorySegment x, long n, int lo, int hi) {
        return Chunks.longs(0, n, Integer.BYTES, 0L, (f, t, c) -> c + countI32(x, f, t, lo, hi));
    }

    static long countI32(MemorySegment x, long from, long to, int lo, int hi) {
        long c = 0;
        for (long i = from; i < to; i++) {
            int v = i32(x, i);
            c += (lo <= v) & (v <= hi) ? 1 : 0;
        }
        return c;
    }

    @Override
    public long countI64(MemorySegment x, long n, long lo, long hi) {
        return Chunks.longs(0, n, Long.BYTES, 0L, (f, t, c) -> c + countI64(x, f, t, lo, hi));
    }

    static long countI64(MemorySegment x, long from, long to, long lo, long hi) {
        long c = 0;
        for (long i = from; i < to; i++) {
            long v = i64(x, i);
            c += (lo <= v) & (v <= hi) ? 1 : 0;
        }
        return c;
    }

    // ---- per-row counts ----

    @Override
    public void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out) {
        countRowsF64(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsF64(MemorySegment m, long fromRow, long toRow, long cols, double lo, double hi,
                             MemorySegment out) {
        countRows(fromRow, toRow, cols, Double.BYTES, out, (f, t) -> countF64(m, f, t, lo, hi));
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        countRowsF32(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsF32(MemorySegment m, long fromRow, long toRow, long cols, float lo, float hi,
                             MemorySegment out) {
        countRows(fromRow, toRow, cols, Float.BYTES, out, (f, t) -> countF32(m, f, t, lo, hi));
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        countRowsI32(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsI32(MemorySegment m, long fromRow, long toRow, long cols, int lo, int hi,
                             MemorySegment out) {
        countRows(fromRow, toRow, cols, Integer.BYTES, out, (f, t) -> countI32(m, f, t, lo, hi));
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        countRowsI64(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsI64(MemorySegment m, long fromRow, long toRow, long cols, long lo, long hi,
                             MemorySegment out) {
        countRows(fromRow, toRow, cols, Long.BYTES, out, (f, t) -> countI64(m, f, t, lo, hi));
    }

    /** Counts elements {@code [from, to)} of a flat matrix. */
    @FunctionalInterface
    private interface RangeCount {
        long of(long from, long to);
    }

    /**
     * Writes the count of each row in {@code [fromRow, toRow)} to {@code out}: rows that fit a {@link Chunks} chunk
     * go a chunk of rows at a time, and a row larger than a chunk is counted a chunk at a time itself.
     */
    private static void countRows(long fromRow, long toRow, long cols, int elementBytes, MemorySegment out,
                                  RangeCount count) {
        if (cols > Chunks.items(elementBytes)) {
            for (long r = fromRow; r < toRow; r++) {
                long b = r * cols;
                out.setAtIndex(I32, r, (int) Chunks.longs(b, b + cols, elementBytes, 0L,
                        (f, t, c) -> c + count.of(f, t)));
            }
            return;
        }
        Chunks.each(fromRow, toRow, cols * elementBytes, (f, t) -> {
            for (long r = f; r < t; r++) {
                out.setAtIndex(I32, r, (int) count.of(r * cols, r * cols + cols));
            }
        });
    }

    // ---- per-row hypotenuse, per-column sum of squares ----

    @Override
    public void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB,
                          MemorySegment out) {
        // Each row reads two elements and writes one double.
        Chunks.each(0, rows, 2L * dtype.byteSize() + Double.BYTES, (f, t) -> {
            for (long r = f; r < t; r++) {
                double a = asDouble(dtype, m, r * cols + colA);
                double b = asDouble(dtype, m, r * cols + colB);
                out.setAtIndex(F64, r, Math.hypot(a, b));
            }
        });
    }

    @Override
    public void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out) {
        out.fill((byte) 0);
        int bytes = dtype.byteSize();
        if (cols > Chunks.items(bytes)) {
            // A row larger than a chunk: its columns go a chunk at a time (each column is summed on its own).
            for (long r = 0; r < rows; r++) {
                long row = r;
                Chunks.each(0, cols, bytes, (f, t) -> addSquares(dtype, m, row, row + 1, cols, f, t, out));
            }
            return;
        }
        Chunks.each(0, rows, cols * bytes, (f, t) -> addSquares(dtype, m, f, t, cols, 0, cols, out));
    }

    /** Adds {@code m[r, c]^2} to {@code out[c]} for rows {@code [fromRow, toRow)}, columns {@code [fromCol, toCol)}. */
    private static void addSquares(DType dtype, MemorySegment m, long fromRow, long toRow, long cols, long fromCol,
                                   long toCol, MemorySegment out) {
        for (long r = fromRow; r < toRow; r++) {
            for (long c = fromCol; c < toCol; c++) {
                double v = asDouble(dtype, m, r * cols + c);
                out.setAtIndex(F64, c, out.getAtIndex(F64, c) + v * v);
            }
        }
    }

    // ---- scale in place ----

    @Override
    public void scaleF64(MemorySegment x, long n, double factor) {
        Chunks.each(0, n, Double.BYTES, (f, t) -> scaleF64(x, f, t, factor));
    }

    static void scaleF64(MemorySegment x, long from, long to, double factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(F64, i, f64(x, i) * factor);
        }
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        Chunks.each(0, n, Float.BYTES, (f, t) -> scaleF32(x, f, t, factor));
    }

    static void scaleF32(MemorySegment x, long from, long to, float factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(F32, i, f32(x, i) * factor);
        }
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        Chunks.each(0, n, Integer.BYTES, (f, t) -> scaleI32(x, f, t, factor));
    }

    static void scaleI32(MemorySegment x, long from, long to, int factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(I32, i, i32(x, i) * factor);
        }
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        Chunks.each(0, n, Long.BYTES, (f, t) -> scaleI64(x, f, t, factor));
    }

    static void scaleI64(MemorySegment x, long from, long to, long factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(I64, i, i64(x, i) * factor);
        }
    }
}
