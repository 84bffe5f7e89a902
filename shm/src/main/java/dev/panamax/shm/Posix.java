package dev.panamax.shm;

import dev.panamax.core.internal.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Every POSIX call of the {@code shm} module that the JDK does not expose, in one place: the downcalls themselves
 * are {@link Libc}'s, this class gives them the segment code's terms (paths, {@link Stat}, JDK exceptions). They all
 * work on a file descriptor the caller checked, so that what is checked is what is used: the JDK's
 * {@code FileChannel} keeps its descriptor to itself, and a path can be swapped between a check and a use.
 *
 * <p>Conventions: calls that can fail return {@code -errno} (a negative number) or a value {@code >= 0}, except
 * those documented to throw. Constants are Linux's; {@code O_NOFOLLOW} is the one flag used here whose value
 * differs between x86-64 and AArch64. Error numbers are the same on both (asm-generic). On any other OS every
 * call throws {@link UnsupportedOperationException} naming the reason.
 */
final class Posix {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int EFBIG = 27;
    static final int ENOSPC = 28;
    static final int ERANGE = 34;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int O_NOFOLLOW = switch (System.getProperty("os.arch", "")) {
        case "aarch64", "arm64" -> 0x8000;
        default -> 0x20000;
    };

    static final int LOCK_SH = 1;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int RENAME_NOREPLACE = 1;
    private static final int S_IFMT = 0xf000;
    private static final int S_IFREG = 0x8000;
    private static final int S_IFDIR = 0x4000;
    private static final int S_IFLNK = 0xa000;

    /**
     * {@code struct statx}: the same layout on every Linux architecture (unlike {@code struct stat}), 256 bytes.
     * Offsets used: mask 0, nlink 16, uid 20, gid 24, mode 28 (u16), ino 32, size 40, mtime 112 (s64 seconds),
     * dev_major 136, dev_minor 140.
     */
    private static final long STATX_SIZE = 256;

    private Posix() {
    }

    /** What {@code statx} says about a file. */
    record Stat(long devMajor, long devMinor, long ino, long size, int mode, int uid, int nlink, long mtimeSeconds) {
        boolean isRegularFile() {
            return (mode & S_IFMT) == S_IFREG;
        }

        boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        boolean isSymbolicLink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        /** @return whether both describe the same file: device and inode */
        boolean sameFile(Stat o) {
            return devMajor == o.devMajor && devMinor == o.devMinor && ino == o.ino;
        }

        /** @return the key {@code /proc/<pid>/maps} shows for a mapping of this file: {@code major:minor:inode} */
        String mapsKey() {
            return devMajor + ":" + devMinor + ":" + ino;
        }

        /** @return the file type in words, for messages */
        String type() {
            return switch (mode & S_IFMT) {
                case S_IFREG -> "regular file";
                case S_IFDIR -> "directory";
                case S_IFLNK -> "symbolic link";
                case 0x1000 -> "FIFO";
                case 0xc000 -> "socket";
                case 0x2000 -> "character device";
                case 0x6000 -> "block device";
                default -> "file of type " + Integer.toOctalString(mode & S_IFMT);
            };
        }
    }

    /** @throws UnsupportedOperationException if the calls cannot run here, with the reason */
    static void requireAvailable() {
        Throwable why = Libc.fileCallsUnavailable();
        if (why != null) {
            UnsupportedOperationException e = new UnsupportedOperationException(
                    "Panamax segments need the Linux system calls open, statx, flock and xattrs through FFM: "
                            + why.getMessage());
            e.initCause(why);
            throw e;
        }
    }

    /**
     * @param file the path (relative paths are resolved against the working directory)
     * @param flags {@code O_*} flags
     * @return a new descriptor, or {@code -errno}
     */
    static int open(Path file, int flags) {
        requireAvailable();
        return Libc.open(file.toString(), flags);
    }

    /**
     * @param file the path to create; it must not exist ({@code O_EXCL} is added), and is never a followed link
     * @param mode permission bits before the umask, e.g. {@code 0600}
     * @return a new read-write descriptor, or {@code -errno}
     */
    static int create(Path file, int mode) {
        requireAvailable();
        return Libc.open(file.toString(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    }

    /** Closes a descriptor; errors are ignored (Linux frees the descriptor even when close reports one). */
    static void close(int fd) {
        Libc.close(fd);
    }

    /**
     * @param fd an open descriptor
     * @return what it refers to
     * @throws IOException if {@code statx} fails
     */
    static Stat fstat(int fd) throws IOException {
        return statx(fd, "", AT_EMPTY_PATH, null);
    }

    /**
     * @param file a path; a symbolic link is described itself, never followed
     * @return what it names
     * @throws NoSuchFileException if nothing has that name
     * @throws IOException if {@code statx} fails otherwise
     */
    static Stat lstat(Path file) throws IOException {
        return statx(AT_FDCWD, file.toString(), AT_SYMLINK_NOFOLLOW, file);
    }

    private static Stat statx(int dirfd, String path, int flags, Path file) throws IOException {
        requireAvailable();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(STATX_SIZE, 8);
            int rc = Libc.statx(dirfd, path, flags, STATX_BASIC_STATS, buf);
            if (rc < 0) {
                throw exception(-rc, file, "statx failed");
            }
            return new Stat(u32(buf, 136), u32(buf, 140), buf.get(ValueLayout.JAVA_LONG, 32),
                    buf.get(ValueLayout.JAVA_LONG, 40), Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28)),
                    buf.get(ValueLayout.JAVA_INT, 20), buf.get(ValueLayout.JAVA_INT, 16),
                    buf.get(ValueLayout.JAVA_LONG, 112));
        }
    }

    private static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, offset));
    }

    /**
     * @param fd an open descriptor
     * @param name the attribute, e.g. {@code user.panamax.pid}
     * @param max the largest value accepted
     * @return the value, or null if the file has no such attribute, the file system has none, or it is longer
     *         than {@code max} bytes
     */
    static byte[] getxattr(int fd, String name, int max) {
        requireAvailable();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(max);
            long n = Libc.fgetxattr(fd, name, buf);
            return n < 0 ? null : buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /**
     * @return 0, or {@code -errno} ({@code -EOPNOTSUPP} where the file system has no user attributes)
     */
    static int setxattr(int fd, String name, String value) {
        requireAvailable();
        return Libc.fsetxattr(fd, name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code flock(2)}: advisory, per open file description, across processes, users and pid namespaces.
     *
     * @param op {@link #LOCK_SH} or {@link #LOCK_EX}, with {@link #LOCK_NB} to fail at once
     * @return 0, or {@code -errno} ({@code -EAGAIN} when {@code LOCK_NB} found a conflicting lock)
     */
    static int flock(int fd, int op) {
        requireAvailable();
        return Libc.flock(fd, op);
    }

    /**
     * Renames {@code from} to {@code to}, failing with {@code -EEXIST} if {@code to} exists. Where the file system
     * or C library has no {@code RENAME_NOREPLACE}, {@code -EINVAL} or {@code -ENOSYS}.
     *
     * @return 0 or {@code -errno}
     */
    static int renameNoReplace(Path from, Path to) {
        requireAvailable();
        return Libc.renameat2(AT_FDCWD, from.toString(), AT_FDCWD, to.toString(), RENAME_NOREPLACE);
    }

    /**
     * Gives the file open as {@code fd} a new name: {@code linkat} of {@code /proc/self/fd/<fd>} with
     * {@code AT_SYMLINK_FOLLOW}, so the name goes to the very file behind the descriptor, whatever happened to
     * the path it was opened by. Fails with {@code -EEXIST} if the name exists (nothing is overwritten).
     *
     * @return 0 or {@code -errno}
     */
    static int link(int fd, Path to) {
        requireAvailable();
        return Libc.linkat(AT_FDCWD, procPath(fd).toString(), AT_FDCWD, to.toString(), AT_SYMLINK_FOLLOW);
    }

    /** @return 0 or {@code -errno} */
    static int fchmod(int fd, int mode) {
        requireAvailable();
        return Libc.fchmod(fd, mode);
    }

    /** @return 0 or {@code -errno} */
    static int ftruncate(int fd, long length) {
        requireAvailable();
        return Libc.ftruncate(fd, length);
    }

    /**
     * Allocates bytes {@code [0, length)} of a file, growing it if needed.
     *
     * @return 0 on success, else the error number {@code posix_fallocate} reported (positive)
     */
    static int fallocate(int fd, long length) {
        requireAvailable();
        if (length == 0) {
            return 0;
        }
        return Libc.posixFallocate(fd, 0L, length);
    }

    /**
     * {@code kill(pid, 0)}: whether a pid exists in this pid namespace, without signalling it.
     *
     * @return 0 if it exists and may be signalled, {@code -EPERM} if it exists and belongs to another user,
     *         {@code -ESRCH} if there is no such process
     */
    static int probe(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return -ESRCH;
        }
        requireAvailable();
        return Libc.kill((int) pid, 0);
    }

    /** @return this process's effective user id */
    static int geteuid() {
        requireAvailable();
        return Libc.geteuid();
    }

    /** @return {@code /proc/self/fd/<fd>}: opening it opens the very file behind the descriptor */
    static Path procPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    /**
     * @param errno an error number
     * @return its text, as {@code strerror} gives it, with the number
     */
    static String describe(int errno) {
        String text = Libc.strerror(errno);
        // Without strerror the number alone still identifies the error.
        return text == null ? "errno " + errno : text + " (errno " + errno + ")";
    }

    /**
     * @param errno a positive error number
     * @param file the file it is about, or null
     * @param what what failed, for the message
     * @return the JDK exception that says the same: {@link NoSuchFileException}, {@link AccessDeniedException},
     *         else a {@link FileSystemException} with the error's text
     */
    static IOException exception(int errno, Path file, String what) {
        String f = file == null ? null : file.toString();
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(f, null, what + ": " + describe(errno));
            case EACCES, EPERM -> new AccessDeniedException(f, null, what + ": " + describe(errno));
            default -> new FileSystemException(f, null, what + ": " + describe(errno));
        };
    }
}
