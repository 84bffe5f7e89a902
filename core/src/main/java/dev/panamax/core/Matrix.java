package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Function;

/**
 * A row-major (C-order) 2-D view: {@code rows()} rows of {@code cols()} elements each, stored contiguously.
 * Rows are 1-D views of the same element type ({@link DoubleView}, {@link FloatView}, {@link IntView} or
 * {@link LongView}), made without copying.
 *
 * {@snippet :
 * Matrix<IntView> m = Matrix.ofInts(segment, 200_000, 5);
 * int v = m.row(17).get(3);   // element [17, 3]
 * }
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
     * A matrix over an existing 1-D view of any of the four types.
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
