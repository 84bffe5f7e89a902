package dev.panamax.chronicle;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.Matrix;
import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;

/**
 * A typed Panamax view over a region of Chronicle Bytes memory, made by {@link ChronicleViews}. While the handle
 * is open it holds a Chronicle reservation on the {@link BytesStore}, so the memory stays allocated (or mapped)
 * even if the code that owns the store releases its own reference. {@link #close()} closes the view's memory
 * scope first, then gives the reservation back.
 *
 * <p>Use after close is an {@link IllegalStateException}, never a crash: the view's segment belongs to an
 * {@link Arena} that {@link #close()} closes, so every access through {@link #view()} (and through kernels that
 * read it) fails cleanly once the handle is closed. Closing is idempotent and thread-safe.
 *
 * {@snippet :
 * try (ChronicleView<DoubleView> v = ChronicleViews.doubles(store, 64, 1000)) {
 *     double s = Kernels.sumOfSquares(v.view());
 * }
 * }
 *
 * <p><b>JVM flags.</b> Chronicle Bytes needs {@link dev.panamax.shm.Backend#CHRONICLE_JVM_FLAGS} on JDK 25
 * (without them mapping a file fails inside Chronicle); nothing else in Panamax needs them.
 *
 * @param <V> the view type: {@code DoubleView}, {@code FloatView}, {@code IntView} or {@code LongView}
 */
public final class ChronicleView<V extends ArrayView> implements AutoCloseable {
    private final BytesStore<?, ?> store;
    private final ReferenceOwner owner;
    private final Arena arena;
    private final V view;
    private final long byteOffset;
    private final boolean readOnly;
    private final AtomicBoolean open = new AtomicBoolean(true);

    ChronicleView(BytesStore<?, ?> store, ReferenceOwner owner, Arena arena, V view, long byteOffset,
                  boolean readOnly) {
        this.store = store;
        this.owner = owner;
        this.arena = arena;
        this.view = view;
        this.byteOffset = byteOffset;
        this.readOnly = readOnly;
    }

    /**
     * The typed view. Its element 0 is the byte at {@link #byteOffset()} of the store.
     *
     * @return the view
     * @throws IllegalStateException if this handle is closed
     */
    public V view() {
        requireOpen();
        return view;
    }

    /**
     * The view as a row-major matrix (no copy).
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the matrix
     * @throws IllegalArgumentException if {@code rows * cols} is not the view's length
     * @throws IllegalStateException if this handle is closed
     */
    public Matrix<V> matrix(long rows, long cols) {
        return Matrix.of(view(), rows, cols);
    }

    /** {@return the element type} */
    public DType dtype() {
        return view.dtype();
    }

    /** {@return the number of elements} */
    public long length() {
        return view.length();
    }

    /** {@return the offset of element 0 in the store, in bytes, as Chronicle counts offsets in that store} */
    public long byteOffset() {
        return byteOffset;
    }

    /** {@return {@code true} if the store is a read-only mapping, so the view refuses writes} */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@return the Chronicle store this handle holds a reservation on} */
    public BytesStore<?, ?> store() {
        return store;
    }

    /** {@return {@code true} until {@link #close()} is called} */
    public boolean isOpen() {
        return open.get();
    }

    /**
     * Closes the view's memory scope, then releases the reservation on the store. Idempotent: later calls do
     * nothing. Threads still reading the view see an {@link IllegalStateException}.
     *
     * @throws IllegalStateException if the scope is held by an operation in progress (such as a native call
     *         given the view's segment); the handle then stays open and keeps its reservation
     */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        // Close the scope before releasing: once the reservation is gone Chronicle may unmap or free the
        // memory, and Arena.close() guarantees no thread is still inside an access to it. If the scope cannot
        // close (a downcall holds it), keep the reservation: a leak is better than freed memory in use.
        try {
            arena.close();
        } catch (IllegalStateException e) {
            open.set(true);
            throw e;
        }
        store.release(owner);
    }

    private void requireOpen() {
        if (!open.get()) {
            throw new IllegalStateException("Chronicle view " + view + " at byte offset " + byteOffset + " is closed");
        }
    }

    @Override
    public String toString() {
        return "ChronicleView[" + view.dtype().numpyName() + ", length=" + view.length() + ", byteOffset="
                + byteOffset + (readOnly ? ", read-only" : "") + (isOpen() ? "" : ", closed") + "]";
    }

    /** Each handle is its own owner, so Chronicle's resource tracing can tell reservations apart. */
    static final class Owner implements ReferenceOwner {
        private final String name;

        Owner(String name) {
            this.name = name;
        }

        @Override
        public String referenceName() {
            return name + "@" + Integer.toString(referenceId(), 36);
        }
    }
}
