package dev.panamax.cli;

import static dev.panamax.cli.CliRun.in;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code compute} on int8, int16 and uint8 arrays that NumPy wrote, over their whole range, against NumPy's own
 * answers: {@code np.sum(a, dtype=np.int64)}, {@code np.sum(a.astype(np.int64)**2)}, {@code np.dot} in int64,
 * min, max, range counts (whole and per row), and {@code a *= k} wrapping in the element type; in every mode (SIMD,
 * scalar, threads, worker processes).
 */
class NarrowDtypesNumpyTest {
    @TempDir
    Path dir;

    private static final List<List<String>> MODES = List.of(List.of(), List.of("--mode", "scalar"),
            List.of("--threads", "2"), List.of("--workers", "2"));

    private Map<String, Object> json(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--json");
        return in(dir, a.toArray(String[]::new)).ok().json();
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8", "uint8", "int16"})
    void computeAgreesWithNumPy(String dtype) throws Exception {
        // 300007 elements: several chunks, two parts on two threads or workers, and a vector tail.
        String expected = Python.numpy("""
                rng = np.random.default_rng(12)
                info = np.iinfo(np.DTYPE)
                a = rng.integers(info.min, info.max, size=300007, endpoint=True, dtype=np.DTYPE)
                a[:5] = [info.min, info.max, info.min, info.max, 0]
                b = rng.integers(info.min, info.max, size=300007, endpoint=True, dtype=np.DTYPE)
                m = rng.integers(info.min, info.max, size=(1001, 7), endpoint=True, dtype=np.DTYPE)
                np.save(d + '/a.npy', a)
                np.save(d + '/b.npy', b)
                np.save(d + '/m.npy', m)
                w = a.astype(np.int64)
                print(np.sum(a, dtype=np.int64), np.sum(w * w), np.dot(w, b.astype(np.int64)), a.min(), a.max(),
                      int(((a >= -3) & (a <= 100)).sum()))
                """.replace("DTYPE", dtype), dir);
        String[] e = expected.strip().split(" ");
        for (List<String> mode : MODES) {
            String at = dtype + " " + mode;
            assertEquals(Long.parseLong(e[0]), number(json(with(mode, "compute", "sum", "a.npy")).get("result")), at);
            if (mode.contains("--workers")) {
                // Each command starts its own pool: the worker path gets the flat sum above and the per-row count.
                perRow(mode, at);
                continue;
            }
            assertEquals(Long.parseLong(e[1]),
                    number(json(with(mode, "compute", "sum-of-squares", "a.npy")).get("result")), at);
            assertEquals(Long.parseLong(e[2]),
                    number(json(with(mode, "compute", "dot", "a.npy", "--with", "b.npy")).get("result")), at);
            assertEquals(Long.parseLong(e[3]), number(json(with(mode, "compute", "min", "a.npy")).get("result")), at);
            assertEquals(Long.parseLong(e[4]), number(json(with(mode, "compute", "max", "a.npy")).get("result")), at);
            assertEquals(Long.parseLong(e[5]), number(json(with(mode, "compute", "count-in-range", "a.npy", "--lo",
                    "-3", "--hi", "100")).get("result")), at);
            perRow(mode, at);
        }
        String factor = dtype.equals("uint8") ? "200" : "-3";
        Python.numpy("np.save(d + '/s.npy', np.load(d + '/a.npy'))", dir);
        in(dir, "compute", "scale", "s.npy", "--by", factor).ok();
        assertEquals("True", Python.numpy("""
                a = np.load(d + '/a.npy')
                a *= np.DTYPE(FACTOR)
                print(bool(np.array_equal(a, np.load(d + '/s.npy'))))
                """.replace("DTYPE", dtype).replace("FACTOR", factor), dir).strip(), dtype + " scale wraps as NumPy");
    }

    private void perRow(List<String> mode, String at) throws Exception {
        String out = "rows" + MODES.indexOf(mode);
        in(dir, with(mode, "compute", "count-in-range-per-row", "m.npy", "--lo", "-3", "--hi", "100", "--out", out))
                .ok();
        assertEquals("True", Python.numpy("""
                m = np.load(d + '/m.npy')
                c = np.load(d + '/OUT', mmap_mode='r')
                print(bool(np.array_equal(c, ((m >= -3) & (m <= 100)).sum(axis=1))))
                """.replace("OUT", out), dir).strip(), at);
    }

    private static String[] with(List<String> mode, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(mode);
        return a.toArray(String[]::new);
    }
}
