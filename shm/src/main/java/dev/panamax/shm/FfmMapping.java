package dev.panamax.shm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The default backend: {@code FileChannel.map} into a shared {@link Arena}, so any thread may use the segment
 * and {@link #close()} unmaps it at once (later accesses throw {@link IllegalStateException}). The channel stays
 * open until then, for {@link #fileSize()}.
 */
final class FfmMapping implements SegmentMapping {
    private final FileChannel channel;
    private final Arena arena;
    private final MemorySegment whole;

    private FfmMapping(FileChannel channel, Arena arena, MemorySegment whole) {
        this.channel = channel;
        this.arena = arena;
        this.whole = whole;
    }

    static SegmentMapping map(Path file, long size, boolean readOnly) throws IOException {
        OpenOption[] opts = readOnly
                ? new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS}
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS};
        FileChannel ch = FileChannel.open(file, opts);
        try {
            // A read-write map past the end would grow the file: map only what is there (open checks the rest).
            long n = Math.min(size, ch.size());
            Arena arena = Arena.ofShared();
            try {
                MemorySegment seg = ch.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                        0, n, arena);
                return new FfmMapping(ch, arena, seg);
            } catch (IOException | RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public MemorySegment whole() {
        return whole;
    }

    @Override
    public long fileSize() throws IOException {
        return SegmentMapping.sizeOf(channel);
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The mapping is gone already; a descriptor that fails to close leaks nothing we could still release.
        }
    }
}
