package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.function.LongToIntFunction;

/**
 * A 1-D view of one-byte integers over a {@link MemorySegment}: {@link DType#INT8} (signed, -128 to 127) or
 * {@link DType#UINT8} (unsigned, 0 to 255), as {@link #dtype()} says. See {@link ArrayView} for lifetime and bounds
 * rules.
 *
 * <p>Elements are read and written as {@code int} values in the dtype's range, since a Java {@code byte} cannot hold
 * uint8's 128 to 255: {@link #get} of a uint8 element 200 is 200, and {@link #set} refuses values outside the
 * range rather than wrapping them. {@link #copyFrom(byte[])} and {@link #toArray()} move the raw bytes (a uint8 200
 * is the Java byte -56; read it back with {@code b & 0xFF}).
 *
 * {@snippet :
 * ByteView pixels = ByteView.wrapUnsigned(new byte[640 * 480]);   // np.zeros(640 * 480, np.uint8)
 * pixels.set(0, 255);
 * int v = pixels.get(0);                                           // 255
 * }
 */
public final class ByteView extends ArrayView {
    private final DType dtype;

    private ByteView(MemorySegment segment, DType dtype) {
        super(segment, dtype);
        this.dtype = dtype;
    }

    /** A view of {@code dtype} (int8 or uint8), for the factories of this package that keep the signedness. */
    static ByteView of(MemorySegment segment, DType dtype) {
        return new ByteView(segment, dtype);
    }

    /**
     * Views a whole segment as int8 elements.
     *
     * @param segment the memory
     * @return the view
     * @throws NullPointerException if {@code segment} is null
     */
    public static ByteView of(MemorySegment segment) {
        return new ByteView(segment, DType.INT8);
    }

    /**
     * Views {@code length} int8 elements of a segment starting at element {@code offset}.
     *
     * @param segment the memory
     * @param offset the first element (byte) of the segment
     * @param length the number of elements
     * @return the view
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} is negative or the elements do not
     *                                   fit in the segment
     * @throws NullPointerException if {@code segment} is null
     */
    public static ByteView of(MemorySegment segment, long offset, long length) {
        return new ByteView(elements(segment, DType.INT8, offset, length), DType.INT8);
    }

    /**
     * Views a whole segment as uint8 elements.
     *
     * @param segment the memory
     * @return the view
     * @throws NullPointerException if {@code segment} is null
     */
    public static ByteView ofUnsigned(MemorySegment segment) {
        return new ByteView(segment, DType.UINT8);
    }

    /**
     * Views {@code length} uint8 elements of a segment starting at element {@code offset}.
     *
     * @param segment the memory
     * @param offset the first element (byte) of the segment
     * @param length the number of elements
     * @return the view
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} is negative or the elements do not
     *                                   fit in the segment
     * @throws NullPointerException if {@code segment} is null
     */
    public static ByteView ofUnsigned(MemorySegment segment, long offset, long length) {
        return new ByteView(elements(segment, DType.UINT8, offset, length), DType.UINT8);
    }

    /**
     * Views a Java array as int8 elements (heap segment; no copy).
     *
     * @param array the array
     * @return a view whose writes change the array
     * @throws NullPointerException if {@code array} is null
     */
    public static ByteView wrap(byte[] array) {
        return new ByteView(MemorySegment.ofArray(array), DType.INT8);
    }

    /**
     * Views a Java array as uint8 elements (heap segment; no copy).
     *
     * @param array the array
     * @return a view whose writes change the array
     * @throws NullPointerException if {@code array} is null
     */
    public static ByteView wrapUnsigned(byte[] array) {
        return new ByteView(MemorySegment.ofArray(array), DType.UINT8);
    }

    /** The element size in bytes. */
    public static final int ELEMENT_BYTES = 1;

    /** {@return {@link DType#INT8} or {@link DType#UINT8}} */
    @Override
    public DType dtype() {
        return dtype;
    }

    /** {@return {@code true} for uint8, {@code false} for int8} */
    public boolean isUnsigned() {
        return dtype == DType.UINT8;
    }

    /** {@return the smallest value an element holds: -128 or 0 ({@link DType#minValue()})} */
    public int minValue() {
        return (int) dtype.minValue();
    }

    /** {@return the largest value an element holds: 127 or 255 ({@link DType#maxValue()})} */
    public int maxValue() {
        return (int) dtype.maxValue();
    }

    /**
     * {@return the element: -128 to 127 for int8, 0 to 255 for uint8}
     *
     * @param index the element index
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the memory has been closed
     */
    public int get(long index) {
        byte b = segment().get(ValueLayout.JAVA_BYTE, offsetOf(index));
        return isUnsigned() ? b & 0xFF : b;
    }

    /**

     * Writes one element.

     *
     * @param index the element index
     * @param value the new value, in {@code [minValue(), maxValue()]}
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalArgumentException if {@code value} is outside the dtype's range
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void set(long index, int value) {
        checkWritable();
        long offset = offsetOf(index);
        segment().set(ValueLayout.JAVA_BYTE, offset, checked(value));
    }

    private byte checked(int value) {
        if (value < minValue() || value > maxValue()) {
            throw new IllegalArgumentException("value " + value + " is outside " + dtype + " [" + minValue() + ", "
                    + maxValue() + "]");
        }
        return (byte) value;
    }

    /**
     * A view of part of this view (no copy), of the same dtype.
     *
     * @param fromIndex the first element
     * @param count the number of elements
     * @return the sub-view
     * @throws IndexOutOfBoundsException if the range is not inside this view
     */
    @Override
    public ByteView slice(long fromIndex, long count) {
        return new ByteView(sliceSegment(fromIndex, count), dtype);
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the value, in {@code [minValue(), maxValue()]}
     * @throws IllegalArgumentException if {@code value} is outside the dtype's range
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void fill(int value) {
        byte b = checked(value);
        checkWritable();
        segment().fill(b);
    }

    /**
     * Sets element {@code i} to {@code f(i)}, for i = 0, 1, ... in order on the calling thread, like
     * {@link java.util.Arrays#setAll}. A value outside the dtype's range throws {@link IllegalArgumentException}
     * naming the element (the elements before it are written).
     *
     * @param f the value of each element, given its index
     * @throws IllegalArgumentException if a value is outside the dtype's range
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void setAll(LongToIntFunction f) {
        checkWritable();
        FillWriter.write(segment(), dtype, Fill.ints(Objects.requireNonNull(f, "f")), false);
    }

    /**
     * Sets element {@code i} to {@code f(i)}, which must lie in the dtype's range, like
     * {@link java.util.Arrays#parallelSetAll}: views of more than 64 Ki elements are split into fixed chunks run on
     * the common {@link java.util.concurrent.ForkJoinPool} (or the pool of the calling fork-join task), so {@code f}
     * is called from several threads in no particular order and must be a pure function of the index. Memory of a
     * confined arena is filled on the calling thread.
     *
     * @param f the value of each element, given its index
     * @throws IllegalArgumentException if a value is outside the dtype's range
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void parallelSetAll(LongToIntFunction f) {
        checkWritable();
        FillWriter.write(segment(), dtype, Fill.ints(Objects.requireNonNull(f, "f")), true);
    }

    /**
     * Copies the raw bytes of a Java array into this view.
     *
     * @param source the bytes; its length must equal {@code length()}
     * @throws IllegalArgumentException if the lengths differ
     * @throws NullPointerException if {@code source} is null
     * @throws IllegalStateException if the memory has been closed
     * @throws UnsupportedOperationException if the memory is read-only
     */
    public void copyFrom(byte[] source) {
        checkSameLength(source.length);
        checkWritable();
        MemorySegment.copy(source, 0, segment(), ValueLayout.JAVA_BYTE, 0, source.length);
    }

    /**
     * Copies the raw bytes of this view into a new Java array (uint8 values read back with {@code b & 0xFF}).
     *
     * @return the bytes
     * @throws IllegalStateException if the view has more than about 2^31 elements, or the memory is closed
     */
    public byte[] toArray() {
        byte[] out = new byte[arrayLength()];
        MemorySegment.copy(segment(), ValueLayout.JAVA_BYTE, 0, out, 0, out.length);
        return out;
    }
}
