package dev.panamax.spark;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.Matrix;

import java.lang.foreign.MemorySegment;

/**
 * One partition's part of a {@link HostBroadcast}: whole rows {@code [firstRow, firstRow + rows)} of the first
 * dimension (elements, for a 1-D array), read-only, in place in the host's segment.
 */
public final class Slice {
    private final int index;
    private final long firstRow;
    private final long rows;
    private final long rowElements;
    private final DType dtype;
    private final MemorySegment segment;

    Slice(int index, long firstRow, long rows, long rowElements, DType dtype, MemorySegment segment) {
        this.index = index;
        this.firstRow = firstRow;
        this.rows = rows;
        this.rowElements = rowElements;
        this.dtype = dtype;
        this.segment = segment;
    }

    /**
     * Cuts {@code totalRows} into {@code slices} parts whose sizes differ by at most one row, and returns part
     * {@code index}'s first row.
     */
    static long firstRow(long totalRows, int slices, int index) {
        return totalRows / slices * index + Math.min(index, totalRows % slices);
    }

    /** {@return the slice number, {@code 0 .. slices - 1} (the partition index)} */
    public int index() {
        return index;
    }

    /** {@return the first row (the first element, for 1-D arrays) of this slice in the whole array} */
    public long firstRow() {
        return firstRow;
    }

    /** {@return the number of rows (elements, for 1-D arrays) in this slice; may be 0} */
    public long rows() {
        return rows;
    }

    /** {@return elements per row: the product of the dimensions after the first (1 for a 1-D array)} */
    public long columns() {
        return rowElements;
    }

    /** {@return the element type} */
    public DType dtype() {
        return dtype;
    }

    /** {@return the slice's bytes, read-only: {@code rows() * elementsPerRow * dtype().byteSize()} of them} */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * {@return the slice's elements as a 1-D view of the array's dtype (for a 2-D array, rows one after the other)}
     *
     */
    public ArrayView view() {
        return Views.of(dtype, segment);
    }

    /**
     * {@return the slice's rows as a row-major matrix, for per-row kernels}
     *
     */
    public Matrix<? extends ArrayView> matrix() {
        return Matrix.of(view(), rows, rowElements);
    }

    @Override
    public String toString() {
        return "Slice[" + index + ": rows " + firstRow + ".." + (firstRow + rows) + ", " + dtype.numpyName() + "]";
    }
}
