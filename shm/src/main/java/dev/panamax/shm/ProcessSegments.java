package dev.panamax.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Lifetime#PROCESS} segments this JVM created and has not unlinked. For each it keeps a descriptor with
 * a shared {@code flock}, for as long as this JVM runs or until the segment is unlinked: that lock tells every
 * {@code gc}, in any pid namespace and of any user, that the creator still runs, even after it closed its
 * mapping. One shutdown hook, installed on first use, unlinks them at normal exit; only a name that still names
 * the file this JVM created (same device and inode) is removed, so a segment someone unlinked and re-created is
 * left alone.
 */
final class ProcessSegments {
    private static final Map<Path, SegmentFile> LIVE = new ConcurrentHashMap<>();
    private static volatile boolean hooked;

    private ProcessSegments() {
    }

    /**
     * @param path the published name
     * @param lock a descriptor on the file, already holding a shared lock; closed when the segment is forgotten
     */
    static void register(Path path, SegmentFile lock) {
        if (!hooked) {
            synchronized (ProcessSegments.class) {
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(ProcessSegments::unlinkAll, "panamax-shm-unlink"));
                    hooked = true;
                }
            }
        }
        SegmentFile old = LIVE.put(key(path), lock);
        if (old != null) {
            old.close();
        }
    }

    static void forget(Path path) {
        SegmentFile lock = LIVE.remove(key(path));
        if (lock != null) {
            lock.close();
        }
    }

    private static Path key(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static void unlinkAll() {
        for (Map.Entry<Path, SegmentFile> e : LIVE.entrySet()) {
            try {
                if (Posix.lstat(e.getKey()).sameFile(e.getValue().stat())) {
                    Files.deleteIfExists(e.getKey());
                }
            } catch (IOException | RuntimeException ignored) {
                // Already unlinked by someone else, or the directory is gone: nothing left to clean.
            } finally {
                e.getValue().close();
            }
        }
        LIVE.clear();
    }
}
