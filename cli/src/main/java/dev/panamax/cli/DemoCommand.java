package dev.panamax.cli;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;
import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.Shape;
import dev.panamax.pool.PoolKernels;
import dev.panamax.pool.WorkerPool;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.NoSuchSegmentException;
import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.Segments;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.simd.Simd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code panamax demo}: the classic Python shared-memory tutorial workload, end to end, on the JVM.
 *
 * <ol>
 *   <li>A 200000 x 5 int32 matrix of random 0..9 in a shared segment; per row, how many values lie in [4, 8]:
 *       a plain Java loop, the SIMD kernel, 2 threads, 2 worker processes. All four results must be equal.</li>
 *   <li>The sum of squares of 64 Mi float64 (512 MiB) in a shared segment: scalar, SIMD, 2 threads, 2 worker
 *       processes. The results must agree within {@value #RELATIVE_TOLERANCE} (relative): they differ only by
 *       the order of the additions.</li>
 *   <li>NumPy, if present, maps the same segment files ({@code np.load(mmap_mode='r')}, no copy) and computes the
 *       same things; its results must agree too.</li>
 *   <li>The lifecycle: {@code list} while the segments exist, unlink, and nothing of the demo's left.</li>
 *   <li>Python's queue and lock patterns between processes ({@link IpcDemo}).</li>
 * </ol>
 *
 * <p>Segments have lifetime {@code process} and names {@code panamax-demo-<pid>-…}. They are unlinked in a
 * {@code finally} block, and by a shutdown hook on Ctrl-C or SIGTERM; the worker pool is closed the same way.
 * Times are medians of several runs after untimed warm-up runs (the JIT compiles each method first).
 */
@Command(name = "demo", description = {"The classic tutorial workload: plain loop vs SIMD vs threads vs worker "
        + "processes on shared segments, NumPy on the same memory, and the segment lifecycle. About 10-20 s."})
final class DemoCommand implements Callable<Integer> {
    static final double RELATIVE_TOLERANCE = 1e-9;
    private static final int LO = 4;
    private static final int HI = 8;
    private static final int THREADS = 2;
    private static final int WORKERS = 2;

    @ParentCommand
    PanamaxCommand root;

    // The tutorial's sizes. Tests in this package shrink them through resize(); no option or property reaches
    // them from outside, so the command always runs the real workload.
    private long rows = 200_000;
    private int cols = 5;
    private long squares = 64L << 20;

    private final List<String> created = new ArrayList<>();
    private final List<SharedArray> opened = new ArrayList<>();
    private CompletableFuture<WorkerPool> pending;
    private boolean cleanedUp;
    private WorkerPool pool;
    private Progress progress;
    private Path dir;
    private String prefix;

    /** Test-only: smaller arrays, so a test runs the whole demo in a second. */
    DemoCommand resize(long rows, int cols, long squares) {
        this.rows = rows;
        this.cols = cols;
        this.squares = squares;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        dir = root.directory();
        prefix = "panamax-demo-" + ProcessHandle.current().pid() + "-";
        SegmentOptions opts = root.options().lifetime(Lifetime.PROCESS);
        boolean json = root.json;
        progress = new Progress(root.out(), Progress.onTerminal(), json, 14 + IpcDemo.STEPS);
        Thread hook = new Thread(this::cleanUp, "panamax-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, Object> report = new LinkedHashMap<>();
        try {
            say("Panamax demo: the classic shared-memory tutorial workload, on the JVM");
            say("  Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                    + (Simd.vectorized() ? "Vector API on" : "Vector API off (scalar kernels)")
                    + ", segments in " + dir);
            progress.step("starting " + WORKERS + " worker processes (in the background)");
            long poolT0 = System.nanoTime();
            pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return WorkerPool.builder().workers(WORKERS).directory(dir).start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Map<String, Object> rowsPart = perRowCounts(opts, poolT0);
            report.put("per_row_count", rowsPart);
            Map<String, Object> squaresPart = sumOfSquares(opts);
            report.put("sum_of_squares", squaresPart);
            report.put("numpy", numpy());
            report.put("lifecycle", lifecycle());
            IpcDemo ipc = new IpcDemo(dir, prefix, progress, this::say);
            report.put("queue", ipc.queue());
            report.put("counter", ipc.counter());
            long total = System.nanoTime() - started;
            report.put("total_ns", total);
            progress.finish();
            say("");
            say("done in " + String.format(Locale.ROOT, "%.1f s", total / 1e9));
            if (json) {
                root.out().println(Json.write(report));
            }
            return 0;
        } finally {
            progress.finish();
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs (or ran) cleanUp, which is idempotent.
            }
        }
    }

    private void say(String line) {
        progress.println(line);
    }

    /**
     * Creates a segment and records it for clean-up, under the same lock as {@link #cleanUp()}: a shutdown hook
     * runs while this thread goes on, so a segment is either recorded before the clean-up or never created.
     */
    private synchronized SharedArray create(String suffix, DType dtype, Shape shape, SegmentOptions opts)
            throws IOException {
        if (cleanedUp) {
            throw new CliException("demo: interrupted");
        }
        String name = prefix + suffix;
        SharedArray a = SharedArray.create(name, dtype, shape, opts);
        created.add(name);
        opened.add(a);
        return a;
    }

    // ---- 1. per-row counts ----

    private Map<String, Object> perRowCounts(SegmentOptions opts, long poolT0) throws Exception {
        progress.step("1. creating a " + rows + " x " + cols + " int32 matrix of random 0..9 in a shared segment");
        SharedArray matrix = create("matrix", DType.INT32, Shape.of(rows, cols), opts);
        Fill.integers(42, 0, 10).applyTo(matrix);
        Matrix<IntView> m = matrix.asIntMatrix();
        IntView flat = m.flat();
        SharedArray loopOut = create("counts-loop", DType.INT32, Shape.of(rows), opts);
        SharedArray simdOut = create("counts-simd", DType.INT32, Shape.of(rows), opts);
        SharedArray threadsOut = create("counts-threads", DType.INT32, Shape.of(rows), opts);
        SharedArray workersOut = create("counts-workers", DType.INT32, Shape.of(rows), opts);
        KernelOps simd = Kernels.simd();
        KernelOps parallel = Kernels.parallel(THREADS);

        // Wait for the workers before timing anything: JVMs starting on a 2-core machine take the CPU that the
        // timed methods and their JIT compiles need (single-thread SIMD measured 0.7-1.5 ms instead of 0.12 ms).
        pool = pending.join();
        long poolStart = System.nanoTime() - poolT0;
        List<Row> results = new ArrayList<>();
        progress.step("1. plain Java loop");
        results.add(new Row("plain Java loop", time(30, 51, () -> plainLoop(flat, rows, cols, loopOut.asInts()))));
        progress.step("1. SIMD (Vector API)");
        results.add(new Row("SIMD (Vector API)", time(30, 51, () -> simd.countInRangePerRow(m, LO, HI,
                simdOut.asInts()))));
        progress.step("1. SIMD on " + THREADS + " threads");
        results.add(new Row("SIMD, " + THREADS + " threads", time(30, 51, () -> parallel.countInRangePerRow(m, LO, HI,
                threadsOut.asInts()))));
        progress.step("1. " + WORKERS + " worker processes");
        PoolKernels workers = pool.kernels();
        results.add(new Row(WORKERS + " worker processes", time(30, 51, () -> workers.countInRangePerRow(matrix, LO,
                HI, workersOut))));

        int[] reference = loopOut.asInts().toArray();
        long total = 0;
        for (int c : reference) {
            total += c;
        }
        boolean equal = Arrays.equals(reference, simdOut.asInts().toArray())
                && Arrays.equals(reference, threadsOut.asInts().toArray())
                && Arrays.equals(reference, workersOut.asInts().toArray());
        say("");
        say("1. Per row of a " + rows + " x " + cols + " int32 matrix (random 0..9, " + Text.bytes(matrix.byteSize())
                + " shared segment): how many values lie in [" + LO + ", " + HI + "]");
        table(results);
        say("   worker processes: started in " + Text.millis(poolStart) + " (once, in the background, kernel warm-up"
                + " included; not timed); first call " + Text.millis(results.get(3).firstNanos()) + " (threads: "
                + Text.millis(results.get(2).firstNanos()) + "); each call sends one range to each worker and waits"
                + " for both answers");
        loadCaveat();
        if (!equal) {
            throw new CliException("demo: the per-row counts differ between the loop, SIMD, threads and workers");
        }
        say("   all 4 results equal: " + rows + " counts, " + total + " values in range in total");
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("shape", new long[] {rows, cols});
        part.put("methods", json(results, null));
        part.put("equal", true);
        part.put("total_in_range", total);
        part.put("pool_start_ns", poolStart);
        part.put("workers_first_call_ns", results.get(3).firstNanos());
        return part;
    }

    /** The loop a Java programmer writes first: one element at a time, no SIMD. */
    static void plainLoop(IntView m, long rows, int cols, IntView out) {
        for (long r = 0; r < rows; r++) {
            int count = 0;
            for (int k = 0; k < cols; k++) {
                int v = m.get(r * cols + k);
                if (v >= LO && v <= HI) {
                    count++;
                }
            }
            out.set(r, count);
        }
    }

    // ---- 2. sum of squares ----

    private Map<String, Object> sumOfSquares(SegmentOptions opts) throws Exception {
        progress.step("2. creating " + Text.count(squares) + " float64 (" + Text.bytes(squares * 8)
                + ") in a shared segment, random [0, 10)");
        SharedArray a = create("squares", DType.FLOAT64, Shape.of(squares), opts);
        Fill.uniform(7, 0, 10).applyTo(a);
        DoubleView v = a.asDoubles();
        KernelOps scalar = Kernels.scalar();
        KernelOps simd = Kernels.simd();
        KernelOps parallel = Kernels.parallel(THREADS);
        double[] value = new double[4];
        // Each kernel first runs on an 8 MiB slice, many times: C2 then compiles the method itself. Warmed up
        // on the whole array (a few calls, one long loop each) it would run on-stack-replacement code, which is
        // much slower for Vector API loops, and the table would measure the JIT instead of the kernel.
        long head = Math.min(squares, 1L << 20);
        DoubleView slice = v.slice(0, head);
        List<Row> results = new ArrayList<>();
        progress.step("2. scalar loop");
        time(20, 0, () -> scalar.sumOfSquares(slice));
        results.add(new Row("scalar loop", time(1, 3, () -> value[0] = scalar.sumOfSquares(v))));
        progress.step("2. SIMD (Vector API)");
        time(20, 0, () -> simd.sumOfSquares(slice));
        results.add(new Row("SIMD (Vector API)", time(1, 3, () -> value[1] = simd.sumOfSquares(v))));
        progress.step("2. SIMD on " + THREADS + " threads");
        time(20, 0, () -> parallel.sumOfSquares(slice));
        results.add(new Row("SIMD, " + THREADS + " threads", time(1, 3, () -> value[2] = parallel.sumOfSquares(v))));
        progress.step("2. " + WORKERS + " worker processes");
        PoolKernels workers = pool.kernels();
        time(20, 0, () -> workers.sumOfSquares(a, 0, head));
        results.add(new Row(WORKERS + " worker processes", time(1, 3, () -> value[3] = workers.sumOfSquares(a)
                .doubleValue())));
        double worst = 0;
        for (double x : value) {
            worst = Math.max(worst, relative(x, value[0]));
        }
        say("");
        say("2. Sum of squares of " + Text.count(squares) + " float64 (" + Text.bytes(a.byteSize()) + " shared segment)");
        table(results);
        say("   first call on the whole array (after the warm-up on a slice): SIMD " + Text.millis(results.get(1)
                .firstNanos()) + ", " + THREADS + " threads " + Text.millis(results.get(2).firstNanos()) + ", "
                + WORKERS + " workers " + Text.millis(results.get(3).firstNanos()) + " (the workers map their pages"
                + " of the segment then)");
        loadCaveat();
        if (!(worst <= RELATIVE_TOLERANCE)) {
            throw new CliException("demo: the sums of squares disagree: " + Arrays.toString(value));
        }
        say("   all 4 results agree: " + value[0] + " (largest relative difference "
                + String.format(Locale.ROOT, "%.1e", worst) + ", bound " + RELATIVE_TOLERANCE + ")");
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("n", squares);
        part.put("methods", json(results, value));
        part.put("max_relative_difference", worst);
        squaresResult = value[0];
        return part;
    }

    private double squaresResult;

    static double relative(double x, double ref) {
        return x == ref ? 0 : Math.abs(x - ref) / Math.max(Math.abs(ref), Double.MIN_NORMAL);
    }

    // ---- 3. NumPy ----

    /** Runs under python3: maps the demo's segment files and computes what Java computed. Exit 3: no NumPy. */
    private static final String NUMPY_SCRIPT = """
            import sys, time
            try:
                import numpy as np
            except ImportError:
                sys.exit(3)
            def median(f):
                times = []
                for _ in range(3):
                    t0 = time.perf_counter(); r = f(); times.append(time.perf_counter() - t0)
                return r, sorted(times)[1]
            m = np.load(sys.argv[1], mmap_mode='r')
            java_counts = np.load(sys.argv[2], mmap_mode='r')
            a = np.load(sys.argv[3], mmap_mode='r')
            counts, t1 = median(lambda: ((m >= 4) & (m <= 8)).sum(axis=1))
            s, t2 = median(lambda: float(np.dot(a, a)))
            print("version", np.__version__)
            print("zero_copy", type(m).__name__ == "memmap" and type(a).__name__ == "memmap")
            print("rows_equal", bool(np.array_equal(counts, java_counts)))
            print("rows_ns", int(t1 * 1e9))
            print("sumsq", repr(s))
            print("sumsq_ns", int(t2 * 1e9))
            """;

    private Map<String, Object> numpy() throws Exception {
        progress.step("3. NumPy on the same segment files");
        Path matrix = dir.resolve(prefix + "matrix");
        Path counts = dir.resolve(prefix + "counts-simd");
        Path sq = dir.resolve(prefix + "squares");
        say("");
        say("3. NumPy on the same memory (np.load(path, mmap_mode='r'): the segment files, no copy)");
        for (String python : pythons()) {
            Map<String, String> r = runPython(python, matrix.toString(), counts.toString(), sq.toString());
            if (r == null) {
                continue;
            }
            boolean rowsEqual = "True".equals(r.get("rows_equal"));
            double s = Double.parseDouble(r.get("sumsq"));
            double diff = relative(s, squaresResult);
            Text.Table t = new Text.Table("   NumPy " + r.get("version") + " (" + python + ")", ">time", "result");
            t.row("   ((m >= 4) & (m <= 8)).sum(axis=1)", Text.millis(Long.parseLong(r.get("rows_ns"))),
                    rowsEqual ? "equal to Java's counts" : "DIFFERENT from Java's counts");
            t.row("   np.dot(a, a)", Text.millis(Long.parseLong(r.get("sumsq_ns"))),
                    s + String.format(Locale.ROOT, " (relative difference %.1e)", diff));
            t.lines().forEach(this::say);
            if (!rowsEqual || !(diff <= RELATIVE_TOLERANCE)) {
                throw new CliException("demo: NumPy's results differ from Java's (per-row counts equal: " + rowsEqual
                        + ", sum of squares " + s + " vs " + squaresResult + ")");
            }
            say("   NumPy agrees with Java" + ("True".equals(r.get("zero_copy")) ? ", reading the shared pages in place"
                    : ""));
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("python", python);
            part.put("version", r.get("version"));
            part.put("per_row_count_ns", Long.parseLong(r.get("rows_ns")));
            part.put("sum_of_squares_ns", Long.parseLong(r.get("sumsq_ns")));
            part.put("sum_of_squares", s);
            part.put("equal", true);
            return part;
        }
        say("   skipped: no python3 with NumPy here; `apt-get install python3-numpy` enables this step");
        return null;
    }

    private static List<String> pythons() {
        List<String> out = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            out.add("/usr/bin/python3");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d.isEmpty() ? "." : d, "python3");
                if (Files.isExecutable(p) && !out.contains(p.toString())
                        && !p.toString().equals("/usr/bin/python3")) {
                    out.add(p.toString());
                    break;
                }
            }
        }
        return out;
    }

    /** @return the script's {@code key value} lines, or null when this python has no NumPy */
    private static Map<String, String> runPython(String python, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, "-c", NUMPY_SCRIPT));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        try {
            p.getOutputStream().close();
            Map<String, String> values = new HashMap<>();
            StringBuilder other = new StringBuilder();
            try (BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = br.readLine()) != null; ) {
                    String[] kv = line.split(" ", 2);
                    if (kv.length == 2 && kv[0].matches("[a-z_]+")) {
                        values.put(kv[0], kv[1]);
                    } else {
                        other.append(line).append('\n');
                    }
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new CliException("demo: " + python + " did not finish the NumPy step in 120 s");
            }
            if (p.exitValue() == 3) {
                return null;
            }
            if (p.exitValue() != 0 || !values.containsKey("sumsq_ns")) {
                String[] lines = other.toString().strip().split("\n");
                throw new CliException("demo: the NumPy step failed under " + python + " (exit " + p.exitValue()
                        + "): " + lines[lines.length - 1]);
            }
            return values;
        } finally {
            p.destroyForcibly();
        }
    }

    // ---- 4. lifecycle ----

    private Map<String, Object> lifecycle() throws IOException {
        progress.step("4. list, unlink, check");
        say("");
        say("4. The lifecycle: `panamax list` while the demo's segments exist (lifetime process: never leaked)");
        List<SegmentInfo> ours = new ArrayList<>();
        long bytes = 0;
        for (SegmentInfo s : Segments.list(dir)) {
            if (s.name().startsWith(prefix)) {
                ours.add(s);
                bytes += s.bytes();
            }
        }
        Segs.table(ours).lines().forEach(l -> say("   " + l));
        int count = created.size();
        cleanUp();
        List<String> left = leftovers();
        if (!left.isEmpty()) {
            throw new CliException("demo: left behind in " + dir + ": " + String.join(", ", left));
        }
        say("   unlinked " + count + " segments (" + Text.bytes(bytes) + "); nothing of the demo's is left in " + dir);
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("segments", Segs.json(ours));
        part.put("unlinked", count);
        part.put("left_behind", left);
        return part;
    }

    /** @return every file in the directory whose name carries this run's prefix (temporary files included) */
    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(prefix)).sorted().toList();
        }
    }

    /** Closes the pool and the segments and unlinks what this run created. Idempotent; also the shutdown hook. */
    private synchronized void cleanUp() {
        cleanedUp = true;
        if (pending != null) {
            // Closes the pool now if it has started, or as soon as it does (a failure can come first).
            pending.whenComplete((started, failure) -> {
                if (started != null) {
                    started.close();
                }
            });
            pending = null;
        }
        pool = null;
        for (SharedArray a : opened) {
            a.close();
        }
        opened.clear();
        for (String name : created) {
            try {
                SharedArray.unlink(name, dir);
            } catch (NoSuchSegmentException e) {
                // Already gone: nothing to do.
            } catch (IOException e) {
                System.err.println("panamax: demo: could not unlink " + name + ": " + e.getMessage());
            }
        }
        created.clear();
    }

    // ---- timing and tables ----

    /** A timed method: its median time after warm-up, and its very first call. */
    private record Row(String method, long nanos, long firstNanos) {
        Row(String method, Timing t) {
            this(method, t.median(), t.first());
        }
    }

    /** The first call of a method and the median of its timed runs. */
    private record Timing(long first, long median) {
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /**
     * Least time spent warming up each method: a count of calls alone is not enough, because C2 compiles in the
     * background and, on a busy machine, a fast kernel can finish its warm-up calls before the compiled code is
     * installed; the table would then time the interpreter or on-stack-replacement code.
     */
    private static final long MIN_WARMUP_NANOS = 1_000_000_000L;
    /** Most time spent warming up one method, however slowly it settles. */
    private static final long MAX_WARMUP_NANOS = 5_000_000_000L;
    /** Warm-up calls are judged in windows of this many: a method is warm when a window is no faster than the last. */
    private static final int WARMUP_WINDOW = 10;

    /**
     * Times a method the same way for every row of the tables: at least {@code warmups} untimed calls lasting at least
     * {@link #MIN_WARMUP_NANOS}, and then more until it stops getting faster (the median of a window of
     * {@link #WARMUP_WINDOW} calls within 10% of the window before; at most {@link #MAX_WARMUP_NANOS}), so that a
     * method whose JIT takes longer (worker processes: two more JVMs compiling on the same CPUs, and a longer code
     * path) is not timed before it settles; then {@code runs} timed calls.
     *
     * @return the time of the first call, and the median of the timed runs; a median of 0 without runs
     */
    private static Timing time(int warmups, int runs, Body body) throws Exception {
        long warmupStart = System.nanoTime();
        long first = -1;
        long[] window = new long[WARMUP_WINDOW];
        long previous = Long.MAX_VALUE;
        for (int i = 0; warmups > 0; i++) {
            long t0 = System.nanoTime();
            body.run();
            long dt = System.nanoTime() - t0;
            first = first < 0 ? dt : first;
            window[i % WARMUP_WINDOW] = dt;
            long elapsed = System.nanoTime() - warmupStart;
            if (elapsed >= MAX_WARMUP_NANOS) {
                break;
            }
            if ((i + 1) % WARMUP_WINDOW == 0) {
                long[] sorted = window.clone();
                Arrays.sort(sorted);
                long median = sorted[WARMUP_WINDOW / 2];
                boolean settled = median >= previous * 0.9;
                previous = median;
                if (i + 1 >= warmups && elapsed >= MIN_WARMUP_NANOS && settled) {
                    break;
                }
            }
        }
        if (runs == 0) {
            return new Timing(first, 0);
        }
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = System.nanoTime() - t0;
        }
        first = first < 0 ? t[0] : first;
        Arrays.sort(t);
        return new Timing(first, t[runs / 2]);
    }

    /**
     * One line when other processes load the machine: timings then measure the competition as much as Panamax.
     */
    private void loadCaveat() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (load > cpus) {
            say(String.format(Locale.ROOT, "   note: the load average is %.1f on %d CPUs: other processes compete for"
                    + " them, so these times are not reliable", load, cpus));
        }
    }

    private void table(List<Row> rows) {
        Text.Table t = new Text.Table("   method", ">median time", ">speedup");
        long base = rows.getFirst().nanos();
        for (Row r : rows) {
            t.row("   " + r.method(), Text.millis(r.nanos()), speedup(base, r.nanos()));
        }
        t.lines().forEach(this::say);
    }

    private static String speedup(long base, long nanos) {
        return String.format(Locale.ROOT, "%.1fx", base / (double) Math.max(nanos, 1));
    }

    private static List<Map<String, Object>> json(List<Row> rows, double[] values) {
        List<Map<String, Object>> out = new ArrayList<>();
        long base = rows.getFirst().nanos();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", rows.get(i).method());
            m.put("median_ns", rows.get(i).nanos());
            m.put("first_call_ns", rows.get(i).firstNanos());
            m.put("speedup", base / (double) Math.max(rows.get(i).nanos(), 1));
            if (values != null) {
                m.put("result", values[i]);
            }
            out.add(m);
        }
        return out;
    }
}
