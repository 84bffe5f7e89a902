package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** What is particular to {@link ByteView} (one class, two dtypes) and {@link ShortView}; the rest is the contract. */
class NarrowViewsTest {
    @Test
    void uint8ReadsZeroTo255AndInt8TheSameBytesSigned() {
        byte[] bytes = {0, 127, (byte) 128, (byte) 255};
        ByteView u = ByteView.wrapUnsigned(bytes);
        ByteView s = ByteView.wrap(bytes);
        assertEquals(DType.UINT8, u.dtype());
        assertEquals(DType.INT8, s.dtype());
        assertTrue(u.isUnsigned());
        assertFalse(s.isUnsigned());
        assertArrayEquals(new int[] {0, 127, 128, 255}, new int[] {u.get(0), u.get(1), u.get(2), u.get(3)});
        assertArrayEquals(new int[] {0, 127, -128, -1}, new int[] {s.get(0), s.get(1), s.get(2), s.get(3)});
        assertEquals(0, u.minValue());
        assertEquals(255, u.maxValue());
        assertEquals(-128, s.minValue());
        assertEquals(127, s.maxValue());
        assertEquals(DType.UINT8, u.slice(1, 2).dtype(), "slices keep the signedness");
        assertEquals(DType.UINT8, ByteView.ofUnsigned(MemorySegment.ofArray(bytes), 1, 2).dtype());
    }

    @Test
    void writesOutsideTheDtypesRangeAreRefusedNotWrapped() {
        ByteView u = ByteView.wrapUnsigned(new byte[3]);
        u.set(0, 255);
        assertEquals(255, u.get(0));
        assertEquals("value 256 is outside uint8 [0, 255]",
                assertThrows(IllegalArgumentException.class, () -> u.set(1, 256)).getMessage());
        assertEquals("value -1 is outside uint8 [0, 255]",
                assertThrows(IllegalArgumentException.class, () -> u.fill(-1)).getMessage());
        ByteView s = ByteView.wrap(new byte[3]);
        assertEquals("value 128 is outside int8 [-128, 127]",
                assertThrows(IllegalArgumentException.class, () -> s.set(0, 128)).getMessage());
        assertEquals(0, s.get(0), "a refused write changes nothing");
        assertEquals("element 2 would be 256, outside uint8 [0, 255]",
                assertThrows(IllegalArgumentException.class, () -> u.setAll(i -> (int) i * 128)).getMessage());
        ShortView x = ShortView.wrap(new short[3]);
        assertEquals("element 1 would be 40000, outside int16 [-32768, 32767]",
                assertThrows(IllegalArgumentException.class, () -> x.setAll(i -> (int) i * 40000)).getMessage());
    }

    @Test
    void setAllAndFillsReachEveryValueOfTheType() {
        ByteView u = ByteView.wrapUnsigned(new byte[256]);
        u.setAll(i -> (int) i);
        ByteView s = ByteView.wrap(new byte[256]);
        s.parallelSetAll(i -> (int) i - 128);
        ShortView x = ShortView.wrap(new short[65536]);
        x.setAll(i -> (int) i - 32768);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, u.get(i));
            assertEquals(i - 128, s.get(i));
        }
        assertEquals(Short.MIN_VALUE, x.get(0));
        assertEquals(Short.MAX_VALUE, x.get(65535));
        try (OffHeapArray a = OffHeapArray.allocate(DType.UINT8, Shape.of(300), Fill.integers(1, 200, 256))) {
            for (long i = 0; i < 300; i++) {
                assertTrue(a.asBytes().get(i) >= 200);
            }
        }
    }

    @Test
    void arraysGiveNarrowViewsAndMatrices() {
        try (OffHeapArray u = OffHeapArray.allocate(DType.UINT8, Shape.of(3, 4), Fill.arange(250, 1));
             OffHeapArray s = OffHeapArray.allocate(DType.INT16, Shape.of(2, 3), Fill.arange(-3, 1))) {
            assertInstanceOf(ByteView.class, u.view());
            assertEquals(DType.UINT8, u.view().dtype());
            Matrix<ByteView> m = u.asByteMatrix();
            assertEquals(DType.UINT8, m.row(2).dtype());
            assertEquals(255, m.row(1).get(1));
            assertEquals(0, m.row(1).get(2), "arange wraps into uint8");
            assertEquals(255L, m.getLong(1, 1));
            assertEquals(DType.UINT8, ((ByteView) u.matrix().flat()).dtype());
            assertEquals(DType.UINT8, m.column(1).dtype());
            Matrix<ShortView> ms = s.asShortMatrix();
            assertEquals((short) -3, ms.row(0).get(0));
            assertEquals(2L, ms.getLong(1, 2));
            assertEquals("dtype mismatch: array is int16, expected int8 or uint8",
                    assertThrows(IllegalArgumentException.class, s::asBytes).getMessage());
            assertThrows(IllegalArgumentException.class, u::asShorts);
        }
    }
}
