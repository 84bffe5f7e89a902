package dev.panamax.core;

import java.util.Arrays;

/**
 * The dimensions of a row-major (C-order) array.
 *
 * <p>Immutable. A shape of rank 0 ({@code ()}) has one element; any zero dimension makes an empty array,
 * which is legal. The element count is checked for overflow of a {@code long}.
 */
public final class Shape {
    /**
     * Most dimensions a shape may have: NumPy's {@code NPY_MAXDIMS} since NumPy 2.0 (NumPy 1.x arrays stop at 32),
     * so every shape Panamax makes or reads is one NumPy can hold.
     */
    public static final int MAX_RANK = 64;

    private final long[] dims;
    private final long elementCount;

    private Shape(long[] dims) {
        if (dims.length > MAX_RANK) {
            throw new IllegalArgumentException("shape of rank " + dims.length + ": NumPy arrays have at most "
                    + MAX_RANK + " dimensions");
        }
        this.dims = dims;
        // The product of the non-zero dimensions must fit too, as in NumPy: it bounds the strides, and a
        // zero dimension must not hide an impossible shape such as (0, 2**62, 2**62).
        long nonZeroProduct = 1;
        boolean empty = false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("negative dimension " + dims[i] + " at index " + i
                        + " in shape " + tuple(dims) + ": expected every dimension >= 0");
            }
            empty |= dims[i] == 0;
            try {
                nonZeroProduct = Math.multiplyExact(nonZeroProduct, Math.max(dims[i], 1));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + tuple(dims) + " has more than Long.MAX_VALUE "
                        + (empty ? "elements in its non-zero dimensions" : "elements"), e);
            }
        }
        this.elementCount = empty ? 0 : nonZeroProduct;
    }

    /**
     * Creates a shape.
     *
     * @param dims the dimensions, outermost first
     * @return the shape
     * @throws IllegalArgumentException if there are more than {@link #MAX_RANK} dimensions, a dimension is
     *                                  negative, or the product of the non-zero dimensions overflows a {@code long}
     * @throws NullPointerException if {@code dims} is null
     */
    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /**
     * Parses a comma-separated list of dimensions such as {@code "200000,5"} (spaces and one pair of
     * parentheses or brackets are allowed; the empty string or {@code "()"} is rank 0).
     *
     * @param text the text
     * @return the shape
     * @throws IllegalArgumentException if {@code text} is null, a part is not a non-negative integer, there are
     *                                  more than {@link #MAX_RANK} dimensions, or the count overflows
     */
    public static Shape parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("shape is null: expected dimensions such as 1000 or 200000,5");
        }
        String t = text.strip();
        if ((t.startsWith("(") && t.endsWith(")")) || (t.startsWith("[") && t.endsWith("]"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        if (t.isEmpty()) {
            return new Shape(new long[0]);
        }
        String[] parts = t.split(",", -1);
        int n = parts.length;
        if (n > 1 && parts[n - 1].isBlank()) {
            n--; // trailing comma, as in Python's (5,)
        }
        long[] dims = new long[n];
        for (int i = 0; i < n; i++) {
            String p = parts[i].strip();
            // ASCII digits only: Long.parseLong would also take other scripts' digits.
            boolean digits = isAsciiInteger(p);
            try {
                if (!digits) {
                    throw new NumberFormatException(p);
                }
                dims[i] = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid shape '" + text + "': dimension " + i + " is '" + p
                        + "', expected a non-negative integer" + (digits ? " that fits in a long" : ""), e);
            }
        }
        return new Shape(dims);
    }

    private static boolean isAsciiInteger(String p) {
        int start = !p.isEmpty() && (p.charAt(0) == '-' || p.charAt(0) == '+') ? 1 : 0;
        if (p.length() == start) {
            return false;
        }
        for (int k = start; k < p.length(); k++) {
            if (p.charAt(k) < '0' || p.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return dims.length;
    }

    /**
     * {@return the length of that axis}
     *
     * @param axis the axis, 0 is the outermost
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public long dim(int axis) {
        if (axis < 0 || axis >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range for rank " + dims.length);
        }
        return dims[axis];
    }

    /** {@return a copy of the dimensions} */
    public long[] dims() {
        return dims.clone();
    }

    /** {@return the number of elements: the product of the dimensions (1 for rank 0)} */
    public long elementCount() {
        return elementCount;
    }

    /**
     * The size in bytes of an array of this shape.
     *
     * @param dtype the element type
     * @return {@code elementCount() * dtype.byteSize()}
     * @throws IllegalArgumentException if that overflows a {@code long}
     */
    public long byteSize(DType dtype) {
        try {
            return Math.multiplyExact(elementCount, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + this + " of " + dtype.numpyName()
                    + " needs more than Long.MAX_VALUE bytes", e);
        }
    }

    /**
     * Row-major strides in elements: the distance between consecutive indices along each axis. A zero
     * dimension counts as 1 here, so an empty array still has finite strides (no element is ever addressed
     * through them); NumPy reports 0 for those.
     *
     * @return one stride per axis; the last is 1
     */
    public long[] strides() {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 1);
        }
        return s;
    }

    /** {@return the shape as Python writes a tuple: {@code (200000, 5)}, {@code (7,)} or {@code ()}} */
    public String toPythonTuple() {
        return tuple(dims);
    }

    private static String tuple(long[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@return the shape as NumPy prints it, a Python tuple: {@code (200000, 5)}, {@code (7,)} or {@code ()}} */
    @Override
    public String toString() {
        return tuple(dims);
    }
}
