package dev.panamax.cli;

import dev.panamax.core.ArrayView;
import dev.panamax.core.Matrix;
import dev.panamax.core.Shape;
import dev.panamax.pool.PoolKernels;
import dev.panamax.pool.TaskTimeoutException;
import dev.panamax.pool.WorkerCrash;
import dev.panamax.pool.WorkerPool;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SegmentTruncatedException;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernel;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code panamax compute KERNEL NAME …}: runs one kernel on a shared array, SIMD or scalar, on threads or worker
 * processes, and prints the result and the time of each repeat.
 */
@Command(name = "compute", sortOptions = false,
        description = {"Run a kernel on a segment (any .npy file in the directory, including ones NumPy wrote).",
                "Kernels: sum-of-squares, sum, dot (--with), count-in-range (--lo --hi), min, max, scale (--by, in "
                        + "place), and, writing a new segment --out: count-in-range-per-row (--lo --hi; int32 per "
                        + "row), hypotenuse-per-row (float64 per row), sum-of-squares-per-column (float64 per column).",
                "Integer kernels compute in int64, wrapping modulo 2^64 like NumPy's int64 sums.",
                "Ranges are inclusive (lo <= x <= hi). As in NumPy, NaN is never in range, and a NaN bound or lo > hi "
                        + "counts nothing (0, not an error)."})
final class ComputeCommand implements Callable<Integer> {
    /** Which kernel implementation runs. */
    enum Mode {
        /** The Vector API kernels (the scalar ones when the Vector API is missing). */
        simd,
        /** The scalar reference kernels. */
        scalar
    }

    @Spec
    CommandSpec spec;

    @ParentCommand
    PanamaxCommand root;

    @Parameters(index = "0", paramLabel = "KERNEL", converter = KernelNames.Converter.class,
            completionCandidates = KernelNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    Kernel kernel;

    @Parameters(index = "1", paramLabel = "NAME", description = "The input segment.")
    String name;

    @Option(names = "--with", paramLabel = "NAME2", description = "dot: the second input.")
    String with;

    @Option(names = "--lo", paramLabel = "X", description = "count-in-range*: inclusive lower bound (NaN, or "
            + "above --hi: counts nothing, as in NumPy).")
    Double lo;

    @Option(names = "--hi", paramLabel = "Y", description = "count-in-range*: inclusive upper bound (NaN, or "
            + "below --lo: counts nothing, as in NumPy).")
    Double hi;

    @Option(names = "--by", paramLabel = "K",
            description = "scale: the factor (for integer arrays a whole number the dtype holds).")
    Double by;

    @Option(names = "--columns", paramLabel = "A,B", description = "hypotenuse-per-row: the two columns (default 0,1).")
    String columns;

    @Option(names = "--out", paramLabel = "NAME", description = "Per-row and per-column kernels: the segment to "
            + "create for the result (persistent; refused if it exists).")
    String out;

    @Option(names = "--mode", paramLabel = "simd|scalar", defaultValue = "simd",
            description = "simd (default) or scalar (the reference loops).")
    Mode mode;

    @Option(names = "--threads", paramLabel = "N", description = "Run on up to N threads in this process (at most "
            + "one per processor run at once; each thread gets at least 64 Ki elements).")
    Integer threads;

    @Option(names = "--workers", paramLabel = "N", description = "Run on N worker processes (1 to 1024).")
    Integer workers;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "--workers: fail a task that runs longer "
            + "(default: 60 s plus 10 s per GiB of input), for example on a stopped worker.")
    Double timeout;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Run N times, timing each (1 to "
            + MAX_REPEAT + ").")
    int repeat;

    /** Each repeat keeps one timing (8 bytes); a million is 8 MB, and minutes of the smallest kernel. */
    static final int MAX_REPEAT = 1_000_000;
    /** The --workers task timeout: a base, plus time per GiB of input (a worker streams a GiB in well under 1 s). */
    static final double TIMEOUT_BASE_SECONDS = 60;
    static final double TIMEOUT_SECONDS_PER_GIB = 10;

    @Override
    public Integer call() throws Exception {
        validate();
        Path dir = root.directory();
        SegmentOptions opts = root.options();
        // Inputs are mapped read-only unless the kernel writes them in place: a compute never changes its input.
        try (SharedArray in = SharedArray.open(name, opts.readOnly(kernel != Kernel.SCALE));
             SharedArray second = with == null ? null : SharedArray.open(with, opts.readOnly(true))) {
            long[] cols = check(in, second);
            if (!kernel.onRows()) {
                return run(in, second, null, cols);
            }
            long length = kernel.result() == Kernel.Result.PER_COLUMN ? in.shape().dim(1) : in.shape().dim(0);
            SharedArray result = SharedArray.create(out, kernel.outputType(), Shape.of(length),
                    opts.lifetime(Lifetime.PERSISTENT));
            boolean done = false;
            try {
                int status = run(in, second, result, cols);
                done = true;
                return status;
            } finally {
                result.close();
                if (!done) {
                    // A failed compute leaves no half-written output behind.
                    SharedArray.unlink(out, dir);
                }
            }
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Impossible or missing flag combinations are usage errors (exit 2), found before anything is opened. */
    private void validate() {
        if (threads != null && workers != null) {
            throw usage("--threads and --workers cannot be combined: choose threads in this process or worker "
                    + "processes");
        }
        if (threads != null && threads < 1) {
            throw usage("--threads must be >= 1, got " + threads);
        }
        if (workers != null && workers < 1) {
            throw usage("--workers must be >= 1, got " + workers);
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw usage("--repeat must be between 1 and " + MAX_REPEAT + ", got " + repeat);
        }
        if (timeout != null && workers == null) {
            throw usage("--timeout only applies to --workers (threads in this process cannot be stopped safely)");
        }
        if (timeout != null && !(timeout > 0 && timeout <= 86_400 * 365)) {
            throw usage("--timeout must be a positive number of seconds (at most a year), got " + timeout);
        }
        if (mode == Mode.scalar && (threads != null || workers != null)) {
            throw usage("--mode scalar runs the reference loop on one thread: drop --threads/--workers");
        }
        if ((lo == null) != (hi == null)) {
            throw usage(lo == null ? "--hi needs --lo" : "--lo needs --hi");
        }
        String k = kernel.id();
        Kernel.Argument arg = kernel.argument();
        if (arg == Kernel.Argument.RANGE && lo == null) {
            throw usage(k + " needs --lo X --hi Y (inclusive bounds)");
        }
        if (arg != Kernel.Argument.RANGE && lo != null) {
            throw usage("--lo/--hi only apply to " + taking(Kernel.Argument.RANGE) + ", not " + k);
        }
        if (arg == Kernel.Argument.SECOND_ARRAY && with == null) {
            throw usage(k + " needs --with NAME2");
        }
        if (arg != Kernel.Argument.SECOND_ARRAY && with != null) {
            throw usage("--with only applies to " + taking(Kernel.Argument.SECOND_ARRAY) + ", not " + k);
        }
        if (arg == Kernel.Argument.FACTOR && by == null) {
            throw usage(k + " needs --by K");
        }
        if (arg != Kernel.Argument.FACTOR && by != null) {
            throw usage("--by only applies to " + taking(Kernel.Argument.FACTOR) + ", not " + k);
        }
        if (kernel.onRows() && out == null) {
            throw usage(k + " writes one value per " + (kernel.result() == Kernel.Result.PER_COLUMN ? "column" : "row")
                    + ": give --out NAME");
        }
        if (!kernel.onRows() && out != null) {
            List<String> writers = new ArrayList<>();
            for (Kernel w : Kernel.values()) {
                if (w.onRows()) {
                    writers.add(w.id());
                }
            }
            throw usage("--out only applies to " + and(writers) + "; " + k
                    + (kernel.result() == Kernel.Result.IN_PLACE ? " works in place" : " returns one number"));
        }
        if (columns != null && arg != Kernel.Argument.COLUMNS) {
            throw usage("--columns only applies to " + taking(Kernel.Argument.COLUMNS) + ", not " + k);
        }
    }

    /** {@return the catalogue's kernels that take {@code a}, as "x, y and z"} */
    private static String taking(Kernel.Argument a) {
        List<String> names = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            if (k.argument() == a) {
                names.add(k.id());
            }
        }
        return and(names);
    }

    private static String and(List<String> names) {
        int last = names.size() - 1;
        return last <= 0 ? String.join("", names)
                : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }

    /**
     * Checks what depends on the data (user errors, exit 1) before any output exists.
     *
     * @return the two columns of hypotenuse-per-row, else null
     */
    private long[] check(SharedArray in, SharedArray second) {
        String k = kernel.id();
        if (second != null) {
            if (second.dtype() != in.dtype() || second.length() != in.length()) {
                throw new CliException("dot needs two arrays of one dtype and length: " + name + " is "
                        + in.dtype().numpyName() + " " + in.shape().toPythonTuple() + ", " + with + " is "
                        + second.dtype().numpyName() + " " + second.shape().toPythonTuple());
            }
        }
        if (kernel.onRows() && in.shape().rank() != 2) {
            throw new CliException(k + " needs a 2-D array (rows, cols): " + name + " has shape "
                    + in.shape().toPythonTuple());
        }
        if (kernel != Kernel.HYPOTENUSE_PER_ROW) {
            return null;
        }
        long[] c = {0, 1};
        if (columns != null) {
            String[] parts = columns.split(",", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                c = new long[] {Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip())};
            } catch (NumberFormatException e) {
                throw new CliException("invalid --columns '" + columns + "': expected two column indices such as 0,1");
            }
        }
        long n = in.shape().dim(1);
        for (long col : c) {
            if (col < 0 || col >= n) {
                throw new CliException("column " + col + " out of range: " + name + " has " + n + " columns");
            }
        }
        return c;
    }

    /** A kernel call, run {@code --repeat} times. */
    @FunctionalInterface
    private interface Body {
        Object run() throws Exception;
    }

    private int run(SharedArray in, SharedArray second, SharedArray result, long[] cols) throws Exception {
        long poolStartNanos = -1;
        WorkerPool pool = null;
        try {
            Body body;
            if (workers != null) {
                long t0 = System.nanoTime();
                PrintWriter err = root.err();
                pool = WorkerPool.builder().workers(workers).directory(root.directory())
                        .taskTimeout(taskTimeout(in, second)).onWorkerCrash(c -> crashed(err, c)).start();
                poolStartNanos = System.nanoTime() - t0;
                body = poolBody(pool, in, second, result, cols);
            } else {
                KernelOps ops = mode == Mode.scalar ? Kernels.scalar()
                        : threads != null && threads > 1 ? Kernels.parallel(threads) : Kernels.simd();
                body = body(ops, in, second, result, cols);
            }
            SharedArray[] mapped = Arrays.stream(new SharedArray[] {in, second, result}).filter(Objects::nonNull)
                    .toArray(SharedArray[]::new);
            long[] timings = new long[repeat];
            Object value = null;
            try {
                // Another process may truncate a segment meanwhile: check before each call (untimed), and after
                // the last, since a fault is raised at the next safepoint, possibly after a kernel returned.
                for (int r = 0; r < repeat; r++) {
                    checkNotTruncated(mapped);
                    long t0 = System.nanoTime();
                    try {
                        value = body.run();
                    } catch (TaskTimeoutException e) {
                        throw new CliException(e.getMessage() + "; a stopped (SIGSTOP) or overloaded worker? "
                                + (timeout == null ? "pass --timeout SECONDS to wait longer" : "raise --timeout"));
                    }
                    timings[r] = System.nanoTime() - t0;
                }
                checkNotTruncated(mapped);
            } catch (InternalError fault) {
                // SIGBUS on a truncated mapping: report which segment, not the JVM's words.
                for (SharedArray a : mapped) {
                    try {
                        a.checkNotTruncated();
                    } catch (SegmentTruncatedException e) {
                        e.addSuppressed(fault);
                        throw e;
                    }
                }
                throw fault;
            }
            report(in, result, value, timings, poolStartNanos);
            return 0;
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    private static void checkNotTruncated(SharedArray... segments) throws IOException {
        for (SharedArray a : segments) {
            a.checkNotTruncated();
        }
    }

    /** @return {@code --timeout}, or 60 s plus 10 s per GiB of input */
    private Duration taskTimeout(SharedArray in, SharedArray second) {
        double seconds = timeout != null ? timeout : TIMEOUT_BASE_SECONDS + TIMEOUT_SECONDS_PER_GIB
                * (in.byteSize() + (second == null ? 0 : second.byteSize())) / (double) (1L << 30);
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
    }

    private Body body(KernelOps ops, SharedArray in, SharedArray second, SharedArray result, long[] cols) {
        ArrayView v = in.view();
        return switch (kernel) {
            case SUM_OF_SQUARES -> () -> ops.sumOfSquares(v);
            case SUM -> () -> ops.sum(v);
            case DOT -> {
                ArrayView w = second.view();
                yield () -> ops.dot(v, w);
            }
            case COUNT_IN_RANGE -> () -> ops.countInRange(v, lo, hi);
            case MIN -> () -> ops.min(v);
            case MAX -> () -> ops.max(v);
            case SCALE -> () -> {
                ops.scale(v, by);
                return null;
            };
            case COUNT_IN_RANGE_PER_ROW -> {
                Matrix<? extends ArrayView> m = in.matrix();
                yield () -> {
                    ops.countInRangePerRow(m, lo, hi, result.asInts());
                    return null;
                };
            }
            case HYPOTENUSE_PER_ROW -> {
                Matrix<? extends ArrayView> m = in.matrix();
                yield () -> {
                    ops.hypotenusePerRow(m, cols[0], cols[1], result.asDoubles());
                    return null;
                };
            }
            case SUM_OF_SQUARES_PER_COLUMN -> {
                Matrix<? extends ArrayView> m = in.matrix();
                yield () -> {
                    ops.sumOfSquaresPerColumn(m, result.asDoubles());
                    return null;
                };
            }
        };
    }

    /**
     * A worker crash the pool survived: one line on stderr, so that a fault is never hidden behind a right result
     * (the part the dead worker ran is run again; the command still exits 0 when the result is complete).
     */
    static void crashed(PrintWriter err, WorkerCrash c) {
        String what = switch (c.outcome()) {
            case RETRIED -> "; its part was run again";
            case FAILED -> "; its part failed";
            case IDLE -> " while idle; it was replaced";
        };
        synchronized (err) {
            err.println("panamax: worker " + c.workerId() + " (pid " + c.pid() + ") died (" + c.cause() + ")" + what
                    + (c.errorReport() != null ? "; JVM crash report: " + c.errorReport() : ""));
            err.flush();
        }
    }

    /** The same kernels on worker processes; sums of integer arrays come back as exact longs. */
    private Body poolBody(WorkerPool workerPool, SharedArray in, SharedArray second, SharedArray result,
                          long[] cols) {
        PoolKernels pool = workerPool.kernels();
        return switch (kernel) {
            case SUM_OF_SQUARES -> () -> pool.sumOfSquares(in);
            case SUM -> () -> pool.sum(in);
            case DOT -> () -> pool.dot(in, second);
            case MIN -> () -> pool.min(in);
            case MAX -> () -> pool.max(in);
            case COUNT_IN_RANGE -> () -> pool.countInRange(in, lo, hi);
            case SCALE -> () -> {
                pool.scale(in, by);
                return null;
            };
            case COUNT_IN_RANGE_PER_ROW -> () -> {
                pool.countInRangePerRow(in, lo, hi, result);
                return null;
            };
            case HYPOTENUSE_PER_ROW -> () -> {
                pool.hypotenusePerRow(in, cols[0], cols[1], result);
                return null;
            };
            case SUM_OF_SQUARES_PER_COLUMN -> () -> {
                result.asDoubles().copyFrom(pool.sumOfSquaresPerColumn(in));
                return null;
            };
        };
    }

    /**
     * What {@code --threads N} ran on: at most one thread per processor runs at once (the caller and one shared
     * worker per other processor), whatever N says.
     */
    private static String threads(int requested) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (requested <= processors) {
            return requested + (requested == 1 ? " thread" : " threads");
        }
        return "at most " + processors + (processors == 1 ? " thread" : " threads") + " (--threads " + requested
                + "; this JVM has " + processors + (processors == 1 ? " processor)" : " processors)");
    }

    private void report(SharedArray in, SharedArray result, Object value, long[] timings, long poolStartNanos) {
        PrintWriter pw = root.out();
        int threadCount = threads != null ? threads : 1;
        int workerCount = workers != null ? workers : 0;
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kernel", kernel.id());
            m.put("input", name);
            m.put("dtype", in.dtype().numpyName());
            m.put("shape", in.shape().dims());
            m.put("mode", mode.name());
            m.put("threads", threadCount);
            m.put("workers", workerCount);
            m.put("backend", Segs.lower(root.backend));
            m.put("result", value);
            m.put("out", out);
            m.put("timings_ns", timings);
            pw.println(Json.write(m));
            return;
        }
        String args = name + (with != null ? ", " + with : "");
        if (kernel.result() == Kernel.Result.NUMBER) {
            pw.println(kernel.id() + "(" + args + ") = " + value);
        } else if (result != null) {
            pw.println(kernel.id() + "(" + args + ") -> " + out + ": " + result.dtype().numpyName() + " "
                    + result.shape().toPythonTuple());
        } else {
            pw.println("scale(" + args + ") by " + by + ": done in place");
        }
        String where = workerCount > 0 ? workerCount + (workerCount == 1 ? " worker process" : " worker processes")
                : threads(threadCount);
        pw.println("  " + in.dtype().numpyName() + " " + in.shape().toPythonTuple() + ", " + mode + ", " + where
                + ", " + Segs.lower(root.backend));
        if (poolStartNanos >= 0) {
            pw.println("  workers started in " + Text.millis(poolStartNanos) + " (not timed)");
        }
        if (timings.length == 1) {
            pw.println("  time: " + Text.millis(timings[0]) + " (cold: includes JIT warm-up and page faults; use"
                    + " --repeat N for the steady state)");
        } else {
            long[] sorted = timings.clone();
            Arrays.sort(sorted);
            pw.println("  " + timings.length + " runs: min " + Text.millis(sorted[0]) + ", median "
                    + Text.millis(sorted[sorted.length / 2]) + ", max " + Text.millis(sorted[sorted.length - 1]));
        }
    }
}
