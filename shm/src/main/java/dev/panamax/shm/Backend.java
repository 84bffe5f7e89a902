package dev.panamax.shm;

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
    CHRONICLE
}
