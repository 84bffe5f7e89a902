package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.DOUBLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The copies of a kernel class per class of segment: which one a segment gets, and that each loads one way only. */
class SegmentCopiesTest {
    private final SegmentCopies.Of<LoopFamilies.Sums> sums =
            SegmentCopies.of(VectorSums.ANY, LoopFamilies.Sums.class);

    @Test
    void theCopiesAreHiddenClassesOfTheirOwn() {
        assertTrue(sums.onNative().getClass().isHidden(), sums.onNative().getClass().getName());
        assertTrue(sums.onHeap().getClass().isHidden(), sums.onHeap().getClass().getName());
        assertNotSame(sums.onNative().getClass(), sums.onHeap().getClass());
        assertSame(VectorSums.ANY, sums.any());
    }

    @Test
    void eachSegmentGetsTheCopyOfItsClass() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment off = arena.allocate(8 * 100);
            MemorySegment doubles = MemorySegment.ofArray(new double[100]);
            MemorySegment longs = MemorySegment.ofArray(new long[100]);
            assertSame(sums.onNative(), sums.on(off, DOUBLES));
            assertSame(sums.onHeap(), sums.on(doubles, DOUBLES));
            assertSame(sums.onHeap(), sums.on(doubles.asSlice(8, 800 - 16), DOUBLES));
            assertSame(sums.any(), sums.on(longs, DOUBLES), "a long[] read as doubles");
            assertSame(sums.any(), sums.on(doubles.asReadOnly(), DOUBLES), "a read-only segment hides its array");
            assertSame(sums.onNative(), sums.on(off, off, DOUBLES));
            assertSame(sums.any(), sums.on(off, doubles, DOUBLES), "a dot product of a native and a heap segment");
        }
    }

    @Test
    void eachCopyLoadsOneWayOnlyAndAllAgree() {
        int n = 1000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.5 - 100;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment heap = MemorySegment.ofArray(values);
            MemorySegment off = arena.allocate(8L * n).copyFrom(heap);
            double expected = VectorSums.ANY.sumOfSquaresF64(off, n);
            assertEquals(expected, sums.onNative().sumOfSquaresF64(off, n));
            assertEquals(expected, sums.onHeap().sumOfSquaresF64(heap, n));
            assertEquals(expected, VectorSums.ANY.sumOfSquaresF64(heap, n));
            // The native copy's loads are NativeLoads', the heap copy's HeapLoads': the other class does not fit.
            assertThrows(ClassCastException.class, () -> sums.onNative().sumOfSquaresF64(heap, n));
            assertThrows(ClassCastException.class, () -> sums.onHeap().sumOfSquaresF64(off, n));
            assertEquals(off.getAtIndex(ValueLayout.JAVA_DOUBLE, 3), values[3]);
        }
    }

    @Test
    void theNarrowKernelsHaveCopiesToo() {
        SegmentCopies.Of<NarrowSupport> narrow = SegmentCopies.of(new NarrowVectorSupport(), NarrowSupport.class);
        assertTrue(narrow.onNative().getClass().isHidden());
        byte[] values = new byte[300];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (i * 7);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment heap = MemorySegment.ofArray(values);
            MemorySegment off = arena.allocate(values.length).copyFrom(heap);
            long expected = NarrowScalarSupport.INSTANCE.sum(DType.INT8, heap, values.length);
            assertEquals(expected, narrow.onNative().sum(DType.INT8, off, values.length));
            assertEquals(expected, narrow.onHeap().sum(DType.INT8, heap, values.length));
            assertSame(narrow.onHeap(), narrow.on(heap, SegmentClasses.BYTES));
            assertThrows(ClassCastException.class, () -> narrow.onNative().sum(DType.INT8, heap, values.length));
            assertThrows(ClassCastException.class, () -> narrow.onHeap().sum(DType.INT8, off, values.length));
        }
    }
}
