package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyRoundTripTest {
    @TempDir
    Path dir;

    /** A NumericArray over any segment, as another module might implement it. */
    record SegmentArray(DType dtype, Shape shape, MemorySegment segment) implements NumericArray {
    }

    @Test
    void writtenFileReadsBackWithDataAt4096() throws Exception {
        Path f = dir.resolve("a.npy");
        try (OffHeapArray a = OffHeapArray.allocate(DType.INT32, Shape.of(3, 4))) {
            for (int i = 0; i < 12; i++) {
                a.asInts().set(i, i * 7 - 5);
            }
            Npy.write(f, a);
        }
        NpyHeader h = Npy.readHeader(f);
        assertEquals(DType.INT32, h.dtype());
        assertEquals(Shape.of(3, 4), h.shape());
        assertFalse(h.fortranOrder());
        assertEquals(4096, h.dataOffset());
        assertEquals(4096 + 48, Files.size(f));
        try (OffHeapArray b = Npy.read(f)) {
            int[] expected = new int[12];
            for (int i = 0; i < 12; i++) {
                expected[i] = i * 7 - 5;
            }
            assertArrayEquals(expected, b.asInts().toArray());
            assertEquals(5 * 7 - 5, b.asIntMatrix().row(1).get(1));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsIn3D(DType t) throws Exception {
        Path f = dir.resolve(t + ".npy");
        byte[] bytes = new byte[Math.toIntExact(Shape.of(2, 3, 5).byteSize(t))];
        new Random(t.ordinal()).nextBytes(bytes);
        try (OffHeapArray a = OffHeapArray.allocate(t, Shape.of(2, 3, 5))) {
            a.segment().copyFrom(MemorySegment.ofArray(bytes));
            Npy.write(f, a);
        }
        try (OffHeapArray b = Npy.read(f)) {
            assertEquals(t, b.dtype());
            assertEquals(Shape.of(2, 3, 5), b.shape());
            assertArrayEquals(bytes, b.segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void computeViewsRoundTripTheirValues() throws Exception {
        try (OffHeapArray d = OffHeapArray.copyOf(new double[] {Math.PI, -0.0, Double.NaN, Double.MIN_VALUE});
             OffHeapArray f = OffHeapArray.copyOf(new float[] {Float.MAX_VALUE, -1.25f});
             OffHeapArray i = OffHeapArray.copyOf(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE});
             OffHeapArray l = OffHeapArray.copyOf(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE})) {
            for (OffHeapArray a : new OffHeapArray[] {d, f, i, l}) {
                Path p = dir.resolve(a.dtype().numpyName() + ".npy");
                Npy.write(p, a);
                try (OffHeapArray b = Npy.read(p)) {
                    assertArrayEquals(a.segment().toArray(ValueLayout.JAVA_BYTE), b.segment().toArray(ValueLayout.JAVA_BYTE));
                }
            }
            try (OffHeapArray b = Npy.read(dir.resolve("float64.npy"))) {
                assertArrayEquals(new double[] {Math.PI, -0.0, Double.NaN, Double.MIN_VALUE}, b.asDoubles().toArray());
            }
        }
    }

    @Test
    void scalarsAndEmptyArraysRoundTrip() throws Exception {
        try (OffHeapArray s = OffHeapArray.allocate(DType.FLOAT64, Shape.of());
             OffHeapArray e = OffHeapArray.allocate(DType.INT16, Shape.of(4, 0, 2))) {
            s.asDoubles().set(0, 6.5);
            Npy.write(dir.resolve("s.npy"), s);
            Npy.write(dir.resolve("e.npy"), e);
        }
        try (OffHeapArray s = Npy.read(dir.resolve("s.npy")); OffHeapArray e = Npy.read(dir.resolve("e.npy"))) {
            assertEquals(6.5, s.asDoubles().get(0));
            assertEquals(Shape.of(), s.shape());
            assertEquals(Shape.of(4, 0, 2), e.shape());
            assertEquals(0, e.byteSize());
        }
        assertEquals(4096, Files.size(dir.resolve("e.npy")));
    }

    @Test
    void heapBackedArraysOfAnyJavaTypeAreWritten() throws Exception {
        // A heap segment over a double[] cannot become a ByteBuffer; write must still work.
        double[] values = {1, 2, 3, 4, 5, 6};
        Npy.write(dir.resolve("h.npy"), new SegmentArray(DType.FLOAT64, Shape.of(2, 3), MemorySegment.ofArray(values)));
        try (OffHeapArray b = Npy.read(dir.resolve("h.npy"))) {
            assertArrayEquals(values, b.asDoubles().toArray());
        }
    }

    @Test
    void writeNeverOverwritesAndLeavesTheExistingFileAlone() throws Exception {
        Path f = dir.resolve("x.npy");
        Files.writeString(f, "precious");
        try (OffHeapArray a = OffHeapArray.copyOf(new int[] {1})) {
            assertThrows(FileAlreadyExistsException.class, () -> Npy.write(f, a));
        }
        assertEquals("precious", Files.readString(f));
    }

    @Test
    void failedWriteLeavesNoFile() throws Exception {
        Path closed = dir.resolve("closed.npy");
        OffHeapArray a = OffHeapArray.copyOf(new int[] {1, 2});
        a.close();
        assertThrows(IllegalStateException.class, () -> Npy.write(closed, a));
        assertFalse(Files.exists(closed));

        Path wrongSize = dir.resolve("wrong.npy");
        SegmentArray bad = new SegmentArray(DType.INT32, Shape.of(3), MemorySegment.ofArray(new int[2]));
        assertEquals("array segment has 8 bytes but int32 (3,) needs 12",
                assertThrows(IllegalArgumentException.class, () -> Npy.write(wrongSize, bad)).getMessage());
        assertFalse(Files.exists(wrongSize));

        // Memory that is gone by the time the data is copied (the header is already in the file): the partial
        // file is removed.
        Path midway = dir.resolve("midway.npy");
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(1 << 20);
        arena.close();
        assertThrows(IllegalStateException.class,
                () -> Npy.write(midway, new SegmentArray(DType.INT8, Shape.of(1 << 20), seg)));
        assertFalse(Files.exists(midway));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no file of any failed write is left behind");
        }
    }

    @Test
    void chunkedCopiesMoveEveryByteWhateverTheChunkSize() throws Exception {
        // Npy.read and Npy.write move data in chunks (64 MiB) so arrays over 2 GiB work; small chunks here
        // exercise the same loop on a small file, including a last partial chunk.
        byte[] data = new byte[1000];
        new Random(7).nextBytes(data);
        for (long chunk : new long[] {1, 7, 999, 1000, 4096}) {
            Path f = dir.resolve("c" + chunk + ".bin");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[3]));
                Npy.writeData(ch, MemorySegment.ofArray(data.clone()), chunk);
                Npy.writeData(ch, MemorySegment.ofArray(new long[] {-1L}), chunk);
            }
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
                MemorySegment dst = arena.allocate(data.length);
                Npy.readData(ch, dst, 3, chunk);
                assertArrayEquals(data, dst.toArray(ValueLayout.JAVA_BYTE), "chunk " + chunk);
                assertEquals(1011, Files.size(f));
            }
        }
    }

    @Test
    void readRejectsColumnMajorMatricesButReadsTheHeader() throws Exception {
        Path f = dir.resolve("f.npy");
        Files.write(f, NpyMalformedTest.v1("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 48));
        assertTrue(Npy.readHeader(f).fortranOrder());
        NpyFormatException x = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(x.getMessage().contains("np.ascontiguousarray"), x.getMessage());
    }

    @Test
    void encodeHeaderPadsToTheDataAlignment() throws Exception {
        for (Shape s : new Shape[] {Shape.of(), Shape.of(1), Shape.of(200_000, 5), Shape.of(new long[32])}) {
            byte[] h = Npy.encodeHeader(DType.FLOAT32, s);
            assertEquals(Npy.DATA_ALIGNMENT, h.length);
            assertEquals('\n', h[h.length - 1]);
            NpyHeader parsed = Npy.parseHeader(MemorySegment.ofArray(h), h.length + s.byteSize(DType.FLOAT32));
            assertEquals(s, parsed.shape());
            assertEquals(1, parsed.majorVersion());
        }
    }
}
