package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the files NumPy wrote ({@code src/test/resources/npy/generate.py}) and checks them against
 * {@code manifest.csv}, which NumPy's own header reader produced, and against the generator's value formulas.
 */
class NpyFixturesTest {
    /** One line of manifest.csv: what NumPy says about a fixture. */
    record Entry(String file, String version, String descr, String shape, boolean fortran, long dataOffset,
                 long fileSize) {
        @Override
        public String toString() {
            return file;
        }
    }

    /** Fixtures Panamax refuses, with the words the refusal must contain. */
    private static final Map<String, List<String>> UNSUPPORTED = Map.of(
            "bigendian_f8.npy", List.of("big-endian", "'>f8'", "<f8"),
            "structured.npy", List.of("structured dtype", "('x', '<f8')", "not supported"),
            "bool.npy", List.of("unsupported dtype typestr '|b1'", "float64 (<f8)"),
            "complex.npy", List.of("unsupported dtype typestr '<c16'"));

    static Path fixture(String name) {
        try {
            return Path.of(NpyFixturesTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource /npy/" + name, e);
        }
    }

    static List<Entry> manifest() {
        try {
            return Files.readAllLines(fixture("manifest.csv")).stream().skip(1).map(line -> {
                String[] f = line.split(",");
                return new Entry(f[0], f[1], f[2], f[3], Boolean.parseBoolean(f[4].toLowerCase()),
                        Long.parseLong(f[5]), Long.parseLong(f[6]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Entry> supported() {
        return manifest().stream().filter(e -> !UNSUPPORTED.containsKey(e.file()));
    }

    static Stream<Entry> unsupported() {
        return manifest().stream().filter(e -> UNSUPPORTED.containsKey(e.file()));
    }

    @Test
    void manifestCoversEveryFixtureAndEveryDtype() throws IOException {
        List<Entry> all = manifest();
        try (Stream<Path> files = Files.list(fixture("manifest.csv").getParent())) {
            assertEquals(files.filter(p -> p.toString().endsWith(".npy")).count(), all.size());
        }
        for (DType t : DType.values()) {
            assertTrue(all.stream().anyMatch(e -> e.file().equals(t.numpyName() + "_1d.npy")), t.toString());
            assertTrue(all.stream().anyMatch(e -> e.file().equals(t.numpyName() + "_2d.npy")), t.toString());
        }
        assertEquals(4, all.stream().filter(e -> UNSUPPORTED.containsKey(e.file())).count());
    }

    @ParameterizedTest
    @MethodSource("supported")
    void headerMatchesWhatNumPyReads(Entry e) throws IOException {
        Path path = fixture(e.file());
        NpyHeader h = Npy.readHeader(path);
        assertEquals(e.version(), h.majorVersion() + "." + h.minorVersion());
        assertEquals(e.descr(), h.dtype().typestr());
        Shape expected = e.shape().equals("scalar") ? Shape.of() : Shape.of(Arrays.stream(e.shape().split("x"))
                .mapToLong(Long::parseLong).toArray());
        assertEquals(expected, h.shape());
        assertEquals(e.fortran(), h.fortranOrder());
        assertEquals(e.dataOffset(), h.dataOffset());
        assertEquals(e.fileSize(), h.fileSize(), "NumPy's files hold exactly the data");
        assertEquals(h, Npy.parseHeader(Files.readAllBytes(path)), "byte[] and channel parsing agree");
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void unsupportedFixturesFailWithAMessageNamingTheProblem(Entry e) throws IOException {
        Path path = fixture(e.file());
        NpyFormatException x = assertThrows(NpyFormatException.class, () -> Npy.readHeader(path));
        for (String part : UNSUPPORTED.get(e.file())) {
            assertTrue(x.getMessage().contains(part), () -> "'" + x.getMessage() + "' lacks '" + part + "'");
        }
        assertThrows(NpyFormatException.class, () -> Npy.read(path));
        assertThrows(NpyFormatException.class, () -> Npy.parseHeader(Files.readAllBytes(path)));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void oneDimensionalValuesAreTheGeneratorsIncludingExtremes(DType t) throws IOException {
        try (OffHeapArray a = Npy.read(fixture(t.numpyName() + "_1d.npy"))) {
            assertEquals(t, a.dtype());
            if (t.isFloatingPoint()) {
                boolean f32 = t == DType.FLOAT32;
                double[] expected = {-1.5, -0.0, 0.25, f32 ? (float) Math.PI : Math.PI, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, Double.NaN, f32 ? Float.MAX_VALUE : Double.MAX_VALUE,
                        f32 ? Float.MIN_NORMAL : Double.MIN_NORMAL, f32 ? Math.ulp(1.0f) : Math.ulp(1.0)};
                assertEquals(Shape.of(expected.length), a.shape());
                assertArrayEquals(expected, doubles(a));
            } else {
                long min = t == DType.UINT8 ? 0 : -(1L << (8 * t.byteSize() - 1));
                long max = t == DType.UINT8 ? 255 : t == DType.INT64 ? Long.MAX_VALUE : (1L << (8 * t.byteSize() - 1)) - 1;
                long[] expected = {min, min + 1, 0, 1, 42, max - 1, max};
                assertEquals(Shape.of(expected.length), a.shape());
                assertArrayEquals(expected, longs(a));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void twoDimensionalValuesAreRowMajor(DType t) throws IOException {
        try (OffHeapArray a = Npy.read(fixture(t.numpyName() + "_2d.npy"))) {
            assertEquals(Shape.of(3, 4), a.shape());
            for (int i = 0; i < 12; i++) {
                long v = i * 3L - 7;
                if (t.isFloatingPoint()) {
                    assertEquals(v / 4.0, doubles(a)[i], "element " + i);
                } else {
                    long wrapped = switch (t) {
                        case UINT8 -> v & 0xFF;
                        case INT8 -> (byte) v;
                        default -> v;
                    };
                    assertEquals(wrapped, longs(a)[i], "element " + i);
                }
            }
            if (t == DType.INT32) {
                assertEquals(9 * 3 - 7, a.asIntMatrix().row(2).get(1)); // [2, 1] is element 9
            }
        }
    }

    @Test
    void zeroDimensionalScalarHasOneElement() throws IOException {
        try (OffHeapArray a = Npy.read(fixture("scalar_f8.npy"))) {
            assertEquals(0, a.shape().rank());
            assertEquals(1, a.length());
            assertEquals(2.5, a.asDoubles().get(0));
        }
    }

    @Test
    void emptyArraysAreLegal() throws IOException {
        try (OffHeapArray a = Npy.read(fixture("empty_f8.npy"))) {
            assertEquals(Shape.of(0), a.shape());
            assertEquals(0, a.asDoubles().length());
            assertEquals(0, a.segment().byteSize());
        }
        try (OffHeapArray a = Npy.read(fixture("empty_3x0_i4.npy"))) {
            assertEquals(Shape.of(3, 0), a.shape());
            Matrix<IntView> m = a.asIntMatrix();
            assertEquals(3, m.rows());
            assertEquals(0, m.row(2).length());
        }
        NpyHeader h = Npy.readHeader(fixture("empty_3x0_i4.npy"));
        assertEquals(0, h.dataBytes());
        assertEquals(h.dataOffset(), h.fileSize());
    }

    @Test
    void formatVersions2And3AreRead() throws IOException {
        try (OffHeapArray a = Npy.read(fixture("v2_f8_2x3.npy"))) {
            assertEquals(2, Npy.readHeader(fixture("v2_f8_2x3.npy")).majorVersion());
            assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5}, a.asDoubles().toArray());
            assertEquals(2.0, a.asDoubleMatrix().row(1).get(1));
        }
        try (OffHeapArray a = Npy.read(fixture("v3_i4.npy"))) {
            assertEquals(3, Npy.readHeader(fixture("v3_i4.npy")).majorVersion());
            assertArrayEquals(new int[] {-2, -1, 0, 1, 2}, a.asInts().toArray());
        }
    }

    @Test
    void fortranOrderIsReadAsAFlagAndRejectedWhereRowsAreNeeded() throws IOException {
        Path path = fixture("fortran_f8_2x3.npy");
        NpyHeader h = Npy.readHeader(path);
        assertTrue(h.fortranOrder());
        assertEquals(Shape.of(2, 3), h.shape());
        NpyFormatException x = assertThrows(NpyFormatException.class, h::requireRowMajor);
        assertTrue(x.getMessage().contains("fortran_order: True"), x.getMessage());
        assertTrue(x.getMessage().contains("(2, 3)"), x.getMessage());
        assertThrows(NpyFormatException.class, () -> Npy.read(path));
        // The data really is column-major: a[r, c] = r * 3 + c lies at c * 2 + r.
        MemorySegment data = MemorySegment.ofArray(Files.readAllBytes(path)).asSlice(h.dataOffset());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5},
                data.toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void fortranOrderOfAOneDimensionalArrayIsHarmless() throws IOException {
        new NpyHeader(1, 0, DType.FLOAT64, Shape.of(5), true, 128).requireRowMajor();
        new NpyHeader(1, 0, DType.FLOAT64, Shape.of(), true, 128).requireRowMajor();
    }

    @Test
    void dataAtOffset64FromACompactHeaderIsRead() throws IOException {
        NpyHeader h = Npy.readHeader(fixture("offset64_u1.npy"));
        assertEquals(64, h.dataOffset());
        assertEquals(DType.UINT8, h.dtype());
        try (OffHeapArray a = Npy.read(fixture("offset64_u1.npy"))) {
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, longs(a));
        }
    }

    @Test
    void longShapePushesDataTo192AndIsRead() throws IOException {
        NpyHeader h = Npy.readHeader(fixture("offset192_rank25_f8.npy"));
        assertEquals(192, h.dataOffset());
        assertEquals(25, h.shape().rank());
        try (OffHeapArray a = Npy.read(fixture("offset192_rank25_f8.npy"))) {
            assertArrayEquals(new double[] {1.5, 2.5, 3.5}, a.asDoubles().toArray());
        }
    }

    /** Every element widened to long, whatever the integer dtype (uint8 read unsigned). */
    static long[] longs(NumericArray a) {
        MemorySegment s = a.segment();
        long[] out = new long[Math.toIntExact(a.length())];
        for (int i = 0; i < out.length; i++) {
            long off = (long) i * a.dtype().byteSize();
            out[i] = switch (a.dtype()) {
                case INT8 -> s.get(ValueLayout.JAVA_BYTE, off);
                case UINT8 -> Byte.toUnsignedLong(s.get(ValueLayout.JAVA_BYTE, off));
                case INT16 -> s.get((ValueLayout.OfShort) DType.INT16.layout(), off);
                case INT32 -> s.get((ValueLayout.OfInt) DType.INT32.layout(), off);
                case INT64 -> s.get((ValueLayout.OfLong) DType.INT64.layout(), off);
                default -> throw new IllegalArgumentException(a.dtype().toString());
            };
        }
        return out;
    }

    /** Every element widened to double, for the two floating-point dtypes. */
    static double[] doubles(NumericArray a) {
        return switch (a.dtype()) {
            case FLOAT64 -> a.asDoubles().toArray();
            case FLOAT32 -> {
                float[] f = a.asFloats().toArray();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                yield d;
            }
            default -> throw new IllegalArgumentException(a.dtype().toString());
        };
    }
}
