package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicArraysTest {
    @TempDir
    Path dir;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT);
    }

    @Test
    void intAtomicsReadWriteCasAndAddThroughTwoMappings() throws IOException {
        try (SharedArray a = SharedArray.create("ints", DType.INT32, Shape.of(10), opts());
             SharedArray b = SharedArray.open("ints", opts())) {
            AtomicIntArray x = a.atomicInts();
            AtomicIntArray y = b.atomicInts();
            assertEquals(10, x.length());
            x.setRelease(9, 41);
            assertEquals(41, y.getVolatile(9));
            assertTrue(y.compareAndSet(9, 41, 42));
            assertFalse(x.compareAndSet(9, 41, 43));
            assertEquals(42, x.getVolatile(9));
            assertEquals(42, x.getAndAdd(9, -2));
            assertEquals(40, b.asInts().get(9));
            x.setRelease(0, Integer.MAX_VALUE);
            assertEquals(Integer.MAX_VALUE, y.getAndAdd(0, 1));
            assertEquals(Integer.MIN_VALUE, y.getVolatile(0), "wraps as Java arithmetic does");
        }
    }

    @Test
    void longAtomicsReadWriteCasAndAdd() throws IOException {
        try (SharedArray a = SharedArray.create("longs", DType.INT64, Shape.of(3), opts())) {
            AtomicLongArray x = a.atomicLongs();
            assertEquals(3, x.length());
            x.setRelease(2, 1L << 40);
            assertTrue(x.compareAndSet(2, 1L << 40, 5));
            assertEquals(5, x.getAndAdd(2, 10));
            assertEquals(15, x.getVolatile(2));
            assertEquals(15, a.asLongs().get(2));
        }
    }

    @Test
    void indexOutOfRangeNamesTheIndexAndLength() throws IOException {
        try (SharedArray a = SharedArray.create("bounds", DType.INT64, Shape.of(4), opts())) {
            AtomicLongArray x = a.atomicLongs();
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.getVolatile(4));
            assertTrue(e.getMessage().contains("index 4") && e.getMessage().contains("length 4"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> x.setRelease(-1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> a.atomicLongs().getAndAdd(Long.MAX_VALUE, 1));
        }
        try (SharedArray a = SharedArray.create("ibounds", DType.INT32, Shape.of(2, 3), opts())) {
            AtomicIntArray x = a.atomicInts();
            assertEquals(6, x.length());
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> x.compareAndSet(6, 0, 1));
            assertTrue(e.getMessage().contains("index 6") && e.getMessage().contains("length 6"), e.getMessage());
        }
    }

    @Test
    void wrongDtypeIsRefusedWithBothDtypesInTheMessage() throws IOException {
        try (SharedArray f = SharedArray.create("floats", DType.FLOAT64, Shape.of(4), opts());
             SharedArray i = SharedArray.create("i32", DType.INT32, Shape.of(4), opts())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f::atomicInts);
            assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("int32"), e.getMessage());
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class, i::atomicLongs);
            assertTrue(g.getMessage().contains("int32") && g.getMessage().contains("int64"), g.getMessage());
        }
    }

    @Test
    void atomicsAfterCloseThrowIllegalState() throws IOException {
        SharedArray a = SharedArray.create("closing", DType.INT32, Shape.of(4), opts());
        AtomicIntArray x = a.atomicInts();
        a.close();
        assertThrows(IllegalStateException.class, () -> x.getAndAdd(0, 1));
        assertThrows(IllegalStateException.class, a::atomicInts);
    }

    @Test
    void readOnlySegmentsRefuseAtomicWrites() throws IOException {
        try (SharedArray a = SharedArray.create("rox", DType.INT64, Shape.of(4), opts());
             SharedArray r = SharedArray.open("rox", opts().readOnly(true))) {
            a.atomicLongs().setRelease(1, 9);
            assertEquals(9, r.atomicLongs().getVolatile(1));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> r.atomicLongs().getAndAdd(1, 1));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> r.atomicLongs().setRelease(1, 1));
            assertThrows(UnsupportedOperationException.class, () -> r.atomicLongs().compareAndSet(1, 9, 1));
            assertEquals(9, a.atomicLongs().getVolatile(1));
        }
    }
}
