package dev.panamax.shm;

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
     * Chronicle Bytes' mapping. Optional: needs {@code net.openhft:chronicle-bytes} on the class path and, on
     * JDK 25, {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
     * --add-exports=java.base/sun.nio.ch=ALL-UNNAMED}. The FFM path never loads it.
     */
    CHRONICLE;

    /**
     * The JVM flags a JVM needs to use {@link #CHRONICLE} (or {@link ChronicleViews}) on JDK 25: Chronicle's
     * {@code --add-opens}/{@code --add-exports}, and the properties that turn off its analytics and banner. The one
     * list Panamax keeps of them; pass it to any child JVM that uses the bridge. Nothing else in Panamax needs them.
     */
    public static final List<String> CHRONICLE_JVM_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true");
}
