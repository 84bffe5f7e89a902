package dev.panamax.chronicle.internal;

import dev.panamax.shm.Backend;
import dev.panamax.shm.internal.MappingProvider;
import dev.panamax.shm.internal.SegmentMapping;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Gives {@code shm} its {@link Backend#CHRONICLE} through {@link java.util.ServiceLoader} ({@code provides} in
 * this module's {@code module-info}, {@code META-INF/services} on the class path). It names no Chronicle type, so
 * it loads even where Chronicle Bytes is missing; {@link ChronicleMapping} loads on the first {@link #map}.
 */
public final class ChronicleMappingProvider implements MappingProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public ChronicleMappingProvider() {
    }

    @Override
    public Backend backend() {
        return Backend.CHRONICLE;
    }

    @Override
    public SegmentMapping map(Path file, long size, boolean readOnly) throws IOException {
        return ChronicleMapping.map(file, size, readOnly);
    }
}
