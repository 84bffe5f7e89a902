package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * A 1-D view of {@code long} elements ({@link DType#INT64}, little-endian) over a {@link MemorySegment}.
 * See {@link ArrayView} for lifetime and bounds rules.
 */
public final class LongView extends ArrayView {
    private static final ValueLayout.OfLong LAYOUT = (ValueLayout.OfLong) DType.INT64.layout();

    private LongView(MemorySegment segment) {
        super(segment, DType.INT64);
    }

    /**
     * Views a whole segment as long elements.
     *
     * @param segment the memory; its size must be a multiple of {@value #ELEMENT_BYTES} bytes
     * @return the view
     * @throws IllegalArgumentException if the size is not a whole number of elements
     * @throws NullPointerException if {@code segment} is null
     */
    public static LongView of(MemorySegment segment) {
        return new LongView(segment);
    }

    /**
     * Views {@code length} elements of a segment starting at element {@code offset}.
     *
     * @param segment the memory
     * @param offset the first element, counted in elements from the start of the segment
     * @param length the number of elements
     * @return the view
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} is negative or the elements do not
     *                                   fit in the segment
     * @throws NullPointerException if {@code segment} is null
     */
    public static LongView of(MemorySegment segment, long offset, long length) {
        return new LongView(elements(segment, DType.INT64, offset, length));
    }

    /**
     * Views a Java array (heap segment; no copy).
     *
     * @param array the array
     * @return a view whose writes change the array
     * @throws NullPointerException if {@code array} is null
     */
    public static LongView wrap(long[] array) {
        return new LongView(MemorySegment.ofArray(array));
    }

    /** The element size in bytes. */
    public static final int ELEMENT_BYTES = 8;

    @Override
    public DType dtype() {
        return DType.INT64;
    }

    /**
     * {@return the element}
     *
     * @param index the element index
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the memory has been closed
     */
    public long get(long index) {
        return segment().get(LAYOUT, offsetOf(index));
    }

    /**
     * Writes one element.
     *
     * @param index the element index
     * @param value the new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void set(long index, long value) {
        checkWritable();
        segment().set(LAYOUT, offsetOf(index), value);
    }

    /**
     * A view of part of this view (no copy).
     *
     * @param fromIndex the first element
     * @param count the number of elements
     * @return the sub-view
     * @throws IndexOutOfBoundsException if the range is not inside this view
     */
    @Override
    public LongView slice(long fromIndex, long count) {
        return new LongView(sliceSegment(fromIndex, count));
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the value
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void fill(long value) {
        checkWritable();
        for (long i = 0, n = length(); i < n; i++) {
            segment().setAtIndex(LAYOUT, i, value);
        }
    }

    /**
     * Sets element {@code i} to {@code f(i)}, for i = 0, 1, ... in order on the calling thread, like
     * {@link java.util.Arrays#setAll}.
     *
     * @param f the value of each element, given its index
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void setAll(LongUnaryOperator f) {
        checkWritable();
        FillWriter.write(segment(), dtype(), Fill.longs(Objects.requireNonNull(f, "f")), false);
    }

    /**
     * Sets element {@code i} to {@code f(i)}, like {@link java.util.Arrays#parallelSetAll}: views of
     * more than 64 Ki elements are split into fixed chunks run on the common {@link java.util.concurrent.ForkJoinPool}
     * (or the pool of the calling fork-join task), so {@code f} is called from several threads in no particular order
     * and must be a pure function of the index. Memory of a confined arena is filled on the calling thread.
     *
     * @param f the value of each element, given its index
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void parallelSetAll(LongUnaryOperator f) {
        checkWritable();
        FillWriter.write(segment(), dtype(), Fill.longs(Objects.requireNonNull(f, "f")), true);
    }

    /**
     * Copies a Java array into this view.
     *
     * @param source the values; its length must equal {@code length()}
     * @throws IllegalArgumentException if the lengths differ
     * @throws NullPointerException if {@code source} is null
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void copyFrom(long[] source) {
        checkSameLength(source.length);
        checkWritable();
        MemorySegment.copy(source, 0, segment(), LAYOUT, 0, source.length);
    }

    /**
     * Copies this view into a new Java array.
     *
     * @return the values
     * @throws IllegalStateException if the view has more than about 2^31 elements, or the memory is closed
     */
    public long[] toArray() {
        long[] out = new long[arrayLength()];
        MemorySegment.copy(segment(), LAYOUT, 0, out, 0, out.length);
        return out;
    }
}
