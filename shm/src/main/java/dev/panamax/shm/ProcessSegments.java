package dev.panamax.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Lifetime#PROCESS} segments this JVM created and has not unlinked. One shutdown hook, installed on
 * first use, unlinks them at normal exit; only a name that still points to the file this JVM created (same
 * file key: device and inode) is removed, so a segment someone unlinked and re-created is left alone.
 */
final class ProcessSegments {
    private static final Map<Path, Object> LIVE = new ConcurrentHashMap<>();
    private static volatile boolean hooked;

    private ProcessSegments() {
    }

    static void register(Path path, Object fileKey) {
        if (!hooked) {
            synchronized (ProcessSegments.class) {
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(ProcessSegments::unlinkAll, "panamax-shm-unlink"));
                    hooked = true;
                }
            }
        }
        LIVE.put(path.toAbsolutePath().normalize(), fileKey);
    }

    static void forget(Path path) {
        LIVE.remove(path.toAbsolutePath().normalize());
    }

    private static void unlinkAll() {
        for (Map.Entry<Path, Object> e : LIVE.entrySet()) {
            try {
                BasicFileAttributes a = Files.readAttributes(e.getKey(), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (Objects.equals(a.fileKey(), e.getValue())) {
                    Files.deleteIfExists(e.getKey());
                }
            } catch (IOException ignored) {
                // Already unlinked by someone else, or the directory is gone: nothing left to clean.
            }
        }
        LIVE.clear();
    }
}
