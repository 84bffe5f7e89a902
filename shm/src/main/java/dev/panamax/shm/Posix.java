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
import java.nio.file.Path;
import java.util.Locale;

/**
 * The few POSIX calls the JDK does not expose, through FFM downcalls: {@code posix_fallocate} needs a file
 * descriptor, which {@code FileChannel} keeps to itself, so the file is opened a second time with
 * {@code open(O_WRONLY | O_NOFOLLOW | O_CLOEXEC)}.
 */
final class Posix {
    static final int ENOSPC = 28;
    static final int EFBIG = 27;

    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    /** Differs between architectures; 0 (no protection beyond the temp file's random name) elsewhere. */
    private static final int O_NOFOLLOW = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 0x20000;
        case "aarch64", "arm64" -> 0x8000;
        default -> 0;
    };

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle STRERROR;
    private static final StructLayoutHolder ERRNO = new StructLayoutHolder();
    private static final Throwable UNAVAILABLE;

    static {
        MethodHandle open = null;
        MethodHandle close = null;
        MethodHandle fallocate = null;
        MethodHandle strerror = null;
        Throwable unavailable = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            open = linker.downcallHandle(libc.findOrThrow("open"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.captureCallState("errno"));
            close = linker.downcallHandle(libc.findOrThrow("close"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            // int posix_fallocate(int fd, off_t offset, off_t len): returns the error number, does not set errno.
            fallocate = linker.downcallHandle(libc.findOrThrow("posix_fallocate"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG));
            strerror = linker.downcallHandle(libc.findOrThrow("strerror"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            unavailable = e;
        }
        OPEN = open;
        CLOSE = close;
        FALLOCATE = fallocate;
        STRERROR = strerror;
        UNAVAILABLE = LINUX ? unavailable : new UnsupportedOperationException("posix_fallocate is used on Linux only");
    }

    private Posix() {
    }

    /** The errno slot of a captured call state. */
    private static final class StructLayoutHolder {
        final MemoryLayout layout = Linker.Option.captureStateLayout();
        final VarHandle errno = layout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    }

    /** @return whether {@link #fallocate} can run here */
    static boolean canFallocate() {
        return UNAVAILABLE == null;
    }

    /**
     * Allocates bytes {@code [0, length)} of a file, growing it if needed.
     *
     * @param file the file (not followed if it is a symbolic link)
     * @param length the size in bytes
     * @return 0 on success, else the error number {@code posix_fallocate} or {@code open} reported
     * @throws IOException if the calls are not available on this platform
     */
    static int fallocate(Path file, long length) throws IOException {
        if (UNAVAILABLE != null) {
            throw new IOException("cannot reserve space: posix_fallocate is not available (" + UNAVAILABLE + ")",
                    UNAVAILABLE);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment path = a.allocateFrom(file.toString());
            MemorySegment state = a.allocate(ERRNO.layout);
            int fd = (int) OPEN.invokeExact(state, path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                return (int) ERRNO.errno.get(state, 0L);
            }
            try {
                return length == 0 ? 0 : (int) FALLOCATE.invokeExact(fd, 0L, length);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("posix_fallocate downcall failed: " + t, t);
        }
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
}
