package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The scalar kernels: plain sequential loops, the reference every other implementation is tested against and the
 * fallback when the Vector API is unavailable. Floating-point sums add left to right in the element type, so these
 * results are exactly what the javadoc's "sequential loop" means.
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
        return s.getAtIndex(F64, i);
    }

    static float f32(MemorySegment s, long i) {
        return s.getAtIndex(F32, i);
    }

    static int i32(MemorySegment s, long i) {
        return s.getAtIndex(I32, i);
    }

    static long i64(MemorySegment s, long i) {
        return s.getAtIndex(I64, i);
    }

    /** Element {@code i} of a segment of {@code dtype} converted to double (int64 rounds to nearest). */
    static double asDouble(DType dtype, MemorySegment s, long i) {
        return switch (dtype) {
            case FLOAT64 -> f64(s, i);
            case FLOAT32 -> f32(s, i);
            case INT32 -> i32(s, i);
            case INT64 -> i64(s, i);
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype.numpyName());
        };
    }

    // ---- sum of squares ----

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        return sumOfSquaresF64(x, 0, n, 0.0);
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
        return sumOfSquaresF32(x, 0, n, 0.0f);
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
        return sumOfSquaresI32(x, 0, n, 0L);
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
        return sumOfSquaresI64(x, 0, n, 0L);
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
        return sumF64(x, 0, n, 0.0);
    }

    static double sumF64(MemorySegment x, long from, long to, double s) {
        for (long i = from; i < to; i++) {
            s += f64(x, i);
        }
        return s;
    }

    @Override
    public float sumF32(MemorySegment x, long n) {
        return sumF32(x, 0, n, 0.0f);
    }

    static float sumF32(MemorySegment x, long from, long to, float s) {
        for (long i = from; i < to; i++) {
            s += f32(x, i);
        }
        return s;
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        return sumI32(x, 0, n, 0L);
    }

    static long sumI32(MemorySegment x, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += i32(x, i);
        }
        return s;
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        return sumI64(x, 0, n, 0L);
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
        return dotF64(a, b, 0, n, 0.0);
    }

    static double dotF64(MemorySegment a, MemorySegment b, long from, long to, double s) {
        for (long i = from; i < to; i++) {
            s += f64(a, i) * f64(b, i);
        }
        return s;
    }

    @Override
    public float dotF32(MemorySegment a, MemorySegment b, long n) {
        return dotF32(a, b, 0, n, 0.0f);
    }

    static float dotF32(MemorySegment a, MemorySegment b, long from, long to, float s) {
        for (long i = from; i < to; i++) {
            s += f32(a, i) * f32(b, i);
        }
        return s;
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        return dotI32(a, b, 0, n, 0L);
    }

    static long dotI32(MemorySegment a, MemorySegment b, long from, long to, long s) {
        for (long i = from; i < to; i++) {
            s += (long) i32(a, i) * i32(b, i);
        }
        return s;
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        return dotI64(a, b, 0, n, 0L);
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
        return minF64(x, 1, n, f64(x, 0));
    }

    static double minF64(MemorySegment x, long from, long to, double m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, f64(x, i));
        }
        return m;
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        return minF32(x, 1, n, f32(x, 0));
    }

    static float minF32(MemorySegment x, long from, long to, float m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, f32(x, i));
        }
        return m;
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        return minI32(x, 1, n, i32(x, 0));
    }

    static int minI32(MemorySegment x, long from, long to, int m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, i32(x, i));
        }
        return m;
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        return minI64(x, 1, n, i64(x, 0));
    }

    static long minI64(MemorySegment x, long from, long to, long m) {
        for (long i = from; i < to; i++) {
            m = Math.min(m, i64(x, i));
        }
        return m;
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        return maxF64(x, 1, n, f64(x, 0));
    }

    static double maxF64(MemorySegment x, long from, long to, double m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, f64(x, i));
        }
        return m;
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        return maxF32(x, 1, n, f32(x, 0));
    }

    static float maxF32(MemorySegment x, long from, long to, float m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, f32(x, i));
        }
        return m;
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        return maxI32(x, 1, n, i32(x, 0));
    }

    static int maxI32(MemorySegment x, long from, long to, int m) {
        for (long i = from; i < to; i++) {
            m = Math.max(m, i32(x, i));
        }
        return m;
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        return maxI64(x, 1, n, i64(x, 0));
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
        return countF64(x, 0, n, lo, hi);
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
        return countF32(x, 0, n, lo, hi);
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
        return countI32(x, 0, n, lo, hi);
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
        return countI64(x, 0, n, lo, hi);
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
        for (long r = fromRow; r < toRow; r++) {
            out.setAtIndex(I32, r, (int) countF64(m, r * cols, r * cols + cols, lo, hi));
        }
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        countRowsF32(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsF32(MemorySegment m, long fromRow, long toRow, long cols, float lo, float hi,
                             MemorySegment out) {
        for (long r = fromRow; r < toRow; r++) {
            out.setAtIndex(I32, r, (int) countF32(m, r * cols, r * cols + cols, lo, hi));
        }
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        countRowsI32(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsI32(MemorySegment m, long fromRow, long toRow, long cols, int lo, int hi,
                             MemorySegment out) {
        for (long r = fromRow; r < toRow; r++) {
            out.setAtIndex(I32, r, (int) countI32(m, r * cols, r * cols + cols, lo, hi));
        }
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        countRowsI64(m, 0, rows, cols, lo, hi, out);
    }

    static void countRowsI64(MemorySegment m, long fromRow, long toRow, long cols, long lo, long hi,
                             MemorySegment out) {
        for (long r = fromRow; r < toRow; r++) {
            out.setAtIndex(I32, r, (int) countI64(m, r * cols, r * cols + cols, lo, hi));
        }
    }

    // ---- per-row hypotenuse, per-column sum of squares ----

    @Override
    public void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB,
                          MemorySegment out) {
        for (long r = 0; r < rows; r++) {
            double a = asDouble(dtype, m, r * cols + colA);
            double b = asDouble(dtype, m, r * cols + colB);
            out.setAtIndex(F64, r, Math.hypot(a, b));
        }
    }

    @Override
    public void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out) {
        out.fill((byte) 0);
        for (long r = 0; r < rows; r++) {
            for (long c = 0; c < cols; c++) {
                double v = asDouble(dtype, m, r * cols + c);
                out.setAtIndex(F64, c, out.getAtIndex(F64, c) + v * v);
            }
        }
    }

    // ---- scale in place ----

    @Override
    public void scaleF64(MemorySegment x, long n, double factor) {
        scaleF64(x, 0, n, factor);
    }

    static void scaleF64(MemorySegment x, long from, long to, double factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(F64, i, f64(x, i) * factor);
        }
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        scaleF32(x, 0, n, factor);
    }

    static void scaleF32(MemorySegment x, long from, long to, float factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(F32, i, f32(x, i) * factor);
        }
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        scaleI32(x, 0, n, factor);
    }

    static void scaleI32(MemorySegment x, long from, long to, int factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(I32, i, i32(x, i) * factor);
        }
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        scaleI64(x, 0, n, factor);
    }

    static void scaleI64(MemorySegment x, long from, long to, long factor) {
        for (long i = from; i < to; i++) {
            x.setAtIndex(I64, i, i64(x, i) * factor);
        }
    }
}
