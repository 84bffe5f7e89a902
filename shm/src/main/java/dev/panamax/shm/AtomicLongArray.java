package dev.panamax.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Atomic operations on the int64 elements of a shared segment, visible across processes: a hardware atomic on
 * mapped memory is atomic for every process that maps the same file. Uses {@link VarHandle}s from the aligned
 * {@link ValueLayout#JAVA_LONG} layout; the memory must be 8-byte aligned, which Panamax segments (data at byte
 * 4096) and NumPy files (data at 64 or 128) are.
 *
 * {@snippet :
 * try (SharedArray counters = SharedArray.open("counters")) {   // an int64 segment
 *     AtomicLongArray c = counters.atomicLongs();
 *     c.getAndAdd(0, 1);                                        // from any number of processes
 * }
 * }
 *
 * <p>Obtain one from {@link SharedArray#atomicLongs()}. After the segment is closed every method throws
 * {@link IllegalStateException}; on a read-only segment the writing methods throw
 * {@link UnsupportedOperationException}, as core's views do.
 */
public final class AtomicLongArray {
    private static final VarHandle VH = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    private final long length;
    private final boolean readOnly;

    AtomicLongArray(MemorySegment segment) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("atomics need a little-endian platform (segments are "
                    + "little-endian .npy data), this one is " + ByteOrder.nativeOrder());
        }
        if (segment.address() % 8 != 0) {
            throw new IllegalArgumentException("segment address " + segment.address()
                    + " is not 8-byte aligned: atomics need aligned int64 elements");
        }
        this.segment = segment;
        this.readOnly = segment.isReadOnly();
        this.length = segment.byteSize() / 8;
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
    public long getVolatile(long index) {
        return (long) VH.getVolatile(segment, offset(index));
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
    public void setRelease(long index, long value) {
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
    public boolean compareAndSet(long index, long expected, long newValue) {
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
    public long getAndAdd(long index, long delta) {
        requireWritable();
        return (long) VH.getAndAdd(segment, offset(index), delta);
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
        return index * 8;
    }

    @Override
    public String toString() {
        return "AtomicLongArray[length=" + length + "]";
    }
}
