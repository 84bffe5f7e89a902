package dev.panamax.shm.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The default backend: {@code FileChannel.map} into a shared {@link Arena}, so any thread may use the segment
 * and {@link #close()} unmaps it at once (later accesses throw {@link IllegalStateException}).
 */
public final class FfmMapping implements SegmentMapping {
    private final Arena arena;
    private final MemorySegment whole;

    private FfmMapping(Arena arena, MemorySegment whole) {
        this.arena = arena;
        this.whole = whole;
    }

    /**
     * Maps a whole segment file, as {@link SegmentMapping} describes.
     *
     * @param file the file, as the checked descriptor names it
     * @param size how many bytes from offset 0
     * @param readOnly whether to map read-only
     * @return the mapping
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SegmentMapping map(Path file, long size, boolean readOnly) throws IOException {
        OpenOption[] opts = readOnly
                ? new OpenOption[] {StandardOpenOption.READ}
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        try (FileChannel ch = FileChannel.open(file, opts)) {
            // A read-write map past the end would grow the file: map only what is there (open checks the rest).
            long n = Math.min(size, ch.size());
            Arena arena = Arena.ofShared();
            try {
                MemorySegment seg = ch.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                        0, n, arena);
                return new FfmMapping(arena, seg);
            } catch (IOException | RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        }
    }

    @Override
    public MemorySegment whole() {
        return whole;
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
