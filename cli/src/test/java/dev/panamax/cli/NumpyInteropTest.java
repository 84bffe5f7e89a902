package dev.panamax.cli;

import static dev.panamax.cli.CliRun.in;
import static dev.panamax.cli.CliRun.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compute on files NumPy wrote, and NumPy reading what compute wrote. */
class NumpyInteropTest {
    @TempDir
    Path dir;

    @Test
    void computeRunsOnArraysNumpySavedAndNumpyReadsTheOutput() throws Exception {
        Python.numpy("""
                np.save(d + '/v.npy', np.arange(1000, dtype=np.float64))
                np.save(d + '/m.npy', np.arange(12, dtype=np.int32).reshape(4, 3))
                """, dir);
        Map<String, Object> j = in(dir, "compute", "sum-of-squares", "v.npy", "--json").ok().json();
        assertEquals(332833500.0, ((Number) j.get("result")).doubleValue());
        assertEquals("npy", in(dir, "info", "v.npy", "--json").ok().json().get("format"));

        in(dir, "compute", "count-in-range-per-row", "m.npy", "--lo", "4", "--hi", "8", "--out", "counts").ok();
        String out = Python.numpy("""
                m = np.load(d + '/m.npy')
                c = np.load(d + '/counts', mmap_mode='r')
                print(c.dtype, c.shape, bool(np.array_equal(c, ((m >= 4) & (m <= 8)).sum(axis=1))))
                """, dir);
        assertEquals("int32 (4,) True", out.strip());
    }

    @Test
    void bigEndianAndObjectArraysFromNumpyAreRefused() throws Exception {
        Python.numpy("""
                np.save(d + '/be.npy', np.arange(10, dtype='>f8'))
                np.save(d + '/obj.npy', np.array(['a', None], dtype=object), allow_pickle=True)
                """, dir);
        List<String> before = snapshot(dir);
        assertTrue(in(dir, "compute", "sum", "be.npy").fails(1).err().contains(">f8"));
        in(dir, "compute", "sum", "obj.npy").fails(1);
        in(dir, "info", "obj.npy").fails(1);
        assertEquals(before, snapshot(dir));
    }
}
