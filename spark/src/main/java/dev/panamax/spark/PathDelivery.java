package dev.panamax.spark;

import dev.panamax.core.DType;
import dev.panamax.core.Npy;
import dev.panamax.core.NpyHeader;
import dev.panamax.core.Shape;
import dev.panamax.shm.SharedArray;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Delivery from a {@code .npy} file that every host can read at the same path (a network file system, a volume
 * mounted everywhere, or copies put in place beforehand): the fetching executor reads the file straight into the
 * segment. No broadcast, no heap copy anywhere.
 */
final class PathDelivery implements Delivery {
    private static final long serialVersionUID = 1L;
    /** Bytes per read call: large enough for full-speed reads, small enough to keep the kernel's buffers warm. */
    private static final int READ_BYTES = 8 << 20;

    private final String path;
    private final DType dtype;
    private final long[] dims;

    PathDelivery(Path path, DType dtype, Shape shape) {
        this.path = path.toAbsolutePath().toString();
        this.dtype = dtype;
        this.dims = shape.dims();
    }

    @Override
    public void fill(SharedArray target) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
            NpyHeader h = Npy.readHeader(ch);
            h.requireRowMajor();
            if (h.dtype() != dtype || !Arrays.equals(h.shape().dims(), dims)) {
                throw new IOException("the file " + path + " on this host is " + h.dtype().numpyName() + " "
                        + h.shape() + ", but the driver read " + dtype.numpyName() + " " + Shape.of(dims)
                        + " from it: every host must see the same file");
            }
            copy(ch, h.dataOffset(), target.segment());
        }
    }

    /** Reads {@code dst.byteSize()} bytes of {@code ch} from {@code position} into {@code dst}. */
    static void copy(FileChannel ch, long position, MemorySegment dst) throws IOException {
        long total = dst.byteSize();
        for (long done = 0; done < total; ) {
            ByteBuffer buf = dst.asSlice(done, Math.min(READ_BYTES, total - done)).asByteBuffer();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, position + done + buf.position());
                if (n < 0) {
                    throw new EOFException("file ended after " + (done + buf.position()) + " of " + total
                            + " data bytes");
                }
            }
            done += buf.capacity();
        }
    }

    @Override
    public void releaseExecutorCopies() {
        // Nothing is held: the file is read straight into the segment.
    }

    @Override
    public void destroy() {
        // The file belongs to the caller.
    }

    @Override
    public String describe() {
        return "the file " + path;
    }
}
