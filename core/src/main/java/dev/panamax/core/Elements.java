package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One element of any dtype, read as a {@code long} or a {@code double} and written from either, for the untyped
 * accessors ({@link Matrix#getDouble}, {@link StridedView#set(long, long)}, ...) and the fills.
 *
 * <p>The rule, stated once: reads are exact or throw {@link ArithmeticException}; a write to an integer dtype
 * must be a whole number in the dtype's range or throws {@link IllegalArgumentException}; a write to a
 * floating-point dtype rounds to nearest, as a NumPy assignment does.
 */
final class Elements {
    private Elements() {
    }

    /** @return the smallest value of an integer dtype, {@link Long#MIN_VALUE} for the floating-point ones */
    static long min(DType t) {
        return t.isFloatingPoint() ? Long.MIN_VALUE : t.minValue();
    }

    /** @return the largest value of an integer dtype, {@link Long#MAX_VALUE} for the floating-point ones */
    static long max(DType t) {
        return t.isFloatingPoint() ? Long.MAX_VALUE : t.maxValue();
    }

    /** @return the range of an integer dtype, {@code [-128, 127]} */
    static String range(DType t) {
        return "[" + min(t) + ", " + max(t) + "]";
    }

    /** @return whether {@code v} is a whole number that fits a {@code long} */
    static boolean isWhole(double v) {
        return v >= -0x1p63 && v < 0x1p63 && v == Math.rint(v);
    }

    static double getDouble(MemorySegment s, DType t, long offset, String what) {
        return switch (t) {
            case FLOAT64 -> s.get((ValueLayout.OfDouble) t.layout(), offset);
            case FLOAT32 -> s.get((ValueLayout.OfFloat) t.layout(), offset);
            case INT64 -> {
                long v = s.get((ValueLayout.OfLong) t.layout(), offset);
                double d = v;
                if (d >= 0x1p63 || (long) d != v) {
                    throw new ArithmeticException(what + " = " + v + " (int64) has no exact double: use getLong");
                }
                yield d;
            }
            default -> getLong(s, t, offset, what);
        };
    }

    static long getLong(MemorySegment s, DType t, long offset, String what) {
        return switch (t) {
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, offset);
            case UINT8 -> Byte.toUnsignedLong(s.get(ValueLayout.JAVA_BYTE, offset));
            case INT16 -> s.get((ValueLayout.OfShort) t.layout(), offset);
            case INT32 -> s.get((ValueLayout.OfInt) t.layout(), offset);
            case INT64 -> s.get((ValueLayout.OfLong) t.layout(), offset);
            case FLOAT32, FLOAT64 -> {
                double v = getDouble(s, t, offset, what);
                if (!isWhole(v)) {
                    throw new ArithmeticException(what + " = " + v + " (" + t + ") is not a whole number in the "
                            + "range of a long: use getDouble");
                }
                yield (long) v;
            }
        };
    }

    static void setDouble(MemorySegment s, DType t, long offset, double v, String what) {
        switch (t) {
            case FLOAT64 -> s.set((ValueLayout.OfDouble) t.layout(), offset, v);
            case FLOAT32 -> s.set((ValueLayout.OfFloat) t.layout(), offset, (float) v);
            default -> {
                if (!isWhole(v)) {
                    throw new IllegalArgumentException("cannot write " + v + " to " + what + ": " + t
                            + " holds whole numbers in " + range(t));
                }
                setLong(s, t, offset, (long) v, what);
            }
        }
    }

    static void setLong(MemorySegment s, DType t, long offset, long v, String what) {
        if (!t.isFloatingPoint() && (v < min(t) || v > max(t))) {
            throw new IllegalArgumentException("cannot write " + v + " to " + what + ": outside " + t + " "
                    + range(t));
        }
        switch (t) {
            case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, offset, (byte) v);
            case INT16 -> s.set((ValueLayout.OfShort) t.layout(), offset, (short) v);
            case INT32 -> s.set((ValueLayout.OfInt) t.layout(), offset, (int) v);
            case INT64 -> s.set((ValueLayout.OfLong) t.layout(), offset, v);
            case FLOAT32 -> s.set((ValueLayout.OfFloat) t.layout(), offset, (float) v);
            case FLOAT64 -> s.set((ValueLayout.OfDouble) t.layout(), offset, (double) v);
        }
    }
}
