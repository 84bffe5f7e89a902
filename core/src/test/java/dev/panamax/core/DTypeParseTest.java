package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DType#parse} as NumPy 2 on 64-bit Linux reads a dtype; {@link DTypeNumPyTest} asks NumPy itself. */
class DTypeParseTest {
    @ParameterizedTest
    @CsvSource({
        "float64, FLOAT64", "double, FLOAT64", "float, FLOAT64", "d, FLOAT64", "f8, FLOAT64", "<f8, FLOAT64",
        "=f8, FLOAT64", "|f8, FLOAT64", "<d, FLOAT64", "f08, FLOAT64",
        "float32, FLOAT32", "single, FLOAT32", "f, FLOAT32", "f4, FLOAT32", "<f4, FLOAT32",
        "int64, INT64", "long, INT64", "longlong, INT64", "int_, INT64", "int, INT64", "intp, INT64", "l, INT64",
        "q, INT64", "p, INT64", "n, INT64", "i8, INT64", "<i8, INT64", "i08, INT64",
        "int32, INT32", "intc, INT32", "i, INT32", "i4, INT32", "<i4, INT32", "=i4, INT32",
        "int16, INT16", "short, INT16", "h, INT16", "i2, INT16", "<i2, INT16",
        "int8, INT8", "byte, INT8", "b, INT8", "i1, INT8", "|i1, INT8", ">i1, INT8", ">b, INT8",
        "uint8, UINT8", "ubyte, UINT8", "B, UINT8", "u1, UINT8", "|u1, UINT8", "<u1, UINT8", ">u1, UINT8"})
    void acceptsNumPysNamesCodesAndAliases(String text, DType expected) {
        assertEquals(expected, DType.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "u2; NumPy's uint16; the closest supported dtype is int32",
        "ushort; NumPy's uint16; the closest supported dtype is int32",
        "uint32; NumPy's uint32; the closest supported dtype is int64",
        "uint; NumPy's uint64; the closest supported dtype is int64",
        "L; NumPy's uint64; the closest supported dtype is int64",
        "bool; NumPy's bool; the closest supported dtype is uint8",
        "?; NumPy's bool; the closest supported dtype is uint8",
        "b1; NumPy's bool; the closest supported dtype is uint8",
        "float16; NumPy's float16; the closest supported dtype is float32",
        "<f2; NumPy's float16; the closest supported dtype is float32",
        "g; NumPy's longdouble; the closest supported dtype is float64",
        "f16; NumPy's longdouble; the closest supported dtype is float64",
        "complex128; NumPy's complex128; the closest supported dtype is float64",
        "F; NumPy's complex64; the closest supported dtype is float32",
        "M8[ns]; NumPy's datetime64; the closest supported dtype is int64",
        "<m8; NumPy's timedelta64; the closest supported dtype is int64",
        "object; NumPy's object; it stores numbers only",
        "U5; NumPy's str; it stores numbers only",
        "S; NumPy's bytes; it stores numbers only"})
    void refusesNumPyTypesItLacksNamingTheClosest(String text, String numpy, String instead) {
        String m = assertThrows(IllegalArgumentException.class, () -> DType.parse(text)).getMessage();
        assertTrue(m.startsWith("unsupported dtype '" + text + "' (" + numpy + "):"), m);
        assertTrue(m.contains(instead), m);
    }

    @Test
    void refusesBigEndianNamingTheLittleEndianCode() {
        assertEquals("big-endian dtype '>f8' is not supported: expected little-endian <f8",
                assertThrows(IllegalArgumentException.class, () -> DType.parse(">f8")).getMessage());
        assertEquals("big-endian dtype '>i' is not supported: expected little-endian <i4",
                assertThrows(IllegalArgumentException.class, () -> DType.parse(">i")).getMessage());
    }

    @Test
    void refusesWhatNumPy2RemovedNamingTheReplacement() {
        assertEquals("dtype 'float_' was removed in NumPy 2.0: use float64 (float64)",
                assertThrows(IllegalArgumentException.class, () -> DType.parse("float_")).getMessage());
        assertEquals("dtype 'int0' was removed in NumPy 2.0: use intp (int64)",
                assertThrows(IllegalArgumentException.class, () -> DType.parse("int0")).getMessage());
        String m = assertThrows(IllegalArgumentException.class, () -> DType.parse("complex_")).getMessage();
        assertTrue(m.startsWith("dtype 'complex_' was removed in NumPy 2.0: use complex128, which Panamax does not "
                + "have either; the closest supported dtype is float64"), m);
    }

    @ParameterizedTest
    @CsvSource({"FLOAT64, float64", "Float32, float32", "F8, f8", "I4, i4", "INT, int"})
    void upperCaseIsRefusedWithAHint(String text, String lower) {
        String m = assertThrows(IllegalArgumentException.class, () -> DType.parse(text)).getMessage();
        assertTrue(m.startsWith("unsupported dtype '" + text + "' (NumPy's dtype names are case-sensitive: did you "
                + "mean " + lower + "?): expected a NumPy dtype name or code"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " f8", "f8 ", "float64 ", "<float64", "=int32", "<", "<>f8", "<<f8", "||u1", "i3",
        "i0", "f1", "u", "i16", "b2", "d8", "l8", "np.float64", "int64_", "i4,", "2f8", "(2)f8", "f8[2]", "Int8"})
    void refusesWhatIsNotANumPyDtypeListingTheSupportedOnes(String text) {
        String m = assertThrows(IllegalArgumentException.class, () -> DType.parse(text)).getMessage();
        assertTrue(m.startsWith("unsupported dtype '" + text + "'"), m);
        assertTrue(m.contains("expected a NumPy dtype name or code for one of int8 (|i1), int16 (<i2), int32 (<i4), "
                + "int64 (<i8), uint8 (|u1), float32 (<f4), float64 (<f8)"), m);
    }

    @Test
    void nullIsRefusedWithAMessage() {
        assertEquals("dtype is null: expected a NumPy dtype such as float64, f8 or <f8",
                assertThrows(IllegalArgumentException.class, () -> DType.parse(null)).getMessage());
    }
}
