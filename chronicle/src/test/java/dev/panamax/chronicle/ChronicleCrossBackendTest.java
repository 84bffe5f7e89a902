package dev.panamax.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.internal.JvmCommand;
import dev.panamax.core.LongView;
import dev.panamax.core.Npy;
import dev.panamax.core.Shape;
import dev.panamax.simd.Kernels;
import dev.panamax.shm.Backend;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.MappedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment made through one backend is read and written through the other, in this JVM and from a child JVM;
 * and a {@code .npy} file written by plain Chronicle code opens in Panamax.
 * Needs Chronicle's JDK 25 flags (shm/pom.xml gives them; child JVMs inherit them via
 * {@code JvmCommand.inheritableFlags()}).
 */
class ChronicleCrossBackendTest {
    @TempDir
    Path dir;

    private SegmentOptions with(Backend backend) {
        return SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT).backend(backend);
    }

    @Test
    void ffmCreatedSegmentIsReadAndWrittenThroughChronicleAndFfmSeesTheWrites() throws IOException {
        try (SharedArray ffm = SharedArray.create("f2c", DType.FLOAT64, Shape.of(250, 4), with(Backend.FFM))) {
            ffm.asDoubles().fill(2.5);
            try (SharedArray chronicle = SharedArray.open("f2c", with(Backend.CHRONICLE))) {
                assertEquals(DType.FLOAT64, chronicle.dtype());
                assertEquals(Shape.of(250, 4), chronicle.shape());
                assertEquals(2.5, chronicle.asDoubles().get(999));
                chronicle.asDoubleMatrix().row(249).set(3, -1.0);
            }
            assertEquals(-1.0, ffm.asDoubles().get(999));
        }
        try (SharedArray again = SharedArray.open("f2c", with(Backend.FFM))) {
            assertEquals(-1.0, again.asDoubles().get(999));
            assertEquals(2.5, again.asDoubles().get(998));
        }
    }

    @Test
    void chronicleCreatedSegmentIsReadAndWrittenThroughFfmAndChronicleSeesTheWrites() throws IOException {
        try (SharedArray chronicle = SharedArray.create("c2f", DType.INT64, Shape.of(1001),
                with(Backend.CHRONICLE))) {
            LongView v = chronicle.asLongs();
            for (int i = 0; i < v.length(); i++) {
                v.set(i, i * 1_000_000_007L);
            }
            try (SharedArray ffm = SharedArray.open("c2f", with(Backend.FFM))) {
                assertEquals(DType.INT64, ffm.dtype());
                assertEquals(Shape.of(1001), ffm.shape());
                assertEquals(1000 * 1_000_000_007L, ffm.asLongs().get(1000));
                ffm.asLongs().set(0, 99L);
            }
            assertEquals(99L, v.get(0));
        }
        assertEquals(4096 + 8 * 1001, Files.size(dir.resolve("c2f")));
    }

    @Test
    void aChronicleWriterInAChildJvmIsSeenByTheFfmCreator() throws Exception {
        try (SharedArray ffm = SharedArray.create("child", DType.FLOAT64, Shape.of(64), with(Backend.FFM))) {
            Process p = new ProcessBuilder(JvmCommand.current().jvmArgs(JvmCommand.inheritableFlags())
                    .jvmArg("-Xmx64m").mainClass(ChildWriter.class, dir.toString(), "child", "63", "6.25").build())
                    .redirectErrorStream(true).start();
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), out);
            } finally {
                p.destroyForcibly();
            }
            assertEquals(6.25, ffm.asDoubles().get(63));
        }
    }

    @Test
    void aNpyFileWrittenWithChronicleMappedBytesOpensInPanamax() throws IOException {
        Shape shape = Shape.of(100, 3);
        byte[] header = Npy.encodeHeader(DType.FLOAT64, shape);
        Path file = dir.resolve("fromchronicle");
        long size = header.length + shape.byteSize(DType.FLOAT64);
        MappedBytes bytes = MappedBytes.singleMappedBytes(file.toFile(), size);
        try {
            bytes.write(0, header);
            try (ChronicleView<DoubleView> v = ChronicleViews.doubles(bytes, header.length, shape.elementCount())) {
                for (int i = 0; i < 300; i++) {
                    v.view().set(i, i / 4.0);
                }
            }
        } finally {
            bytes.releaseLast();
        }
        // Chronicle's MappedFile rounds the file up to whole pages; Panamax reads the header and ignores the tail.
        assertEquals(8192, Files.size(file));
        try (SharedArray a = SharedArray.open("fromchronicle", with(Backend.FFM))) {
            assertEquals(DType.FLOAT64, a.dtype());
            assertEquals(shape, a.shape());
            assertEquals(299 / 4.0, a.asDoubles().get(299));
            assertArrayEquals(new double[] {3 / 4.0, 4 / 4.0, 5 / 4.0}, a.asDoubleMatrix().row(1).toArray());
        }
    }

    @Test
    void chronicleViewsOfAPanamaxSegmentAgreeWithTheFfmViews() throws IOException {
        int n = 10_007;
        try (SharedArray a = SharedArray.create("agree", DType.FLOAT64, Shape.of(n), with(Backend.FFM))) {
            DoubleView v = a.asDoubles();
            for (int i = 0; i < n; i++) {
                v.set(i, Math.sin(i));
            }
            // Read-only: a read-write MappedBytes would round the segment file up to whole pages.
            try (MappedBytes ro = MappedBytes.readOnly(a.path().toFile());
                 ChronicleView<DoubleView> cv = ChronicleViews.doubles(ro, 4096, n)) {
                DoubleView c = cv.view();
                assertEquals(Kernels.sumOfSquares(v), Kernels.sumOfSquares(c));
                assertEquals(Kernels.countInRange(v, -0.5, 0.5), Kernels.countInRange(c, -0.5, 0.5));
                assertEquals(Kernels.scalar().dot(v, v), Kernels.dot(c, c), 1e-9 * n);
            }
            assertEquals(4096 + 8L * n, Files.size(a.path()));
        }
    }

    /** Child JVM: opens a segment through Chronicle and writes one double. Args: dir name index value. */
    static final class ChildWriter {
        private ChildWriter() {
        }

        public static void main(String[] args) throws IOException {
            SegmentOptions o = SegmentOptions.defaults().directory(Path.of(args[0])).backend(Backend.CHRONICLE);
            try (SharedArray a = SharedArray.open(args[1], o)) {
                a.asDoubles().set(Long.parseLong(args[2]), Double.parseDouble(args[3]));
            }
        }
    }
}
