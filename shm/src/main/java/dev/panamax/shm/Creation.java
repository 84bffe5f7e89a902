package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Npy;
import dev.panamax.core.Shape;
import dev.panamax.shm.internal.SegmentMapping;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The create protocol of {@link SharedArray#create}: nothing appears under the segment's name until the file is
 * complete, and a failure at any step leaves nothing behind.
 *
 * <ol>
 * <li>Refuse at once if the name exists, or if the file system's free space ({@code statvfs}, as
 *     {@code FileStore.getUsableSpace()} reads it) is less than the file needs: no byte is allocated.</li>
 * <li>{@code open(O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)} a temporary
 *     {@code .panamax-tmp-<name>-<pid>-<random>}, {@code fchmod 0600} (whatever the umask), take a shared
 *     {@code flock} (so {@code gc} leaves it alone while this process lives), and write the creator's identity
 *     in its attributes.</li>
 * <li>Reserve the whole size ({@code posix_fallocate}; a full file system fails now, never with SIGBUS later),
 *     map it, write the header.</li>
 * <li>Run the caller's initialiser on the unpublished array.</li>
 * <li>Publish: {@code linkat} of {@code /proc/self/fd/<fd>} to the name, which fails if the name exists (nothing
 *     is overwritten) and links exactly the file this process filled. Remove the temporary name.</li>
 * </ol>
 *
 * <p>A process killed before step 5 leaves only the temporary file, which {@link Segments#gc} collects once it
 * sees the creator is dead.
 */
final class Creation {
    private Creation() {
    }

    static SharedArray create(String name, DType dtype, Shape shape, SegmentOptions options,
                              Consumer<? super SharedArray> init) throws IOException {
        Names.check(name);
        java.util.Objects.requireNonNull(dtype, "dtype");
        java.util.Objects.requireNonNull(shape, "shape");
        java.util.Objects.requireNonNull(options, "options");
        Posix.requireAvailable();
        long dataBytes = shape.byteSize(dtype);
        byte[] header = Npy.encodeHeader(dtype, shape);
        long total;
        try {
            total = Math.addExact(header.length, dataBytes);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("segment '" + name + "' of " + dtype.numpyName() + " " + shape
                    + " needs " + dataBytes + " data bytes plus a " + header.length
                    + "-byte header: more than Long.MAX_VALUE", e);
        }
        Path dir = options.directory();
        Path target = dir.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "segment directory does not exist or is not a directory");
        }
        refuseExisting(name, dir, target);
        if (options.reserve()) {
            requireSpace(name, dir, total);
        }
        Path temp = Names.tempFor(dir, name);
        int fd = Posix.create(temp, 0600);
        if (fd < 0) {
            if (-fd == Posix.EACCES || -fd == Posix.EPERM) {
                throw new AccessDeniedException(dir.toString(), null, "cannot create segment '" + name
                        + "': permission denied");
            }
            throw Posix.exception(-fd, dir, "cannot create segment '" + name + "'");
        }
        SegmentFile file = SegmentFile.adopt(temp, fd);
        SegmentMapping mapping = null;
        boolean published = false;
        try {
            check(Posix.fchmod(fd, 0600), temp, "fchmod 0600");
            if (!file.tryLock(false)) {
                file.lockShared("segment '" + name + "' (temporary file " + temp + ")");
            }
            new Attributes(options.lifetime(), Creator.SELF, Instant.now()).write(fd);
            if (options.reserve()) {
                reserve(fd, total, name, dir);
            } else {
                // A sparse file: pages are allocated on first touch.
                check(Posix.ftruncate(fd, total), temp, "ftruncate");
            }
            mapping = SegmentMapping.map(options.backend(), file.procPath(), total, false);
            MemorySegment whole = mapping.whole();
            if (whole.byteSize() != total) {
                throw new IOException("segment '" + name + "': mapped " + whole.byteSize()
                        + " bytes of the temporary file, expected " + total);
            }
            MemorySegment.copy(MemorySegment.ofArray(header), 0, whole, 0, header.length);
            SharedArray a = new SharedArray(name, target, dtype, shape, mapping,
                    whole.asSlice(header.length, dataBytes), file);
            if (init != null) {
                init.accept(a);
                if (!a.isOpen()) {
                    throw new IllegalStateException("the initialiser closed segment '" + name
                            + "' before it was published; nothing was published");
                }
            }
            int rc = Posix.link(fd, target);
            if (rc == -Posix.EEXIST) {
                throw exists(name, dir, target);
            }
            check(rc, target, "cannot publish segment '" + name + "'");
            published = true;
            if (options.lifetime() == Lifetime.PROCESS) {
                holdForLifetime(file, target);
            }
            removeTemp(temp, file);
            return a;
        } catch (IOException | RuntimeException | Error e) {
            if (!published) {
                if (mapping != null) {
                    mapping.close();
                }
                try {
                    removeTemp(temp, file);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                file.close();
            }
            throw e;
        }
    }

    /**
     * Keeps a second descriptor with a shared lock on a published {@link Lifetime#PROCESS} segment until this JVM
     * exits or unlinks it. Best effort: without it, the segment is still protected while mapped and by its
     * creator's recorded identity.
     */
    private static void holdForLifetime(SegmentFile file, Path target) {
        int fd = Posix.open(file.procPath(), Posix.O_RDONLY | Posix.O_CLOEXEC);
        if (fd < 0) {
            return;
        }
        try {
            SegmentFile lock = SegmentFile.adopt(target, fd);
            if (lock.tryLock(false)) {
                ProcessSegments.register(target, lock);
            } else {
                lock.close();
            }
        } catch (IOException e) {
            // adopt closed the descriptor; the mapping's own lock still protects the segment.
        }
    }

    /** Removes the temporary name if it still names this file. */
    private static void removeTemp(Path temp, SegmentFile file) {
        try {
            if (Posix.lstat(temp).sameFile(file.stat())) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // Gone already, or unremovable: gc collects a stray temporary name once this process is gone.
        }
    }

    private static void refuseExisting(String name, Path dir, Path target) throws IOException {
        Posix.Stat s;
        try {
            s = Posix.lstat(target);
        } catch (NoSuchFileException e) {
            return;
        }
        throw exists(name, dir, s);
    }

    private static SegmentExistsException exists(String name, Path dir, Path target) {
        try {
            return exists(name, dir, Posix.lstat(target));
        } catch (IOException e) {
            return exists(name, dir, (Posix.Stat) null);
        }
    }

    private static SegmentExistsException exists(String name, Path dir, Posix.Stat s) {
        String owner = "";
        if (s != null && Integer.toUnsignedLong(s.uid()) != Segments.effectiveUid()) {
            owner = " (a " + s.type() + " owned by " + Segments.ownerName(dir.resolve(name), s.uid(),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS) + ", uid " + Integer.toUnsignedString(s.uid()) + ")";
        }
        return new SegmentExistsException("segment '" + name + "' already exists in " + dir + owner
                + ": choose another name, or unlink it first");
    }

    /**
     * Refuses a reservation larger than the free space before any file exists: {@code posix_fallocate} on a disk
     * file system would otherwise take every free block before failing, starving every other process meanwhile.
     */
    private static void requireSpace(String name, Path dir, long total) throws IOException {
        java.nio.file.FileStore store = Files.getFileStore(dir);
        long size = store.getTotalSpace();
        long free = store.getUsableSpace();
        // A tmpfs mounted without a size limit reports 0 blocks in all: nothing to check against.
        if (size > 0 && total > free) {
            throw new InsufficientSpaceException("not enough space for segment '" + name + "' in " + dir + ": need "
                    + total + " bytes, " + free + " free (checked before reserving; nothing was allocated)");
        }
    }

    private static void reserve(int fd, long total, String name, Path dir) throws IOException {
        int err = Posix.fallocate(fd, total);
        if (err == 0) {
            return;
        }
        if (err == Posix.ENOSPC || err == Posix.EFBIG) {
            long free = -1;
            try {
                free = Files.getFileStore(dir).getUsableSpace();
            } catch (IOException ignored) {
                // The message says "unknown" instead.
            }
            throw new InsufficientSpaceException("not enough space for segment '" + name + "' in " + dir + ": need "
                    + total + " bytes, " + (free < 0 ? "unknown" : Long.toString(free)) + " free ("
                    + Posix.describe(err) + ")");
        }
        throw new IOException("cannot reserve " + total + " bytes for segment '" + name + "' in " + dir
                + ": posix_fallocate failed: " + Posix.describe(err));
    }

    private static void check(int rc, Path file, String what) throws IOException {
        if (rc < 0) {
            throw Posix.exception(-rc, file, what);
        }
    }
}
