package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A one-dimensional typed view over a {@link MemorySegment}: {@code length()} elements of one
 * {@link DType}, starting at the first byte of {@link #segment()}. One class per Java element type:
 * {@link DoubleView} (float64), {@link FloatView} (float32), {@link LongView} (int64), {@link IntView} (int32),
 * {@link ShortView} (int16) and {@link ByteView} (int8 and uint8, which share a Java {@code byte}).
 *
 * <p>Views do not own memory: they are valid as long as the segment's scope is alive, and any access
 * after the owner (an {@link OffHeapArray}, a shared segment, an {@link java.lang.foreign.Arena}) is
 * closed throws {@link IllegalStateException}, never crashes. Views are cheap; create them freely.
 * Index and bounds arithmetic is in {@code long}.
 */
public abstract sealed class ArrayView permits DoubleView, FloatView, IntView, LongView, ShortView, ByteView {
    private final MemorySegment segment;
    private final long length;
    private final boolean readOnly;

    ArrayView(MemorySegment segment, DType dtype) {
        Objects.requireNonNull(segment, "segment");
        if (segment.byteSize() % dtype.byteSize() != 0) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is not a whole number of "
                    + dtype.numpyName() + " elements (" + dtype.byteSize() + " bytes each)");
        }
        this.segment = segment;
        this.length = segment.byteSize() / dtype.byteSize();
        this.readOnly = segment.isReadOnly();
    }

    /** {@return the element type} */
    public abstract DType dtype();

    /** {@return the number of elements} */
    public final long length() {
        return length;
    }

    /** {@return the size in bytes, {@code length() * dtype().byteSize()}} */
    public final long byteSize() {
        return segment.byteSize();
    }

    /** {@return the segment holding exactly this view's elements (element 0 at byte 0)} */
    public final MemorySegment segment() {
        return segment;
    }

    /**
     * {@return {@code true} if the memory is read-only: writes through this view throw UnsupportedOperationException}
     */
    public final boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Fails a write to read-only memory with the exception the view methods document (FFM itself throws
     * IllegalArgumentException there, which reads like a bad argument rather than a refused operation).
     *
     * @throws UnsupportedOperationException if the memory is read-only
     */
    final void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("read-only memory: cannot write to " + this);
        }
    }

    /**
     * A view of part of this view (no copy), of the same class and dtype; each subclass returns its own type.
     *
     * @param fromIndex the first element
     * @param count the number of elements
     * @return the sub-view
     * @throws IndexOutOfBoundsException if the range is not inside this view
     */
    public abstract ArrayView slice(long fromIndex, long count);

    /** {@return {@code true} if the view has no elements} */
    public final boolean isEmpty() {
        return length == 0;
    }

    /**
     * Checks an element index against the length.
     *
     * @param index the element index
     * @return the byte offset of that element
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     */
    final long offsetOf(long index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + length);
        }
        return index * dtype().byteSize();
    }

    /**
     * Slices the underlying segment, checking the range.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the view
     */
    final MemorySegment sliceSegment(long fromIndex, long count) {
        checkRange(fromIndex, count, length);
        return segment.asSlice(fromIndex * dtype().byteSize(), count * dtype().byteSize());
    }

    /**
     * Makes the segment for a view of {@code length} elements starting at element {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the elements do not fit in the segment
     */
    static MemorySegment elements(MemorySegment segment, DType dtype, long offset, long length) {
        long capacity = segment.byteSize() / dtype.byteSize();
        checkRange(offset, length, capacity);
        return segment.asSlice(offset * dtype.byteSize(), length * dtype.byteSize());
    }

    /**
     * Checks that {@code [from, from + count)} lies in {@code [0, capacity)} without overflowing.
     *
     * @throws IndexOutOfBoundsException with every value in the message if it does not
     */
    static void checkRange(long from, long count, long capacity) {
        if (from < 0 || count < 0 || from > capacity || count > capacity - from) {
            throw new IndexOutOfBoundsException("range from=" + from + " count=" + count + " outside length=" + capacity);
        }
    }

    /** Checks that a Java array copy of {@code arrayLength} elements matches this view. */
    final void checkSameLength(int arrayLength) {
        if (arrayLength != length) {
            throw new IllegalArgumentException("length mismatch: view=" + length + " array=" + arrayLength);
        }
    }

    /** Checks that the view fits in a Java array. */
    final int arrayLength() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("view of " + length + " elements is too large for a Java array");
        }
        return (int) length;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + dtype().numpyName() + ", length=" + length + "]";
    }
}
