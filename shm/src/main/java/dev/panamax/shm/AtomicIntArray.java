package dev.panamax.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Atomic operations on the int32 elements of a shared segment, visible across processes: a hardware atomic on
 * mapped memory is atomic for every process that maps the same file. Uses {@link VarHandle}s from the aligned
 * {@link ValueLayout#JAVA_INT} layout; the memory must be 4-byte aligned, which Panamax segments (data at byte
 * 4096) and NumPy files (data at 64 or 128) are.
 *
 * {@snippet :
 * try (SharedArray counters = SharedArray.open("counters")) {   // an int32 segment
 *     AtomicIntArray c = counters.atomicInts();
 *     c.getAndAdd(0, 1);                                        // from any number of processes
 * }
 * }
 *
 * <p>Obtain one from {@link SharedArray#atomicInts()}. After the segment is closed every method throws
 * {@link IllegalStateException}; on a read-only segment the writing methods throw
 * {@link UnsupportedOperationException}, as core's views do.
 */
public final class AtomicIntArray {
    private static final VarHandle VH = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;
    private final long length;
    private final boolean readOnly;

    AtomicIntArray(MemorySegment segment) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("atomics need a little-endian platform (segments are "
                    + "little-endian .npy data), this one is " + ByteOrder.nativeOrder());
        }
        if (segment.address() % 4 != 0) {
            throw new IllegalArgumentException("segment address " + segment.address()
                    + " is not 4-byte aligned: atomics need aligned int32 elements");
        }
        this.segment = segment;
        this.readOnly = segment.isReadOnly();
        this.length = segment.byteSize() / 4;
    }

    /** {@return the number of elements} */
    public long length() {
        return length;
    }

    /**
     * {@return the element, read with volatile semantics}
     *
     * @param index the element index
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the segment has been closed
     */
    public int getVolatile(long index) {
        return (int) VH.getVolatile(segment, offset(index));
    }

    /**
     * Sets an element with release semantics: earlier writes of this thread are visible to a process that reads
     * the new value with {@link #getVolatile(long)}.
     *
     * @param index the element index
     * @param value the new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the segment has been closed
     * @throws UnsupportedOperationException if the segment was opened read-only
     */
    public void setRelease(long index, int value) {
        requireWritable();
        VH.setRelease(segment, offset(index), value);
    }

    /**
     * Atomically sets an element to {@code newValue} if it equals {@code expected}.
     *
     * @param index the element index
     * @param expected the value the element must have
     * @param newValue the value to store
     * @return {@code true} if the element was updated
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the segment has been closed
     * @throws UnsupportedOperationException if the segment was opened read-only
     */
    public boolean compareAndSet(long index, int expected, int newValue) {
        requireWritable();
        return VH.compareAndSet(segment, offset(index), expected, newValue);
    }

    /**
     * Atomically adds to an element (wrapping on overflow, as Java arithmetic does).
     *
     * @param index the element index
     * @param delta the amount to add
     * @return the previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
     * @throws IllegalStateException if the segment has been closed
     * @throws UnsupportedOperationException if the segment was opened read-only
     */
    public int getAndAdd(long index, int delta) {
        requireWritable();
        return (int) VH.getAndAdd(segment, offset(index), delta);
    }

    private void requireWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("read-only segment: cannot write through " + this);
        }
    }

    private long offset(long index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + length);
        }
        return index * 4;
    }

    @Override
    public String toString() {
        return "AtomicIntArray[length=" + length + "]";
    }
}
