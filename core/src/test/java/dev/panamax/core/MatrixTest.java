package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class MatrixTest {
    private static Matrix<IntView> ints(int rows, int cols) {
        int[] values = new int[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return Matrix.ofInts(MemorySegment.ofArray(values), rows, cols);
    }

    @Test
    void rowsAreRowMajorViewsWithoutCopy() {
        Matrix<IntView> m = ints(4, 3);
        assertEquals(4, m.rows());
        assertEquals(3, m.cols());
        assertEquals(DType.INT32, m.dtype());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(new int[] {3 * r, 3 * r + 1, 3 * r + 2}, m.row(r).toArray());
        }
        m.row(2).set(1, -1);
        assertEquals(-1, m.flat().get(7));
        assertEquals(m.segment(), m.flat().segment());
        assertEquals("Matrix[int32, rows=4, cols=3]", m.toString());
    }

    @Test
    void rowIndexErrorsCarryBothValues() {
        Matrix<IntView> m = ints(4, 3);
        assertEquals("row=4 rows=4", assertThrows(IndexOutOfBoundsException.class, () -> m.row(4)).getMessage());
        assertEquals("row=-1 rows=4", assertThrows(IndexOutOfBoundsException.class, () -> m.row(-1)).getMessage());
    }

    @Test
    void rowRangeIsASubMatrixSharingMemory() {
        Matrix<IntView> m = ints(5, 2);
        Matrix<IntView> band = m.rowRange(1, 3);
        assertEquals(3, band.rows());
        assertEquals(2, band.cols());
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7}, band.flat().toArray());
        assertArrayEquals(m.row(3).toArray(), band.row(2).toArray());
        band.row(0).set(0, 99);
        assertEquals(99, m.row(1).get(0));
        assertEquals(0, m.rowRange(5, 0).rows());
        assertEquals("range from=4 count=2 outside length=5",
                assertThrows(IndexOutOfBoundsException.class, () -> m.rowRange(4, 2)).getMessage());
        assertEquals("range from=-1 count=1 outside length=5",
                assertThrows(IndexOutOfBoundsException.class, () -> m.rowRange(-1, 1)).getMessage());
        assertEquals("row=3 rows=3", assertThrows(IndexOutOfBoundsException.class, () -> band.row(3)).getMessage());
    }

    @Test
    void mismatchedSizesAreRefusedWithTheNumbers() {
        MemorySegment s = MemorySegment.ofArray(new double[11]);
        assertEquals("matrix rows=3 cols=4 needs 12 elements but the view has length=11",
                assertThrows(IllegalArgumentException.class, () -> Matrix.ofDoubles(s, 3, 4)).getMessage());
        assertEquals("negative matrix dimension: rows=-1 cols=4",
                assertThrows(IllegalArgumentException.class, () -> Matrix.ofDoubles(s, -1, 4)).getMessage());
        assertEquals("matrix rows=" + (1L << 32) + " cols=" + (1L << 32) + " overflows a long",
                assertThrows(IllegalArgumentException.class, () -> Matrix.ofDoubles(s, 1L << 32, 1L << 32)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.ofFloats(MemorySegment.ofArray(new byte[6]), 1, 1));
        assertThrows(NullPointerException.class, () -> Matrix.of(null, 1, 1));
    }

    @Test
    void everyTypeHasItsFactoryAndTheGenericOneKeepsTheRowType() {
        Matrix<DoubleView> d = Matrix.ofDoubles(MemorySegment.ofArray(new double[] {1, 2, 3, 4}), 2, 2);
        Matrix<FloatView> f = Matrix.ofFloats(MemorySegment.ofArray(new float[] {1, 2, 3, 4}), 2, 2);
        Matrix<LongView> l = Matrix.ofLongs(MemorySegment.ofArray(new long[] {1, 2, 3, 4}), 2, 2);
        assertEquals(3.0, d.row(1).get(0));
        assertEquals(4.0f, f.row(1).get(1));
        assertEquals(2L, l.row(0).get(1));
        Matrix<LongView> g = Matrix.of(LongView.wrap(new long[] {5, 6, 7, 8, 9, 10}), 3, 2);
        assertInstanceOf(LongView.class, g.row(2));
        assertEquals(9L, g.row(2).get(0));
        Matrix<FloatView> gf = Matrix.of(FloatView.wrap(new float[6]), 2, 3);
        assertInstanceOf(FloatView.class, gf.rowRange(1, 1).row(0));
    }

    @Test
    void emptyRowsAndColumnsAreLegal() {
        Matrix<IntView> noCols = Matrix.ofInts(MemorySegment.ofArray(new int[0]), 5, 0);
        assertEquals(0, noCols.row(4).length());
        Matrix<IntView> noRows = Matrix.ofInts(MemorySegment.ofArray(new int[0]), 0, 7);
        assertEquals(0, noRows.rows());
        assertThrows(IndexOutOfBoundsException.class, () -> noRows.row(0));
    }

    @Test
    void numericArrayMatricesCheckDtypeAndRank() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT32, Shape.of(2, 3));
             OffHeapArray b = OffHeapArray.allocate(DType.INT64, Shape.of(6));
             OffHeapArray c = OffHeapArray.allocate(DType.INT16, Shape.of(2, 3))) {
            assertEquals(3, a.asFloatMatrix().cols());
            assertInstanceOf(FloatView.class, a.matrix().row(1));
            assertEquals("dtype mismatch: array is float32, expected float64",
                    assertThrows(IllegalArgumentException.class, a::asDoubleMatrix).getMessage());
            assertEquals("shape (6,) is not 2-D: expected (rows, cols)",
                    assertThrows(IllegalArgumentException.class, b::asLongMatrix).getMessage());
            assertInstanceOf(ShortView.class, c.matrix().row(1), "every dtype has its view");
        }
    }
}
