package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Every {@code step}-th element of a 1-D view, as NumPy's {@code a[start::step]}; a matrix column
 * ({@link Matrix#column(long)}, NumPy's {@code m[:, c]}) is the common case. No copy: reads and writes go to the
 * underlying memory, with the lifetime and bounds rules of {@link ArrayView}.
 *
 * <p>Elements are read and written as {@code long} or {@code double}, whatever the dtype, with the rule
 * {@link Matrix} uses: reads are exact or throw {@link ArithmeticException}; writes to an integer dtype must be
 * whole numbers in its range; writes to a floating-point dtype round to nearest.
 *
 * <p>The kernels take contiguous views only. {@link #copyTo(ArrayView)} gathers the elements into one (a single
 * pass) so any kernel can run on them; the per-row and per-column kernels ({@code hypotenusePerRow},
 * {@code sumOfSquaresPerColumn}) read matrix columns in place and need no copy. No kernel reads a strided view
 * directly.
 *
 * {@snippet :
 * Matrix<DoubleView> m = prices.asDoubleMatrix();            // 200000 x 5
 * StridedView close = m.column(3);                           // m[:, 3], no copy
 * try (OffHeapArray c = OffHeapArray.allocate(DType.FLOAT64, Shape.of(close.length()))) {
 *     close.copyTo(c.asDoubles());                           // np.ascontiguousarray(m[:, 3])
 *     double s = Kernels.sum(c.asDoubles());
 * }
 * }
 */
public final class StridedView {
    private final MemorySegment segment;
    private final DType dtype;
    private final long length;
    private final long step;
    private final boolean readOnly;

    private StridedView(MemorySegment segment, DType dtype, long length, long step, boolean readOnly) {
        this.segment = segment;
        this.dtype = dtype;
        this.length = length;
        this.step = step;
        this.readOnly = readOnly;
    }

    /**
     * Elements {@code start, start + step, start + 2 step, ...} of {@code view}, as far as it goes.
     *
     * @param view the elements to pick from
     * @param start the first element, in {@code [0, view.length()]} ({@code view.length()} gives an empty view)
     * @param step the distance between picked elements, at least 1
     * @return the strided view
     * @throws IndexOutOfBoundsException if {@code start} is outside {@code [0, view.length()]}
     * @throws IllegalArgumentException if {@code step < 1}
     * @throws NullPointerException if {@code view} is null
     */
    public static StridedView of(ArrayView view, long start, long step) {
        Objects.requireNonNull(view, "view");
        if (step < 1) {
            throw new IllegalArgumentException("step=" + step + ": expected at least 1");
        }
        if (start < 0 || start > view.length()) {
            throw new IndexOutOfBoundsException("start=" + start + " outside [0, length=" + view.length() + "]");
        }
        long length = start == view.length() ? 0 : (view.length() - start - 1) / step + 1;
        return of(view, start, step, length);
    }

    /** A view of exactly {@code length} elements; the caller has checked that they lie inside {@code view}. */
    static StridedView of(ArrayView view, long start, long step, long length) {
        int size = view.dtype().byteSize();
        // An empty view may start past the end (a column of a matrix with no rows): slice nothing at 0.
        MemorySegment s = length == 0 ? view.segment().asSlice(0, 0)
                : view.segment().asSlice(start * size, ((length - 1) * step + 1) * size);
        return new StridedView(s, view.dtype(), length, step, view.isReadOnly());
    }

    /** {@return the element type} */
    public DType dtype() {
        return dtype;
    }

    /** {@return the number of elements} */
    public long length() {
        return length;
    }

    /** {@return the distance between consecutive elements, in elements of the underlying view} */
    public long step() {
        return step;
    }

    /** {@return {@code true} if the memory is read-only} */
    public boolean isReadOnly() {
        return readOnly;
    }

    private long offsetOf(long index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + length);
        }
        return index * step * dtype.byteSize();
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("read-only memory: cannot write to " + this);
        }
    }

    /**
     * {@return the element as a double}
     *
     * @param index the element index
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws ArithmeticException if the element is an int64 with no exact double
     * @throws IllegalStateException if the memory has been closed
     */
    public double getDouble(long index) {
        return Elements.getDouble(segment, dtype, offsetOf(index), "element " + index);
    }

    /**
     * {@return the element as a long}
     *
     * @param index the element index
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws ArithmeticException if the element is a floating-point value that is not a whole number in the range
     *                             of a {@code long}
     * @throws IllegalStateException if the memory has been closed
     */
    public long getLong(long index) {
        return Elements.getLong(segment, dtype, offsetOf(index), "element " + index);
    }

    /**

     * Writes one element.

     *
     * @param index the element index
     * @param value the new value; rounded for a floating-point dtype
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalArgumentException if the dtype is an integer type and {@code value} is not a whole number in
     *                                  its range
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void set(long index, double value) {
        checkWritable();
        Elements.setDouble(segment, dtype, offsetOf(index), value, "element " + index);
    }

    /**

     * Writes one element.

     *
     * @param index the element index
     * @param value the new value; rounded for a floating-point dtype
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalArgumentException if the dtype is an integer type and {@code value} is outside its range
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void set(long index, long value) {
        checkWritable();
        Elements.setLong(segment, dtype, offsetOf(index), value, "element " + index);
    }

    /**
     * Gathers the elements into a contiguous view (NumPy's {@code np.ascontiguousarray}), for the kernels.
     *
     * @param destination a view of the same dtype and length
     * @throws IllegalArgumentException if the dtype or length differs
     * @throws IllegalStateException if either memory has been closed
     * @throws UnsupportedOperationException if the destination is read-only
     */
    public void copyTo(ArrayView destination) {
        checkPeer(destination);
        destination.checkWritable();
        move(segment, step, destination.segment(), 1);
    }

    /**
     * Scatters a contiguous view into these elements.
     *
     * @param source a view of the same dtype and length
     * @throws IllegalArgumentException if the dtype or length differs
     * @throws IllegalStateException if either memory has been closed
     * @throws UnsupportedOperationException if this view is read-only
     */
    public void copyFrom(ArrayView source) {
        checkPeer(source);
        checkWritable();
        move(source.segment(), 1, segment, step);
    }

    private void checkPeer(ArrayView other) {
        if (other.dtype() != dtype || other.length() != length) {
            throw new IllegalArgumentException("strided view of " + length + " " + dtype + " and contiguous view of "
                    + other.length() + " " + other.dtype() + ": expected the same dtype and length");
        }
    }

    /** Copies {@code length} elements as raw bits (every dtype is 1, 2, 4 or 8 plain little-endian bytes). */
    private void move(MemorySegment from, long fromStep, MemorySegment to, long toStep) {
        int size = dtype.byteSize();
        long a = fromStep * size;
        long b = toStep * size;
        switch (size) {
            case 1 -> {
                for (long i = 0; i < length; i++) {
                    to.set(ValueLayout.JAVA_BYTE, i * b, from.get(ValueLayout.JAVA_BYTE, i * a));
                }
            }
            case 2 -> {
                for (long i = 0; i < length; i++) {
                    to.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * b, from.get(ValueLayout.JAVA_SHORT_UNALIGNED, i * a));
                }
            }
            case 4 -> {
                for (long i = 0; i < length; i++) {
                    to.set(ValueLayout.JAVA_INT_UNALIGNED, i * b, from.get(ValueLayout.JAVA_INT_UNALIGNED, i * a));
                }
            }
            default -> {
                for (long i = 0; i < length; i++) {
                    to.set(ValueLayout.JAVA_LONG_UNALIGNED, i * b, from.get(ValueLayout.JAVA_LONG_UNALIGNED, i * a));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "StridedView[" + dtype + ", length=" + length + ", step=" + step + "]";
    }
}
