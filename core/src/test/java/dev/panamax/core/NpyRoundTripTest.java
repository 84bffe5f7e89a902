package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRoundTripTest {
    @TempDir
    Path dir;

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
        try (OffHeapArray b = Npy.read(f)) {
            int[] expected = new int[12];
            for (int i = 0; i < 12; i++) {
                expected[i] = i * 7 - 5;
            }
            assertArrayEquals(expected, b.asInts().toArray());
            assertEquals(5 * 7 - 5, b.asIntMatrix().row(1).get(1));
        }
    }
}
