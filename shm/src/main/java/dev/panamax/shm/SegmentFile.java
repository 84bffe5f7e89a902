package dev.panamax.shm;

import dev.panamax.core.Npy;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.NpyHeader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * One file of a segment directory, opened once and checked on its descriptor, so that what was checked is what is
 * read, mapped, locked and removed (a name can be swapped between a check and a use; a descriptor cannot).
 *
 * <p>Opening: {@code lstat} first (a FIFO, device or link is refused without being opened), then
 * {@code open(O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)} (a link swapped in meanwhile fails with
 * {@code ELOOP}; a FIFO swapped in opens at once instead of blocking), then {@code statx} on the descriptor,
 * which must be a regular file. The attributes are read with {@code fgetxattr} on the descriptor; Java I/O on the
 * same file (the header, the mapping) goes through {@link #procPath()}, {@code /proc/self/fd/<fd>}, which opens
 * the very inode already checked.
 *
 * <p>Locking: every process that maps a segment holds a shared {@code flock} on a descriptor like this one for as
 * long as the mapping lives (and a {@link Lifetime#PROCESS} creator for as long as it runs); {@code gc} removes a
 * file only while it holds the exclusive lock. {@code flock} locks belong to the open file description: they work
 * across processes, users and pid namespaces, and the kernel drops them when the process dies.
 */
final class SegmentFile implements AutoCloseable {
    /** How long an opener retries a shared lock that an exclusive holder (a {@code gc} at work) keeps. */
    private static final long LOCK_PATIENCE_NANOS = 2_000_000_000L;

    private final Path path;
    private final int fd;
    private final Posix.Stat stat;
    private boolean closed;

    private SegmentFile(Path path, int fd, Posix.Stat stat) {
        this.path = path;
        this.fd = fd;
        this.stat = stat;
    }

    /** A file that is not what a segment can be: a link, a FIFO, a directory, a device. */
    static final class NotRegularException extends SegmentException {
        private static final long serialVersionUID = 1L;
        private final boolean symbolicLink;

        NotRegularException(String message, boolean symbolicLink) {
            super(message);
            this.symbolicLink = symbolicLink;
        }

        /** @return whether the name is a symbolic link */
        boolean symbolicLink() {
            return symbolicLink;
        }
    }

    /**
     * Opens and checks a segment file.
     *
     * @param what how messages name the file, e.g. {@code segment 'prices' in /dev/shm}
     * @param p the file
     * @return the open file; close it
     * @throws NoSuchFileException if nothing has that name
     * @throws NotRegularException if it is a symbolic link or not a regular file (never followed, never opened
     *                             if {@code lstat} already tells)
     * @throws AccessDeniedException if this process may not read it
     * @throws IOException if opening fails otherwise
     */
    static SegmentFile open(String what, Path p) throws IOException {
        Posix.Stat named = Posix.lstat(p);
        requireRegular(what, named);
        int fd = Posix.open(p, Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        if (fd < 0) {
            if (-fd == Posix.ELOOP) {
                throw new NotRegularException(what + " is a symbolic link: Panamax never follows links, expected a "
                        + "regular file", true);
            }
            throw Posix.exception(-fd, p, "cannot open " + what);
        }
        try {
            Posix.Stat s = Posix.fstat(fd);
            requireRegular(what, s);
            return new SegmentFile(p, fd, s);
        } catch (IOException | RuntimeException | Error e) {
            Posix.close(fd);
            throw e;
        }
    }

    /**
     * Takes over a descriptor this process just created (the temporary file of a create).
     *
     * @param p the path it was created at
     * @param fd the descriptor
     * @return the file; closing it closes the descriptor
     * @throws IOException if {@code statx} fails (the descriptor is closed)
     */
    static SegmentFile adopt(Path p, int fd) throws IOException {
        try {
            return new SegmentFile(p, fd, Posix.fstat(fd));
        } catch (IOException | RuntimeException | Error e) {
            Posix.close(fd);
            throw e;
        }
    }

    private static void requireRegular(String what, Posix.Stat s) throws NotRegularException {
        if (s.isSymbolicLink()) {
            throw new NotRegularException(what + " is a symbolic link: Panamax never follows links, expected a "
                    + "regular file", true);
        }
        if (!s.isRegularFile()) {
            throw new NotRegularException(what + " is not a regular file (it is a " + s.type() + ")", false);
        }
    }

    /** @return the path it was opened by (which may name another file by now) */
    Path path() {
        return path;
    }

    /** @return the descriptor */
    int fd() {
        return fd;
    }

    /** @return what {@code statx} said at open */
    Posix.Stat stat() {
        return stat;
    }

    /**
     * @return what {@code statx} says now (size and link count change; device and inode do not)
     * @throws IOException if {@code statx} fails
     */
    Posix.Stat restat() throws IOException {
        return Posix.fstat(fd);
    }

    /** @return {@code /proc/self/fd/<fd>}: Java I/O on it reaches exactly this file */
    Path procPath() {
        return Posix.procPath(fd);
    }

    /** @return the Panamax attributes, read through the descriptor */
    Attributes attributes() {
        return Attributes.read(fd);
    }

    /**
     * Reads and parses the {@code .npy} header (never more than NumPy's header limit of it), through
     * {@link #procPath()}.
     *
     * @return the header
     * @throws NpyFormatException if the file is not a usable {@code .npy} file
     * @throws IOException if reading fails
     */
    NpyHeader header() throws IOException {
        try (FileChannel ch = FileChannel.open(procPath(), StandardOpenOption.READ)) {
            return Npy.readHeader(ch);
        }
    }

    /**
     * @param exclusive {@code LOCK_EX} rather than {@code LOCK_SH}
     * @return {@code true} if taken, {@code false} if another open file description holds a conflicting lock
     * @throws IOException if {@code flock} fails otherwise
     */
    boolean tryLock(boolean exclusive) throws IOException {
        int rc = Posix.flock(fd, (exclusive ? Posix.LOCK_EX : Posix.LOCK_SH) | Posix.LOCK_NB);
        if (rc == 0) {
            return true;
        }
        if (rc == -Posix.EAGAIN) {
            return false;
        }
        throw Posix.exception(-rc, path, "flock failed");
    }

    /**
     * Takes the shared lock that says "mapped by a live process", waiting up to 2 s for an exclusive holder (a
     * {@code gc} checking this file) to finish. Never blocks in the kernel: a process that keeps an exclusive lock
     * forever gets an error here, not a hang.
     *
     * @param what how the message names the file
     * @throws SegmentException if an exclusive lock is still held after 2 s
     * @throws IOException if {@code flock} fails
     */
    void lockShared(String what) throws IOException {
        long deadline = System.nanoTime() + LOCK_PATIENCE_NANOS;
        long pause = 100_000;
        while (!tryLock(false)) {
            if (System.nanoTime() - deadline > 0) {
                throw new SegmentException(what + " is locked exclusively by another process (a gc removing it, or "
                        + "a process holding flock(LOCK_EX) on it) for more than 2 s");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 50_000_000);
        }
    }

    /** Closes the descriptor, which drops its lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }
}
