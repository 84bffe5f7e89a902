package dev.panamax.shm.internal;

import dev.panamax.shm.Backend;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The backend SPI: one mapping of a whole segment file into this process. Not an API: exported only to Panamax's
 * own modules.
 *
 * <p>A backend maps bytes {@code [0, size)} of {@code file} (never growing the file: if the file is shorter than
 * {@code size} it maps what there is) shared, so writes are seen by every process that maps the file.
 * {@code file} is the {@code /proc/self/fd/<fd>} link of a descriptor that {@code SegmentFile} opened and
 * checked: opening it reaches exactly that file (a path could have been swapped), so a backend opens it as given,
 * following that one link. {@link Backend#FFM} is {@link FfmMapping}; every other backend is a
 * {@link MappingProvider} found through {@link ServiceLoader} on first use ({@link Backend#CHRONICLE}: the
 * {@code dev.panamax.chronicle} module), so that {@code shm} works, and names no type of theirs, without them.
 *
 * <p>Contract for implementations: {@link #whole()} must belong to a scope that dies in {@link #close()}, so that
 * an access after close is an {@link IllegalStateException} and never a crash; {@link #close()} is idempotent
 * and may be called from any thread.
 */
public interface SegmentMapping extends AutoCloseable {
    /** {@return the mapped bytes of the whole file, from offset 0} */
    MemorySegment whole();

    /** Unmaps. Idempotent. */
    @Override
    void close();

    /**
     * Maps a file through a backend.
     *
     * @param backend which backend
     * @param file the file, as {@code SegmentFile.procPath()} names it
     * @param size how many bytes from offset 0
     * @param readOnly whether to map read-only
     * @return the mapping
     * @throws IOException if the file cannot be opened or mapped
     * @throws IllegalStateException if the backend is not available, naming the module, dependency and flags
     *     that are missing
     */
    static SegmentMapping map(Backend backend, Path file, long size, boolean readOnly) throws IOException {
        return switch (backend) {
            case FFM -> FfmMapping.map(file, size, readOnly);
            case CHRONICLE -> Chronicle.map(file, size, readOnly);
        };
    }

    /** Finds the provider of {@link Backend#CHRONICLE} once, on its first use. */
    final class Chronicle {
        /** What a user adds to get the backend: the module, and the flags that Chronicle Bytes needs. */
        static final String NEED = "Backend.CHRONICLE needs the Panamax Chronicle module on the class or module "
                + "path (Maven: dev.panamax:panamax-chronicle; module dev.panamax.chronicle) and, on JDK 25, "
                + "the JVM flags " + String.join(" ", ChronicleFlags.ALL);
        private static final MappingProvider PROVIDER = find();

        private Chronicle() {
        }

        private static MappingProvider find() {
            // The context loader first (an application server, exec:java), then the one that loaded shm.
            for (ClassLoader l : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                    SegmentMapping.class.getClassLoader()}) {
                for (MappingProvider p : ServiceLoader.load(MappingProvider.class, l)) {
                    if (p.backend() == Backend.CHRONICLE) {
                        return p;
                    }
                }
            }
            return null;
        }

        static SegmentMapping map(Path file, long size, boolean readOnly) throws IOException {
            if (PROVIDER == null) {
                throw new IllegalStateException(NEED);
            }
            try {
                return PROVIDER.map(file, size, readOnly);
            } catch (NoClassDefFoundError e) {
                // The module is there, the library it depends on is not (excluded from the build).
                throw new IllegalStateException("Backend.CHRONICLE needs net.openhft:chronicle-bytes on the class "
                        + "path (a dependency of dev.panamax:panamax-chronicle): " + e, e);
            }
        }
    }
}
