package dev.panamax.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.core.io.ReferenceOwner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Typed views over Chronicle stores and mapped files. Runs with Chronicle's JDK 25 flags (see shm/pom.xml). */
class ChronicleViewsTest {
    @TempDir
    Path dir;

    @Test
    void doublesViewReadsAndWritesTheStoreBytesAtAnUnalignedOffset() {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(12 + 8 * 100);
        try (ChronicleView<DoubleView> v = ChronicleViews.doubles(store, 12, 100)) {
            DoubleView d = v.view();
            assertEquals(100, d.length());
            for (int i = 0; i < 100; i++) {
                d.set(i, i * 1.25);
            }
            assertEquals(99 * 1.25, store.readDouble(12 + 8 * 99));
            store.writeDouble(12 + 8 * 7, -3.5);
            assertEquals(-3.5, d.get(7));
        } finally {
            store.releaseLast();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32", "INT32", "INT64"})
    void viewOfEachDtypeSeesTheStoresLittleEndianElements(DType dtype) {
        int n = 37;
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(8 + (long) n * dtype.byteSize());
        try {
            for (int i = 0; i < n; i++) {
                long at = 8 + (long) i * dtype.byteSize();
                switch (dtype) {
                    case FLOAT64 -> store.writeDouble(at, i + 0.5);
                    case FLOAT32 -> store.writeFloat(at, i + 0.5f);
                    case INT32 -> store.writeInt(at, -i);
                    default -> store.writeLong(at, (long) i << 33);
                }
            }
            try (ChronicleView<? extends ArrayView> v = ChronicleViews.of(store, dtype, 8, n)) {
                assertEquals(dtype, v.dtype());
                assertEquals(n, v.length());
                ArrayView view = v.view();
                for (int i = 0; i < n; i++) {
                    Object got = switch (view) {
                        case DoubleView d -> d.get(i);
                        case FloatView f -> f.get(i);
                        case IntView iv -> iv.get(i);
                        case LongView l -> l.get(i);
                        default -> throw new AssertionError("no Chronicle view of " + view);
                    };
                    Object want = switch (dtype) {
                        case FLOAT64 -> i + 0.5;
                        case FLOAT32 -> i + 0.5f;
                        case INT32 -> -i;
                        default -> (long) i << 33;
                    };
                    assertEquals(want, got, "element " + i);
                }
            }
        } finally {
            store.releaseLast();
        }
    }

    @Test
    void viewHoldsAReservationSoTheStoreOutlivesItsOwnersRelease() {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(8 * 16);
        assertEquals(1, store.refCount());
        ChronicleView<LongView> v = ChronicleViews.longs(store, 0, 16);
        assertEquals(2, store.refCount());
        v.view().set(15, 42L);
        store.release(ReferenceOwner.INIT); // the creator lets go; the view still holds the memory
        assertEquals(1, store.refCount());
        assertEquals(42L, v.view().get(15));
        v.close();
        assertEquals(0, store.refCount());
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsIllegalStateException() {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(8 * 4);
        try {
            ChronicleView<DoubleView> v = ChronicleViews.doubles(store, 0, 4);
            DoubleView kept = v.view();
            v.close();
            v.close();
            assertFalse(v.isOpen());
            assertEquals(1, store.refCount(), "the reservation is given back exactly once");
            assertThrows(IllegalStateException.class, () -> kept.get(0));
            assertThrows(IllegalStateException.class, () -> kept.set(0, 1.0));
            IllegalStateException e = assertThrows(IllegalStateException.class, v::view);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        } finally {
            store.releaseLast();
        }
    }

    @Test
    void closeFromManyThreadsAtOnceGivesTheReservationBackExactlyOnce() throws Exception {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(64);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                ChronicleView<IntView> v = ChronicleViews.ints(store, 0, 16);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> closers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    closers.add(pool.submit(() -> {
                        go.await();
                        v.close();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : closers) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, store.refCount(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
            store.releaseLast();
        }
    }

    @Test
    void readerOnAnotherThreadGetsIllegalStateExceptionWhenTheViewCloses() throws Exception {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(8 * 4096);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            ChronicleView<DoubleView> v = ChronicleViews.doubles(store, 0, 4096);
            DoubleView d = v.view();
            CountDownLatch reading = new CountDownLatch(1);
            Future<?> reader = pool.submit(() -> {
                double s = 0;
                for (long round = 0; ; round++) {
                    for (long i = 0; i < d.length(); i++) {
                        s += d.get(i);
                    }
                    reading.countDown();
                    if (s < 0) {
                        return s;
                    }
                }
            });
            assertTrue(reading.await(30, TimeUnit.SECONDS));
            v.close();
            Exception e = assertThrows(Exception.class, () -> reader.get(30, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
        } finally {
            pool.shutdownNow();
            store.releaseLast();
        }
    }

    @Test
    void kernelsOverAChronicleViewAgreeWithAHeapCopyAndScaleInPlace() {
        int n = 1025;
        float[] heap = new float[n];
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(4 + 4L * n);
        try (ChronicleView<FloatView> v = ChronicleViews.floats(store, 4, n)) {
            for (int i = 0; i < n; i++) {
                heap[i] = (i % 11) - 5;
                v.view().set(i, heap[i]);
            }
            FloatView onHeap = FloatView.wrap(heap);
            KernelOps simd = Kernels.simd();
            assertEquals(simd.sum(onHeap), simd.sum(v.view()));
            assertEquals(simd.sumOfSquares(onHeap), simd.sumOfSquares(v.view()));
            assertEquals(simd.dot(onHeap, onHeap), simd.dot(v.view(), v.view()));
            assertEquals(Kernels.scalar().countInRange(onHeap, -1f, 1f), simd.countInRange(v.view(), -1f, 1f));
            assertEquals(Kernels.parallel(2).max(onHeap), Kernels.parallel(2).max(v.view()));
            simd.scale(v.view(), 3f);
            assertEquals(heap[n - 1] * 3f, store.readFloat(4 + 4L * (n - 1)));
        } finally {
            store.releaseLast();
        }
    }

    @Test
    void heapStoreIsRefusedWithAClearMessage() {
        BytesStore<?, byte[]> heap = BytesStore.wrap(new byte[64]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChronicleViews.doubles(heap, 0, 8));
        assertTrue(e.getMessage().contains("heap"), e.getMessage());
        assertTrue(e.getMessage().contains("HeapBytesStore"), e.getMessage());
    }

    @Test
    void outOfBoundsRangeNamesEveryValueAndLeavesNoReservation() {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(100);
        try {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> ChronicleViews.doubles(store, 24, 10));
            assertEquals("range byteOffset=24 bytes=80 (count=10 float64) outside Chronicle store NativeBytesStore"
                    + " [start=0, end=100)", e.getMessage());
            assertEquals(1, store.refCount());
            assertThrows(IndexOutOfBoundsException.class, () -> ChronicleViews.ints(store, -4, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> ChronicleViews.ints(store, 101, 0));
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.floats(store, 0, -1));
            assertEquals("count=-1 is negative", neg.getMessage());
            IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.longs(store, 0, Long.MAX_VALUE / 4));
            assertTrue(huge.getMessage().contains("overflow"), huge.getMessage());
            IllegalArgumentException int8 = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.of(store, DType.INT8, 0, 1));
            assertTrue(int8.getMessage().contains("int8"), int8.getMessage());
            assertEquals(1, store.refCount());
            try (ChronicleView<IntView> empty = ChronicleViews.ints(store, 100, 0)) {
                assertEquals(0, empty.length());
            }
        } finally {
            store.releaseLast();
        }
    }

    @Test
    void releasedStoreIsRefused() {
        BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(64);
        store.releaseLast();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChronicleViews.doubles(store, 0, 8));
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void viewOfDirectBytesUsesItsStore() {
        Bytes<Void> bytes = Bytes.allocateDirect(8 * 6);
        try (ChronicleView<DoubleView> v = ChronicleViews.doubles(bytes.bytesStore(), 0, 6)) {
            v.view().copyFrom(new double[] {1, 2, 3, 4, 5, 6});
            Matrix<DoubleView> m = v.matrix(2, 3);
            assertEquals(6.0, m.row(1).get(2));
            assertEquals(4.0, bytes.readDouble(24));
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void mappedBytesViewWritesTheFileAndSurvivesTheMappedBytesBeingReleased() throws IOException {
        Path file = dir.resolve("mapped.bin");
        Files.write(file, new byte[4096 + 8 * 1000]);
        MappedBytes bytes = MappedBytes.singleMappedBytes(file.toFile(), Files.size(file));
        ChronicleView<DoubleView> v = ChronicleViews.doubles(bytes, 4096, 1000);
        bytes.releaseLast();
        try (v) {
            assertFalse(v.readOnly());
            for (int i = 0; i < 1000; i++) {
                v.view().set(i, i);
            }
        }
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(999.0, data.getDouble(4096 + 8 * 999));
        assertEquals(123.0, data.getDouble(4096 + 8 * 123));
    }

    @Test
    void chunkedMappedBytesViewLiesInTheChunkThatHoldsTheRange() throws IOException {
        Path file = dir.resolve("chunked.bin");
        long chunk = 64 << 10;
        try (MappedBytes bytes = MappedBytes.mappedBytes(file.toFile(), chunk, 0)) {
            try (ChronicleView<IntView> v = ChronicleViews.ints(bytes, chunk + 400, 100)) {
                v.view().set(99, 77);
                assertEquals(chunk, v.store().start());
            }
            assertEquals(77, bytes.readInt(chunk + 400 + 4 * 99));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> ChronicleViews.longs(bytes, 2 * chunk - 8, 2));
            assertTrue(e.getMessage().contains("byteOffset=" + (2 * chunk - 8)), e.getMessage());
            assertTrue(e.getMessage().contains("chunk"), e.getMessage());
        }
    }

    @Test
    void readOnlyMappingGivesAViewThatRefusesWritesInsteadOfCrashing() throws IOException {
        Path file = dir.resolve("ro.bin");
        ByteBuffer content = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        content.putLong(0, 11L).putLong(8, 22L);
        Files.write(file, content.array());
        try (MappedBytes ro = MappedBytes.readOnly(file.toFile())) {
            try (ChronicleView<LongView> v = ChronicleViews.longs(ro, 0, 2)) {
                assertTrue(v.readOnly());
                assertArrayEquals(new long[] {11L, 22L}, v.view().toArray());
                assertTrue(v.view().isReadOnly());
                // The view refuses; a store through the read-only mapping itself would be a SIGSEGV.
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> v.view().set(0, 1L));
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.longs(ro.bytesStore(), 0, 2));
            assertTrue(none.getMessage().contains("NoBytesStore"), none.getMessage());
            assertEquals(11L, ro.readLong(0)); // reading maps the store under the cursor
            try (ChronicleView<LongView> v = ChronicleViews.longs(ro.bytesStore(), 0, 2)) {
                assertTrue(v.readOnly(), "a bare read-only MappedBytesStore is detected too");
                assertThrows(UnsupportedOperationException.class, () -> v.view().set(1, 1L));
            }
        }
        assertEquals(11L, ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
    }

    @Test
    void closedMappedBytesIsRefused() throws IOException {
        Path file = dir.resolve("closed.bin");
        Files.write(file, new byte[4096]);
        MappedBytes bytes = MappedBytes.singleMappedBytes(file.toFile(), 4096);
        bytes.releaseLast();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChronicleViews.doubles(bytes, 0, 1));
        assertTrue(e.getMessage().contains("closed.bin") && e.getMessage().contains("closed"), e.getMessage());
    }
}
