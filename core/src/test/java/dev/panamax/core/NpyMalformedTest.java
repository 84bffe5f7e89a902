package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per kind of malformed {@code .npy} input: each must be an {@link NpyFormatException} whose message
 * names the problem and the offending value, through every entry point (bytes, a real file, a full read).
 */
class NpyMalformedTest {
    private static final String F8_3 = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";

    @TempDir
    Path dir;

    /** A .npy file: preamble for the version, the dict padded to a multiple of 64 with a newline, then data. */
    static byte[] npy(int major, int minor, String dict, int dataBytes) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return npy(major, minor, text, dataBytes);
    }

    static byte[] npy(int major, int minor, byte[] text, int dataBytes) {
        int preamble = major == 1 ? 10 : 12;
        int total = (preamble + text.length + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (major == 1) {
            b.putShort((short) (total - preamble));
        } else {
            b.putInt(total - preamble);
        }
        b.put(text);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    static byte[] v1(String dict, int dataBytes) {
        return npy(1, 0, dict, dataBytes);
    }

    static Arguments bad(String name, byte[] file, String... fragments) {
        return Arguments.of(name, file, List.of(fragments));
    }

    static Stream<Arguments> cases() {
        byte[] badMagic = v1(F8_3, 24);
        badMagic[5] = 'X';
        byte[] lengthPastEnd = v1(F8_3, 24);
        lengthPastEnd[8] = (byte) 0xFF;
        lengthPastEnd[9] = (byte) 0xFF;
        byte[] v2PastEnd = npy(2, 0, F8_3, 24);
        ByteBuffer.wrap(v2PastEnd).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 100_000);
        byte[] v2OverLimit = npy(2, 0, F8_3, 24);
        ByteBuffer.wrap(v2OverLimit).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1); // 4294967295
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x".getBytes(StandardCharsets.US_ASCII));
        badUtf8.write(0xC3); // a lone UTF-8 lead byte
        badUtf8.writeBytes("': 1}".getBytes(StandardCharsets.US_ASCII));
        return Stream.of(
                bad("empty file", new byte[0], "not a .npy file", "0 bytes"),
                bad("5-byte file", Arrays.copyOf(badMagic, 5), "not a .npy file", "5 bytes"),
                bad("bad magic", badMagic, "bad magic", "93 4e 55 4d 50 58", "\\x93NUMPY"),
                bad("text file", "hello, world, this is text".getBytes(StandardCharsets.US_ASCII), "bad magic",
                        "68 65 6c 6c 6f 2c"),
                bad("version 4.0", npy(4, 0, F8_3, 24), "unsupported .npy format version 4.0", "1.0, 2.0 or 3.0"),
                bad("version 1.1", npy(1, 1, F8_3, 24), "version 1.1"),
                bad("version 0.0", npy(0, 0, F8_3, 24), "version 0.0"),
                bad("version 2.0 preamble cut", Arrays.copyOf(npy(2, 0, F8_3, 24), 11), "12-byte preamble",
                        "11 bytes"),
                bad("header length past the end", lengthPastEnd, "header length 65535", "runs past the end",
                        "file has 152 bytes)"),
                bad("v2 header length past the end", v2PastEnd, "header length 100000", "runs past the end"),
                bad("v2 header length of 4 GiB", v2OverLimit, "header length 4294967295", "runs past the end"),
                bad("unterminated dictionary", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), ", 24),
                        "does not parse", "unterminated dictionary"),
                bad("missing colon", v1("{'descr' '<f8', 'fortran_order': False, 'shape': (3,)}", 24),
                        "does not parse", "expected ':' after key 'descr'"),
                bad("unknown name", v1("{'descr': '<f8', 'fortran_order': false, 'shape': (3,)}", 24),
                        "does not parse", "unknown name 'false'"),
                bad("text after the dictionary", v1(F8_3 + " }", 24), "unexpected text after the dictionary"),
                bad("not a dictionary", v1("[('descr', '<f8')]", 24), "header is not a dictionary"),
                bad("duplicate key", v1("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,)}", 24),
                        "duplicate key 'descr'"),
                bad("nesting too deep", v1("{'descr': " + "(".repeat(40) + ")".repeat(40) + "}", 24),
                        "nesting deeper than 32"),
                bad("leading zero", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (03,), }", 24),
                        "integer 03 has a leading zero"),
                bad("integer over 64 bits", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", 24),
                        "integer 99999999999999999999 does not fit in 64 bits"),
                bad("raw newline in a string", v1("{'descr': '<f\n8', 'fortran_order': False, 'shape': (3,), }", 24),
                        "newline inside a string"),
                bad("invalid UTF-8 in 3.0", npy(3, 0, badUtf8.toByteArray(), 24), "not valid UTF-8"),
                bad("missing shape", v1("{'descr': '<f8', 'fortran_order': False, }", 24),
                        "missing key 'shape'"),
                bad("missing descr", v1("{'fortran_order': False, 'shape': (3,), }", 24), "missing key 'descr'"),
                bad("missing fortran_order", v1("{'descr': '<f8', 'shape': (3,), }", 24),
                        "missing key 'fortran_order'"),
                bad("escaped key is another key", v1("{'de\\scr': '<f8', 'fortran_order': False, 'shape': (3,), }", 24),
                        "missing key 'descr'"),
                bad("extra key", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'foo': 1}", 24),
                        "unexpected key 'foo'", "expected only 'descr', 'fortran_order' and 'shape'"),
                bad("extra integer key", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 7: 1}", 24),
                        "unexpected key 7"),
                bad("unknown descr", v1("{'descr': '<U5', 'fortran_order': False, 'shape': (3,), }", 60),
                        "unsupported dtype typestr '<U5'", "float64 (<f8)"),
                bad("object descr", v1("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", 24),
                        "unsupported dtype typestr '|O'"),
                bad("big-endian descr", v1("{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }", 12),
                        "big-endian dtype '>i4'", "expected little-endian <i4"),
                bad("structured descr", v1("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (3,), }", 36),
                        "structured dtype", "('x', '<f8')", "not supported"),
                bad("subarray descr", v1("{'descr': ('<f8', (2,)), 'fortran_order': False, 'shape': (3,), }", 48),
                        "header 'descr' is ('<f8', (2,))", "expected a typestr"),
                bad("descr not a string", v1("{'descr': 8, 'fortran_order': False, 'shape': (3,), }", 24),
                        "header 'descr' is 8"),
                bad("negative shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3, -1), }", 24),
                        "dimension -1 at index 1", "non-negative integer"),
                bad("overflowing shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }", 24),
                        "(4611686018427387904, 8)", "more than Long.MAX_VALUE elements"),
                bad("overflowing byte size", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952, 2), }", 24),
                        "float64 needs more than Long.MAX_VALUE bytes"),
                bad("data end past Long.MAX_VALUE", v1("{'descr': '|i1', 'fortran_order': False, 'shape': (9223372036854775807,), }", 24),
                        "9223372036854775807 bytes after data offset 128", "past Long.MAX_VALUE"),
                bad("overflow hidden by a zero dimension", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904, 4), }", 0),
                        "non-zero dimensions"),
                bad("float shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3.5,), }", 24),
                        "does not parse"),
                bad("string shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': ('3',), }", 24),
                        "dimension '3' at index 0", "non-negative integer"),
                bad("boolean shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (True,), }", 24),
                        "dimension True at index 0"),
                bad("list shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': [3], }", 24),
                        "header 'shape' is [3]", "expected a tuple"),
                bad("parenthesized int shape", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3), }", 24),
                        "header 'shape' is 3", "expected a tuple"),
                bad("fortran_order an int", v1("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }", 24),
                        "header 'fortran_order' is 0", "expected True or False"),
                bad("fortran_order a string", v1("{'descr': '<f8', 'fortran_order': 'False', 'shape': (3,), }", 24),
                        "header 'fortran_order' is 'False'"),
                bad("fortran_order None", v1("{'descr': '<f8', 'fortran_order': None, 'shape': (3,), }", 24),
                        "header 'fortran_order' is None"),
                bad("data shorter than the shape", v1(F8_3, 23), "data shorter than the shape says",
                        "needs 24 bytes at offset 128", "the file has 151 bytes"),
                bad("no data at all", v1("{'descr': '<i4', 'fortran_order': False, 'shape': (1000, 1000), }", 0),
                        "needs 4000000 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputIsAnNpyFormatExceptionNamingTheProblem(String name, byte[] file, List<String> fragments)
            throws Exception {
        NpyFormatException fromBytes = assertThrows(NpyFormatException.class, () -> Npy.parseHeader(file));
        assertMentions(fromBytes, fragments);

        Path path = dir.resolve("bad.npy");
        Files.write(path, file);
        NpyFormatException fromFile = assertThrows(NpyFormatException.class, () -> Npy.readHeader(path));
        assertEquals(fromBytes.getMessage(), fromFile.getMessage(), "same verdict from bytes and from the file");
        NpyFormatException fromRead = assertThrows(NpyFormatException.class, () -> Npy.read(path));
        assertEquals(fromBytes.getMessage(), fromRead.getMessage());
    }

    static void assertMentions(Throwable x, List<String> fragments) {
        for (String f : fragments) {
            assertTrue(x.getMessage().contains(f), () -> "message '" + x.getMessage() + "' lacks '" + f + "'");
        }
    }

    /**
     * Malformed cases NumPy's reader accepts: the dtypes Panamax does not support, and Python semantics it
     * refuses on purpose (True as a dimension, a repeated key, a shape that only fits because of a zero).
     */
    private static final Set<String> NUMPY_ACCEPTS = Set.of("unknown descr", "object descr", "big-endian descr",
            "structured descr", "subarray descr", "boolean shape", "duplicate key", "overflow hidden by a zero dimension");

    @Test
    void numPyRefusesTheSameInputsSoPanamaxIsNeverMoreLenient() throws Exception {
        NumPy.require();
        List<Arguments> all = cases().toList();
        for (int i = 0; i < all.size(); i++) {
            Files.write(dir.resolve(String.format("c%03d.npy", i)), (byte[]) all.get(i).get()[1]);
        }
        List<String> lines = NumPy.run(NumPy.HEADER_READER, dir.toString()).strip().lines().toList();
        assertEquals(all.size(), lines.size());
        for (int i = 0; i < all.size(); i++) {
            String name = (String) all.get(i).get()[0];
            boolean numpyAccepts = lines.get(i).split(" ")[1].equals("ok");
            assertEquals(NUMPY_ACCEPTS.contains(name), numpyAccepts, name + ": NumPy says " + lines.get(i));
        }
    }

    @Test
    void numPyReadsTheAcceptedVariantsTheSameWay() throws Exception {
        NumPy.require();
        for (int i = 0; i < ACCEPTED_VARIANTS.size(); i++) {
            Files.write(dir.resolve(String.format("v%03d.npy", i)), v1(ACCEPTED_VARIANTS.get(i), 24));
        }
        List<String> lines = NumPy.run(NumPy.HEADER_READER, dir.toString()).strip().lines().toList();
        assertEquals(ACCEPTED_VARIANTS.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            long offset = Npy.parseHeader(v1(ACCEPTED_VARIANTS.get(i), 24)).dataOffset();
            assertEquals(String.format("v%03d.npy ok <f8 3 False %d", i, offset), lines.get(i));
        }
    }

    @Test
    void truncatedFileAtEveryLengthIsRefused() throws Exception {
        byte[] good = v1(F8_3, 24);
        assertEquals(Shape.of(3), Npy.parseHeader(good).shape());
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(NpyFormatException.class, () -> Npy.parseHeader(cut), "length " + n);
        }
    }

    @Test
    void fileThatShrinksAfterTheHeaderWasReadIsAnNpyFormatException() throws Exception {
        // readHeader checked the size; the data read must still fail cleanly if the file is shorter by then.
        Path path = dir.resolve("short.npy");
        Files.write(path, v1(F8_3, 24));
        try (var ch = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.READ)) {
            NpyHeader h = Npy.readHeader(ch);
            java.lang.foreign.MemorySegment dst = java.lang.foreign.Arena.ofAuto().allocate(48);
            NpyFormatException x = assertThrows(NpyFormatException.class,
                    () -> Npy.readData(ch, dst, h.dataOffset(), 16));
            assertTrue(x.getMessage().contains("unexpected end of file"), x.getMessage());
        }
    }

    /** Header dictionaries NumPy writes or reads, in the forms Python allows: all (3,) float64. */
    private static final List<String> ACCEPTED_VARIANTS = List.of(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}",
            "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}",
            "{'descr':'<f8','fortran_order':False,'shape':(3L,)}",
            "{'descr': '=f8', 'fortran_order': False, 'shape': ((3,)), }",
            "{'descr': '<f8',\n 'fortran_order': False,\t'shape': (3 , ) }",
            "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (+3,), }",
            "{'de\\\nscr': '<f8', 'fortran_order': False, 'shape': (3,), }",
            " \t{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }  \n\n");

    @Test
    void acceptedVariantsThatPythonAlsoAccepts() throws Exception {
        for (String dict : ACCEPTED_VARIANTS) {
            NpyHeader h = Npy.parseHeader(v1(dict, 24));
            assertEquals(DType.FLOAT64, h.dtype(), dict);
            assertEquals(Shape.of(3), h.shape(), dict);
        }
        assertEquals(Shape.of(), Npy.parseHeader(v1("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", 8)).shape());
        assertEquals(Shape.of(3, 0), Npy.parseHeader(v1("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 0)}", 0)).shape());
        assertEquals(DType.UINT8, Npy.parseHeader(v1("{'descr': '>u1', 'fortran_order': False, 'shape': (3,)}", 3)).dtype());
    }

    @Test
    void pythonTwoLongSuffixIsRefusedInVersion3LikeNumPyDoes() {
        NpyFormatException x = assertThrows(NpyFormatException.class, () -> Npy.parseHeader(
                npy(3, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }", 24)));
        assertTrue(x.getMessage().contains("'L' after integer 3"), x.getMessage());
    }
}
