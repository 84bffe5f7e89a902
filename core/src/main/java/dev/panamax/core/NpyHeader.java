package dev.panamax.core;

import java.util.Objects;

/**
 * A parsed {@code .npy} header: what the data is and where it starts.
 *
 * @param majorVersion the format major version (1, 2 or 3)
 * @param minorVersion the format minor version (0)
 * @param dtype the element type
 * @param shape the dimensions
 * @param fortranOrder {@code true} if the data is column-major (Panamax kernels need row-major; see
 *                     {@link #requireRowMajor()})
 * @param dataOffset the byte offset of element 0 from the start of the file
 */
public record NpyHeader(int majorVersion, int minorVersion, DType dtype, Shape shape, boolean fortranOrder,
                        long dataOffset) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if dtype or shape is null
     * @throws IllegalArgumentException if the data offset is negative, or the data size or the end of the data
     *                                  ({@link #fileSize()}) does not fit in a {@code long}
     */
    public NpyHeader {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        if (dataOffset < 0) {
            throw new IllegalArgumentException("negative data offset " + dataOffset);
        }
        long bytes = shape.byteSize(dtype);
        if (bytes > Long.MAX_VALUE - dataOffset) {
            throw new IllegalArgumentException("shape " + shape + " of " + dtype.numpyName() + " needs " + bytes
                    + " bytes after data offset " + dataOffset + ": the file would end past Long.MAX_VALUE bytes");
        }
    }

    /** {@return the size of the data in bytes} */
    public long dataBytes() {
        return shape.byteSize(dtype);
    }

    /** {@return the size a complete file with this header has: {@code dataOffset() + dataBytes()}} */
    public long fileSize() {
        return dataOffset + dataBytes();
    }

    /**
     * Checks that the data is in row-major (C) order, as every kernel that works on rows needs.
     *
     * @throws NpyFormatException if {@code fortran_order} is {@code True}
     */
    public void requireRowMajor() throws NpyFormatException {
        if (fortranOrder && shape.rank() > 1) {
            throw new NpyFormatException("array of shape " + shape + " has fortran_order: True (column-major); "
                    + "expected C order: save it with np.ascontiguousarray(a)");
        }
    }
}
