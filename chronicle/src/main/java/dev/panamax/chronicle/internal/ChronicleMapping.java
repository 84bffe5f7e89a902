package dev.panamax.chronicle.internal;

import dev.panamax.core.internal.Libc;
import dev.panamax.shm.internal.ChronicleFlags;
import dev.panamax.shm.internal.SegmentMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.bytes.PageUtil;
import net.openhft.chronicle.core.OS;

/**
 * {@link dev.panamax.shm.Backend#CHRONICLE}: maps a whole segment file with Chronicle's mapping primitive,
 * {@link OS#map}, and unmaps it with {@link OS#unmap} on {@link #close()}. {@code shm} finds it through
 * {@link ChronicleMappingProvider}, so the default FFM path never touches Chronicle.
 *
 * <p>Why {@code OS.map} and not {@code MappedFile}/{@code MappedBytes}: in Chronicle Bytes 2026.4 a read-write
 * {@code MappedFile} first grows the file to a multiple of the page size (or of the chunk size), which would
 * append bytes to a {@code .npy} file that must hold nothing after its data, and a {@code SingleMappedFile}
 * keeps one reference to its store after it is released, so the mapping stays until the JVM exits (a chunked
 * one is unmapped later, by a background thread). {@code OS.map} is the call those classes make underneath:
 * same mapping, no resize, and {@code OS.unmap} releases it synchronously. Chronicle's own accounting
 * ({@link OS#memoryMapped()}) sees the mapping and its release.
 *
 * <p>The segment returned by {@link #whole()} belongs to a shared {@link Arena} that {@link #close()} closes
 * before unmapping, so an access after close is an {@link IllegalStateException}, never a crash.
 *
 * <p><b>JVM flags.</b> On JDK 25 Chronicle reaches into {@code sun.nio.ch} to map files: the JVM needs
 * {@link ChronicleFlags#ADD_OPENS} and {@link ChronicleFlags#ADD_EXPORTS} (without them Chronicle fails with an
 * {@code AssertionError} or {@code IllegalAccessError}; this class checks first and throws an
 * {@link IllegalStateException} naming the missing flag).
 */
final class ChronicleMapping implements SegmentMapping {
    private final Path file;
    private final Arena arena;
    private final MemorySegment whole;
    private final long address;
    private final long mappedBytes;
    private final int pageSize;
    private boolean closed;

    private ChronicleMapping(Path file, Arena arena, MemorySegment whole, long address, long mappedBytes,
                             int pageSize) {
        this.file = file;
        this.arena = arena;
        this.whole = whole;
        this.address = address;
        this.mappedBytes = mappedBytes;
        this.pageSize = pageSize;
    }

    /**
     * Maps bytes {@code [0, min(size, file length))} of {@code file}, shared, without growing the file.
     *
     * @param file the segment file as its checked descriptor names it ({@code /proc/self/fd/<fd>}, see
     *             {@link SegmentMapping})
     * @param size how many bytes from offset 0
     * @param readOnly whether to map read-only (the segment then refuses writes)
     * @return the mapping
     * @throws IOException if the file cannot be opened or mapped
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws IllegalStateException if this JVM lacks the flags Chronicle needs to map files
     */
    static SegmentMapping map(Path file, long size, boolean readOnly) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size=" + size + " is negative");
        }
        requireFlags();
        OpenOption[] opts = readOnly
                ? new OpenOption[] {StandardOpenOption.READ}
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        // The mapping outlives the channel, as with FileChannel.map: mmap holds its own reference to the file.
        try (FileChannel ch = FileChannel.open(file, opts)) {
            long n = Math.min(size, ch.size());
            int pageSize = PageUtil.getPageSize(file.toAbsolutePath().toString());
            // mmap refuses a zero length; an empty mapping needs no memory at all.
            long address = n == 0 ? 0 : OS.map(ch, readOnly ? FileChannel.MapMode.READ_ONLY
                    : FileChannel.MapMode.READ_WRITE, 0, n, pageSize);
            try {
                Arena arena = Arena.ofShared();
                MemorySegment seg = Libc.segment(address, n, arena, null);
                // A write to a read-only mapping is a SIGSEGV: make the segment refuse it instead.
                return new ChronicleMapping(file, arena, readOnly ? seg.asReadOnly() : seg, address, n, pageSize);
            } catch (RuntimeException | Error e) {
                if (n > 0) {
                    OS.unmap(address, n, pageSize);
                }
                throw e;
            }
        }
    }

    /**
     * Chronicle maps files through {@code sun.nio.ch} internals. Without the flags it fails deep inside with an
     * {@code AssertionError} (an Error a caller would not expect) or an {@code IllegalAccessError}; say what to
     * pass instead.
     */
    private static void requireFlags() {
        Module base = Object.class.getModule();
        Module chronicle = OS.class.getModule();
        String target = chronicle.isNamed() ? chronicle.getName() : "ALL-UNNAMED";
        StringBuilder missing = new StringBuilder();
        if (!base.isOpen("java.lang.reflect", chronicle)) {
            missing.append(" --add-opens=java.base/java.lang.reflect=").append(target);
        }
        if (!base.isExported("sun.nio.ch", chronicle)) {
            missing.append(" --add-exports=java.base/sun.nio.ch=").append(target);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Backend.CHRONICLE: Chronicle Bytes cannot map files on this JVM "
                    + Runtime.version() + "; start it with" + missing + " (Backend.CHRONICLE_JVM_FLAGS: "
                    + String.join(" ", ChronicleFlags.ALL) + ")");
        }
    }

    @Override
    public MemorySegment whole() {
        return whole;
    }

    /**
     * Closes the segment's scope, then unmaps. Idempotent.
     *
     * @throws UncheckedIOException if the operating system refuses to unmap (the segment is closed regardless)
     * @throws IllegalStateException if a native call holds the segment; nothing is unmapped then
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        // Closing the arena first waits out any thread inside an access, so nothing touches the pages we unmap;
        // if it cannot close (a native call holds the segment), nothing is unmapped and close may be retried.
        arena.close();
        closed = true;
        if (mappedBytes > 0) {
            try {
                OS.unmap(address, mappedBytes, pageSize);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unmap " + mappedBytes + " bytes of " + file, e);
            }
        }
    }

    @Override
    public String toString() {
        return "ChronicleMapping[" + file + ", " + mappedBytes + " bytes" + (closed ? ", closed" : "") + "]";
    }
}
