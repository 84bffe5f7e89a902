package dev.panamax.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.core.Shape;
import dev.panamax.core.ShortView;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.shm.internal.SegmentMapping;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backend contract, on top of {@link SharedArrayContract}: what a second mapping backend could get wrong
 * (every dtype round trip, never growing the file, kernels, the {@link SegmentMapping} SPI itself). The one suite,
 * inherited tests included, runs once per backend: {@link FfmSharedArrayTest} here, and
 * {@code dev.panamax.chronicle.ChronicleSharedArrayTest} in the chronicle module (through this module's test jar,
 * with Chronicle's JDK 25 flags).
 */
public abstract class SegmentContractTest extends SharedArrayContract {
    SharedArray create(String name, DType dtype, Shape shape) throws IOException {
        return SharedArray.create(name, dtype, shape, opts());
    }

    SharedArray open(String name) throws IOException {
        return SharedArray.open(name, opts());
    }

    SharedArray openReadOnly(String name) throws IOException {
        return SharedArray.open(name, opts().readOnly(true));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32", "INT32", "INT64"})
    void createThenOpenRoundTripsDtypeShapeAndData(DType dtype) throws IOException {
        Shape shape = Shape.of(7, 5);
        try (SharedArray a = create("rt", dtype, shape)) {
            fillWithIndex(a.view());
        }
        try (SharedArray b = open("rt")) {
            assertEquals(dtype, b.dtype());
            assertEquals(shape, b.shape());
            assertEquals(35, b.length());
            ArrayView v = b.view();
            for (int i = 0; i < 35; i++) {
                assertEquals((double) i * 3, valueAt(v, i), "element " + i);
            }
        }
    }

    @Test
    void theFileHoldsExactlyHeaderAndDataAndIsNeverGrown() throws IOException {
        // 3 doubles: the file size is not a multiple of the page size, which a careless mapping would round up.
        try (SharedArray a = create("odd", DType.FLOAT64, Shape.of(3)); SharedArray b = open("odd")) {
            b.asDoubles().set(2, 1.0);
            assertEquals(1.0, a.asDoubles().get(2));
        }
        assertEquals(4096 + 24, Files.size(dir.resolve("odd")));
    }

    @Test
    void dtypeAndShapeComeFromTheHeaderAndGiveRowMajorMatrices() throws IOException {
        try (SharedArray a = create("m", DType.INT32, Shape.of(4, 3))) {
            fillWithIndex(a.view());
        }
        try (SharedArray b = open("m")) {
            assertEquals(DType.INT32, b.dtype());
            assertEquals(Shape.of(4, 3), b.shape());
            Matrix<IntView> m = b.asIntMatrix();
            assertEquals(4, m.rows());
            assertEquals(3, m.cols());
            assertArrayEquals(new int[] {27, 30, 33}, m.row(3).toArray());
        }
    }

    @Test
    void aReaderOnAnotherThreadGetsIllegalStateExceptionWhenTheSegmentCloses() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SharedArray a = create("race", DType.FLOAT64, Shape.of(1 << 14));
            DoubleView v = a.asDoubles();
            CountDownLatch reading = new CountDownLatch(1);
            Future<Double> reader = pool.submit(() -> {
                double s = 0;
                while (true) {
                    for (long i = 0; i < v.length(); i++) {
                        s += v.get(i);
                    }
                    reading.countDown();
                    if (s < 0) {
                        return s;
                    }
                }
            });
            assertTrue(reading.await(30, TimeUnit.SECONDS));
            a.close();
            Exception e = assertThrows(Exception.class, () -> reader.get(30, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readOnlyOpenRefusesWritesAndLeavesTheFileAlone() throws IOException {
        try (SharedArray a = create("ro", DType.INT32, Shape.of(4))) {
            a.asInts().set(1, 5);
        }
        byte[] before = Files.readAllBytes(dir.resolve("ro"));
        try (SharedArray r = openReadOnly("ro")) {
            assertEquals(5, r.asInts().get(1));
            assertThrows(UnsupportedOperationException.class, () -> r.asInts().set(1, 6));
        }
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("ro")));
    }

    @Test
    void kernelsOverTheSegmentAgreeWithTheSameDataOnTheHeap() throws IOException {
        int rows = 26_215; // 131,075 elements: enough for parallel(2) to split, and an odd tail
        int cols = 5;
        double[] heap = new double[rows * cols];
        for (int i = 0; i < heap.length; i++) {
            heap[i] = Math.sin(i) * 3;
        }
        try (SharedArray a = create("k", DType.FLOAT64, Shape.of(rows, cols))) {
            a.asDoubles().copyFrom(heap);
        }
        KernelOps simd = Kernels.simd();
        KernelOps scalar = Kernels.scalar();
        KernelOps parallel = Kernels.parallel(2);
        try (SharedArray b = open("k")) {
            DoubleView mapped = b.asDoubles();
            DoubleView onHeap = DoubleView.wrap(heap);
            // The same kernel over the same values gives the same bits, whatever memory holds them.
            assertEquals(simd.sumOfSquares(onHeap), simd.sumOfSquares(mapped));
            assertEquals(scalar.sumOfSquares(onHeap), scalar.sumOfSquares(mapped));
            assertEquals(scalar.sumOfSquares(mapped), simd.sumOfSquares(mapped), 1e-9 * scalar.sumOfSquares(mapped));
            assertEquals(parallel.sumOfSquares(onHeap), parallel.sumOfSquares(mapped));
            long inRange = scalar.countInRange(onHeap, -1.0, 1.0);
            assertTrue(inRange > 0 && inRange < heap.length, "count " + inRange);
            assertEquals(inRange, simd.countInRange(mapped, -1.0, 1.0));
            assertEquals(inRange, parallel.countInRange(mapped, -1.0, 1.0));
            assertEquals(simd.max(onHeap), simd.max(mapped));
            assertEquals(simd.min(onHeap), simd.min(mapped));

            int[] perRowMapped = new int[rows];
            int[] perRowHeap = new int[rows];
            simd.countInRangePerRow(b.asDoubleMatrix(), -1.0, 1.0, IntView.wrap(perRowMapped));
            scalar.countInRangePerRow(Matrix.of(onHeap, rows, cols), -1.0, 1.0, IntView.wrap(perRowHeap));
            assertArrayEquals(perRowHeap, perRowMapped);

            simd.scale(mapped, 2.0);
            scalar.scale(onHeap, 2.0);
        }
        try (SharedArray c = open("k")) {
            assertArrayEquals(heap, c.asDoubles().toArray(), "scaled in place through the mapping");
        }
    }

    @Test
    void mappingALongerSizeThanTheFileMapsWhatIsThereAndDoesNotGrowIt() throws IOException {
        Path f = dir.resolve("short.bin");
        Files.write(f, new byte[5000]);
        try (SegmentMapping m = SegmentMapping.map(backend(), f, 8192, false)) {
            assertEquals(5000, m.whole().byteSize());
            m.whole().set(ValueLayout.JAVA_BYTE, 4999, (byte) 9);
        }
        assertEquals(5000, Files.size(f));
        assertEquals(9, Files.readAllBytes(f)[4999]);
    }

    @Test
    void mappingCloseIsIdempotentAndWholeIsDeadAfterIt() throws IOException {
        Path f = dir.resolve("m.bin");
        Files.write(f, new byte[4096]);
        SegmentMapping m = SegmentMapping.map(backend(), f, 4096, false);
        MemorySegment whole = m.whole();
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> whole.get(ValueLayout.JAVA_BYTE, 0));
    }

    private static void fillWithIndex(ArrayView v) {
        for (int i = 0; i < v.length(); i++) {
            switch (v) {
                case DoubleView d -> d.set(i, i * 3.0);
                case FloatView f -> f.set(i, i * 3.0f);
                case IntView iv -> iv.set(i, i * 3);
                case LongView l -> l.set(i, i * 3L);
                case ShortView sv -> sv.set(i, (short) (i * 3));
                case ByteView bv -> bv.set(i, (i * 3) % 100);
            }
        }
    }

    static double valueAt(ArrayView v, long i) {
        return switch (v) {
            case DoubleView d -> d.get(i);
            case FloatView f -> f.get(i);
            case IntView iv -> iv.get(i);
            case LongView l -> l.get(i);
            case ShortView sv -> sv.get(i);
            case ByteView bv -> bv.get(i);
        };
    }
}
