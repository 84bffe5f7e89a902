package dev.panamax.core.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Every C library call Panamax makes, and every other restricted FFM operation, in one place: the FFM
 * downcalls of the file, process, memory and futex calls, and the raw-address segments their results need. Only
 * this module ({@code dev.panamax.core}) then needs native access ({@code --enable-native-access=dev.panamax.core}
 * on the module path, {@code ALL-UNNAMED} on the class path). Not an API: exported only to Panamax's own modules.
 *
 * <p>The calls are grouped in holder classes that link their downcalls on first use, so a program that only uses
 * one group links only that group. Where the calls cannot be linked (not Linux, a C library without the symbol),
 * {@link #fileCallsUnavailable()}, {@link #futexUnavailable()} and {@link #memoryCallsAvailable()} say so and the
 * calls throw {@link UnsupportedOperationException}; callers that only optimise (huge pages, pre-faulting, the
 * pool's frame channel) also check {@link #nativeAccessEnabled()} first, so that they never make the JDK print its
 * restricted-method warning in a JVM that did not grant native access.
 *
 * <p>Conventions: calls that set {@code errno} return {@code -errno} (a negative number) when they fail, else
 * their non-negative result. Constants are Linux's.
 */
public final class Libc {
    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /** {@code SYS_futex}: the number differs between architectures; -1 where unknown. */
    private static final long SYS_FUTEX = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64", "arm64", "riscv64" -> 98;
        default -> -1;
    };

    private Libc() {
    }

    /** {@return whether this is Linux, the only system whose calls and constants Panamax binds} */
    public static boolean linux() {
        return LINUX;
    }

    /**
     * {@return whether this module may call native code without the JDK's warning: {@code --enable-native-access}
     * names it (or {@code ALL-UNNAMED} on the class path)}
     */
    public static boolean nativeAccessEnabled() {
        return Libc.class.getModule().isNativeAccessEnabled();
    }

    // ------------------------------------------------------------------------------------------ file calls

    /** The file and process calls of segments; linked together, as every segment operation needs most of them. */
    private static final class Files {
        static final Throwable UNAVAILABLE;
        static final MethodHandle OPEN;
        static final MethodHandle OPEN_CREATE;
        static final MethodHandle CLOSE;
        static final MethodHandle STATX;
        static final MethodHandle FGETXATTR;
        static final MethodHandle FSETXATTR;
        static final MethodHandle FLOCK;
        static final MethodHandle RENAMEAT2;
        static final MethodHandle LINKAT;
        static final MethodHandle FCHMOD;
        static final MethodHandle FTRUNCATE;
        static final MethodHandle FALLOCATE;
        static final MethodHandle KILL;
        static final MethodHandle GETEUID;
        static final MethodHandle STRERROR;
        static final MemoryLayout ERRNO_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

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
                    h[0] = downcall(libc, "open", FunctionDescriptor.of(i, a, i), errno);
                    // open is variadic: the mode is its first variadic argument.
                    h[1] = downcall(libc, "open", FunctionDescriptor.of(i, a, i, i), errno,
                            Linker.Option.firstVariadicArg(2));
                    h[2] = downcall(libc, "close", FunctionDescriptor.of(i, i));
                    h[3] = downcall(libc, "statx", FunctionDescriptor.of(i, i, a, i, i, a), errno);
                    h[4] = downcall(libc, "fgetxattr", FunctionDescriptor.of(l, i, a, a, l), errno);
                    h[5] = downcall(libc, "fsetxattr", FunctionDescriptor.of(i, i, a, a, l, i), errno);
                    h[6] = downcall(libc, "flock", FunctionDescriptor.of(i, i, i), errno);
                    // Older C libraries have no renameat2: callers then fall back.
                    h[7] = libc.find("renameat2").isPresent()
                            ? downcall(libc, "renameat2", FunctionDescriptor.of(i, i, a, i, a, i), errno) : null;
                    h[8] = downcall(libc, "linkat", FunctionDescriptor.of(i, i, a, i, a, i), errno);
                    h[9] = downcall(libc, "fchmod", FunctionDescriptor.of(i, i, i), errno);
                    h[10] = downcall(libc, "ftruncate", FunctionDescriptor.of(i, i, l), errno);
                    // posix_fallocate returns the error number and does not set errno.
                    h[11] = downcall(libc, "posix_fallocate", FunctionDescriptor.of(i, i, l, l));
                    h[12] = downcall(libc, "kill", FunctionDescriptor.of(i, i, i), errno);
                    h[13] = downcall(libc, "geteuid", FunctionDescriptor.of(i));
                    h[14] = downcall(libc, "strerror", FunctionDescriptor.of(a, i));
                } catch (RuntimeException | LinkageError e) {
                    unavailable = e;
                }
            } else {
                unavailable = new UnsupportedOperationException("this is " + System.getProperty("os.name")
                        + ", not Linux");
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
    }

    /**
     * {@return why the file and process calls cannot run here (not Linux, a symbol missing), or null if they can; the
     * calls below throw {@link UnsupportedOperationException} with this as the cause in that case}
     */
    public static Throwable fileCallsUnavailable() {
        return Files.UNAVAILABLE;
    }

    /** A downcall that takes the errno state first and returns a negative number when it fails. */
    @FunctionalInterface
    private interface ErrnoCall {
        long run(Arena arena, MemorySegment errnoState) throws Throwable;
    }

    /** {@return what {@code c} returned if not negative, else {@code -errno}} */
    private static long withErrno(ErrnoCall c) {
        requireFileCalls();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(Files.ERRNO_STATE);
            long rc = c.run(a, state);
            return rc >= 0 ? rc : -(int) Files.ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void requireFileCalls() {
        if (Files.UNAVAILABLE != null) {
            UnsupportedOperationException e = new UnsupportedOperationException(
                    "the C library calls are not available: " + Files.UNAVAILABLE.getMessage());
            e.initCause(Files.UNAVAILABLE);
            throw e;
        }
    }

    /**
     * {@code open(path, flags)}.
     *
     * @param path the path (relative paths are resolved against the working directory)
     * @param flags {@code O_*} flags
     * @return a new descriptor, or {@code -errno}
     */
    public static int open(String path, int flags) {
        return (int) withErrno((a, st) -> (int) Files.OPEN.invokeExact(st, a.allocateFrom(path), flags));
    }

    /**
     * {@code open(path, flags, mode)}: the form that may create the file.
     *
     * @param path the path
     * @param flags {@code O_*} flags, {@code O_CREAT} among them
     * @param mode permission bits before the umask, e.g. {@code 0600}
     * @return a new descriptor, or {@code -errno}
     */
    public static int open(String path, int flags, int mode) {
        return (int) withErrno((a, st) -> (int) Files.OPEN_CREATE.invokeExact(st, a.allocateFrom(path), flags,
                mode));
    }

    /**
     * {@code close(fd)}; errors are ignored (Linux frees the descriptor even when close reports one).
     *
     * @param fd a descriptor; negative ones are skipped
     */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        requireFileCalls();
        try {
            int ignored = (int) Files.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code statx(dirfd, path, flags, mask, buf)}.
     *
     * @param dirfd a directory descriptor, or {@code AT_FDCWD} (-100)
     * @param path the path, empty with {@code AT_EMPTY_PATH}
     * @param flags {@code AT_*} flags
     * @param mask {@code STATX_*} fields wanted
     * @param buf at least 256 bytes, 8-byte aligned: receives {@code struct statx}
     * @return 0, or {@code -errno}
     */
    public static int statx(int dirfd, String path, int flags, int mask, MemorySegment buf) {
        return (int) withErrno((a, st) -> (int) Files.STATX.invokeExact(st, dirfd, a.allocateFrom(path), flags, mask,
                buf));
    }

    /**
     * {@code fgetxattr(fd, name, buf, buf.byteSize())}.
     *
     * @param fd an open descriptor
     * @param name the attribute, e.g. {@code user.panamax.pid}
     * @param buf receives the value
     * @return the value's length in bytes, or {@code -errno}
     */
    public static long fgetxattr(int fd, String name, MemorySegment buf) {
        return withErrno((a, st) -> (long) Files.FGETXATTR.invokeExact(st, fd, a.allocateFrom(name), buf,
                buf.byteSize()));
    }

    /**
     * {@code fsetxattr(fd, name, value, length, 0)}.
     *
     * @param fd an open descriptor
     * @param name the attribute
     * @param value the bytes to store
     * @return 0, or {@code -errno}
     */
    public static int fsetxattr(int fd, String name, byte[] value) {
        return (int) withErrno((a, st) -> {
            MemorySegment buf = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buf, ValueLayout.JAVA_BYTE, 0, value.length);
            return (int) Files.FSETXATTR.invokeExact(st, fd, a.allocateFrom(name), buf, (long) value.length, 0);
        });
    }

    /**
     * {@code flock(fd, op)}.
     *
     * @param fd an open descriptor
     * @param op {@code LOCK_SH}, {@code LOCK_EX}, {@code LOCK_UN}, with {@code LOCK_NB}
     * @return 0, or {@code -errno}
     */
    public static int flock(int fd, int op) {
        return (int) withErrno((a, st) -> (int) Files.FLOCK.invokeExact(st, fd, op));
    }

    /** {@return whether the C library has {@code renameat2}} */
    public static boolean hasRenameat2() {
        return Files.RENAMEAT2 != null;
    }

    /**
     * {@code renameat2(olddirfd, oldpath, newdirfd, newpath, flags)}.
     *
     * @return 0, or {@code -errno} ({@code -ENOSYS} (-38) where the C library lacks it)
     */
    public static int renameat2(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags) {
        if (Files.RENAMEAT2 == null) {
            return -38;
        }
        return (int) withErrno((a, st) -> (int) Files.RENAMEAT2.invokeExact(st, oldDirFd, a.allocateFrom(oldPath),
                newDirFd, a.allocateFrom(newPath), flags));
    }

    /**
     * {@code linkat(olddirfd, oldpath, newdirfd, newpath, flags)}.
     *
     * @return 0, or {@code -errno}
     */
    public static int linkat(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags) {
        return (int) withErrno((a, st) -> (int) Files.LINKAT.invokeExact(st, oldDirFd, a.allocateFrom(oldPath),
                newDirFd, a.allocateFrom(newPath), flags));
    }

    /**
     * {@code fchmod(fd, mode)}.
     *
     * @return 0, or {@code -errno}
     */
    public static int fchmod(int fd, int mode) {
        return (int) withErrno((a, st) -> (int) Files.FCHMOD.invokeExact(st, fd, mode));
    }

    /**
     * {@code ftruncate(fd, length)}.
     *
     * @return 0, or {@code -errno}
     */
    public static int ftruncate(int fd, long length) {
        return (int) withErrno((a, st) -> (int) Files.FTRUNCATE.invokeExact(st, fd, length));
    }

    /**
     * {@code posix_fallocate(fd, offset, length)}.
     *
     * @return 0, or the (positive) error number it reports: it does not set {@code errno}
     */
    public static int posixFallocate(int fd, long offset, long length) {
        requireFileCalls();
        try {
            return (int) Files.FALLOCATE.invokeExact(fd, offset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code kill(pid, signal)}.
     *
     * @return 0, or {@code -errno}
     */
    public static int kill(int pid, int signal) {
        return (int) withErrno((a, st) -> (int) Files.KILL.invokeExact(st, pid, signal));
    }

    /** {@return {@code geteuid()}: this process's effective user id} */
    public static int geteuid() {
        requireFileCalls();
        try {
            return (int) Files.GETEUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@return its text as {@code strerror} gives it, or null where the call is not available}
     *
     * @param errno an error number
     */
    @SuppressWarnings("restricted") // strerror returns a C string of unknown length; 256 bytes hold every message
    public static String strerror(int errno) {
        if (Files.STRERROR == null) {
            return null;
        }
        try {
            MemorySegment s = (MemorySegment) Files.STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------- memory calls

    /** Anonymous mappings and advice: only optimisations use them, so they link apart from the file calls. */
    private static final class Memory {
        static final MethodHandle MMAP;
        static final MethodHandle MADVISE;
        static final MethodHandle MUNMAP;

        static {
            MethodHandle mmap = null;
            MethodHandle madvise = null;
            MethodHandle munmap = null;
            if (LINUX) {
                try {
                    SymbolLookup libc = Linker.nativeLinker().defaultLookup();
                    mmap = downcall(libc, "mmap", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_LONG));
                    madvise = downcall(libc, "madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                    munmap = downcall(libc, "munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                } catch (RuntimeException | LinkageError e) {
                    mmap = null;
                }
            }
            MMAP = mmap;
            MADVISE = madvise;
            MUNMAP = munmap;
        }
    }

    /** {@return whether {@link #mmapAnonymous}, {@link #madvise} and {@link #munmap} can run here} */
    public static boolean memoryCallsAvailable() {
        return Memory.MMAP != null;
    }

    /**
     * {@code mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)}: zero-filled memory.
     *
     * @param length the size in bytes
     * @return the address, or -1 ({@code MAP_FAILED}) when the kernel refused
     * @throws UnsupportedOperationException if the call is not available ({@link #memoryCallsAvailable()})
     */
    public static long mmapAnonymous(long length) {
        requireMemoryCalls();
        try {
            MemorySegment raw = (MemorySegment) Memory.MMAP.invokeExact(MemorySegment.NULL, length, 0x1 | 0x2,
                    0x02 | 0x20, -1, 0L);
            return raw.address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code madvise(segment, length, advice)}.
     *
     * @param segment the start of the range (page-aligned)
     * @param length bytes from it
     * @param advice an {@code MADV_*} number
     * @return 0, or -1 when the kernel refused (or the call failed)
     * @throws UnsupportedOperationException if the call is not available ({@link #memoryCallsAvailable()})
     */
    public static int madvise(MemorySegment segment, long length, int advice) {
        requireMemoryCalls();
        try {
            return (int) Memory.MADVISE.invokeExact(segment, length, advice);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code munmap(address, length)}.
     *
     * @return 0, or -1 when the kernel refused
     * @throws UnsupportedOperationException if the call is not available ({@link #memoryCallsAvailable()})
     */
    public static int munmap(long address, long length) {
        requireMemoryCalls();
        try {
            return (int) Memory.MUNMAP.invokeExact(MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void requireMemoryCalls() {
        if (Memory.MMAP == null) {
            throw new UnsupportedOperationException("mmap, madvise and munmap are not available here");
        }
    }

    /**
     * The memory at a raw address as a segment: for mappings made outside the JDK ({@link #mmapAnonymous},
     * Chronicle's). The caller vouches that {@code size} bytes are mapped there for as long as {@code arena} is
     * alive.
     *
     * @param address the start
     * @param size its length in bytes
     * @param arena the scope that bounds every access
     * @param cleanup runs when {@code arena} closes (an unmap), or null
     * @return the segment
     */
    @SuppressWarnings("restricted") // the one place Panamax turns a raw address into a segment
    public static MemorySegment segment(long address, long size, Arena arena, Consumer<MemorySegment> cleanup) {
        return MemorySegment.ofAddress(address).reinterpret(size, arena, cleanup);
    }

    // ------------------------------------------------------------------------------------ futex and fds

    /** The futex system call, through {@code long syscall(long number, ...)}. */
    private static final class Futex {
        static final MethodHandle SYSCALL;
        static final String WHY_NOT;

        static {
            MethodHandle h = null;
            String why = null;
            if (!LINUX) {
                why = "not Linux";
            } else if (SYS_FUTEX < 0) {
                why = "no futex syscall number for os.arch " + System.getProperty("os.arch");
            } else {
                try {
                    // Every argument after the number is variadic and read as a long.
                    ValueLayout l = ValueLayout.JAVA_LONG;
                    h = downcall(Linker.nativeLinker().defaultLookup(), "syscall",
                            FunctionDescriptor.of(l, l, l, l, l, l, l, l), Linker.Option.firstVariadicArg(1));
                } catch (RuntimeException | LinkageError e) {
                    why = e.toString();
                }
            }
            SYSCALL = h;
            WHY_NOT = why;
        }
    }

    /** {@return why {@link #futex} cannot run here, or null when it can} */
    public static String futexUnavailable() {
        return Futex.WHY_NOT;
    }

    /**
     * {@code syscall(SYS_futex, address, op, value, timeout, 0, 0)}.
     *
     * @param address the 4-byte aligned word
     * @param op {@code FUTEX_WAIT} (0) or {@code FUTEX_WAKE} (1), shared (not private) so it works across processes
     * @param value the expected value (wait) or how many to wake (wake)
     * @param timeout the address of a {@code struct timespec}, or 0
     * @return what the call returns (-1 on failure)
     * @throws UnsupportedOperationException if the call is not available ({@link #futexUnavailable()})
     */
    public static long futex(long address, int op, int value, long timeout) {
        if (Futex.SYSCALL == null) {
            throw new UnsupportedOperationException("futex is not available: " + Futex.WHY_NOT);
        }
        try {
            return (long) Futex.SYSCALL.invokeExact(SYS_FUTEX, address, (long) op, (long) value, timeout, 0L, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code dup} and {@code dup2}, for the pool worker's frame channel. */
    private static final class Fds {
        static final MethodHandle DUP;
        static final MethodHandle DUP2;

        static {
            MethodHandle dup = null;
            MethodHandle dup2 = null;
            if (LINUX) {
                try {
                    SymbolLookup libc = Linker.nativeLinker().defaultLookup();
                    dup = downcall(libc, "dup", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                    dup2 = downcall(libc, "dup2", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT));
                } catch (RuntimeException | LinkageError e) {
                    dup = null;
                }
            }
            DUP = dup;
            DUP2 = dup2;
        }
    }

    /**
     * {@code dup(fd)}.
     *
     * @return the new descriptor, or -1 when the call failed or is not available here
     */
    public static int dup(int fd) {
        if (Fds.DUP == null) {
            return -1;
        }
        try {
            return (int) Fds.DUP.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code dup2(fd, target)}.
     *
     * @return {@code target}, or -1 when the call failed or is not available here
     */
    public static int dup2(int fd, int target) {
        if (Fds.DUP2 == null) {
            return -1;
        }
        try {
            return (int) Fds.DUP2.invokeExact(fd, target);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // -------------------------------------------------------------------------------------------- helpers

    @SuppressWarnings("restricted") // the one place Panamax links C functions
    private static MethodHandle downcall(SymbolLookup libc, String name, FunctionDescriptor descriptor,
                                         Linker.Option... options) {
        return Linker.nativeLinker().downcallHandle(libc.findOrThrow(name), descriptor, options);
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
