package dev.panamax.shm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every POSIX call of the {@code shm} module that the JDK does not expose, through FFM downcalls, in one place.
 * They all work on a file descriptor the caller checked, so that what is checked is what is used: the JDK's
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

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final Throwable UNAVAILABLE;
    private static final MethodHandle OPEN;
    private static final MethodHandle OPEN_CREATE;
    private static final MethodHandle CLOSE;
    private static final MethodHandle STATX;
    private static final MethodHandle FGETXATTR;
    private static final MethodHandle FSETXATTR;
    private static final MethodHandle FLOCK;
    private static final MethodHandle RENAMEAT2;
    private static final MethodHandle LINKAT;
    private static final MethodHandle FCHMOD;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle KILL;
    private static final MethodHandle GETEUID;
    private static final MethodHandle STRERROR;
    private static final Errno ERRNO = new Errno();

    static {
        MethodHandle[] h = new MethodHandle[15];
        Throwable unavailable = null;
        if (LINUX) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                ValueLayout i = ValueLayout.JAVA_INT;
                ValueLayout l = ValueLayout.JAVA_LONG;
                ValueLayout a = ValueLayout.ADDRESS;
                h[0] = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(i, a, i), errno);
                // open is variadic: the mode is its first variadic argument.
                h[1] = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(i, a, i, i), errno,
                        Linker.Option.firstVariadicArg(2));
                h[2] = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(i, i));
                h[3] = linker.downcallHandle(libc.findOrThrow("statx"), FunctionDescriptor.of(i, i, a, i, i, a), errno);
                h[4] = linker.downcallHandle(libc.findOrThrow("fgetxattr"), FunctionDescriptor.of(l, i, a, a, l), errno);
                h[5] = linker.downcallHandle(libc.findOrThrow("fsetxattr"), FunctionDescriptor.of(i, i, a, a, l, i),
                        errno);
                h[6] = linker.downcallHandle(libc.findOrThrow("flock"), FunctionDescriptor.of(i, i, i), errno);
                h[7] = libc.find("renameat2").map(s -> linker.downcallHandle(s,
                        FunctionDescriptor.of(i, i, a, i, a, i), errno)).orElse(null);
                h[8] = linker.downcallHandle(libc.findOrThrow("linkat"), FunctionDescriptor.of(i, i, a, i, a, i), errno);
                h[9] = linker.downcallHandle(libc.findOrThrow("fchmod"), FunctionDescriptor.of(i, i, i), errno);
                h[10] = linker.downcallHandle(libc.findOrThrow("ftruncate"), FunctionDescriptor.of(i, i, l), errno);
                // posix_fallocate returns the error number and does not set errno.
                h[11] = linker.downcallHandle(libc.findOrThrow("posix_fallocate"), FunctionDescriptor.of(i, i, l, l));
                h[12] = linker.downcallHandle(libc.findOrThrow("kill"), FunctionDescriptor.of(i, i, i), errno);
                h[13] = linker.downcallHandle(libc.findOrThrow("geteuid"), FunctionDescriptor.of(i));
                h[14] = linker.downcallHandle(libc.findOrThrow("strerror"), FunctionDescriptor.of(a, i));
            } catch (RuntimeException | LinkageError e) {
                unavailable = e;
            }
        } else {
            unavailable = new UnsupportedOperationException("Panamax segments need Linux (open, statx, flock, "
                    + "xattrs and /proc); this is " + System.getProperty("os.name"));
        }
        UNAVAILABLE = unavailable;
        OPEN = h[0];
        OPEN_CREATE = h[1];
        CLOSE = h[2];
        STATX = h[3];
        FGETXATTR = h[4];
        FSETXATTR = h[5];
        FLOCK = h[6];
        RENAMEAT2 = h[7];
        LINKAT = h[8];
        FCHMOD = h[9];
        FTRUNCATE = h[10];
        FALLOCATE = h[11];
        KILL = h[12];
        GETEUID = h[13];
        STRERROR = h[14];
    }

    private Posix() {
    }

    /** The errno slot of a captured call state. */
    private static final class Errno {
        final MemoryLayout layout = Linker.Option.captureStateLayout();
        final VarHandle handle = layout.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        int get(MemorySegment state) {
            return (int) handle.get(state, 0L);
        }
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
        if (UNAVAILABLE != null) {
            UnsupportedOperationException e = new UnsupportedOperationException(
                    "Panamax segments need the Linux system calls open, statx, flock and xattrs through FFM: "
                            + UNAVAILABLE.getMessage());
            e.initCause(UNAVAILABLE);
            throw e;
        }
    }

    /** A downcall that returns a negative number and sets errno when it fails. */
    @FunctionalInterface
    private interface Call {
        long run(Arena arena, MemorySegment errnoState) throws Throwable;
    }

    /** @return what {@code c} returned if not negative, else {@code -errno} */
    private static long call(Call c) {
        requireAvailable();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO.layout);
            long rc = c.run(a, state);
            return rc >= 0 ? rc : -ERRNO.get(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * @param file the path (relative paths are resolved against the working directory)
     * @param flags {@code O_*} flags
     * @return a new descriptor, or {@code -errno}
     */
    static int open(Path file, int flags) {
        return (int) call((a, st) -> (int) OPEN.invokeExact(st, a.allocateFrom(file.toString()), flags));
    }

    /**
     * @param file the path to create; it must not exist ({@code O_EXCL} is added), and is never a followed link
     * @param mode permission bits before the umask, e.g. {@code 0600}
     * @return a new read-write descriptor, or {@code -errno}
     */
    static int create(Path file, int mode) {
        return (int) call((a, st) -> (int) OPEN_CREATE.invokeExact(st, a.allocateFrom(file.toString()),
                O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    }

    /** Closes a descriptor; errors are ignored (Linux frees the descriptor even when close reports one). */
    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
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
        Stat[] out = new Stat[1];
        long rc = call((a, st) -> {
            MemorySegment buf = a.allocate(STATX_SIZE, 8);
            int r = (int) STATX.invokeExact(st, dirfd, a.allocateFrom(path), flags, STATX_BASIC_STATS, buf);
            if (r == 0) {
                out[0] = new Stat(u32(buf, 136), u32(buf, 140), buf.get(ValueLayout.JAVA_LONG, 32),
                        buf.get(ValueLayout.JAVA_LONG, 40), Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28)),
                        buf.get(ValueLayout.JAVA_INT, 20), buf.get(ValueLayout.JAVA_INT, 16),
                        buf.get(ValueLayout.JAVA_LONG, 112));
            }
            return r;
        });
        if (rc < 0) {
            throw exception((int) -rc, file, "statx failed");
        }
        return out[0];
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
        byte[][] value = new byte[1][];
        call((a, st) -> {
            MemorySegment buf = a.allocate(max);
            long n = (long) FGETXATTR.invokeExact(st, fd, a.allocateFrom(name), buf, (long) max);
            value[0] = n < 0 ? null : buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return n;
        });
        return value[0];
    }

    /**
     * @return 0, or {@code -errno} ({@code -EOPNOTSUPP} where the file system has no user attributes)
     */
    static int setxattr(int fd, String name, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return (int) call((a, st) -> {
            MemorySegment buf = a.allocate(Math.max(1, v.length));
            MemorySegment.copy(v, 0, buf, ValueLayout.JAVA_BYTE, 0, v.length);
            return (int) FSETXATTR.invokeExact(st, fd, a.allocateFrom(name), buf, (long) v.length, 0);
        });
    }

    /**
     * {@code flock(2)}: advisory, per open file description, across processes, users and pid namespaces.
     *
     * @param op {@link #LOCK_SH} or {@link #LOCK_EX}, with {@link #LOCK_NB} to fail at once
     * @return 0, or {@code -errno} ({@code -EAGAIN} when {@code LOCK_NB} found a conflicting lock)
     */
    static int flock(int fd, int op) {
        return (int) call((a, st) -> (int) FLOCK.invokeExact(st, fd, op));
    }

    /**
     * Renames {@code from} to {@code to}, failing with {@code -EEXIST} if {@code to} exists. Where the file system
     * or C library has no {@code RENAME_NOREPLACE}, {@code -EINVAL} or {@code -ENOSYS}.
     *
     * @return 0 or {@code -errno}
     */
    static int renameNoReplace(Path from, Path to) {
        if (RENAMEAT2 == null) {
            return -ENOSYS;
        }
        return (int) call((a, st) -> (int) RENAMEAT2.invokeExact(st, AT_FDCWD, a.allocateFrom(from.toString()),
                AT_FDCWD, a.allocateFrom(to.toString()), RENAME_NOREPLACE));
    }

    /**
     * Gives the file open as {@code fd} a new name: {@code linkat} of {@code /proc/self/fd/<fd>} with
     * {@code AT_SYMLINK_FOLLOW}, so the name goes to the very file behind the descriptor, whatever happened to
     * the path it was opened by. Fails with {@code -EEXIST} if the name exists (nothing is overwritten).
     *
     * @return 0 or {@code -errno}
     */
    static int link(int fd, Path to) {
        return (int) call((a, st) -> (int) LINKAT.invokeExact(st, AT_FDCWD, a.allocateFrom(procPath(fd).toString()),
                AT_FDCWD, a.allocateFrom(to.toString()), AT_SYMLINK_FOLLOW));
    }

    /** @return 0 or {@code -errno} */
    static int fchmod(int fd, int mode) {
        return (int) call((a, st) -> (int) FCHMOD.invokeExact(st, fd, mode));
    }

    /** @return 0 or {@code -errno} */
    static int ftruncate(int fd, long length) {
        return (int) call((a, st) -> (int) FTRUNCATE.invokeExact(st, fd, length));
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
        try {
            return (int) FALLOCATE.invokeExact(fd, 0L, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
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
        return (int) call((a, st) -> (int) KILL.invokeExact(st, (int) pid, 0));
    }

    /** @return this process's effective user id */
    static int geteuid() {
        requireAvailable();
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
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
        String text = "errno " + errno;
        if (STRERROR != null) {
            try {
                MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
                text = s.reinterpret(256).getString(0) + " (errno " + errno + ")";
            } catch (Throwable ignored) {
                // The number alone still identifies the error.
            }
        }
        return text;
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

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("FFM downcall failed: " + t, t);
    }
}
