package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OffHeapArrayTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void allocationIsZeroedAnd64ByteAligned(DType t) {
        for (long n : new long[] {0, 1, 3, 1000, 65_537}) {
            try (OffHeapArray a = OffHeapArray.allocate(t, Shape.of(n))) {
                assertEquals(0, a.segment().address() % OffHeapArray.ALIGNMENT, "address of " + n);
                assertEquals(n * t.byteSize(), a.segment().byteSize());
                assertEquals(n, a.length());
                assertEquals(n * t.byteSize(), a.byteSize());
                for (byte b : a.segment().toArray(ValueLayout.JAVA_BYTE)) {
                    assertEquals(0, b);
                }
            }
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsIllegalState() {
        OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(2, 3));
        DoubleView v = a.asDoubles();
        assertTrue(a.isOpen());
        a.close();
        a.close();
        assertFalse(a.isOpen());
        assertEquals("off-heap array float64 (2, 3) is closed",
                assertThrows(IllegalStateException.class, a::segment).getMessage());
        assertThrows(IllegalStateException.class, a::asDoubles);
        assertThrows(IllegalStateException.class, () -> v.get(0));
        assertEquals("OffHeapArray[float64, shape=(2, 3), closed]", a.toString());
        assertEquals(Shape.of(2, 3), a.shape(), "metadata stays readable");
    }

    @Test
    void copyOfCopiesEveryComputeType() {
        try (OffHeapArray d = OffHeapArray.copyOf(new double[] {1.5, -2});
             OffHeapArray f = OffHeapArray.copyOf(new float[] {0.25f});
             OffHeapArray i = OffHeapArray.copyOf(new int[] {Integer.MIN_VALUE, 7});
             OffHeapArray l = OffHeapArray.copyOf(new long[] {Long.MAX_VALUE})) {
            assertArrayEquals(new double[] {1.5, -2}, d.asDoubles().toArray());
            assertArrayEquals(new float[] {0.25f}, f.asFloats().toArray());
            assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, i.asInts().toArray());
            assertArrayEquals(new long[] {Long.MAX_VALUE}, l.asLongs().toArray());
            assertEquals(DType.INT32, i.dtype());
            assertEquals(Shape.of(2), i.shape());
            assertEquals(0, d.segment().address() % OffHeapArray.ALIGNMENT);
        }
        try (OffHeapArray empty = OffHeapArray.copyOf(new double[0])) {
            assertEquals(0, empty.length());
        }
    }

    @Test
    void typedAccessorsCheckTheDtype() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.INT32, Shape.of(4))) {
            assertEquals("dtype mismatch: array is int32, expected float64",
                    assertThrows(IllegalArgumentException.class, a::asDoubles).getMessage());
            assertThrows(IllegalArgumentException.class, a::asFloats);
            assertThrows(IllegalArgumentException.class, a::asLongs);
            assertEquals(4, a.asInts().length());
            assertEquals(IntView.class, a.view().getClass());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAllocating() {
        assertThrows(NullPointerException.class, () -> OffHeapArray.allocate(null, Shape.of(1)));
        assertThrows(NullPointerException.class, () -> OffHeapArray.allocate(DType.INT8, null));
        assertEquals("shape (2305843009213693952, 2) of float64 needs more than Long.MAX_VALUE bytes",
                assertThrows(IllegalArgumentException.class,
                        () -> OffHeapArray.allocate(DType.FLOAT64, Shape.of(1L << 61, 2))).getMessage());
    }

    @Test
    void anyThreadMayUseIt() throws Exception {
        try (OffHeapArray a = OffHeapArray.allocate(DType.INT64, Shape.of(8))) {
            CompletableFuture.runAsync(() -> a.asLongs().fill(42)).get();
            assertEquals(42, a.asLongs().get(7));
            CompletableFuture.runAsync(a::close).get();
            assertFalse(a.isOpen());
        }
    }
}
