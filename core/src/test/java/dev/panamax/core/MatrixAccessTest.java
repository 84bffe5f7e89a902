package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code Matrix.get/set} on every dtype with their exactness rule, and columns as strided views. */
class MatrixAccessTest {
    private static Matrix<?> matrix(OffHeapArray a) {
        return Matrix.of(a.view(), a.shape().dim(0), a.shape().dim(1));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32", "INT32", "INT64"})
    void getAndSetAddressRowMajorElementsOfEveryDtype(DType t) {
        try (OffHeapArray a = OffHeapArray.allocate(t, Shape.of(4, 3), Fill.arange())) {
            Matrix<?> m = matrix(a);
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(3 * r + c, m.getLong(r, c));
                    assertEquals(3.0 * r + c, m.getDouble(r, c));
                }
            }
            m.set(2, 1, -5);
            assertEquals(-5, FillTest.longAt(a, 7));
            m.set(0, 2, 12.0);
            assertEquals(12.0, m.getDouble(0, 2));
        }
    }

    @Test
    void indexErrorsNameTheAxisAsNumPyDoes() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(4, 3))) {
            Matrix<DoubleView> m = a.asDoubleMatrix();
            assertEquals("index 4 is out of bounds for axis 0 with size 4",
                    assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(4, 0)).getMessage());
            assertEquals("index -1 is out of bounds for axis 1 with size 3",
                    assertThrows(IndexOutOfBoundsException.class, () -> m.set(0, -1, 1.0)).getMessage());
            assertEquals("index 3 is out of bounds for axis 1 with size 3",
                    assertThrows(IndexOutOfBoundsException.class, () -> m.column(3)).getMessage());
        }
    }

    @Test
    void readsAreExactOrThrow() {
        try (OffHeapArray l = OffHeapArray.copyOf(new long[] {(1L << 53) + 1, 1L << 60, Long.MAX_VALUE, -3});
             OffHeapArray d = OffHeapArray.copyOf(new double[] {2.5, 1e300, -0.0, Double.NaN})) {
            Matrix<LongView> ml = Matrix.of(l.asLongs(), 2, 2);
            assertEquals("element [0, 0] = 9007199254740993 (int64) has no exact double: use getLong",
                    assertThrows(ArithmeticException.class, () -> ml.getDouble(0, 0)).getMessage());
            assertEquals(0x1p60, ml.getDouble(0, 1));
            assertThrows(ArithmeticException.class, () -> ml.getDouble(1, 0), "2^63 - 1 rounds to 2^63");
            assertEquals(Long.MAX_VALUE, ml.getLong(1, 0));
            Matrix<DoubleView> md = Matrix.of(d.asDoubles(), 2, 2);
            assertEquals("element [0, 0] = 2.5 (float64) is not a whole number in the range of a long: use getDouble",
                    assertThrows(ArithmeticException.class, () -> md.getLong(0, 0)).getMessage());
            assertThrows(ArithmeticException.class, () -> md.getLong(0, 1));
            assertEquals(0, md.getLong(1, 0));
            assertThrows(ArithmeticException.class, () -> md.getLong(1, 1));
        }
    }

    @Test
    void writesToIntegersMustFitAndWritesToFloatsRound() {
        try (OffHeapArray i = OffHeapArray.allocate(DType.INT32, Shape.of(2, 2));
             OffHeapArray f = OffHeapArray.allocate(DType.FLOAT32, Shape.of(2, 2));
             OffHeapArray d = OffHeapArray.allocate(DType.FLOAT64, Shape.of(2, 2))) {
            Matrix<IntView> mi = i.asIntMatrix();
            assertEquals("cannot write 2.5 to element [1, 1]: int32 holds whole numbers in [-2147483648, 2147483647]",
                    assertThrows(IllegalArgumentException.class, () -> mi.set(1, 1, 2.5)).getMessage());
            assertEquals("cannot write 2147483648 to element [0, 1]: outside int32 [-2147483648, 2147483647]",
                    assertThrows(IllegalArgumentException.class, () -> mi.set(0, 1, 1L << 31)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> mi.set(0, 1, Double.NaN));
            mi.set(0, 1, -7.0);
            assertEquals(-7, mi.row(0).get(1));
            assertEquals(0, mi.row(1).get(1), "a refused write changes nothing");
            Matrix<FloatView> mf = f.asFloatMatrix();
            mf.set(1, 0, 0.1);
            assertEquals(0.1f, mf.row(1).get(0));
            mf.set(1, 1, (1L << 40) + 1);
            assertEquals(0x1p40f, mf.row(1).get(1));
            Matrix<DoubleView> md = d.asDoubleMatrix();
            md.set(0, 0, Long.MAX_VALUE);
            assertEquals(0x1p63, md.getDouble(0, 0));
        }
    }

    @Test
    void readOnlyMatricesRefuseWrites() {
        Matrix<DoubleView> m = Matrix.ofDoubles(MemorySegment.ofArray(new double[4]).asReadOnly(), 2, 2);
        assertThrows(UnsupportedOperationException.class, () -> m.set(0, 0, 1.0));
        assertThrows(UnsupportedOperationException.class, () -> m.set(0, 0, 1L));
        assertThrows(UnsupportedOperationException.class, () -> m.column(0).set(0, 1L));
        assertEquals(0.0, m.column(1).getDouble(1));
    }

    @Test
    void columnsAreStridedViewsOverTheSameMemory() {
        for (long rows : FillTest.SIZES) {
            if (rows > 100003) {
                continue;
            }
            try (OffHeapArray a = OffHeapArray.allocate(DType.INT64, Shape.of(rows, 5), Fill.arange());
                 OffHeapArray out = OffHeapArray.allocate(DType.INT64, Shape.of(rows))) {
                Matrix<LongView> m = a.asLongMatrix();
                StridedView c = m.column(3);
                assertEquals(rows, c.length());
                assertEquals(5, c.step());
                assertEquals(DType.INT64, c.dtype());
                c.copyTo(out.asLongs());
                for (long r = 0; r < rows; r++) {
                    assertEquals(5 * r + 3, out.asLongs().get(r));
                    assertEquals(5 * r + 3, c.getLong(r));
                }
                out.asLongs().setAll(r -> -r);
                c.copyFrom(out.asLongs());
                for (long r = 0; r < rows; r++) {
                    assertEquals(-r, m.getLong(r, 3));
                    assertEquals(5 * r + 2, m.getLong(r, 2), "the neighbours are untouched");
                    assertEquals(5 * r + 4, m.getLong(r, 4), "the neighbours are untouched");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32", "INT32", "INT64"})
    void gatherAndScatterWorkForEveryElementSize(DType t) {
        try (OffHeapArray a = OffHeapArray.allocate(t, Shape.of(7, 3), Fill.arange());
             OffHeapArray out = OffHeapArray.allocate(t, Shape.of(7))) {
            StridedView c = matrix(a).column(1);
            c.copyTo(out.view());
            for (long r = 0; r < 7; r++) {
                assertEquals(3 * r + 1, FillTest.longAt(out, r));
            }
            c.set(6, 100L);
            c.set(5, 99.0);
            assertEquals(100, FillTest.longAt(a, 19));
            assertEquals(99.0, c.getDouble(5));
        }
    }

    @Test
    void stridedViewsOfAnyStepAndTheirChecks() {
        LongView v = LongView.wrap(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        StridedView s = StridedView.of(v, 1, 3);
        assertEquals(3, s.length());
        assertEquals(7, s.getLong(2));
        assertEquals(0, StridedView.of(v, 10, 4).length());
        assertEquals(1, StridedView.of(v, 9, 4).length());
        assertEquals(10, StridedView.of(v, 0, 1).length());
        assertEquals("StridedView[int64, length=3, step=3]", s.toString());
        assertEquals("index=3 length=3", assertThrows(IndexOutOfBoundsException.class, () -> s.getLong(3)).getMessage());
        assertEquals("step=0: expected at least 1",
                assertThrows(IllegalArgumentException.class, () -> StridedView.of(v, 0, 0)).getMessage());
        assertEquals("start=11 outside [0, length=10]",
                assertThrows(IndexOutOfBoundsException.class, () -> StridedView.of(v, 11, 1)).getMessage());
        String m = assertThrows(IllegalArgumentException.class, () -> s.copyTo(LongView.wrap(new long[2])))
                .getMessage();
        assertEquals("strided view of 3 int64 and contiguous view of 2 int64: expected the same dtype and length", m);
        assertThrows(IllegalArgumentException.class, () -> s.copyTo(DoubleView.wrap(new double[3])));
        assertThrows(UnsupportedOperationException.class,
                () -> s.copyTo(LongView.of(MemorySegment.ofArray(new long[3]).asReadOnly())));
    }

    @Test
    void columnsOfAClosedArrayThrowIllegalState() {
        OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(3, 2));
        Matrix<DoubleView> m = a.asDoubleMatrix();
        StridedView c = m.column(1);
        a.close();
        assertThrows(IllegalStateException.class, () -> c.getDouble(0));
        assertThrows(IllegalStateException.class, () -> m.getDouble(0, 0));
        assertTrue(c.toString().contains("float64"));
    }
}
