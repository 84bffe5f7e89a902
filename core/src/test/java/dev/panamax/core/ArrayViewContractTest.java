package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract for the 1-D views of every dtype, run over every kind of memory: a wrapped Java array, native memory,
 * a view at an odd element offset inside a larger native segment, a heap segment at an offset, and a
 * memory-mapped file.
 */
class ArrayViewContractTest {
    static final List<DType> TYPES = List.of(DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT64, DType.INT16,
            DType.INT8, DType.UINT8);
    static final int N = 13;

    enum Backing { HEAP_ARRAY, NATIVE, NATIVE_AT_OFFSET_3, HEAP_AT_OFFSET_1, MAPPED_FILE }

    @TempDir
    Path dir;
    private final List<Arena> arenas = new ArrayList<>();

    @AfterEach
    void closeArenas() {
        arenas.forEach(Arena::close);
    }

    static Stream<Arguments> kinds() {
        return TYPES.stream().flatMap(t -> Stream.of(Backing.values()).map(b -> Arguments.of(t, b)));
    }

    /** A view of {@code n} zeroed elements of {@code t} on the given memory. */
    ArrayView make(DType t, Backing b, int n) throws IOException {
        long bytes = (long) n * t.byteSize();
        return switch (b) {
            case HEAP_ARRAY -> switch (t) {
                case FLOAT64 -> DoubleView.wrap(new double[n]);
                case FLOAT32 -> FloatView.wrap(new float[n]);
                case INT32 -> IntView.wrap(new int[n]);
                case INT64 -> LongView.wrap(new long[n]);
                case INT16 -> ShortView.wrap(new short[n]);
                case INT8 -> ByteView.wrap(new byte[n]);
                case UINT8 -> ByteView.wrapUnsigned(new byte[n]);
            };
            case NATIVE -> of(t, arena().allocate(bytes));
            case NATIVE_AT_OFFSET_3 -> of(t, arena().allocate(bytes + 5L * t.byteSize()), 3, n);
            case HEAP_AT_OFFSET_1 -> of(t, MemorySegment.ofArray(new byte[(int) bytes + 2 * t.byteSize()]), 1, n);
            case MAPPED_FILE -> {
                try (FileChannel ch = FileChannel.open(dir.resolve("m" + t + ".bin"), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    yield of(t, ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena()));
                }
            }
        };
    }

    private Arena arena() {
        Arena a = Arena.ofConfined();
        arenas.add(a);
        return a;
    }

    static ArrayView of(DType t, MemorySegment s) {
        return switch (t) {
            case FLOAT64 -> DoubleView.of(s);
            case FLOAT32 -> FloatView.of(s);
            case INT32 -> IntView.of(s);
            case INT64 -> LongView.of(s);
            case INT16 -> ShortView.of(s);
            case INT8 -> ByteView.of(s);
            case UINT8 -> ByteView.ofUnsigned(s);
        };
    }

    static ArrayView of(DType t, MemorySegment s, long offset, long length) {
        return switch (t) {
            case FLOAT64 -> DoubleView.of(s, offset, length);
            case FLOAT32 -> FloatView.of(s, offset, length);
            case INT32 -> IntView.of(s, offset, length);
            case INT64 -> LongView.of(s, offset, length);
            case INT16 -> ShortView.of(s, offset, length);
            case INT8 -> ByteView.of(s, offset, length);
            case UINT8 -> ByteView.ofUnsigned(s, offset, length);
        };
    }

    static double get(ArrayView v, long i) {
        return switch (v) {
            case DoubleView d -> d.get(i);
            case FloatView f -> f.get(i);
            case IntView x -> x.get(i);
            case LongView l -> l.get(i);
            case ShortView x -> x.get(i);
            case ByteView x -> x.get(i);
        };
    }

    static void set(ArrayView v, long i, double x) {
        switch (v) {
            case DoubleView d -> d.set(i, x);
            case FloatView f -> f.set(i, (float) x);
            case IntView n -> n.set(i, (int) x);
            case LongView l -> l.set(i, (long) x);
            case ShortView n -> n.set(i, (short) x);
            case ByteView n -> n.set(i, (int) x);
        }
    }

    static ArrayView slice(ArrayView v, long from, long count) {
        return switch (v) {
            case DoubleView d -> d.slice(from, count);
            case FloatView f -> f.slice(from, count);
            case IntView x -> x.slice(from, count);
            case LongView l -> l.slice(from, count);
            case ShortView x -> x.slice(from, count);
            case ByteView x -> x.slice(from, count);
        };
    }

    static void fill(ArrayView v, double x) {
        switch (v) {
            case DoubleView d -> d.fill(x);
            case FloatView f -> f.fill((float) x);
            case IntView n -> n.fill((int) x);
            case LongView l -> l.fill((long) x);
            case ShortView n -> n.fill((short) x);
            case ByteView n -> n.fill((int) x);
        }
    }

    static void copyFrom(ArrayView v, double[] src) {
        switch (v) {
            case DoubleView d -> d.copyFrom(src.clone());
            case FloatView f -> {
                float[] a = new float[src.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) src[i];
                }
                f.copyFrom(a);
            }
            case IntView n -> n.copyFrom(java.util.Arrays.stream(src).mapToInt(x -> (int) x).toArray());
            case LongView l -> l.copyFrom(java.util.Arrays.stream(src).mapToLong(x -> (long) x).toArray());
            case ShortView n -> {
                short[] a = new short[src.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (short) src[i];
                }
                n.copyFrom(a);
            }
            case ByteView n -> {
                byte[] a = new byte[src.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (byte) src[i];
                }
                n.copyFrom(a);
            }
        }
    }

    static double[] toArray(ArrayView v) {
        return switch (v) {
            case DoubleView d -> d.toArray();
            case FloatView f -> {
                float[] a = f.toArray();
                double[] out = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
                yield out;
            }
            case IntView x -> java.util.Arrays.stream(x.toArray()).asDoubleStream().toArray();
            case LongView l -> java.util.Arrays.stream(l.toArray()).asDoubleStream().toArray();
            case ShortView x -> {
                short[] a = x.toArray();
                double[] out = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
                yield out;
            }
            case ByteView x -> {
                byte[] a = x.toArray();
                double[] out = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = x.isUnsigned() ? a[i] & 0xFF : a[i];
                }
                yield out;
            }
        };
    }

    /** Values every type holds exactly: small integers, and quarters for the float types; 0 to 99 for uint8. */
    static double value(DType t, long i) {
        return switch (t) {
            case FLOAT32, FLOAT64 -> (i * 3 - 7) / 4.0;
            case INT8 -> Math.floorMod(i * 3 - 7, 100) - 50;
            case UINT8 -> Math.floorMod(i * 3 - 7, 100);
            default -> i * 3 - 7;
        };
    }

    /** Reads element i straight from the bytes, little-endian, independent of the view code. */
    static double raw(DType t, MemorySegment s, long i) {
        long off = i * t.byteSize();
        return switch (t) {
            case FLOAT64 -> s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), off);
            case FLOAT32 -> s.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), off);
            case INT32 -> s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), off);
            case INT64 -> s.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), off);
            case INT16 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), off);
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, off);
            case UINT8 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void setThenGetRoundTripsAndStoresLittleEndianBytes(DType t, Backing b) throws IOException {
        ArrayView v = make(t, b, N);
        assertEquals(t, v.dtype());
        assertEquals(N, v.length());
        assertEquals((long) N * t.byteSize(), v.byteSize());
        assertEquals(v.byteSize(), v.segment().byteSize());
        for (int i = 0; i < N; i++) {
            assertEquals(0.0, get(v, i), "fresh memory is zero");
            set(v, i, value(t, i));
        }
        for (int i = 0; i < N; i++) {
            assertEquals(value(t, i), get(v, i));
            assertEquals(value(t, i), raw(t, v.segment(), i), "element " + i + " at byte " + i * t.byteSize());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void boundsErrorsCarryEveryValue(DType t, Backing b) throws IOException {
        ArrayView v = make(t, b, N);
        assertEquals("index=-1 length=13", assertThrows(IndexOutOfBoundsException.class, () -> get(v, -1)).getMessage());
        assertEquals("index=13 length=13", assertThrows(IndexOutOfBoundsException.class, () -> get(v, N)).getMessage());
        assertEquals("index=13 length=13", assertThrows(IndexOutOfBoundsException.class, () -> set(v, N, 1)).getMessage());
        assertEquals("index=" + Long.MIN_VALUE + " length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> get(v, Long.MIN_VALUE)).getMessage());
        assertEquals("range from=-1 count=1 outside length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> slice(v, -1, 1)).getMessage());
        assertEquals("range from=0 count=14 outside length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> slice(v, 0, N + 1)).getMessage());
        assertEquals("range from=13 count=1 outside length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> slice(v, N, 1)).getMessage());
        assertEquals("range from=2 count=-1 outside length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> slice(v, 2, -1)).getMessage());
        assertEquals("range from=" + Long.MAX_VALUE + " count=2 outside length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> slice(v, Long.MAX_VALUE, 2)).getMessage());
        assertEquals("range from=5 count=" + Long.MAX_VALUE + " outside length=13",
                assertThrows(IndexOutOfBoundsException.class, () -> slice(v, 5, Long.MAX_VALUE)).getMessage());
        assertEquals(0, slice(v, N, 0).length(), "an empty slice at the end is fine");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void sliceSharesMemoryWithItsParent(DType t, Backing b) throws IOException {
        ArrayView v = make(t, b, N);
        ArrayView s = slice(v, 4, 6);
        assertEquals(6, s.length());
        set(s, 0, value(t, 40));
        set(v, 9, value(t, 90));
        assertEquals(value(t, 40), get(v, 4));
        assertEquals(value(t, 90), get(s, 5));
        assertEquals(v.segment().address() + 4L * t.byteSize(), s.segment().address());
        assertEquals("index=6 length=6", assertThrows(IndexOutOfBoundsException.class, () -> get(s, 6)).getMessage());
        ArrayView ss = slice(s, 1, 2);
        set(ss, 1, value(t, 60));
        assertEquals(value(t, 60), get(v, 6));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void fillCopyFromAndToArray(DType t, Backing b) throws IOException {
        ArrayView v = make(t, b, N);
        fill(v, value(t, 5));
        for (double x : toArray(v)) {
            assertEquals(value(t, 5), x);
        }
        double[] values = new double[N];
        for (int i = 0; i < N; i++) {
            values[i] = value(t, i);
        }
        copyFrom(v, values);
        assertArrayEquals(values, toArray(v));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> copyFrom(v, new double[N + 1]));
        assertEquals("length mismatch: view=13 array=14", x.getMessage());
        assertArrayEquals(values, toArray(v), "a refused copy changes nothing");
        assertThrows(IllegalArgumentException.class, () -> copyFrom(v, new double[0]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void readOnlyMemoryRefusesWritesButReads(DType t, Backing b) throws IOException {
        ArrayView w = make(t, b, N);
        set(w, 2, value(t, 2));
        ArrayView v = of(t, w.segment().asReadOnly());
        assertEquals(value(t, 2), get(v, 2));
        assertTrue(v.isReadOnly());
        assertEquals("read-only memory: cannot write to " + v,
                assertThrows(UnsupportedOperationException.class, () -> set(v, 0, 1)).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> fill(v, 1));
        assertThrows(UnsupportedOperationException.class, () -> copyFrom(v, new double[N]));
        assertEquals(value(t, 2), get(w, 2));
        assertTrue(!w.isReadOnly() && slice(v, 1, 2).isReadOnly(), "slices keep the read-only flag");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void useAfterCloseIsIllegalStateExceptionNotACrash(DType t) {
        OffHeapArray a = OffHeapArray.allocate(t, Shape.of(N));
        ArrayView v = a.view();
        ArrayView s = slice(v, 1, 3);
        set(v, 1, 7);
        a.close();
        assertThrows(IllegalStateException.class, () -> get(v, 1));
        assertThrows(IllegalStateException.class, () -> get(s, 0));
        assertThrows(IllegalStateException.class, () -> set(v, 0, 1));
        assertThrows(IllegalStateException.class, () -> fill(v, 1));
        assertThrows(IllegalStateException.class, () -> toArray(v));
        assertThrows(IllegalStateException.class, () -> copyFrom(v, new double[N]));
        assertThrows(IllegalStateException.class, a::view);
    }

    static Stream<DType> types() {
        return TYPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void offsetViewsCheckTheirRangeAgainstTheSegment(DType t) {
        MemorySegment s = MemorySegment.ofArray(new byte[10 * t.byteSize()]);
        assertEquals(7, of(t, s, 3, 7).length());
        assertEquals(0, of(t, s, 10, 0).length());
        assertEquals("range from=3 count=8 outside length=10",
                assertThrows(IndexOutOfBoundsException.class, () -> of(t, s, 3, 8)).getMessage());
        assertEquals("range from=-1 count=2 outside length=10",
                assertThrows(IndexOutOfBoundsException.class, () -> of(t, s, -1, 2)).getMessage());
        assertEquals("range from=11 count=0 outside length=10",
                assertThrows(IndexOutOfBoundsException.class, () -> of(t, s, 11, 0)).getMessage());
        ArrayView v = of(t, s, 3, 7);
        set(v, 0, 5);
        assertEquals(5.0, raw(t, s, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void segmentOfPartialElementsIsRefused(DType t) {
        org.junit.jupiter.api.Assumptions.assumeTrue(t.byteSize() > 1, "every byte count is whole one-byte elements");
        MemorySegment s = MemorySegment.ofArray(new byte[2 * t.byteSize() + 1]);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> of(t, s));
        assertEquals("segment of " + (2 * t.byteSize() + 1) + " bytes is not a whole number of " + t.numpyName()
                + " elements (" + t.byteSize() + " bytes each)", x.getMessage());
        assertThrows(NullPointerException.class, () -> of(t, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void emptyViewsWork(DType t) {
        ArrayView v = of(t, MemorySegment.ofArray(new byte[0]));
        assertTrue(v.isEmpty());
        assertEquals(0, toArray(v).length);
        fill(v, 3);
        copyFrom(v, new double[0]);
        assertEquals("index=0 length=0", assertThrows(IndexOutOfBoundsException.class, () -> get(v, 0)).getMessage());
        assertEquals(v.getClass().getSimpleName() + "[" + t.numpyName() + ", length=0]", v.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void wrappedJavaArraysAreWrittenThrough(DType t) throws IOException {
        ArrayView v = make(t, Backing.HEAP_ARRAY, 4);
        set(v, 3, 9);
        Object heap = v.segment().heapBase().orElseThrow();
        double last = switch (heap) {
            case double[] d -> d[3];
            case float[] f -> f[3];
            case int[] n -> n[3];
            case long[] l -> l[3];
            case short[] n -> n[3];
            case byte[] n -> n[3];
            default -> throw new AssertionError(heap);
        };
        assertEquals(9.0, last);
        assertSame(heap, v.segment().heapBase().orElseThrow());
    }
}
