package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java and NumPy share the same memory. Skipped when {@code /usr/bin/python3} has no NumPy, unless
 * {@code PANAMAX_REQUIRE_NUMPY=1}, which turns that into a failure.
 */
class NumpyInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNumpy() throws Exception {
        boolean have;
        try {
            have = python(List.of("-c", "import numpy")).exit == 0;
        } catch (IOException e) {
            have = false;
        }
        if (!have) {
            if ("1".equals(System.getenv("PANAMAX_REQUIRE_NUMPY"))) {
                fail("PANAMAX_REQUIRE_NUMPY=1 but " + PYTHON + " cannot import numpy: apt-get install -y python3-numpy");
            }
            Assumptions.abort("no NumPy in " + PYTHON);
        }
    }

    private record Result(int exit, String out) {
    }

    private static Result python(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("python did not finish: " + out);
            }
            return new Result(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String run(String script, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-c", script));
        a.addAll(List.of(args));
        Result r = python(a);
        assertEquals(0, r.exit, r.out);
        return r.out;
    }

    @Test
    void numpyLoadWithMmapReadsJavaDataAndItsWritesAreSeenByJava() throws Exception {
        try (SharedArray a = SharedArray.create("j2np", DType.FLOAT64, Shape.of(1000, 3),
                SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT))) {
            for (long i = 0; i < a.length(); i++) {
                a.asDoubles().set(i, i * 0.5);
            }
            String out = run("""
                    import sys, numpy as np
                    a = np.load(sys.argv[1], mmap_mode='r+')
                    print(a.dtype, a.shape, float(a.sum()), float(a[999, 2]))
                    a[0, 0] = 123.25
                    a[:, 1] *= 2
                    a.flush()
                    """, a.path().toString());
            assertEquals("float64 (1000, 3) " + (2999 * 3000 / 2 * 0.5) + " 1499.5", out);
            assertEquals(123.25, a.asDoubles().get(0));
            assertEquals(4 * 0.5 * 2, a.asDoubles().get(1 * 3 + 1), "column 1 of row 1 doubled in place");
            assertEquals(5 * 0.5, a.asDoubles().get(1 * 3 + 2), "column 2 untouched");
        }
    }

    @Test
    void openMemmapCreatesAFileThatJavaOpensAndComputesOn() throws Exception {
        Path f = dir.resolve("fromnumpy.npy");
        String out = run("""
                import sys, numpy as np
                a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype=np.int32, shape=(200, 5))
                a[:] = np.arange(1000, dtype=np.int32).reshape(200, 5)
                a.flush()
                print(int((a.astype(np.int64) ** 2).sum()))
                """, f.toString());
        try (SharedArray a = SharedArray.open("fromnumpy.npy", SegmentOptions.defaults().directory(dir))) {
            assertEquals(DType.INT32, a.dtype());
            assertEquals(Shape.of(200, 5), a.shape());
            long sumSq = 0;
            for (int v : a.asInts().toArray()) {
                sumSq += (long) v * v;
            }
            assertEquals(Long.parseLong(out), sumSq);
            assertEquals(7 * 5 + 3, a.asIntMatrix().row(7).get(3));
            SegmentInfo info = Segments.info("fromnumpy.npy", dir);
            assertEquals(SegmentInfo.Format.NPY, info.format());
            assertEquals(Lifetime.UNKNOWN, info.lifetime());
        }
        assertTrue(Files.exists(f));
    }

    @Test
    void pythonSharedMemoryAttachesToAJavaSegmentInDevShmAndReadsTheDataAtOffset4096() throws Exception {
        String name = "panamax-test-np-" + ProcessHandle.current().pid();
        try (SharedArray a = SharedArray.create(name, DType.INT64, Shape.of(16))) {
            for (int i = 0; i < 16; i++) {
                a.asLongs().set(i, i * i);
            }
            String out = run("""
                    import sys, numpy as np
                    from multiprocessing import shared_memory, resource_tracker
                    try:
                        shm = shared_memory.SharedMemory(name=sys.argv[1], track=False)
                    except TypeError:
                        # Before 3.13 attaching registers the name with the resource tracker, which would unlink
                        # it when this process exits: unregister it, Java owns the segment.
                        shm = shared_memory.SharedMemory(name=sys.argv[1])
                        resource_tracker.unregister(shm._name, 'shared_memory')
                    a = np.ndarray((16,), dtype='<i8', buffer=shm.buf, offset=4096)
                    print(int(a.sum()), bytes(shm.buf[:6]) == b'\\x93NUMPY')
                    a[15] = -1
                    del a
                    shm.close()
                    """, name);
            assertEquals((15 * 16 * 31 / 6) + " True", out);
            assertEquals(-1, a.asLongs().get(15));
            assertTrue(Files.exists(a.path()), "Python did not unlink the segment");
            a.unlink();
        }
    }
}
