package dev.panamax.bench;

import dev.panamax.core.internal.JvmCommand;

/**
 * JVM flags for {@code @Fork(jvmArgsAppend = ...)}, in one place. They are compile-time constants because
 * annotation values must be; Chronicle's are the library's own constants ({@code ChronicleFlags}).
 */
final class BenchFlags {
    /** The Vector API module, which every kernel needs. */
    static final String VECTOR = JvmCommand.VECTOR_MODULE_FLAG;
    /** FFM downcalls ({@code posix_fallocate}) without a warning. */
    static final String NATIVE = JvmCommand.NATIVE_ACCESS_FLAG;
    /** Agrona 2 (IpcBench's reference only) reaches {@code jdk.internal.misc.Unsafe}. */
    static final String AGRONA_OPENS = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    private BenchFlags() {
    }
}
