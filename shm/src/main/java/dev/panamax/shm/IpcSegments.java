package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Creates and opens the segments of queues and locks: {@link SharedArray}s of {@code |u1} whose data starts with
 * {@link IpcLayout}'s preamble, published only once initialised, with {@code user.panamax.kind} set.
 */
final class IpcSegments {
    private IpcSegments() {
    }

    static String kindName(int kind) {
        return switch (kind) {
            case IpcLayout.KIND_QUEUE -> "queue";
            case IpcLayout.KIND_LOCK -> "lock";
            case IpcLayout.KIND_SEMAPHORE -> "semaphore";
            default -> "kind " + kind;
        };
    }

    /**
     * @param init writes the kind's own words into the zeroed data, after the preamble
     * @return the created segment, published with the preamble and {@code init}'s words in place
     */
    static SharedArray create(String name, int kind, long dataBytes, SegmentOptions options,
                              Consumer<MemorySegment> init) throws IOException {
        requireLittleEndian(kind);
        if (options != null && options.readOnly()) {
            throw new IllegalArgumentException("a " + kindName(kind) + " is created read-write: readOnly(true) "
                    + "does not apply");
        }
        try {
            return createArray(name, kind, dataBytes, options, init);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static SharedArray createArray(String name, int kind, long dataBytes, SegmentOptions options,
                                           Consumer<MemorySegment> init) throws IOException {
        return SharedArray.create(name, DType.UINT8, Shape.of(dataBytes), options == null
                ? SegmentOptions.defaults() : options, a -> {
                    MemorySegment data = a.segment();
                    data.set(ValueLayout.JAVA_LONG, IpcLayout.MAGIC_OFFSET, IpcLayout.MAGIC);
                    data.set(ValueLayout.JAVA_INT, IpcLayout.VERSION_OFFSET, IpcLayout.VERSION);
                    data.set(ValueLayout.JAVA_INT, IpcLayout.KIND_OFFSET, kind);
                    init.accept(data);
                    try {
                        Attributes.writeKind(a.file().fd(), kindName(kind));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /**
     * Opens a segment and checks that it is a {@code kind} of this version, at least {@code minBytes} of data.
     *
     * @throws SegmentException naming the segment and what is wrong, when it is not
     */
    static SharedArray open(String name, int kind, long minBytes, SegmentOptions options) throws IOException {
        requireLittleEndian(kind);
        if (options.readOnly()) {
            throw new IllegalArgumentException("a " + kindName(kind) + " needs a read-write mapping: "
                    + "readOnly(true) does not apply");
        }
        SharedArray a = SharedArray.open(name, options);
        try {
            String problem = problem(a.dtype() == DType.UINT8 && a.shape().rank() == 1, a.byteSize(), kind, minBytes,
                    a.byteSize() >= 16 ? a.segment().asSlice(0, 16).asByteBuffer() : null);
            if (problem != null) {
                throw new SegmentException("segment '" + name + "' in " + a.path().getParent() + " is not a Panamax "
                        + kindName(kind) + ": " + problem);
            }
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** The words are accessed in native order and documented little-endian, as segment data is. */
    private static void requireLittleEndian(int kind) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("a " + kindName(kind) + " needs a little-endian platform (its "
                    + "words are little-endian, like segment data); this one is " + ByteOrder.nativeOrder());
        }
    }

    /** @return what keeps the bytes from being a {@code kind}, or {@code null} if they are one */
    private static String problem(boolean bytes1d, long size, int kind, long minBytes, ByteBuffer preamble) {
        if (!bytes1d) {
            return "expected a 1-D uint8 array";
        }
        if (preamble == null) {
            return size + " data bytes, expected at least " + minBytes;
        }
        preamble.order(ByteOrder.LITTLE_ENDIAN);
        if (preamble.getLong(0) != IpcLayout.MAGIC) {
            return "no PNMXIPC1 magic at data byte 0";
        }
        if (preamble.getInt(8) != IpcLayout.VERSION) {
            return "layout version " + preamble.getInt(8) + ", this Panamax reads version " + IpcLayout.VERSION;
        }
        if (preamble.getInt(12) != kind) {
            return "it is a " + kindName(preamble.getInt(12));
        }
        if (size < minBytes) {
            return size + " data bytes, expected at least " + minBytes;
        }
        return null;
    }

    /**
     * Reads the first {@code bytes} of a segment file's data without mapping it, for listings.
     *
     * @return the bytes, little-endian, or {@code null} if the file is shorter or not a {@code kind}
     */
    static ByteBuffer peek(Path file, int kind, int bytes) {
        // Opened once and checked (a regular file, never a FIFO or a link), then read through that descriptor.
        try (SegmentFile f = SegmentFile.open("segment '" + file.getFileName() + "'", file);
             FileChannel ch = FileChannel.open(f.procPath(), StandardOpenOption.READ)) {
            if (!kindName(kind).equals(Attributes.readKind(f.fd()))) {
                return null;
            }
            long dataOffset = f.header().dataOffset();
            ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, dataOffset + b.position()) < 0) {
                    return null;
                }
            }
            b.flip();
            return problem(true, bytes, kind, 16, b.duplicate()) == null ? b : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
