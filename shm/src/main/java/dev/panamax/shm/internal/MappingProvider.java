package dev.panamax.shm.internal;

import dev.panamax.shm.Backend;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A backend that lives in another module, found through {@link java.util.ServiceLoader}: the
 * {@code dev.panamax.chronicle} module provides {@link Backend#CHRONICLE}'s ({@code provides} in its
 * {@code module-info}, {@code META-INF/services} on the class path). Not an API. Implementations need a public
 * no-argument constructor and must not touch their optional dependencies until {@link #map} is called.
 */
public interface MappingProvider {
    /** {@return the backend this provider implements} */
    Backend backend();

    /**
     * Maps a whole segment file, as {@link SegmentMapping} describes.
     *
     * @param file the file, as the checked descriptor names it ({@code /proc/self/fd/<fd>})
     * @param size how many bytes from offset 0
     * @param readOnly whether to map read-only (the segment then refuses writes)
     * @return the mapping
     * @throws IOException if the file cannot be opened or mapped
     * @throws IllegalStateException if this JVM lacks what the backend needs (flags), saying what
     */
    SegmentMapping map(Path file, long size, boolean readOnly) throws IOException;
}
