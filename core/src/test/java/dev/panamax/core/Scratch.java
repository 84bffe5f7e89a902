package dev.panamax.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A uniquely named scratch directory in {@code /dev/shm} (tmpfs), or in a fallback directory where there is
 * none, removed with everything in it on close. Tests that write thousands of small files use it: on the
 * shared build disk each file costs milliseconds, in tmpfs microseconds.
 */
final class Scratch implements AutoCloseable {
    private final Path dir;
    private final boolean own;

    Scratch(String prefix, Path fallback) throws IOException {
        Path shm = Path.of("/dev/shm");
        own = Files.isDirectory(shm) && Files.isWritable(shm);
        dir = own ? Files.createTempDirectory(shm, prefix) : fallback;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        if (!own) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
