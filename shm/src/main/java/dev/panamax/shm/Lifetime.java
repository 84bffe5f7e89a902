package dev.panamax.shm;

/**
 * How long a segment's name outlives the process that created it.
 */
public enum Lifetime {
    /**
     * Unlinked when the creating JVM exits normally (a shutdown hook), and collected by
     * {@link Segments#gc(java.nio.file.Path, boolean)} once the creator is certainly dead (its pid is gone from its
     * pid namespace, or reused by a process that started at another tick, or the machine rebooted) and no process
     * maps it. The default of the API, so nothing leaks by accident.
     */
    PROCESS,
    /** Stays until someone unlinks it explicitly. {@code gc} never touches it. */
    PERSISTENT,
    /**
     * Only reported, never requested: the file has no Panamax attributes (a foreign {@code .npy} file, or a file
     * system without user extended attributes). {@code gc} never touches it.
     */
    UNKNOWN;

    String attributeValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Lifetime fromAttribute(String value) {
        for (Lifetime l : values()) {
            if (l != UNKNOWN && l.attributeValue().equals(value)) {
                return l;
            }
        }
        return UNKNOWN;
    }
}
