package dev.panamax.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A named lock between processes, like Python's {@code multiprocessing.Lock}, that survives its holder being killed:
 * the next process to acquire it gets it, and is told that the previous holder died while holding it
 * ({@link Held#previousOwnerDied()}, the {@code EOWNERDEAD} of a robust pthread mutex), instead of waiting forever.
 *
 * {@snippet :
 * // four processes run this; the counter ends at exactly 40000
 * try (SharedLock lock = SharedLock.open("counter-lock");
 *      SharedArray counter = SharedArray.open("counter")) {         // int64 (1,)
 *     LongView value = counter.asLongs();
 *     for (int i = 0; i < 10_000; i++) {
 *         try (SharedLock.Held held = lock.acquire()) {
 *             value.set(0, value.get(0) + 1);                       // a plain read-modify-write, made safe by the lock
 *         }
 *     }
 * }
 * }
 *
 * <p>The holder is a process (pid and start time in the lock word, see {@link IpcLayout}), and the lock is not
 * reentrant: a thread that acquires it twice through one handle gets an {@link IllegalStateException}. An
 * uncontended acquire and release are two atomic instructions; a contended acquire spins briefly, then sleeps on a
 * futex until the holder releases, waking every 50 ms to check that the holder's process still runs. The lifecycle
 * is that of a {@link SharedArray}: a 1-D {@code |u1} {@code .npy} file with {@code user.panamax.kind=lock}.
 */
public final class SharedLock implements AutoCloseable {
    private final SharedArray array;
    private final RobustLock lock;
    /** The thread that holds the lock through this handle; written only by the holder, under the lock. */
    private Thread heldBy;

    private SharedLock(SharedArray array) {
        this.array = array;
        this.lock = new RobustLock(array.segment(), IpcLayout.LOCK_OFFSET);
    }

    /**
     * Creates a free lock in {@link Segments#defaultDirectory()}, lifetime {@link Lifetime#PROCESS}.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @return the lock
     * @throws IllegalArgumentException if the name is invalid
     * @throws SegmentExistsException if the name exists
     * @throws IOException if the directory cannot be written
     */
    public static SharedLock create(String name) throws IOException {
        return create(name, SegmentOptions.defaults());
    }

    /**
     * Creates a free lock.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param options directory, lifetime, backend ({@code readOnly} must be false)
     * @return the lock
     * @throws IllegalArgumentException if the name is invalid or the options are read-only
     * @throws SegmentExistsException if the name exists (the existing file is not touched)
     * @throws IOException if the directory is missing or cannot be written
     */
    public static SharedLock create(String name, SegmentOptions options) throws IOException {
        Names.check(name);
        Objects.requireNonNull(options, "options");
        return new SharedLock(IpcSegments.create(name, IpcLayout.KIND_LOCK, IpcLayout.LOCK_DATA_BYTES, options,
                d -> { }));
    }

    /**
     * Opens a lock in {@link Segments#defaultDirectory()}.
     *
     * @param name the lock's name
     * @return the lock
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws SegmentException if the file is not a Panamax lock
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedLock open(String name) throws IOException {
        return open(name, SegmentOptions.defaults());
    }

    /**
     * Opens a lock.
     *
     * @param name the lock's name
     * @param options directory, backend ({@code readOnly} must be false)
     * @return the lock
     * @throws IllegalArgumentException if the name is invalid or the options are read-only
     * @throws NoSuchSegmentException if there is no such file
     * @throws SegmentException if the file is not a Panamax lock
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedLock open(String name, SegmentOptions options) throws IOException {
        Names.check(name);
        Objects.requireNonNull(options, "options");
        return new SharedLock(IpcSegments.open(name, IpcLayout.KIND_LOCK, IpcLayout.LOCK_DATA_BYTES, options));
    }

    /**
     * Removes this lock's name, once (see {@link SharedArray#unlink()}).
     *
     * @throws NoSuchSegmentException if the name is already gone or names another file now
     * @throws IOException if the file cannot be removed
     */
    public void unlink() throws IOException {
        array.unlink();
    }

    /**
     * Acquires the lock, waiting as long as it takes (a dead holder is found within 50 ms).
     *
     * @return the hold; close it to release
     * @throws IllegalStateException if this thread holds the lock through this handle already, or it is closed
     */
    public Held acquire() {
        check();
        return hold(lock.acquire(Long.MAX_VALUE));
    }

    /**
     * Acquires the lock, waiting up to {@code timeout}.
     *
     * @param timeout the longest wait (0: do not wait)
     * @param unit the unit of {@code timeout}
     * @return the hold, or {@code null} if the lock stayed held for the whole timeout
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if this thread holds the lock through this handle already, or it is closed
     */
    public Held acquire(long timeout, TimeUnit unit) {
        long nanos = Futex.timeoutNanos(timeout, unit);
        check();
        return hold(lock.acquire(nanos));
    }

    /**
     * Acquires the lock if it is free now, or held by a process that has died.
     *
     * @return the hold, or {@code null} if another live process (or thread) holds it
     * @throws IllegalStateException if this thread holds the lock through this handle already, or it is closed
     */
    public Held tryAcquire() {
        check();
        return hold(lock.tryAcquire());
    }

    private Held hold(int result) {
        if (result == RobustLock.TIMED_OUT) {
            return null;
        }
        heldBy = Thread.currentThread();
        return new Held(this, result == RobustLock.OWNER_DIED);
    }

    private void check() {
        if (!array.isOpen()) {
            throw new IllegalStateException("lock '" + array.name() + "' is closed");
        }
        if (heldBy == Thread.currentThread() && lock.holder() == Owner.SELF) {
            throw new IllegalStateException("lock '" + array.name() + "' is already held by this thread: "
                    + "it is not reentrant");
        }
    }

    /**
     * {@return the pid of the process that holds the lock now, or empty if it is free}
     *
     * @throws IllegalStateException if this handle is closed
     */
    public OptionalLong holderPid() {
        long h = lock.holder();
        return h == 0 ? OptionalLong.empty() : OptionalLong.of(Owner.pid(h));
    }

    /**
     * The holder of a lock file, read without mapping it, for listings.
     *
     * @param file a segment file
     * @return the holder's pid (0 when free), or empty if the file is not a Panamax lock
     */
    public static OptionalLong holderPid(Path file) {
        ByteBuffer b = IpcSegments.peek(file, IpcLayout.KIND_LOCK, IpcLayout.LOCK_DATA_BYTES);
        return b == null ? OptionalLong.empty() : OptionalLong.of(Owner.pid(b.getLong((int) IpcLayout.LOCK_OFFSET)));
    }

    /** {@return the lock's name} */
    public String name() {
        return array.name();
    }

    /** {@return the file} */
    public Path path() {
        return array.path();
    }

    /** Releases the lock if this handle's thread holds it, then unmaps. Idempotent. Does not unlink. */
    @Override
    public synchronized void close() {
        if (!array.isOpen()) {
            return;
        }
        if (heldBy != null && lock.holder() == Owner.SELF) {
            lock.release();
        }
        heldBy = null;
        array.close();
    }

    @Override
    public String toString() {
        return "SharedLock[" + array.name() + ", " + array.path() + (array.isOpen() ? "" : ", closed") + "]";
    }

    /** One acquisition of a {@link SharedLock}; {@link #close()} releases it. */
    public static final class Held implements AutoCloseable {
        private final SharedLock lock;
        private final boolean ownerDied;
        private boolean released;

        private Held(SharedLock lock, boolean ownerDied) {
            this.lock = lock;
            this.ownerDied = ownerDied;
        }

        /**
         * {@return whether the process that held the lock before died while holding it: what it protected may be
         * half-updated, so check or repair it before relying on it}
         */
        public boolean previousOwnerDied() {
            return ownerDied;
        }

        /**
         * Releases the lock and wakes one waiter. Idempotent.
         *
         * @throws IllegalStateException if the lock's handle was closed meanwhile
         */
        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            lock.heldBy = null;
            lock.lock.release();
        }
    }
}
