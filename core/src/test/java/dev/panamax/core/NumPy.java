package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's {@code /usr/bin/python3} with NumPy for interoperability tests. Tests call {@link #require()}
 * first: without NumPy they are skipped, unless {@code PANAMAX_REQUIRE_NUMPY=1} (set by CI), which turns the
 * skip into a failure.
 */
final class NumPy {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 60;
    private static volatile Boolean available;

    /**
     * A program that reads the header of every file in the directory {@code sys.argv[1]} with NumPy's own
     * reader, with its default limits ({@code max_header_size}, and NumPy 2's 64 dimensions, which NumPy 1.x
     * enforces only when it makes the array), and prints, in name order, one line per file:
     * {@code <name> ok <dtype.str> <dims> <fortran> <offset>} (dims comma-separated) when NumPy accepts it and the
     * data fits in the file, or {@code <name> err <type>}.
     */
    static final String HEADER_READER = """
            import sys, os
            import numpy as np
            from numpy.lib import format as npf
            for name in sorted(os.listdir(sys.argv[1])):
                path = os.path.join(sys.argv[1], name)
                try:
                    with open(path, 'rb') as f:
                        major, minor = npf.read_magic(f)
                        shape, fortran, dtype = npf._read_array_header(f, (major, minor))
                        offset = f.tell()
                    if len(shape) > 64:
                        raise ValueError('more than NPY_MAXDIMS dimensions')
                    nbytes = dtype.itemsize
                    for d in shape:
                        nbytes *= d
                    if any(d < 0 for d in shape) or offset + nbytes > os.path.getsize(path):
                        raise ValueError('data does not fit')
                    print(name, 'ok', dtype.str, ','.join(map(str, shape)), fortran, offset)
                except Exception as e:
                    print(name, 'err', type(e).__name__)
            """;

    private NumPy() {
    }

    /** Skips the calling test when NumPy is missing, or fails it when {@code PANAMAX_REQUIRE_NUMPY=1}. */
    static void require() {
        if (isAvailable()) {
            return;
        }
        String why = PYTHON + " cannot import numpy";
        if ("1".equals(System.getenv("PANAMAX_REQUIRE_NUMPY"))) {
            fail(why + " and PANAMAX_REQUIRE_NUMPY=1: install it with apt-get install -y python3-numpy");
        }
        Assumptions.abort(why + ": NumPy interoperability test skipped (apt-get install -y python3-numpy)");
    }

    private static boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            try {
                a = Files.isExecutable(PYTHON) && exec("import numpy").exitCode == 0;
            } catch (IOException e) {
                a = false;
            }
            available = a;
        }
        return a;
    }

    /**
     * Runs a Python program and returns what it printed.
     *
     * @param program the program text, run with {@code python3 -c}
     * @param args {@code sys.argv[1:]}
     * @return standard output
     * @throws AssertionError with standard error if the program fails or runs over a minute
     */
    static String run(String program, String... args) throws IOException {
        Result r = exec(program, args);
        if (r.exitCode != 0) {
            throw new AssertionError("python3 exited with " + r.exitCode + ":\n" + r.stderr);
        }
        return r.stdout;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result exec(String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", program));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("panamax-numpy", ".out");
        Path err = Files.createTempFile("panamax-numpy", ".err");
        Process p = null;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("python3 ran over " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for python3", e);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
