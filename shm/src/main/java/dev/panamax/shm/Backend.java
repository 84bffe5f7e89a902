package dev.panamax.shm;

import dev.panamax.shm.internal.ChronicleFlags;
import java.util.List;

/**
 * How a segment file is mapped into this process.
 */
public enum Backend {
    /**
     * {@code FileChannel.map(mode, 0, size, Arena.ofShared())}: JDK only, the default.
     */
    FFM,
    /**
     * Chronicle Bytes' mapping, from the Chronicle module ({@code dev.panamax:panamax-chronicle}, module
     * {@code dev.panamax.chronicle}), which this module finds through {@link java.util.ServiceLoader} on first use:
     * without it on the class or module path, using this backend is an {@link IllegalStateException} that names
     * it. On JDK 25 the JVM also needs {@link #CHRONICLE_JVM_FLAGS}. The FFM path never loads it.
     */
    CHRONICLE;

    /**
     * The JVM flags a JVM needs to use {@link #CHRONICLE} (or the Chronicle module's views) on JDK 25, the one list
     * Panamax keeps of them: Chronicle's {@code --add-opens}/{@code --add-exports} (required), then the switches
     * that keep it quiet (no analytics, no banner, no {@code sun.misc.Unsafe} warning, no SLF4J notice). Pass it to
     * any JVM that uses the Chronicle bridge; nothing else in Panamax needs them.
     */
    public static final List<String> CHRONICLE_JVM_FLAGS = ChronicleFlags.ALL;
}
