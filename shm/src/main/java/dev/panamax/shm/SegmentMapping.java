package dev.panamax.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * The backend SPI: one mapping of a whole segment file into this process.
 *
 * <p>A backend provides a static factory {@code static SegmentMapping map(Path file, long size, boolean readOnly)
 * throws IOException} that maps bytes {@code [0, size)} of {@code file} (never growing the file: if the file is
 * shorter than {@code size} it maps what there is) shared, so writes are seen by every process that maps the
 * file. {@code file} is the {@code /proc/self/fd/<fd>} link of a descriptor that {@link SegmentFile} opened and
 * checked: opening it reaches exactly that file (a path could have been swapped), so a backend opens it as given,
 * following that one link. {@link Backend#FFM} is {@link FfmMapping}; {@link Backend#CHRONICLE} is
 * {@code dev.panamax.shm.ChronicleMapping}, looked up by name on first use so that the FFM path never needs
 * Chronicle on the class path.
 *
 * <p>Contract for implementations: {@link #whole()} must belong to a scope that dies in {@link #close()}, so that
 * an access after close is an {@link IllegalStateException} and never a crash; {@link #close()} is idempotent
 * and may be called from any thread.
 */
interface SegmentMapping extends AutoCloseable {
    /** Class that implements {@link Backend#CHRONICLE}; it needs the optional chronicle-bytes jar at run time. */
    String CHRONICLE_CLASS = "dev.panamax.shm.ChronicleMapping";

    /** @return the mapped bytes of the whole file, from offset 0 */
    MemorySegment whole();

    /** Unmaps. Idempotent. */
    @Override
    void close();

    /**
     * Maps a file through a backend.
     *
     * @param backend which backend
     * @param file the file, as {@link SegmentFile#procPath()} names it
     * @param size how many bytes from offset 0
     * @param readOnly whether to map read-only
     * @return the mapping
     * @throws IOException if the file cannot be opened or mapped
     * @throws IllegalStateException if the backend is not available, naming the missing dependency and flags
     */
    static SegmentMapping map(Backend backend, Path file, long size, boolean readOnly) throws IOException {
        return switch (backend) {
            case FFM -> FfmMapping.map(file, size, readOnly);
            case CHRONICLE -> ChronicleHolder.map(file, size, readOnly);
        };
    }

    /** Resolves the Chronicle factory once, on first use of {@link Backend#CHRONICLE}. */
    final class ChronicleHolder {
        private static final String NEED = "Backend.CHRONICLE needs net.openhft:chronicle-bytes on the class path "
                + "and, on JDK 25, the JVM flags " + String.join(" ", Backend.CHRONICLE_JVM_FLAGS);
        private static final MethodHandle FACTORY;
        private static final RuntimeException MISSING;

        static {
            MethodHandle mh = null;
            RuntimeException missing = null;
            String need = NEED;
            try {
                // The bridge class is always built into shm; the optional dependency is what may be missing.
                Class.forName("net.openhft.chronicle.bytes.BytesStore", false, SegmentMapping.class.getClassLoader());
                Class<?> c = Class.forName(CHRONICLE_CLASS, true, SegmentMapping.class.getClassLoader());
                mh = MethodHandles.lookup().findStatic(c, "map",
                        MethodType.methodType(SegmentMapping.class, Path.class, long.class, boolean.class));
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                missing = new IllegalStateException(need + " (" + e + ")", e);
            } catch (ReflectiveOperationException | LinkageError e) {
                missing = new IllegalStateException(need + "; " + CHRONICLE_CLASS
                        + " has no usable static map(Path, long, boolean): " + e, e);
            }
            FACTORY = mh;
            MISSING = missing;
        }

        private ChronicleHolder() {
        }

        static SegmentMapping map(Path file, long size, boolean readOnly) throws IOException {
            if (FACTORY == null) {
                throw new IllegalStateException(MISSING.getMessage(), MISSING.getCause());
            }
            try {
                return (SegmentMapping) FACTORY.invokeExact(file, size, readOnly);
            } catch (NoClassDefFoundError e) {
                throw new IllegalStateException(NEED + " (" + e + ")", e);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException("Chronicle mapping of " + file + " failed: " + t, t);
            }
        }
    }
}
