package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DTypeTest {
    private static final String SUPPORTED = "int8 (|i1), int16 (<i2), int32 (<i4), int64 (<i8), uint8 (|u1), "
            + "float32 (<f4), float64 (<f8)";

    @ParameterizedTest
    @EnumSource(DType.class)
    void typestrAndNameRoundTripBothWays(DType t) {
        assertEquals(t, DType.fromTypestr(t.typestr()));
        assertEquals(t, DType.fromNumpyName(t.numpyName()));
        assertEquals(t, DType.fromNumpyName(t.numpyName().toUpperCase(Locale.ROOT)));
        assertEquals(t, DType.parse(t.typestr()));
        assertEquals(t, DType.parse(t.numpyName()));
        assertEquals(t.numpyName(), DType.fromTypestr(t.typestr()).numpyName());
        assertEquals(t.typestr(), DType.fromNumpyName(t.numpyName()).typestr());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void nativeOrderPrefixIsLittleEndian(DType t) {
        assertEquals(t, DType.fromTypestr("=" + t.typestr().substring(1)));
        assertEquals(t, DType.fromTypestr("<" + t.typestr().substring(1)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"INT8", "UINT8"})
    void singleByteTypesTakeAnyOrderPrefix(DType t) {
        for (String p : new String[] {"|", "<", ">", "="}) {
            assertEquals(t, DType.fromTypestr(p + t.typestr().substring(1)), p);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"INT16", "INT32", "INT64", "FLOAT32", "FLOAT64"})
    void bigEndianIsRejectedNamingTheLittleEndianAlternative(DType t) {
        String be = ">" + t.typestr().substring(1);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> DType.fromTypestr(be));
        assertEquals("big-endian dtype '" + be + "' is not supported: expected little-endian " + t.typestr(),
                x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.parse(be));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"INT16", "INT32", "INT64", "FLOAT32", "FLOAT64"})
    void notApplicablePrefixIsRejectedForMultiByteTypes(DType t) {
        String s = "|" + t.typestr().substring(1);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> DType.fromTypestr(s));
        assertTrue(x.getMessage().startsWith("unsupported dtype typestr '" + s + "'"), x.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f2", "<c16", "|b1", "<U5", "|O", "|S3", "<u4", "f8", "<", "", "<f8 ", "<F8", "<i3"})
    void unknownTypestrsListEverySupportedType(String s) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> DType.fromTypestr(s));
        assertEquals("unsupported dtype typestr '" + s + "': expected one of " + SUPPORTED, x.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"float16", "complex128", "bool", "double", "int", "uint32", "", " float64"})
    void unknownNamesListEverySupportedType(String s) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> DType.fromNumpyName(s));
        assertEquals("unsupported dtype name '" + s + "': expected one of " + SUPPORTED, x.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void toStringIsTheNumpyName(DType t) {
        assertEquals(t.numpyName(), t.toString());
        assertEquals(t, DType.valueOf(t.name()));
    }

    @Test
    void nullIsRejectedWithAMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DType.fromTypestr(null)).getMessage()
                .contains("typestr null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DType.fromNumpyName(null)).getMessage()
                .contains("name null"));
        assertThrows(IllegalArgumentException.class, () -> DType.parse(null));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void layoutIsUnalignedLittleEndianOfTheRightSize(DType t) {
        assertEquals(t.byteSize(), t.layout().byteSize());
        assertEquals(1, t.layout().byteAlignment());
        assertEquals(ByteOrder.LITTLE_ENDIAN, t.layout().order());
        assertEquals(t.byteSize(), Integer.parseInt(t.typestr().substring(2)));
        assertEquals(t.typestr().charAt(1) == 'f', t.isFloatingPoint());
    }

    @Test
    void onlyTheTwoFloatTypesAreFloatingPoint() {
        assertTrue(DType.FLOAT32.isFloatingPoint());
        assertTrue(DType.FLOAT64.isFloatingPoint());
        assertFalse(DType.INT64.isFloatingPoint());
        assertFalse(DType.UINT8.isFloatingPoint());
    }
}
