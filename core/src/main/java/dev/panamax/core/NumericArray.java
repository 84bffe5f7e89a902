package dev.panamax.core;

import java.lang.foreign.MemorySegment;

/**
 * An n-dimensional array of one {@link DType} in row-major order, backed by a {@link MemorySegment}:
 * an in-process {@link OffHeapArray}, a shared segment, or anything else that owns memory.
 *
 * <p>The typed accessors ({@link #asDoubles()}, {@link #asIntMatrix()}, …) check the dtype and shape and
 * return views without copying.
 */
public interface NumericArray {

    /** {@return the element type} */
    DType dtype();

    /** {@return the dimensions} */
    Shape shape();

    /**
     * The memory holding the elements: exactly {@code shape().byteSize(dtype())} bytes, element 0 at byte 0.
     *
     * @return the segment
     * @throws IllegalStateException if the array has been closed
     */
    MemorySegment segment();

    /** {@return the number of elements} */
    default long length() {
        return shape().elementCount();
    }

    /** {@return the size of the data in bytes} */
    default long byteSize() {
        return shape().byteSize(dtype());
    }

    /**
     * All elements as a float64 view.
     *
     * @return the view
     * @throws IllegalArgumentException if the dtype is not float64
     * @throws IllegalStateException if the array has been closed
     */
    default DoubleView asDoubles() {
        requireDType(DType.FLOAT64);
        return DoubleView.of(segment());
    }

    /**
     * All elements as a float32 view.
     *
     * @return the view
     * @throws IllegalArgumentException if the dtype is not float32
     * @throws IllegalStateException if the array has been closed
     */
    default FloatView asFloats() {
        requireDType(DType.FLOAT32);
        return FloatView.of(segment());
    }

    /**
     * All elements as an int32 view.
     *
     * @return the view
     * @throws IllegalArgumentException if the dtype is not int32
     * @throws IllegalStateException if the array has been closed
     */
    default IntView asInts() {
        requireDType(DType.INT32);
        return IntView.of(segment());
    }

    /**
     * All elements as an int64 view.
     *
     * @return the view
     * @throws IllegalArgumentException if the dtype is not int64
     * @throws IllegalStateException if the array has been closed
     */
    default LongView asLongs() {
        requireDType(DType.INT64);
        return LongView.of(segment());
    }

    /**
     * All elements as an int16 view.
     *
     * @return the view
     * @throws IllegalArgumentException if the dtype is not int16
     * @throws IllegalStateException if the array has been closed
     */
    default ShortView asShorts() {
        requireDType(DType.INT16);
        return ShortView.of(segment());
    }

    /**
     * All elements as an int8 or uint8 view, whichever the array has.
     *
     * @return the view; {@link ByteView#dtype()} is the array's dtype
     * @throws IllegalArgumentException if the dtype is neither int8 nor uint8
     * @throws IllegalStateException if the array has been closed
     */
    default ByteView asBytes() {
        if (dtype() != DType.INT8 && dtype() != DType.UINT8) {
            throw new IllegalArgumentException("dtype mismatch: array is " + dtype().numpyName()
                    + ", expected int8 or uint8");
        }
        return ByteView.of(segment(), dtype());
    }

    /**
     * All elements as a 1-D view of the array's own type.
     *
     * @return a {@link DoubleView}, {@link FloatView}, {@link IntView}, {@link LongView}, {@link ShortView} or
     *         {@link ByteView}
     * @throws IllegalStateException if the array has been closed
     */
    default ArrayView view() {
        return switch (dtype()) {
            case FLOAT64 -> DoubleView.of(segment());
            case FLOAT32 -> FloatView.of(segment());
            case INT32 -> IntView.of(segment());
            case INT64 -> LongView.of(segment());
            case INT16 -> ShortView.of(segment());
            case INT8, UINT8 -> ByteView.of(segment(), dtype());
        };
    }

    /**
     * The array as a row-major matrix of its own type.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<? extends ArrayView> matrix() {
        requireRank2();
        return Matrix.of(view(), shape().dim(0), shape().dim(1));
    }

    /**
     * The array as a float64 matrix.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the dtype is not float64 or the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<DoubleView> asDoubleMatrix() {
        requireDType(DType.FLOAT64);
        requireRank2();
        return Matrix.ofDoubles(segment(), shape().dim(0), shape().dim(1));
    }

    /**
     * The array as a float32 matrix.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the dtype is not float32 or the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<FloatView> asFloatMatrix() {
        requireDType(DType.FLOAT32);
        requireRank2();
        return Matrix.ofFloats(segment(), shape().dim(0), shape().dim(1));
    }

    /**
     * The array as an int32 matrix.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the dtype is not int32 or the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<IntView> asIntMatrix() {
        requireDType(DType.INT32);
        requireRank2();
        return Matrix.ofInts(segment(), shape().dim(0), shape().dim(1));
    }

    /**
     * The array as an int64 matrix.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the dtype is not int64 or the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<LongView> asLongMatrix() {
        requireDType(DType.INT64);
        requireRank2();
        return Matrix.ofLongs(segment(), shape().dim(0), shape().dim(1));
    }

    /**
     * The array as an int16 matrix.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the dtype is not int16 or the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<ShortView> asShortMatrix() {
        requireRank2();
        return Matrix.of(asShorts(), shape().dim(0), shape().dim(1));
    }

    /**
     * The array as an int8 or uint8 matrix, whichever it has.
     *
     * @return the matrix
     * @throws IllegalArgumentException if the dtype is neither int8 nor uint8, or the array is not 2-D
     * @throws IllegalStateException if the array has been closed
     */
    default Matrix<ByteView> asByteMatrix() {
        requireRank2();
        return Matrix.of(asBytes(), shape().dim(0), shape().dim(1));
    }

    /**
     * Checks the dtype.
     *
     * @param expected the dtype the caller needs
     * @throws IllegalArgumentException naming both dtypes if they differ
     */
    default void requireDType(DType expected) {
        if (dtype() != expected) {
            throw new IllegalArgumentException("dtype mismatch: array is " + dtype().numpyName()
                    + ", expected " + expected.numpyName());
        }
    }

    /**
     * Checks that the array is 2-D.
     *
     * @throws IllegalArgumentException naming the shape if it is not
     */
    default void requireRank2() {
        if (shape().rank() != 2) {
            throw new IllegalArgumentException("shape " + shape() + " is not 2-D: expected (rows, cols)");
        }
    }
}
