package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.DOUBLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.simd.SegmentCopies.Kind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The copies of a kernel class per kind of segment: which one a segment gets, and that each loads one way only. */
class SegmentCopiesTest {
    private final SegmentCopies.Of<LoopFamilies.Sums> sums =
            SegmentCopies.of(VectorSums.ANY, LoopFamilies.Sums.class);

    @Test
    void theCopiesAreHiddenClassesOfTheirOwn() {
        LoopFamilies.Sums onNative = sums.copy(Kind.NATIVE);
        LoopFamilies.Sums onHeap = sums.copy(Kind.HEAP);
        assertTrue(onNative.getClass().isHidden(), onNative.getClass().getName());
        assertTrue(onHeap.getClass().isHidden(), onHeap.getClass().getName());
        assertNotSame(onNative.getClass(), onHeap.getClass());
        assertSame(onNative, sums.copy(Kind.NATIVE), "made once");
        assertSame(VectorSums.ANY, sums.any());
    }

    @Test
    void theClassServesTheFirstKindAndCopiesServeTheOthers() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment off = arena.allocate(8 * 100);
            MemorySegment doubles = MemorySegment.ofArray(new double[100]);
            MemorySegment longs = MemorySegment.ofArray(new long[100]);
            assertSame(sums.any(), sums.on(doubles, DOUBLES), "the first kind");
            assertSame(sums.any(), sums.on(doubles.asSlice(8, 800 - 16), DOUBLES));
            LoopFamilies.Sums onNative = sums.on(off, DOUBLES);
            assertTrue(onNative.getClass().isHidden(), "native after heap: a copy");
            assertSame(onNative, sums.on(off.asSlice(8), DOUBLES));
            assertSame(onNative, sums.on(off, off, DOUBLES));
            LoopFamilies.Sums onOther = sums.on(longs, DOUBLES);
            assertTrue(onOther.getClass().isHidden(), "a long[] read as doubles: a copy with the general loads");
            assertNotSame(onNative, onOther);
            assertSame(onOther, sums.on(doubles.asReadOnly(), DOUBLES), "a read-only segment hides its array");
            assertSame(onOther, sums.on(off, doubles, DOUBLES), "a dot product of a native and a heap segment");
            double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
            assertEquals(VectorSums.ANY.sumOfSquaresF64(MemorySegment.ofArray(values), values.length),
                    onOther.sumOfSquaresF64(MemorySegment.ofArray(values).asReadOnly(), values.length));
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
            assertEquals(expected, sums.copy(Kind.NATIVE).sumOfSquaresF64(off, n));
            assertEquals(expected, sums.copy(Kind.HEAP).sumOfSquaresF64(heap, n));
            assertEquals(expected, VectorSums.ANY.sumOfSquaresF64(heap, n));
            // The native copy's loads are NativeLoads', the heap copy's HeapLoads': the other class does not fit.
            assertThrows(ClassCastException.class, () -> sums.copy(Kind.NATIVE).sumOfSquaresF64(heap, n));
            assertThrows(ClassCastException.class, () -> sums.copy(Kind.HEAP).sumOfSquaresF64(off, n));
        }
    }

    @Test
    void theNarrowKernelsHaveCopiesToo() {
        SegmentCopies.Of<NarrowSupport> narrow = SegmentCopies.of(new NarrowVectorSupport(), NarrowSupport.class);
        NarrowSupport onNative = narrow.copy(Kind.NATIVE);
        NarrowSupport onHeap = narrow.copy(Kind.HEAP);
        assertTrue(onNative.getClass().isHidden());
        byte[] values = new byte[300];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (i * 7);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment heap = MemorySegment.ofArray(values);
            MemorySegment off = arena.allocate(values.length).copyFrom(heap);
            long expected = NarrowScalarSupport.INSTANCE.sum(DType.INT8, heap, values.length);
            assertEquals(expected, onNative.sum(DType.INT8, off, values.length));
            assertEquals(expected, onHeap.sum(DType.INT8, heap, values.length));
            assertSame(narrow.any(), narrow.on(off, SegmentClasses.BYTES), "the first kind");
            assertSame(onHeap, narrow.on(heap, SegmentClasses.BYTES));
            assertThrows(ClassCastException.class, () -> onNative.sum(DType.INT8, heap, values.length));
            assertThrows(ClassCastException.class, () -> onHeap.sum(DType.INT8, off, values.length));
        }
    }
}
