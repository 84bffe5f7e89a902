package dev.panamax.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A named counting semaphore between processes, like Python's {@code multiprocessing.Semaphore}: {@link #acquire()}
 * takes a permit, waiting while there is none; {@link #release()} returns one. The count is one 32-bit word of a
 * segment, and waiters sleep on it with a futex.
 *
 * {@snippet :
 * // at most 2 processes in the section at once
 * try (SharedSemaphore slots = SharedSemaphore.open("gpu-slots")) {   // created with SharedSemaphore.create("gpu-slots", 2)
 *     slots.acquire();
 *     try {
 *         // ... the section
 *     } finally {
 *         slots.release();
 *     }
 * }
 * }
 *
 * <p>Not robust: permits are counted, not owned, so a permit that a process held when it died is not given back
 * (the count stays lower by one). Where a holder may be killed, use {@link SharedLock}, which knows its holder. The
 * lifecycle is that of a {@link SharedArray}: a 1-D {@code |u1} {@code .npy} file with
 * {@code user.panamax.kind=semaphore}, laid out as {@link IpcLayout} draws.
 */
public final class SharedSemaphore implements AutoCloseable {
    private static final long SPIN_NANOS = 10_000;

    private final SharedArray array;
    private final MemorySegment d;

    private SharedSemaphore(SharedArray array) {
        this.array = array;
        this.d = array.segment();
    }

    /**
     * Creates a semaphore in {@link Segments#defaultDirectory()}, lifetime {@link Lifetime#PROCESS}.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param permits the permits it starts with, 0 or more
     * @return the semaphore
     * @throws IllegalArgumentException if the name is invalid or {@code permits} negative
     * @throws SegmentExistsException if the name exists
     * @throws IOException if the directory cannot be written
     */
    public static SharedSemaphore create(String name, int permits) throws IOException {
        return create(name, permits, SegmentOptions.defaults());
    }

    /**
     * Creates a semaphore.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param permits the permits it starts with, 0 or more
     * @param options directory, lifetime, backend ({@code readOnly} must be false)
     * @return the semaphore
     * @throws IllegalArgumentException if the name is invalid, {@code permits} negative or the options read-only
     * @throws SegmentExistsException if the name exists (the existing file is not touched)
     * @throws IOException if the directory is missing or cannot be written
     */
    public static SharedSemaphore create(String name, int permits, SegmentOptions options) throws IOException {
        Names.check(name);
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore permits " + permits + ": expected 0 or more");
        }
        Objects.requireNonNull(options, "options");
        return new SharedSemaphore(IpcSegments.create(name, IpcLayout.KIND_SEMAPHORE, IpcLayout.LOCK_DATA_BYTES,
                options, data -> data.set(ValueLayout.JAVA_INT, IpcLayout.PERMITS_OFFSET, permits)));
    }

    /**
     * Opens a semaphore in {@link Segments#defaultDirectory()}.
     *
     * @param name the semaphore's name
     * @return the semaphore
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws SegmentException if the file is not a Panamax semaphore
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedSemaphore open(String name) throws IOException {
        return open(name, SegmentOptions.defaults());
    }

    /**
     * Opens a semaphore.
     *
     * @param name the semaphore's name
     * @param options directory, backend ({@code readOnly} must be false)
     * @return the semaphore
     * @throws IllegalArgumentException if the name is invalid or the options are read-only
     * @throws NoSuchSegmentException if there is no such file
     * @throws SegmentException if the file is not a Panamax semaphore
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedSemaphore open(String name, SegmentOptions options) throws IOException {
        Names.check(name);
        Objects.requireNonNull(options, "options");
        return new SharedSemaphore(IpcSegments.open(name, IpcLayout.KIND_SEMAPHORE, IpcLayout.LOCK_DATA_BYTES,
                options));
    }

    /**
     * Removes this semaphore's name, once (see {@link SharedArray#unlink()}).
     *
     * @throws NoSuchSegmentException if the name is already gone or names another file now
     * @throws IOException if the file cannot be removed
     */
    public void unlink() throws IOException {
        array.unlink();
    }

    /**
     * Takes a permit, waiting as long as it takes.
     *
     * @throws IllegalStateException if this handle is closed
     */
    public void acquire() {
        acquire(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Takes a permit, waiting up to {@code timeout} for one.
     *
     * @param timeout the longest wait (0: do not wait)
     * @param unit the unit of {@code timeout}
     * @return {@code true} if a permit was taken, {@code false} on timeout
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if this handle is closed
     */
    public boolean acquire(long timeout, TimeUnit unit) {
        long nanos = Futex.timeoutNanos(timeout, unit);
        if (tryAcquire()) {
            return true;
        }
        long start = System.nanoTime();
        for (long spinEnd = start + Math.min(nanos, SPIN_NANOS); System.nanoTime() - spinEnd < 0; ) {
            Thread.onSpinWait();
            if (tryAcquire()) {
                return true;
            }
        }
        while (true) {
            long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : nanos - (System.nanoTime() - start);
            if (left <= 0) {
                return false;
            }
            Words.setIntVolatile(d, IpcLayout.PERMITS_SLEEPING_OFFSET, 1);
            if (tryAcquire()) {
                return true;
            }
            Futex.wait(d, IpcLayout.PERMITS_OFFSET, 0, Math.min(left, RobustLock.CHECK_NANOS));
        }
    }

    /**
     * Takes a permit if one is free now.
     *
     * @return whether a permit was taken
     * @throws IllegalStateException if this handle is closed
     */
    public boolean tryAcquire() {
        requireOpen();
        int p;
        while ((p = Words.getIntVolatile(d, IpcLayout.PERMITS_OFFSET)) > 0) {
            if (Words.casInt(d, IpcLayout.PERMITS_OFFSET, p, p - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a permit and wakes the processes that wait for one.
     *
     * @throws IllegalStateException if this handle is closed, or the count would pass {@link Integer#MAX_VALUE}
     */
    public void release() {
        requireOpen();
        int p;
        do {
            p = Words.getIntVolatile(d, IpcLayout.PERMITS_OFFSET);
            if (p == Integer.MAX_VALUE) {
                throw new IllegalStateException("semaphore '" + array.name() + "' has " + p
                        + " permits: one more does not fit");
            }
        } while (!Words.casInt(d, IpcLayout.PERMITS_OFFSET, p, p + 1));
        if (Words.getIntVolatile(d, IpcLayout.PERMITS_SLEEPING_OFFSET) != 0
                && Words.casInt(d, IpcLayout.PERMITS_SLEEPING_OFFSET, 1, 0)) {
            Futex.wake(d, IpcLayout.PERMITS_OFFSET, Integer.MAX_VALUE);
        }
    }

    /**
     * {@return the permits free now}
     *
     * @throws IllegalStateException if this handle is closed
     */
    public int availablePermits() {
        requireOpen();
        return Words.getIntVolatile(d, IpcLayout.PERMITS_OFFSET);
    }

    /**
     * The free permits of a semaphore file, read without mapping it, for listings.
     *
     * @param file a segment file
     * @return the permits, or empty if the file is not a Panamax semaphore
     */
    public static OptionalLong permits(Path file) {
        ByteBuffer b = IpcSegments.peek(file, IpcLayout.KIND_SEMAPHORE, IpcLayout.LOCK_DATA_BYTES);
        return b == null ? OptionalLong.empty() : OptionalLong.of(b.getInt((int) IpcLayout.PERMITS_OFFSET));
    }

    /** {@return the semaphore's name} */
    public String name() {
        return array.name();
    }

    /** {@return the file} */
    public Path path() {
        return array.path();
    }

    /** Unmaps. Idempotent. Does not release permits and does not unlink. */
    @Override
    public void close() {
        array.close();
    }

    @Override
    public String toString() {
        return "SharedSemaphore[" + array.name() + ", " + array.path() + (array.isOpen() ? "" : ", closed") + "]";
    }

    private void requireOpen() {
        if (!array.isOpen()) {
            throw new IllegalStateException("semaphore '" + array.name() + "' is closed");
        }
    }
}
