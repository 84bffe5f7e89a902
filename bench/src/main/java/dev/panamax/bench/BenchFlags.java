package dev.panamax.bench;

import dev.panamax.core.internal.JvmCommand;

/**
 * JVM flags for {@code @Fork(jvmArgsAppend = ...)}, in one place. They are compile-time constants because
 * annotation values must be; {@code Backend.CHRONICLE_JVM_FLAGS} is the list the library itself uses.
 */
final class BenchFlags {
    /** The Vector API module, which every kernel needs. */
    static final String VECTOR = JvmCommand.VECTOR_MODULE_FLAG;
    /** FFM downcalls ({@code posix_fallocate}) without a warning. */
    static final String NATIVE = JvmCommand.NATIVE_ACCESS_FLAG;
    /** Chronicle Bytes on JDK 25: reflection into {@code java.lang.reflect}. */
    static final String CHRONICLE_OPENS = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle Bytes on JDK 25: file mapping through {@code sun.nio.ch}. */
    static final String CHRONICLE_EXPORTS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** No Chronicle analytics. */
    static final String CHRONICLE_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** No Chronicle banner. */
    static final String CHRONICLE_NO_BANNER = "-Dchronicle.announcer.disable=true";

    /** Agrona 2 (IpcBench's reference only) reaches {@code jdk.internal.misc.Unsafe}. */
    static final String AGRONA_OPENS = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    private BenchFlags() {
    }
}
