package example.consumer;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Shape;
import dev.panamax.pool.WorkerPool;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernels;
import dev.panamax.simd.Simd;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates a shared array, opens it in a second JVM, runs kernels on it, and runs a worker pool with this project's
 * own task classes. Prints what it did; throws if any result is not the expected one.
 */
public final class App {
    /** Elements of the shared array: 0, 1, ..., N - 1. */
    static final int N = 100_000;

    private App() {
    }

    /**
     * Runs the example once.
     *
     * @param args none
     * @throws Exception if a step fails or a result is wrong
     */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * Runs every step, naming the segment after this process so that runs never collide; unlinks it at the end.
     *
     * @param out where to print what happened
     * @throws Exception if a step fails or a result is wrong
     */
    static void run(PrintStream out) throws Exception {
        String name = "panamax-consumer-" + ProcessHandle.current().pid();
        out.println("kernels: " + Simd.describe().lines().findFirst().orElse(""));
        try (SharedArray a = SharedArray.create(name, DType.FLOAT64, Shape.of(N))) {
            DoubleView x = a.asDoubles();
            for (int i = 0; i < N; i++) {
                x.set(i, i);
            }
            double sum = Kernels.sum(x);
            double sumOfSquares = Kernels.sumOfSquares(x);
            check("sum", (double) N * (N - 1) / 2, sum);
            check("sum of squares", (double) (N - 1) * N * (2L * N - 1) / 6, sumOfSquares);
            out.println("created " + name + ": float64 (" + N + ",), sum " + sum);

            try (WorkerPool pool = WorkerPool.builder().workers(2).start()) {
                // A second JVM, started like any other program, opens the segment by name and doubles element 1.
                String reply = secondJvm(pool.classPath(), name);
                out.println("second JVM: " + reply);
                check("second JVM's sum", sum, Double.parseDouble(reply.substring(reply.indexOf("sum ") + 4)));
                check("element 1 after the second JVM doubled it", 2.0, x.get(1));
                x.set(1, 1.0);

                Object squared = pool.submit(Square.class, 12L).join();
                check("Square in a worker", 144.0, ((Long) squared).doubleValue());
                List<Object[]> calls = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    calls.add(new Object[] {name});
                }
                for (Object r : pool.map(SegmentSum.class, calls)) {
                    check("SegmentSum in a worker", sum, (Double) r);
                }
                Number pooled = pool.kernels().sumOfSquares(a);
                check("sum of squares across the workers", sumOfSquares, pooled.doubleValue());
                out.println("worker pool " + pool.workerPids() + ": Square 12 -> " + squared
                        + ", SegmentSum x4 and the pool's sum of squares agree");
            }
        } finally {
            SharedArray.unlink(name);
        }
        out.println("consumer: OK");
    }

    /** Runs {@link Reader} in a new JVM on the given class path, with the two flags; returns its one line. */
    private static String secondJvm(List<Path> classPath, String name) throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        for (Path p : classPath) {
            cp.add(p.toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, cp),
                Reader.class.getName(), name).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the second JVM failed: " + text);
        }
        return text.lines().reduce((first, last) -> last).orElse("");
    }

    private static void check(String what, double expected, double actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }
}
