package dev.panamax.pool.internal;

import dev.panamax.shm.NoSuchSegmentException;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's open segments, by directory and name. Opening maps the file and parses its header (tens of
 * microseconds); a cached entry costs one {@code stat} to check that the name still points to the same file
 * (device and inode), so a segment unlinked and re-created under the same name is opened again, never read
 * through a stale mapping. Used by one task at a time.
 */
final class SegmentCache {
    private record Entry(SharedArray array, Object fileKey) {
    }

    private final Map<Path, Entry> open = new HashMap<>();

    SharedArray get(String name, Path dir) throws IOException {
        Objects.requireNonNull(name, "name");
        Path path = dir.resolve(name);
        Object key;
        try {
            key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            Entry stale = open.remove(path);
            if (stale != null) {
                stale.array().close();
            }
            throw new NoSuchSegmentException("no segment '" + name + "' in " + dir, e);
        }
        Entry e = open.get(path);
        if (e != null && e.fileKey() != null && e.fileKey().equals(key) && e.array().isOpen()) {
            return e.array();
        }
        if (e != null) {
            e.array().close();
        }
        // Not pre-faulted whole: a worker usually reads one range of it, which the kernel task pre-faults.
        SharedArray a = SharedArray.open(name, SegmentOptions.defaults().directory(dir).prefault(false));
        open.put(path, new Entry(a, key));
        return a;
    }
}
