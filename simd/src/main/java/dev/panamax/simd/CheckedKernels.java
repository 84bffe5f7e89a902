package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.core.ShortView;
import java.util.Objects;

/**
 * The one {@link KernelOps} implementation: checks every argument, then calls a {@link KernelSupport} that trusts
 * it. Keeping the checks here means the scalar, vector and parallel kernels cannot disagree on what is valid.
 */
final class CheckedKernels implements KernelOps {
    private final KernelSupport k;
    private final NarrowSupport narrow;

    CheckedKernels(KernelSupport support, NarrowSupport narrow) {
        this.k = Objects.requireNonNull(support, "support");
        this.narrow = Objects.requireNonNull(narrow, "narrow");
    }

    KernelSupport support() {
        return k;
    }

    @Override
    public String toString() {
        return "KernelOps[" + k.name() + "]";
    }

    // ---- checks ----

    private static void sameLength(ArrayView a, ArrayView b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("length mismatch: a=" + a.length() + " b=" + b.length());
        }
    }

    private static void notEmpty(String op, ArrayView x) {
        if (x.isEmpty()) {
            throw new IllegalArgumentException(op + " of an empty " + x.dtype().numpyName()
                    + " view (length=0) is undefined: it needs at least one element");
        }
    }

    private static void rowsOut(Matrix<?> m, IntView out) {
        Objects.requireNonNull(out, "out");
        if (out.length() != m.rows()) {
            throw new IllegalArgumentException("out length mismatch: out=" + out.length() + " rows=" + m.rows()
                    + " (one int32 count per row)");
        }
        if (m.cols() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cols=" + m.cols() + " is too many for an int32 count per row (max "
                    + Integer.MAX_VALUE + ")");
        }
    }

    private static void column(String name, long col, long cols) {
        if (col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException(name + "=" + col + " outside [0, cols=" + cols + ")");
        }
    }

    private static DType computeType(ArrayView x) {
        return Objects.requireNonNull(x, "view").dtype();
    }

    // ---- sum of squares ----

    @Override
    public double sumOfSquares(DoubleView x) {
        return k.sumOfSquaresF64(x.segment(), x.length());
    }

    @Override
    public float sumOfSquares(FloatView x) {
        return k.sumOfSquaresF32(x.segment(), x.length());
    }

    @Override
    public long sumOfSquares(IntView x) {
        return k.sumOfSquaresI32(x.segment(), x.length());
    }

    @Override
    public long sumOfSquares(LongView x) {
        return k.sumOfSquaresI64(x.segment(), x.length());
    }

    // ---- sum ----

    @Override
    public double sum(DoubleView x) {
        return k.sumF64(x.segment(), x.length());
    }

    @Override
    public float sum(FloatView x) {
        return k.sumF32(x.segment(), x.length());
    }

    @Override
    public long sum(IntView x) {
        return k.sumI32(x.segment(), x.length());
    }

    @Override
    public long sum(LongView x) {
        return k.sumI64(x.segment(), x.length());
    }

    // ---- dot ----

    @Override
    public double dot(DoubleView a, DoubleView b) {
        sameLength(a, b);
        return k.dotF64(a.segment(), b.segment(), a.length());
    }

    @Override
    public float dot(FloatView a, FloatView b) {
        sameLength(a, b);
        return k.dotF32(a.segment(), b.segment(), a.length());
    }

    @Override
    public long dot(IntView a, IntView b) {
        sameLength(a, b);
        return k.dotI32(a.segment(), b.segment(), a.length());
    }

    @Override
    public long dot(LongView a, LongView b) {
        sameLength(a, b);
        return k.dotI64(a.segment(), b.segment(), a.length());
    }

    // ---- min / max ----

    @Override
    public double min(DoubleView x) {
        notEmpty("min", x);
        return k.minF64(x.segment(), x.length());
    }

    @Override
    public float min(FloatView x) {
        notEmpty("min", x);
        return k.minF32(x.segment(), x.length());
    }

    @Override
    public int min(IntView x) {
        notEmpty("min", x);
        return k.minI32(x.segment(), x.length());
    }

    @Override
    public long min(LongView x) {
        notEmpty("min", x);
        return k.minI64(x.segment(), x.length());
    }

    @Override
    public double max(DoubleView x) {
        notEmpty("max", x);
        return k.maxF64(x.segment(), x.length());
    }

    @Override
    public float max(FloatView x) {
        notEmpty("max", x);
        return k.maxF32(x.segment(), x.length());
    }

    @Override
    public int max(IntView x) {
        notEmpty("max", x);
        return k.maxI32(x.segment(), x.length());
    }

    @Override
    public long max(LongView x) {
        notEmpty("max", x);
        return k.maxI64(x.segment(), x.length());
    }

    // ---- count in range ----

    @Override
    public long countInRange(DoubleView x, double lo, double hi) {
        Objects.requireNonNull(x, "x");
        if (!(lo <= hi)) {
            return 0; // lo > hi or a NaN bound: nothing can be in range
        }
        return k.countF64(x.segment(), x.length(), lo, hi);
    }

    @Override
    public long countInRange(FloatView x, float lo, float hi) {
        Objects.requireNonNull(x, "x");
        if (!(lo <= hi)) {
            return 0;
        }
        return k.countF32(x.segment(), x.length(), lo, hi);
    }

    @Override
    public long countInRange(IntView x, int lo, int hi) {
        Objects.requireNonNull(x, "x");
        if (lo > hi) {
            return 0;
        }
        return k.countI32(x.segment(), x.length(), lo, hi);
    }

    @Override
    public long countInRange(LongView x, long lo, long hi) {
        Objects.requireNonNull(x, "x");
        if (lo > hi) {
            return 0;
        }
        return k.countI64(x.segment(), x.length(), lo, hi);
    }

    // ---- per-row counts ----

    @Override
    public void countInRangePerRow(Matrix<FloatView> m, float lo, float hi, IntView out) {
        rowsOut(m, out);
        if (!(lo <= hi)) {
            out.fill(0);
            return;
        }
        k.countRowsF32(m.segment(), m.rows(), m.cols(), lo, hi, out.segment());
    }

    @Override
    public void countInRangePerRow(Matrix<IntView> m, int lo, int hi, IntView out) {
        rowsOut(m, out);
        if (lo > hi) {
            out.fill(0);
            return;
        }
        k.countRowsI32(m.segment(), m.rows(), m.cols(), lo, hi, out.segment());
    }

    @Override
    public void countInRangePerRow(Matrix<LongView> m, long lo, long hi, IntView out) {
        rowsOut(m, out);
        if (lo > hi) {
            out.fill(0);
            return;
        }
        k.countRowsI64(m.segment(), m.rows(), m.cols(), lo, hi, out.segment());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void countInRangePerRow(Matrix<? extends ArrayView> m, double lo, double hi, IntView out) {
        rowsOut(m, out);
        switch (m.dtype()) {
            case FLOAT64 -> {
                if (!(lo <= hi)) {
                    out.fill(0);
                } else {
                    k.countRowsF64(m.segment(), m.rows(), m.cols(), lo, hi, out.segment());
                }
            }
            case FLOAT32 -> countInRangePerRow((Matrix<FloatView>) m, floatLo(lo), floatHi(hi), out);
            case INT32 -> {
                long[] b = intBounds(lo, hi, Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (b == null) {
                    out.fill(0);
                } else {
                    countInRangePerRow((Matrix<IntView>) m, (int) b[0], (int) b[1], out);
                }
            }
            case INT64 -> {
                long[] b = intBounds(lo, hi, Long.MIN_VALUE, Long.MAX_VALUE);
                if (b == null) {
                    out.fill(0);
                } else {
                    countInRangePerRow((Matrix<LongView>) m, b[0], b[1], out);
                }
            }
            case INT8, UINT8, INT16 -> {
                long[] b = m.flat() instanceof ByteView v ? intBounds(lo, hi, v.minValue(), v.maxValue())
                        : intBounds(lo, hi, Short.MIN_VALUE, Short.MAX_VALUE);
                if (b == null) {
                    out.fill(0);
                } else {
                    narrow.countRows(m.dtype(), m.segment(), m.rows(), m.cols(), (int) b[0], (int) b[1],
                            out.segment());
                }
            }
        }
    }

    // ---- per-row hypotenuse, per-column sum of squares ----

    @Override
    public void hypotenusePerRow(Matrix<? extends ArrayView> m, long colA, long colB, DoubleView out) {
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(out, "out");
        column("colA", colA, m.cols());
        column("colB", colB, m.cols());
        if (out.length() != m.rows()) {
            throw new IllegalArgumentException("out length mismatch: out=" + out.length() + " rows=" + m.rows()
                    + " (one float64 per row)");
        }
        k.hypotRows(m.dtype(), m.segment(), m.rows(), m.cols(), colA, colB, out.segment());
    }

    @Override
    public void sumOfSquaresPerColumn(Matrix<? extends ArrayView> m, DoubleView out) {
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(out, "out");
        if (out.length() != m.cols()) {
            throw new IllegalArgumentException("out length mismatch: out=" + out.length() + " cols=" + m.cols()
                    + " (one float64 per column)");
        }
        k.sumOfSquaresColumns(m.dtype(), m.segment(), m.rows(), m.cols(), out.segment());
    }

    // ---- scale ----

    @Override
    public void scale(DoubleView x, double factor) {
        k.scaleF64(x.segment(), x.length(), factor);
    }

    @Override
    public void scale(FloatView x, float factor) {
        k.scaleF32(x.segment(), x.length(), factor);
    }

    @Override
    public void scale(IntView x, int factor) {
        k.scaleI32(x.segment(), x.length(), factor);
    }

    @Override
    public void scale(LongView x, long factor) {
        k.scaleI64(x.segment(), x.length(), factor);
    }

    // ---- dynamic dispatch ----

    @Override
    public Number sumOfSquares(ArrayView x) {
        return switch (x) {
            case DoubleView d -> sumOfSquares(d);
            case FloatView f -> sumOfSquares(f);
            case IntView i -> sumOfSquares(i);
            case LongView l -> sumOfSquares(l);
            case ShortView v -> sumOfSquares(v);
            case ByteView v -> sumOfSquares(v);
        };
    }

    @Override
    public Number sum(ArrayView x) {
        return switch (x) {
            case DoubleView d -> sum(d);
            case FloatView f -> sum(f);
            case IntView i -> sum(i);
            case LongView l -> sum(l);
            case ShortView v -> sum(v);
            case ByteView v -> sum(v);
        };
    }

    @Override
    public Number dot(ArrayView a, ArrayView b) {
        if (computeType(a) != computeType(b)) {
            throw new IllegalArgumentException("dtype mismatch: a=" + a.dtype().numpyName() + " b="
                    + b.dtype().numpyName());
        }
        return switch (a) {
            case DoubleView d -> dot(d, (DoubleView) b);
            case FloatView f -> dot(f, (FloatView) b);
            case IntView i -> dot(i, (IntView) b);
            case LongView l -> dot(l, (LongView) b);
            case ShortView v -> dot(v, (ShortView) b);
            case ByteView v -> dot(v, (ByteView) b);
        };
    }

    @Override
    public Number min(ArrayView x) {
        return switch (x) {
            case DoubleView d -> min(d);
            case FloatView f -> min(f);
            case IntView i -> min(i);
            case LongView l -> min(l);
            case ShortView v -> min(v);
            case ByteView v -> min(v);
        };
    }

    @Override
    public Number max(ArrayView x) {
        return switch (x) {
            case DoubleView d -> max(d);
            case FloatView f -> max(f);
            case IntView i -> max(i);
            case LongView l -> max(l);
            case ShortView v -> max(v);
            case ByteView v -> max(v);
        };
    }

    @Override
    public long countInRange(ArrayView x, double lo, double hi) {
        return switch (x) {
            case DoubleView d -> countInRange(d, lo, hi);
            case FloatView f -> countInRange(f, floatLo(lo), floatHi(hi));
            case IntView i -> {
                long[] b = intBounds(lo, hi, Integer.MIN_VALUE, Integer.MAX_VALUE);
                yield b == null ? 0 : countInRange(i, (int) b[0], (int) b[1]);
            }
            case LongView l -> {
                long[] b = intBounds(lo, hi, Long.MIN_VALUE, Long.MAX_VALUE);
                yield b == null ? 0 : countInRange(l, b[0], b[1]);
            }
            case ShortView v -> {
                long[] b = intBounds(lo, hi, Short.MIN_VALUE, Short.MAX_VALUE);
                yield b == null ? 0 : countInRange(v, (int) b[0], (int) b[1]);
            }
            case ByteView v -> {
                long[] b = intBounds(lo, hi, v.minValue(), v.maxValue());
                yield b == null ? 0 : countInRange(v, (int) b[0], (int) b[1]);
            }
        };
    }

    @Override
    public void scale(ArrayView x, double factor) {
        switch (x) {
            case DoubleView d -> scale(d, factor);
            case FloatView f -> scale(f, (float) factor);
            case IntView i -> scale(i, (int) integralFactor(factor, Integer.MIN_VALUE, Integer.MAX_VALUE, x));
            case LongView l -> scale(l, integralFactor(factor, Long.MIN_VALUE, Long.MAX_VALUE, x));
            case ShortView v -> scale(v, (int) integralFactor(factor, Short.MIN_VALUE, Short.MAX_VALUE, x));
            case ByteView v -> scale(v, (int) integralFactor(factor, v.minValue(), v.maxValue(), x));
        }
    }

    // ---- bound narrowing for the dynamic entry points ----

    /** The smallest float {@code f} with {@code f >= lo} as real numbers (NaN stays NaN). */
    static float floatLo(double lo) {
        float f = (float) lo;
        return f < lo ? Math.nextUp(f) : f;
    }

    /** The largest float {@code f} with {@code f <= hi} as real numbers (NaN stays NaN). */
    static float floatHi(double hi) {
        float f = (float) hi;
        return f > hi ? Math.nextDown(f) : f;
    }

    /**
     * The integer range {@code [ceil(lo), floor(hi)]} clamped to {@code [min, max]}, or {@code null} when no integer
     * of the type lies in {@code [lo, hi]} (including a NaN bound).
     */
    static long[] intBounds(double lo, double hi, long min, long max) {
        if (!(lo <= hi)) {
            return null;
        }
        double l = Math.ceil(lo);
        double h = Math.floor(hi);
        // (double) max rounds Long.MAX_VALUE up to 2^63, so compare with >= there; for int it is exact.
        if (l > h || h < (double) min || (max == Long.MAX_VALUE ? l >= 0x1p63 : l > (double) max)) {
            return null;
        }
        long a = l <= (double) min ? min : (long) l;
        long b = h >= (double) max ? max : (long) h;
        return new long[] {a, b};
    }

    private static long integralFactor(double factor, long min, long max, ArrayView x) {
        boolean whole = factor == Math.rint(factor) && !Double.isInfinite(factor);
        boolean inRange = factor >= (double) min && (max == Long.MAX_VALUE ? factor < 0x1p63 : factor <= max);
        if (!whole || !inRange) {
            throw new IllegalArgumentException("factor=" + factor + " cannot scale a " + x.dtype().numpyName()
                    + " view: expected a whole number in [" + min + ", " + max + "]");
        }
        return (long) factor;
    }

    // ---- int8, uint8, int16: sums widen to int64, the rest stays in the element type ----

    @Override
    public long sum(ByteView x) {
        return narrow.sum(x.dtype(), x.segment(), x.length());
    }

    @Override
    public long sum(ShortView x) {
        return narrow.sum(DType.INT16, x.segment(), x.length());
    }

    @Override
    public long sumOfSquares(ByteView x) {
        return narrow.sumOfSquares(x.dtype(), x.segment(), x.length());
    }

    @Override
    public long sumOfSquares(ShortView x) {
        return narrow.sumOfSquares(DType.INT16, x.segment(), x.length());
    }

    @Override
    public long dot(ByteView a, ByteView b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dtype mismatch: a=" + a.dtype() + " b=" + b.dtype());
        }
        sameLength(a, b);
        return narrow.dot(a.dtype(), a.segment(), b.segment(), a.length());
    }

    @Override
    public long dot(ShortView a, ShortView b) {
        sameLength(a, b);
        return narrow.dot(DType.INT16, a.segment(), b.segment(), a.length());
    }

    @Override
    public int min(ByteView x) {
        notEmpty("min", x);
        return narrow.min(x.dtype(), x.segment(), x.length());
    }

    @Override
    public short min(ShortView x) {
        notEmpty("min", x);
        return (short) narrow.min(DType.INT16, x.segment(), x.length());
    }

    @Override
    public int max(ByteView x) {
        notEmpty("max", x);
        return narrow.max(x.dtype(), x.segment(), x.length());
    }

    @Override
    public short max(ShortView x) {
        notEmpty("max", x);
        return (short) narrow.max(DType.INT16, x.segment(), x.length());
    }

    @Override
    public long countInRange(ByteView x, int lo, int hi) {
        Objects.requireNonNull(x, "x");
        int l = Math.max(lo, x.minValue());
        int h = Math.min(hi, x.maxValue());
        return l > h ? 0 : narrow.count(x.dtype(), x.segment(), x.length(), l, h);
    }

    @Override
    public long countInRange(ShortView x, int lo, int hi) {
        Objects.requireNonNull(x, "x");
        int l = Math.max(lo, Short.MIN_VALUE);
        int h = Math.min(hi, Short.MAX_VALUE);
        return l > h ? 0 : narrow.count(DType.INT16, x.segment(), x.length(), l, h);
    }

    @Override
    public void scale(ByteView x, int factor) {
        if (factor < x.minValue() || factor > x.maxValue()) {
            throw new IllegalArgumentException("factor=" + factor + " cannot scale a " + x.dtype() + " view: "
                    + "expected a value in [" + x.minValue() + ", " + x.maxValue() + "]");
        }
        narrow.scale(x.dtype(), x.segment(), x.length(), factor);
    }

    @Override
    public void scale(ShortView x, int factor) {
        if (factor < Short.MIN_VALUE || factor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("factor=" + factor + " cannot scale a int16 view: expected a value in "
                    + "[" + Short.MIN_VALUE + ", " + Short.MAX_VALUE + "]");
        }
        narrow.scale(DType.INT16, x.segment(), x.length(), factor);
    }
}
