package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Function;

/**
 * A row-major (C-order) 2-D view: {@code rows()} rows of {@code cols()} elements each, stored contiguously.
 * Rows are 1-D views of the same element type ({@link DoubleView}, {@link FloatView}, {@link IntView},
 * {@link LongView}, {@link ShortView} or {@link ByteView}), made without copying; columns are {@link StridedView}s.
 *
 * {@snippet :
 * Matrix<IntView> m = Matrix.ofInts(segment, 200_000, 5);
 * int v = m.row(17).get(3);          // element [17, 3], typed
 * long w = m.getLong(17, 3);         // the same element, m[17, 3]
 * m.set(17, 3, 42);                  // m[17, 3] = 42
 * StridedView c = m.column(3);       // m[:, 3], no copy
 * }
 *
 * <h2>Element access: one class, two value types</h2>
 * {@link #getDouble}, {@link #getLong} and the two {@code set} methods work on a matrix of any dtype, so code that
 * gets a {@code Matrix<?>} from a segment of unknown dtype can still index it, and {@code Matrix<V>} keeps its one
 * type parameter (typed matrices would need a class per dtype, and the typed row views already give typed
 * access: {@code m.row(r).get(c)}). The price is a conversion, with one rule: reads are exact or throw
 * {@link ArithmeticException} (an int64 beyond 2^53 with no exact double, a float that is not a whole number read
 * as a long); writes to an integer dtype must be whole numbers in its range or throw
 * {@link IllegalArgumentException} (NumPy would wrap or truncate silently); writes to a floating-point dtype round
 * to nearest, as NumPy's {@code m[r, c] = v} does.
 *
 * @param <V> the 1-D view type of a row
 */
public final class Matrix<V extends ArrayView> {
    private final V flat;
    private final long rows;
    private final long cols;
    private final Function<MemorySegment, V> rowFactory;

    private Matrix(V flat, long rows, long cols, Function<MemorySegment, V> rowFactory) {
        this.flat = flat;
        this.rows = rows;
        this.cols = cols;
        this.rowFactory = rowFactory;
    }

    private static <V extends ArrayView> Matrix<V> make(V flat, long rows, long cols,
                                                        Function<MemorySegment, V> rowFactory) {
        Objects.requireNonNull(flat, "flat");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix dimension: rows=" + rows + " cols=" + cols);
        }
        long needed;
        try {
            needed = Math.multiplyExact(rows, cols);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("matrix rows=" + rows + " cols=" + cols + " overflows a long", e);
        }
        if (needed != flat.length()) {
            throw new IllegalArgumentException("matrix rows=" + rows + " cols=" + cols + " needs " + needed
                    + " elements but the view has length=" + flat.length());
        }
        return new Matrix<>(flat, rows, cols, rowFactory);
    }

    /**
     * A float64 matrix over a whole segment.
     *
     * @param segment the memory, exactly {@code rows * cols * 8} bytes
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the matrix
     * @throws IllegalArgumentException if a dimension is negative or the segment size does not match
     * @throws NullPointerException if {@code segment} is null
     */
    public static Matrix<DoubleView> ofDoubles(MemorySegment segment, long rows, long cols) {
        return make(DoubleView.of(segment), rows, cols, DoubleView::of);
    }

    /**
     * A float32 matrix over a whole segment.
     *
     * @param segment the memory, exactly {@code rows * cols * 4} bytes
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the matrix
     * @throws IllegalArgumentException if a dimension is negative or the segment size does not match
     * @throws NullPointerException if {@code segment} is null
     */
    public static Matrix<FloatView> ofFloats(MemorySegment segment, long rows, long cols) {
        return make(FloatView.of(segment), rows, cols, FloatView::of);
    }

    /**
     * An int32 matrix over a whole segment.
     *
     * @param segment the memory, exactly {@code rows * cols * 4} bytes
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the matrix
     * @throws IllegalArgumentException if a dimension is negative or the segment size does not match
     * @throws NullPointerException if {@code segment} is null
     */
    public static Matrix<IntView> ofInts(MemorySegment segment, long rows, long cols) {
        return make(IntView.of(segment), rows, cols, IntView::of);
    }

    /**
     * An int64 matrix over a whole segment.
     *
     * @param segment the memory, exactly {@code rows * cols * 8} bytes
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the matrix
     * @throws IllegalArgumentException if a dimension is negative or the segment size does not match
     * @throws NullPointerException if {@code segment} is null
     */
    public static Matrix<LongView> ofLongs(MemorySegment segment, long rows, long cols) {
        return make(LongView.of(segment), rows, cols, LongView::of);
    }

    /**
     * A matrix over an existing 1-D view of any type (a {@link ByteView}'s rows keep its int8 or uint8 dtype).
     *
     * @param flat the elements in row-major order; its length must be {@code rows * cols}
     * @param rows the number of rows
     * @param cols the number of columns
     * @param <V> the view type
     * @return the matrix
     * @throws IllegalArgumentException if a dimension is negative or the lengths do not match
     * @throws NullPointerException if {@code flat} is null
     */
    @SuppressWarnings("unchecked")
    public static <V extends ArrayView> Matrix<V> of(V flat, long rows, long cols) {
        Objects.requireNonNull(flat, "flat");
        Function<MemorySegment, ? extends ArrayView> f = switch (flat) {
            case DoubleView d -> DoubleView::of;
            case FloatView d -> FloatView::of;
            case IntView d -> IntView::of;
            case LongView d -> LongView::of;
            case ShortView d -> ShortView::of;
            case ByteView d -> segment -> ByteView.of(segment, d.dtype());
        };
        return make(flat, rows, cols, (Function<MemorySegment, V>) f);
    }

    /** {@return the number of rows} */
    public long rows() {
        return rows;
    }

    /** {@return the number of columns (elements per row)} */
    public long cols() {
        return cols;
    }

    /** {@return the element type} */
    public DType dtype() {
        return flat.dtype();
    }

    /** {@return all elements as one 1-D view, in row-major order} */
    public V flat() {
        return flat;
    }

    /** {@return the memory of all elements} */
    public MemorySegment segment() {
        return flat.segment();
    }

    /**
     * One row, as a 1-D view of {@code cols()} elements (no copy).
     *
     * @param row the row index
     * @return the row view
     * @throws IndexOutOfBoundsException if {@code row} is not in {@code [0, rows())}
     */
    public V row(long row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row=" + row + " rows=" + rows);
        }
        long bytesPerRow = cols * dtype().byteSize();
        return rowFactory.apply(flat.segment().asSlice(row * bytesPerRow, bytesPerRow));
    }

    private long offsetOf(long row, long col) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("index " + row + " is out of bounds for axis 0 with size " + rows);
        }
        if (col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("index " + col + " is out of bounds for axis 1 with size " + cols);
        }
        return (row * cols + col) * dtype().byteSize();
    }

    private static String element(long row, long col) {
        return "element [" + row + ", " + col + "]";
    }

    /**
     * Element {@code [row, col]} as a double: exact for every dtype, except int64 values with no exact double.
     *
     * @param row the row index
     * @param col the column index
     * @return the element
     * @throws IndexOutOfBoundsException if an index is out of bounds (the message names the axis, as NumPy's does)
     * @throws ArithmeticException if the element is an int64 with no exact double (use {@link #getLong})
     * @throws IllegalStateException if the memory has been closed
     */
    public double getDouble(long row, long col) {
        return Elements.getDouble(flat.segment(), dtype(), offsetOf(row, col), element(row, col));
    }

    /**
     * Element {@code [row, col]} as a long: exact for every integer dtype (uint8 reads 0 to 255), and for whole
     * floating-point values.
     *
     * @param row the row index
     * @param col the column index
     * @return the element
     * @throws IndexOutOfBoundsException if an index is out of bounds
     * @throws ArithmeticException if the element is a floating-point value that is not a whole number in the range
     *                             of a {@code long} (use {@link #getDouble})
     * @throws IllegalStateException if the memory has been closed
     */
    public long getLong(long row, long col) {
        return Elements.getLong(flat.segment(), dtype(), offsetOf(row, col), element(row, col));
    }

    /**
     * Sets element {@code [row, col]}, like NumPy's {@code m[row, col] = value}.
     *
     * @param row the row index
     * @param col the column index
     * @param value the new value; rounded to nearest for a floating-point dtype
     * @throws IndexOutOfBoundsException if an index is out of bounds
     * @throws IllegalArgumentException if the dtype is an integer type and {@code value} is not a whole number in its
     *                                  range
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void set(long row, long col, double value) {
        flat.checkWritable();
        Elements.setDouble(flat.segment(), dtype(), offsetOf(row, col), value, element(row, col));
    }

    /**
     * Sets element {@code [row, col]}, like NumPy's {@code m[row, col] = value}.
     *
     * @param row the row index
     * @param col the column index
     * @param value the new value; rounded to nearest for a floating-point dtype
     * @throws IndexOutOfBoundsException if an index is out of bounds
     * @throws IllegalArgumentException if the dtype is an integer type and {@code value} is outside its range
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void set(long row, long col, long value) {
        flat.checkWritable();
        Elements.setLong(flat.segment(), dtype(), offsetOf(row, col), value, element(row, col));
    }

    /**
     * One column, NumPy's {@code m[:, col]}: a strided view of {@code rows()} elements, {@code cols()} apart
     * (no copy). {@link StridedView#copyTo} gathers it into a contiguous view for the kernels.
     *
     * @param col the column index
     * @return the column
     * @throws IndexOutOfBoundsException if {@code col} is not in {@code [0, cols())}
     */
    public StridedView column(long col) {
        if (col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("index " + col + " is out of bounds for axis 1 with size " + cols);
        }
        return StridedView.of(flat, col, cols, rows);
    }

    /**
     * A band of consecutive rows as a matrix (no copy); parallel kernels split work this way.
     *
     * @param fromRow the first row
     * @param count the number of rows
     * @return the sub-matrix
     * @throws IndexOutOfBoundsException if the rows are not inside this matrix
     */
    public Matrix<V> rowRange(long fromRow, long count) {
        ArrayView.checkRange(fromRow, count, rows);
        long bytesPerRow = cols * dtype().byteSize();
        V sub = rowFactory.apply(flat.segment().asSlice(fromRow * bytesPerRow, count * bytesPerRow));
        return new Matrix<>(sub, count, cols, rowFactory);
    }

    @Override
    public String toString() {
        return "Matrix[" + dtype().numpyName() + ", rows=" + rows + ", cols=" + cols + "]";
    }
}
