package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files cross between Java and NumPy in both directions. Skipped without NumPy unless
 * {@code PANAMAX_REQUIRE_NUMPY=1} (see {@link NumPy}).
 */
class NumPyInteropTest {
    @TempDir
    Path dir;

    /** Element i of the test arrays: i * 3 - 7, over 4 for floats, wrapped to the type for the small ints. */
    private static final String EXPECTED_PY = """
            def expected(dtype, shape):
                i = np.arange(int(np.prod(shape)), dtype=np.int64) * 3 - 7
                if np.dtype(dtype).kind == 'f':
                    return (i / 4).astype(dtype).reshape(shape)
                return i.astype(dtype).reshape(shape)
            """;

    @Test
    void javaWritesNumPyLoadsEveryDtypeWithTheSameValues() throws Exception {
        NumPy.require();
        Shape shape = Shape.of(2, 3, 4);
        for (DType t : DType.values()) {
            try (OffHeapArray a = OffHeapArray.allocate(t, shape)) {
                for (int i = 0; i < a.length(); i++) {
                    long v = i * 3L - 7;
                    long off = (long) i * t.byteSize();
                    switch (t) {
                        case INT8, UINT8 -> a.segment().set(ValueLayout.JAVA_BYTE, off, (byte) v);
                        case INT16 -> a.segment().set((ValueLayout.OfShort) t.layout(), off, (short) v);
                        case INT32 -> a.asInts().set(i, (int) v);
                        case INT64 -> a.asLongs().set(i, v);
                        case FLOAT32 -> a.asFloats().set(i, v / 4.0f);
                        case FLOAT64 -> a.asDoubles().set(i, v / 4.0);
                    }
                }
                Npy.write(dir.resolve(t.numpyName() + ".npy"), a);
            }
        }
        String out = NumPy.run("import sys, numpy as np\n" + EXPECTED_PY + """
                for name in sys.argv[2:]:
                    m = np.load(sys.argv[1] + '/' + name + '.npy', mmap_mode='r')
                    a = np.load(sys.argv[1] + '/' + name + '.npy')
                    e = expected(name, (2, 3, 4))
                    assert m.offset == 4096, m.offset
                    assert a.dtype == np.dtype(name) and a.shape == (2, 3, 4) and a.flags.c_contiguous, (a.dtype, a.shape)
                    assert np.array_equal(a, e) and np.array_equal(m, e), (name, a, e)
                    print(name, int(a.astype(np.int64).sum()) if a.dtype.kind in 'iu' else float(a.sum(dtype=np.float64)))
                """, dir.toString(), "int8", "int16", "int32", "int64", "uint8", "float32", "float64");
        List<String> lines = out.strip().lines().toList();
        assertEquals(DType.values().length, lines.size(), out);
        for (String line : lines) {
            String[] p = line.split(" ");
            DType t = DType.fromNumpyName(p[0]);
            long sum = 0;
            for (long i = 0; i < 24; i++) {
                long v = i * 3 - 7;
                sum += t == DType.UINT8 ? v & 0xFF : t == DType.INT8 ? (byte) v : v;
            }
            if (t.isFloatingPoint()) {
                assertEquals(sum / 4.0, Double.parseDouble(p[1]), line);
            } else {
                assertEquals(sum, Long.parseLong(p[1]), line);
            }
        }
    }

    @Test
    void numPyWritesJavaReadsTheExactBytes() throws Exception {
        NumPy.require();
        NumPy.run("""
                import sys, numpy as np
                rng = np.random.default_rng(2026)
                d = sys.argv[1]
                for name in ['int8', 'int16', 'int32', 'int64', 'uint8', 'float32', 'float64']:
                    info = np.iinfo(name) if np.dtype(name).kind in 'iu' else None
                    if info is not None:
                        a = rng.integers(info.min, info.max, size=(3, 5, 7), dtype=name, endpoint=True)
                    else:
                        a = rng.standard_normal((3, 5, 7)).astype(name)
                    np.save(d + '/' + name + '.npy', a)
                    open(d + '/' + name + '.bin', 'wb').write(a.tobytes())
                m = np.lib.format.open_memmap(d + '/memmap.npy', mode='w+', dtype='<i4', shape=(200, 5))
                m[:] = np.arange(1000, dtype='<i4').reshape(200, 5) % 10
                m.flush()
                del m
                """, dir.toString());
        for (DType t : DType.values()) {
            try (OffHeapArray a = Npy.read(dir.resolve(t.numpyName() + ".npy"))) {
                assertEquals(t, a.dtype());
                assertEquals(Shape.of(3, 5, 7), a.shape());
                assertArrayEquals(Files.readAllBytes(dir.resolve(t.numpyName() + ".bin")),
                        a.segment().toArray(ValueLayout.JAVA_BYTE), t.toString());
            }
        }
        try (OffHeapArray m = Npy.read(dir.resolve("memmap.npy"))) {
            Matrix<IntView> rows = m.asIntMatrix();
            assertEquals(200, rows.rows());
            assertArrayEquals(new int[] {5, 6, 7, 8, 9}, rows.row(199).toArray());
        }
    }

    @Test
    void dtypeNamesTypestrsAndSizesAreNumPys() throws Exception {
        NumPy.require();
        String[] names = Arrays.stream(DType.values()).map(DType::numpyName).toArray(String[]::new);
        String out = NumPy.run("""
                import sys, numpy as np
                for n in sys.argv[1:]:
                    print(n, np.dtype(n).str, np.dtype(n).itemsize)
                """, names);
        for (String line : out.strip().lines().toList()) {
            String[] p = line.split(" ");
            DType t = DType.fromNumpyName(p[0]);
            assertEquals(t.typestr(), p[1]);
            assertEquals(t.byteSize(), Integer.parseInt(p[2]));
        }
    }

    @Test
    void stridesAndPythonTuplesAreNumPys() throws Exception {
        NumPy.require();
        List<Shape> shapes = List.of(Shape.of(7), Shape.of(3, 4), Shape.of(2, 3, 4), Shape.of(), Shape.of(5, 1, 2, 1));
        String[] args = shapes.stream().map(Shape::toPythonTuple).toArray(String[]::new);
        String out = NumPy.run("""
                import sys, ast, numpy as np
                for t in sys.argv[1:]:
                    s = ast.literal_eval(t)
                    print(repr(s), '/', ' '.join(map(str, np.empty(s, dtype='i1').strides)))
                """, args);
        List<String> lines = out.strip().lines().toList();
        for (int i = 0; i < shapes.size(); i++) {
            String[] p = lines.get(i).split(" / ?", -1);
            assertEquals(shapes.get(i).toPythonTuple(), p[0].strip(), "Python's repr of the tuple");
            long[] strides = p[1].isBlank() ? new long[0]
                    : Arrays.stream(p[1].strip().split(" ")).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(strides, shapes.get(i).strides(), lines.get(i));
        }
    }
}
