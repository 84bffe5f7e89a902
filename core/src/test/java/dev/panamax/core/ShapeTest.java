package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShapeTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "5; (5,)", "(3, 4); (3, 4)", "3,4,; (3, 4)", "(); ()", "''; ()", "'  '; ()", "[2,3]; (2, 3)",
        "' ( 7 , ) '; (7,)", "200000,5; (200000, 5)", "0; (0,)", "3,0; (3, 0)", "+4; (4,)",
        "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2; "
            + "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2)"})
    void parseAcceptsTheUsualForms(String text, String expected) {
        assertEquals(expected, Shape.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "3,,4; dimension 1 is ''", "a; dimension 0 is 'a'", "3.5; dimension 0 is '3.5'", "(3,4; dimension 0 is '(3'",
        "((3,4)); dimension 0 is '(3'", "','; dimension 0 is ''", "'\u0663'; dimension 0 is '\u0663'",
        "0x10; dimension 0 is '0x10'", "-; dimension 0 is '-'", "3 4; dimension 0 is '3 4'"})
    void parseRejectsWhatIsNotAListOfIntegers(String text, String fragment) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Shape.parse(text));
        assertTrue(x.getMessage().startsWith("invalid shape '" + text + "'"), x.getMessage());
        assertTrue(x.getMessage().contains(fragment + ", expected a non-negative integer"), x.getMessage());
    }

    @Test
    void parseNamesTheProblemForNegativeHugeAndNull() {
        assertEquals("negative dimension -1 at index 1 in shape (3, -1): expected every dimension >= 0",
                assertThrows(IllegalArgumentException.class, () -> Shape.parse("3,-1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.parse("99999999999999999999"))
                .getMessage().endsWith("expected a non-negative integer that fits in a long"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.parse(null)).getMessage()
                .contains("shape is null"));
    }

    @Test
    void elementCountOverflowIsRejected() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Shape.of(1L << 62, 4));
        assertEquals("shape (4611686018427387904, 4) has more than Long.MAX_VALUE elements", x.getMessage());
        assertEquals(Long.MAX_VALUE, Shape.of(Long.MAX_VALUE).elementCount());
        assertEquals(1L << 62, Shape.of(1L << 31, 1L << 31).elementCount());
    }

    @Test
    void aZeroDimensionDoesNotHideAnOverflow() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(0, 1L << 62, 1L << 62));
        assertTrue(x.getMessage().contains("non-zero dimensions"), x.getMessage());
        assertEquals(0, Shape.of(0, 1L << 40, 1L << 20).elementCount());
    }

    @Test
    void byteSizeOverflowNamesShapeAndDtype() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(1L << 61, 2).byteSize(DType.FLOAT64));
        assertEquals("shape (2305843009213693952, 2) of float64 needs more than Long.MAX_VALUE bytes", x.getMessage());
        assertEquals(1L << 62, Shape.of(1L << 61, 2).byteSize(DType.INT8));
    }

    @Test
    void negativeDimensionIsRejected() {
        assertEquals("negative dimension -5 at index 0 in shape (-5,): expected every dimension >= 0",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(-5)).getMessage());
        assertThrows(NullPointerException.class, () -> Shape.of((long[]) null));
    }

    @Test
    void zeroDimensionsMakeEmptyArrays() {
        assertEquals(0, Shape.of(3, 0).elementCount());
        assertEquals(0, Shape.of(0).byteSize(DType.FLOAT64));
        assertEquals(1, Shape.of().elementCount());
        assertEquals(8, Shape.of().byteSize(DType.FLOAT64));
        assertEquals(0, Shape.of().rank());
    }

    @Test
    void stridesAreRowMajorInElements() {
        assertArrayEquals(new long[] {12, 4, 1}, Shape.of(2, 3, 4).strides());
        assertArrayEquals(new long[] {5, 1}, Shape.of(200_000, 5).strides());
        assertArrayEquals(new long[] {1}, Shape.of(7).strides());
        assertArrayEquals(new long[0], Shape.of().strides());
        // No element is ever addressed in an empty array; zero dimensions count as 1 so strides stay finite.
        assertArrayEquals(new long[] {3, 3, 1}, Shape.of(2, 0, 3).strides());
    }

    @Test
    void toStringIsWhatNumPyPrints() {
        assertEquals("(10000000,)", Shape.of(10_000_000).toString());
        assertEquals("(200000, 5)", Shape.of(200_000, 5).toString());
        assertEquals("()", Shape.of().toString());
    }

    @Test
    void toPythonTupleIsWhatPythonPrints() {
        assertEquals("(5,)", Shape.of(5).toPythonTuple());
        assertEquals("(3, 4)", Shape.of(3, 4).toPythonTuple());
        assertEquals("()", Shape.of().toPythonTuple());
        assertEquals("(0, 1, 2)", Shape.of(0, 1, 2).toPythonTuple());
        assertEquals(Shape.of(9, 8, 7), Shape.parse(Shape.of(9, 8, 7).toPythonTuple()));
        assertEquals(Shape.of(9), Shape.parse(Shape.of(9).toPythonTuple()));
    }

    @Test
    void isImmutable() {
        long[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 99;
        assertEquals(2, s.dim(0));
        s.dims()[1] = 99;
        assertEquals(3, s.dim(1));
    }

    @Test
    void dimChecksTheAxis() {
        Shape s = Shape.of(2, 3);
        assertEquals("axis 2 out of range for rank 2",
                assertThrows(IndexOutOfBoundsException.class, () -> s.dim(2)).getMessage());
        assertEquals("axis -1 out of range for rank 2",
                assertThrows(IndexOutOfBoundsException.class, () -> s.dim(-1)).getMessage());
    }

    @Test
    void equalityIsByDimensions() {
        assertEquals(Shape.of(2, 3), Shape.parse("2,3"));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.parse("(2, 3)").hashCode());
        assertNotEquals(Shape.of(3, 2), Shape.of(2, 3));
        assertNotEquals(Shape.of(6), Shape.of(2, 3));
        assertNotEquals(Shape.of(), Shape.of(1));
    }
}
