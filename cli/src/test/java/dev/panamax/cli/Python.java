package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds a python3 with NumPy for the interop tests: skipped without one, failed if PANAMAX_REQUIRE_NUMPY=1. */
final class Python {
    private static String found;
    private static boolean searched;

    private Python() {
    }

    static synchronized String requireNumpy() {
        if (!searched) {
            searched = true;
            for (String p : List.of("/usr/bin/python3", "python3")) {
                try {
                    if (run(p, "import numpy").exit == 0) {
                        found = p;
                        break;
                    }
                } catch (IOException | InterruptedException e) {
                    // Not this one.
                }
            }
        }
        if (found == null) {
            if ("1".equals(System.getenv("PANAMAX_REQUIRE_NUMPY"))) {
                fail("PANAMAX_REQUIRE_NUMPY=1 but no python3 with NumPy: apt-get install python3-numpy");
            }
            Assumptions.abort("no python3 with NumPy (apt-get install python3-numpy)");
        }
        return found;
    }

    record Ran(int exit, String out) {
    }

    static Ran run(String python, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail(python + " did not finish");
            }
            return new Ran(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Runs a script with NumPy and returns its stdout, failing the test on a non-zero exit. */
    static String numpy(String script, Path dir) throws IOException, InterruptedException {
        Ran r = run(requireNumpy(), "import sys, numpy as np\nd = sys.argv[1]\n" + script, dir.toString());
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }
}
