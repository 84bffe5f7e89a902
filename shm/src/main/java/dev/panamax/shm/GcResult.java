package dev.panamax.shm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link Segments#gc} pass did: it goes on past a file it cannot check or remove, so both lists may be
 * non-empty.
 *
 * @param removed what was removed (or, in a dry run, would be), sorted by name
 * @param failed the files that looked collectable but could not be checked or removed, with why, sorted by name
 */
public record GcResult(List<SegmentInfo> removed, List<Failure> failed) {
    /**
     * Copies both lists.
     *
     * @throws NullPointerException if a list is null
     */
    public GcResult {
        removed = List.copyOf(removed);
        failed = List.copyOf(failed);
    }

    /** {@return whether every file was handled: nothing failed} */
    public boolean ok() {
        return failed.isEmpty();
    }

    /**
     * One file {@code gc} could not handle.
     *
     * @param name the file name
     * @param path the file
     * @param error what went wrong
     */
    public record Failure(String name, Path path, IOException error) {
    }
}
