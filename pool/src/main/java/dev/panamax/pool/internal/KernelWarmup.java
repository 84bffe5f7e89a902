package dev.panamax.pool.internal;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.Shape;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernel;
import dev.panamax.simd.Simd;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a worker's most used built-in kernels before its handshake, so that its first real task runs C2-compiled
 * code instead of an interpreted Vector API loop, a thousand times slower (docs/design/streaming-kernels.md).
 * Sums of squares of float64 and in-range counts of int32 (flat and per row), in both loop shapes, on small inputs
 * in a scratch segment of the pool's directory (the same kind of memory as real segments, so the compiled code is
 * kept); at most {@link #BUDGET_NANOS}, and a failure (a read-only directory, a full {@code /dev/shm}) only skips
 * it. It makes {@code start()} longer and the first calls of a fresh pool much faster (docs/performance.md).
 */
final class KernelWarmup {
    /** The most time a worker spends warming up. */
    static final long BUDGET_NANOS = 1_500_000_000L;
    /** Bytes of the scratch segment: exactly where the kernels switch to their streaming loops. */
    private static final long BYTES = 1L << 20;
    /**
     * Counts stream from the CPU's last-level cache share ({@link Simd#countStreamingBytes()}); their streaming loop
     * is warmed on a scratch that large when it is at most this (a few milliseconds of reads, tmpfs pages freed at
     * the end), else left to the first large task.
     */
    private static final long MAX_COUNT_BYTES = 64L << 20;
    /** Inputs of the cached loops: small, so that their interpreted and C1 calls cost little. */
    private static final long CACHED_BYTES = 16L << 10;
    private static final int ROWS = 2048;
    /**
     * Calls of each kernel: C2 compiles a method after a few hundred calls with enough loop iterations; the
     * streaming block methods run four times per call.
     */
    private static final int CALLS = 600;
    private static final int STREAMING_CALLS = 200;
    private static volatile double sink;

    private KernelWarmup() {
    }

    static void run(Path dir) {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        String name = "panamax-warmup-" + ProcessHandle.current().pid();
        long countBytes = Simd.countStreamingBytes();
        long bytes = countBytes <= MAX_COUNT_BYTES ? countBytes : BYTES; // countBytes is at least BYTES
        try (SharedArray scratch = scratch(name, dir, bytes)) {
            DoubleView d = scratch.asDoubles().slice(0, BYTES / 8);
            IntView i32 = IntView.of(scratch.segment());
            // Through KernelTask.compute, with views typed as there: the code real tasks run gets compiled.
            ArrayView doubles = d;
            ArrayView cachedDoubles = d.slice(0, CACHED_BYTES / 8);
            ArrayView ints = i32;
            ArrayView cachedInts = i32.slice(0, CACHED_BYTES / 4);
            Matrix<? extends ArrayView> rows = Matrix.of(IntView.of(scratch.segment(), 0, 5L * ROWS), ROWS, 5);
            IntView out = IntView.of(scratch.segment(), BYTES / 4 - ROWS, ROWS);
            Object[] range = {4.0, 8.0};
            double s = 0;
            // The tutorial workloads first: per-row counts of int32, then sums of squares of float64 and in-range
            // counts of int32, in the cached and the streaming loop shapes.
            for (int c = 0; c < CALLS && System.nanoTime() < deadline; c++) {
                KernelTask.compute(Kernel.COUNT_IN_RANGE_PER_ROW, null, rows, out, range);
                s += number(Kernel.SUM_OF_SQUARES, cachedDoubles) + number(Kernel.COUNT_IN_RANGE, cachedInts, range);
            }
            for (int c = 0; c < STREAMING_CALLS && System.nanoTime() < deadline; c++) {
                s += number(Kernel.SUM_OF_SQUARES, doubles);
            }
            // as many streaming blocks as the sums ran, however large the count's input had to be
            long countCalls = Math.max(1, STREAMING_CALLS * BYTES / bytes);
            for (long c = 0; c < countCalls && System.nanoTime() < deadline; c++) {
                s += number(Kernel.COUNT_IN_RANGE, ints, range);
            }
            sink = s + out.get(0);
        } catch (IOException | RuntimeException e) {
            // No scratch memory here: the first tasks compile the kernels instead.
        }
    }

    private static double number(Kernel kernel, ArrayView x, Object... params) {
        return ((Number) KernelTask.compute(kernel, x, null, null, params)).doubleValue();
    }

    private static SharedArray scratch(String name, Path dir, long bytes) throws IOException {
        SharedArray a = SharedArray.create(name, DType.FLOAT64, Shape.of(bytes / 8),
                SegmentOptions.defaults().directory(dir));
        try {
            a.unlink();
        } catch (IOException e) {
            a.close();
            throw e;
        }
        return a;
    }
}
