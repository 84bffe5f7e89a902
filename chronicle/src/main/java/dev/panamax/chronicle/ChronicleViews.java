package dev.panamax.chronicle;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.internal.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Function;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ClosedIllegalStateException;

/**
 * Typed Panamax views (and so Panamax kernels) over Chronicle Bytes memory: a native {@link BytesStore}
 * ({@code BytesStore.nativeStoreWithFixedCapacity}, {@code Bytes.allocateDirect(...).bytesStore()}) or a
 * memory-mapped file opened with {@link MappedBytes}. No copy: the view reads and writes the store's bytes.
 *
 * <p>Every view comes in a {@link ChronicleView} handle that holds a Chronicle reservation
 * ({@code reserve(owner)}) on the store until it is closed, so the memory cannot be freed or unmapped under the
 * view; after {@link ChronicleView#close()} any access through the view is an {@link IllegalStateException}.
 * Offsets are byte offsets as Chronicle counts them in that store (for a {@link MappedBytesStore}, the position in
 * the file); elements are little-endian and need no alignment.
 *
 * {@snippet :
 * BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(8 * 1000);
 * try (ChronicleView<DoubleView> v = ChronicleViews.doubles(store, 0, 1000)) {
 *     v.view().fill(1.5);
 *     double s = Kernels.sum(v.view());   // 1500.0
 * }
 * store.releaseLast();
 * }
 *
 * <p><b>JVM flags.</b> Chronicle Bytes on JDK 25 needs {@link dev.panamax.shm.Backend#CHRONICLE_JVM_FLAGS} (its
 * {@code --add-opens}/{@code --add-exports} to map files, and switches that keep it quiet), plus Panamax's own
 * {@code --enable-native-access} (this class turns a raw address into a segment). Nothing else in Panamax needs
 * Chronicle's flags.
 */
public final class ChronicleViews {
    private ChronicleViews() {
    }

    /**
     * Views {@code count} doubles of a native store starting at {@code byteOffset}.
     *
     * @param store a native (off-heap or mapped) Chronicle store
     * @param byteOffset the offset of element 0, in bytes, in the store's own offsets
     * @param count the number of elements
     * @return an open handle holding a reservation on {@code store}
     * @throws IllegalArgumentException if the store is on the Java heap, or {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the elements are not inside the store
     * @throws IllegalStateException if the store has already been released
     */
    public static ChronicleView<DoubleView> doubles(BytesStore<?, ?> store, long byteOffset, long count) {
        return ofStore(store, DType.FLOAT64, byteOffset, count, DoubleView::of);
    }

    /**
     * Views {@code count} floats of a native store; see {@link #doubles(BytesStore, long, long)}.
     *
     * @param store a native (off-heap or mapped) Chronicle store
     * @param byteOffset the offset of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on {@code store}
     * @throws IllegalArgumentException if the store is on the Java heap, or {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the elements are not inside the store
     * @throws IllegalStateException if the store has already been released
     */
    public static ChronicleView<FloatView> floats(BytesStore<?, ?> store, long byteOffset, long count) {
        return ofStore(store, DType.FLOAT32, byteOffset, count, FloatView::of);
    }

    /**
     * Views {@code count} 32-bit ints of a native store; see {@link #doubles(BytesStore, long, long)}.
     *
     * @param store a native (off-heap or mapped) Chronicle store
     * @param byteOffset the offset of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on {@code store}
     * @throws IllegalArgumentException if the store is on the Java heap, or {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the elements are not inside the store
     * @throws IllegalStateException if the store has already been released
     */
    public static ChronicleView<IntView> ints(BytesStore<?, ?> store, long byteOffset, long count) {
        return ofStore(store, DType.INT32, byteOffset, count, IntView::of);
    }

    /**
     * Views {@code count} 64-bit longs of a native store; see {@link #doubles(BytesStore, long, long)}.
     *
     * @param store a native (off-heap or mapped) Chronicle store
     * @param byteOffset the offset of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on {@code store}
     * @throws IllegalArgumentException if the store is on the Java heap, or {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the elements are not inside the store
     * @throws IllegalStateException if the store has already been released
     */
    public static ChronicleView<LongView> longs(BytesStore<?, ?> store, long byteOffset, long count) {
        return ofStore(store, DType.INT64, byteOffset, count, LongView::of);
    }

    /**
     * Views {@code count} elements of {@code dtype} in a native store, with the view type chosen at run time.
     *
     * @param store a native (off-heap or mapped) Chronicle store
     * @param dtype {@code FLOAT64}, {@code FLOAT32}, {@code INT32} or {@code INT64}
     * @param byteOffset the offset of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on {@code store}
     * @throws IllegalArgumentException if {@code dtype} has no view type, the store is on the Java heap, or
     *         {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the elements are not inside the store
     * @throws IllegalStateException if the store has already been released
     */
    public static ChronicleView<? extends ArrayView> of(BytesStore<?, ?> store, DType dtype, long byteOffset,
                                                        long count) {
        return ofStore(store, dtype, byteOffset, count, factory(dtype));
    }

    /**
     * Views {@code count} doubles of a memory-mapped file at file position {@code byteOffset}. The handle reserves
     * the Chronicle mapping (the chunk, for a chunked {@link MappedBytes}) that holds the range, so the view stays
     * valid after {@code bytes} itself is released. Chronicle maps the chunk if it is not mapped yet and, as it
     * always does, may grow the file to the end of that chunk.
     *
     * @param bytes an open Chronicle mapped file
     * @param byteOffset the file position of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on the mapping
     * @throws IOException if Chronicle cannot map the chunk
     * @throws IllegalArgumentException if {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the range is outside the file's capacity or crosses the end of one
     *         chunk (use a larger chunk size, or {@code MappedBytes.singleMappedBytes})
     * @throws IllegalStateException if {@code bytes} is closed
     */
    public static ChronicleView<DoubleView> doubles(MappedBytes bytes, long byteOffset, long count)
            throws IOException {
        return ofMapped(bytes, DType.FLOAT64, byteOffset, count, DoubleView::of);
    }

    /**
     * Views {@code count} floats of a memory-mapped file; see {@link #doubles(MappedBytes, long, long)}.
     *
     * @param bytes an open Chronicle mapped file
     * @param byteOffset the file position of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on the mapping
     * @throws IOException if Chronicle cannot map the chunk
     * @throws IllegalArgumentException if {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the range is outside the file's capacity or crosses a chunk end
     * @throws IllegalStateException if {@code bytes} is closed
     */
    public static ChronicleView<FloatView> floats(MappedBytes bytes, long byteOffset, long count)
            throws IOException {
        return ofMapped(bytes, DType.FLOAT32, byteOffset, count, FloatView::of);
    }

    /**
     * Views {@code count} 32-bit ints of a memory-mapped file; see {@link #doubles(MappedBytes, long, long)}.
     *
     * @param bytes an open Chronicle mapped file
     * @param byteOffset the file position of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on the mapping
     * @throws IOException if Chronicle cannot map the chunk
     * @throws IllegalArgumentException if {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the range is outside the file's capacity or crosses a chunk end
     * @throws IllegalStateException if {@code bytes} is closed
     */
    public static ChronicleView<IntView> ints(MappedBytes bytes, long byteOffset, long count) throws IOException {
        return ofMapped(bytes, DType.INT32, byteOffset, count, IntView::of);
    }

    /**
     * Views {@code count} 64-bit longs of a memory-mapped file; see {@link #doubles(MappedBytes, long, long)}.
     *
     * @param bytes an open Chronicle mapped file
     * @param byteOffset the file position of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on the mapping
     * @throws IOException if Chronicle cannot map the chunk
     * @throws IllegalArgumentException if {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the range is outside the file's capacity or crosses a chunk end
     * @throws IllegalStateException if {@code bytes} is closed
     */
    public static ChronicleView<LongView> longs(MappedBytes bytes, long byteOffset, long count) throws IOException {
        return ofMapped(bytes, DType.INT64, byteOffset, count, LongView::of);
    }

    /**
     * Views {@code count} elements of {@code dtype} in a memory-mapped file, with the view type chosen at run time;
     * see {@link #doubles(MappedBytes, long, long)}.
     *
     * @param bytes an open Chronicle mapped file
     * @param dtype {@code FLOAT64}, {@code FLOAT32}, {@code INT32} or {@code INT64}
     * @param byteOffset the file position of element 0, in bytes
     * @param count the number of elements
     * @return an open handle holding a reservation on the mapping
     * @throws IOException if Chronicle cannot map the chunk
     * @throws IllegalArgumentException if {@code dtype} has no view type or {@code count} is negative or too large
     * @throws IndexOutOfBoundsException if the range is outside the file's capacity or crosses a chunk end
     * @throws IllegalStateException if {@code bytes} is closed
     */
    public static ChronicleView<? extends ArrayView> of(MappedBytes bytes, DType dtype, long byteOffset, long count)
            throws IOException {
        return ofMapped(bytes, dtype, byteOffset, count, factory(dtype));
    }

    private static <V extends ArrayView> ChronicleView<V> ofStore(BytesStore<?, ?> store, DType dtype,
                                                                  long byteOffset, long count,
                                                                  Function<MemorySegment, V> factory) {
        Objects.requireNonNull(store, "store");
        long byteCount = byteCount(dtype, byteOffset, count);
        if (store == BytesStore.empty()) {
            throw new IllegalArgumentException("Chronicle store is the empty NoBytesStore (a Bytes that has not "
                    + "touched memory yet); view a native store or use the MappedBytes overload");
        }
        if (!store.isDirectMemory()) {
            throw new IllegalArgumentException("Chronicle store " + store.getClass().getSimpleName()
                    + " is on the Java heap; Panamax views need native memory: use "
                    + "BytesStore.nativeStoreWithFixedCapacity, Bytes.allocateDirect or MappedBytes");
        }
        ChronicleView.Owner owner = new ChronicleView.Owner("panamax-" + dtype.numpyName() + "-view");
        try {
            store.reserve(owner);
        } catch (ClosedIllegalStateException e) {
            throw new IllegalStateException("Chronicle store " + store.getClass().getSimpleName()
                    + " is already released", e);
        }
        return reserved(store, owner, dtype, byteOffset, count, byteCount, null, factory);
    }

    private static <V extends ArrayView> ChronicleView<V> ofMapped(MappedBytes bytes, DType dtype, long byteOffset,
                                                                   long count, Function<MemorySegment, V> factory)
            throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        long byteCount = byteCount(dtype, byteOffset, count);
        MappedFile file = bytes.mappedFile();
        // A SingleMappedFile keeps handing out its store after release, so check the MappedBytes itself.
        if (bytes.isClosed() || bytes.refCount() <= 0) {
            throw new IllegalStateException("Chronicle MappedBytes of " + file.file() + " is closed");
        }
        long capacity = file.capacity();
        if (byteOffset >= capacity || byteCount > capacity - byteOffset) {
            throw new IndexOutOfBoundsException("range byteOffset=" + byteOffset + " bytes=" + byteCount + " (count="
                    + count + " " + dtype.numpyName() + ") outside mapped file capacity=" + capacity);
        }
        // Ask the file, not bytes.bytesStore(): a chunked MappedBytes only holds the chunk under its cursor.
        long chunkSize = file.chunkSize();
        long chunkStart = byteOffset - byteOffset % chunkSize;
        ChronicleView.Owner owner = new ChronicleView.Owner("panamax-" + dtype.numpyName() + "-view");
        MappedBytesStore store;
        try {
            store = file.acquireByteStore(owner, chunkStart);
        } catch (ClosedIllegalStateException e) {
            throw new IllegalStateException("Chronicle MappedBytes of " + file.file() + " is closed", e);
        }
        return reserved(store, owner, dtype, byteOffset, count, byteCount, file.readOnly(), factory);
    }

    /**
     * Builds the view over a store this call has reserved for {@code owner}; releases the reservation if anything
     * fails, so a refused view leaves no reference behind.
     */
    private static <V extends ArrayView> ChronicleView<V> reserved(BytesStore<?, ?> store, ChronicleView.Owner owner,
                                                                   DType dtype, long byteOffset, long count,
                                                                   long byteCount, Boolean knownReadOnly,
                                                                   Function<MemorySegment, V> factory) {
        Arena arena = null;
        try {
            long start = store.start();
            long end = store.realCapacity();
            if (byteOffset < start || byteOffset > end || byteCount > end - byteOffset) {
                throw new IndexOutOfBoundsException("range byteOffset=" + byteOffset + " bytes=" + byteCount
                        + " (count=" + count + " " + dtype.numpyName() + ") outside Chronicle store "
                        + store.getClass().getSimpleName() + " [start=" + start + ", end=" + end + ")"
                        + (store instanceof MappedBytesStore
                                ? "; a view cannot cross a chunk end: use a larger chunk size or singleMappedBytes"
                                : ""));
            }
            boolean readOnly = knownReadOnly != null ? knownReadOnly : isReadOnly(store);
            long address = store.addressForRead(byteOffset);
            arena = Arena.ofShared();
            MemorySegment segment = Libc.segment(address, byteCount, arena, null);
            // A write to a read-only mapping is a SIGSEGV, so the segment must refuse writes itself.
            V view = factory.apply(readOnly ? segment.asReadOnly() : segment);
            return new ChronicleView<>(store, owner, arena, view, byteOffset, readOnly);
        } catch (RuntimeException | Error e) {
            if (arena != null) {
                arena.close();
            }
            store.release(owner);
            throw e;
        }
    }

    /**
     * Whether a store is a read-only mapping. {@link MappedBytesStore} keeps its file's flag private; its public
     * {@code bytesForWrite()} is what checks it ("Read Only"), so ask that and give the probe back at once.
     */
    private static boolean isReadOnly(BytesStore<?, ?> store) {
        if (!(store instanceof MappedBytesStore mapped)) {
            return false;
        }
        Bytes<?> probe;
        try {
            probe = mapped.bytesForWrite();
        } catch (ClosedIllegalStateException e) {
            throw e;
        } catch (IllegalStateException e) {
            return true;
        }
        probe.releaseLast();
        return false;
    }

    private static long byteCount(DType dtype, long byteOffset, long count) {
        Objects.requireNonNull(dtype, "dtype");
        if (byteOffset < 0) {
            throw new IndexOutOfBoundsException("byteOffset=" + byteOffset + " is negative");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count=" + count + " is negative");
        }
        if (count > Long.MAX_VALUE / dtype.byteSize()) {
            throw new IllegalArgumentException("count=" + count + " " + dtype.numpyName() + " elements overflow a "
                    + "64-bit byte size");
        }
        return count * dtype.byteSize();
    }

    private static Function<MemorySegment, ArrayView> factory(DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        return switch (dtype) {
            case FLOAT64 -> DoubleView::of;
            case FLOAT32 -> FloatView::of;
            case INT32 -> IntView::of;
            case INT64 -> LongView::of;
            default -> throw new IllegalArgumentException("dtype " + dtype.numpyName()
                    + " has no Panamax view; expected float64, float32, int32 or int64");
        };
    }
}
