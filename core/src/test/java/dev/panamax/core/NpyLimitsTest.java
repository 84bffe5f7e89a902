package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy's limits, both ways (issue 10, item 14): a header of at most 10,000 characters (NumPy's default
 * {@code max_header_size}) and at most 64 dimensions ({@code NPY_MAXDIMS} since NumPy 2.0). Panamax neither writes
 * nor reads what {@code np.load} would refuse.
 */
class NpyLimitsTest {
    @TempDir
    Path dir;

    /** A file of version {@code major} whose header (after the length field, newline included) is exactly {@code length}. */
    private static byte[] withHeaderLength(int major, String dict, int length) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int chars = dict.codePointCount(0, dict.length());
        int preamble = major == 1 ? 10 : 12;
        byte[] out = new byte[preamble + text.length + (length - chars) + 8];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0}, 0, out, 0, 8);
        int headerBytes = text.length + (length - chars);
        if (major == 1) {
            out[8] = (byte) headerBytes;
            out[9] = (byte) (headerBytes >> 8);
        } else {
            java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, headerBytes);
        }
        System.arraycopy(text, 0, out, preamble, text.length);
        Arrays.fill(out, preamble + text.length, preamble + headerBytes - 1, (byte) ' ');
        out[preamble + headerBytes - 1] = '\n';
        return out;
    }

    @Test
    void aHeaderOfMoreThan10000CharactersIsRefusedLikeNumPyRefusesIt() throws Exception {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
        byte[] atLimit = withHeaderLength(1, dict, 10_000);
        byte[] over = withHeaderLength(1, dict, 10_001);
        byte[] v3AtLimit = withHeaderLength(3, dict, 10_000);
        byte[] v3Over = withHeaderLength(3, dict, 10_001);
        assertEquals(1, Npy.parseHeader(atLimit).shape().elementCount());
        assertEquals(1, Npy.parseHeader(v3AtLimit).shape().elementCount());
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.parseHeader(over));
        assertTrue(e.getMessage().contains("header length 10001 bytes exceeds NumPy's limit of 10000 characters"),
                e.getMessage());
        // Version 3.0 is UTF-8: the limit counts its characters, as Python's len() does.
        NpyFormatException e3 = assertThrows(NpyFormatException.class, () -> Npy.parseHeader(v3Over));
        assertTrue(e3.getMessage().contains("header of 10001 characters exceeds NumPy's limit of 10000"),
                e3.getMessage());

        NumPy.require();
        Files.write(dir.resolve("a-at-limit.npy"), atLimit);
        Files.write(dir.resolve("b-over.npy"), over);
        Files.write(dir.resolve("c-v3-at-limit.npy"), v3AtLimit);
        Files.write(dir.resolve("d-v3-over.npy"), v3Over);
        List<String> numpy = NumPy.run(NumPy.HEADER_READER, dir.toString()).strip().lines().toList();
        assertEquals(List.of("a-at-limit.npy ok <f8 1 False 10010", "b-over.npy err ValueError",
                "c-v3-at-limit.npy ok <f8 1 False 10012", "d-v3-over.npy err ValueError"), numpy);
    }

    @Test
    void moreThan64DimensionsAreRefusedWhenWrittenAndWhenRead() throws NpyFormatException {
        long[] ones = new long[Shape.MAX_RANK + 1];
        Arrays.fill(ones, 1);
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> Shape.of(ones));
        assertEquals("shape of rank 65: NumPy arrays have at most 64 dimensions", w.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("1,".repeat(65)));

        byte[] h = Npy.encodeHeader(DType.INT8, Shape.of(Arrays.copyOf(ones, 64)));
        assertEquals(Npy.DATA_ALIGNMENT, h.length, "64 dimensions fit in one page, far under 10,000 characters");
        assertEquals(64, Npy.parseHeader(java.lang.foreign.MemorySegment.ofArray(h), h.length + 1L).shape().rank());

        String dims = "1, ".repeat(65);
        byte[] file = NpyMalformedTest.v1("{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }", 8);
        NpyFormatException r = assertThrows(NpyFormatException.class, () -> Npy.parseHeader(file));
        assertTrue(r.getMessage().contains("at most 64 dimensions"), r.getMessage());
    }

    @Test
    void aHeaderWithHundredsOfThousandsOfDimensionsIsRefusedWithAShortMessage() {
        String dims = "1,".repeat(300_000);
        byte[] file = NpyMalformedTest.npy(2, 0, "{'descr': '<i1', 'fortran_order': False, 'shape': (" + dims + "), }", 1);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.parseHeader(file));
        assertTrue(e.getMessage().length() < 300, () -> e.getMessage().length() + " characters: " + e.getMessage());
        assertTrue(e.getMessage().contains("exceeds NumPy's limit"), e.getMessage());
    }
}
