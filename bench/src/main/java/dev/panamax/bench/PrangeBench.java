package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.Shape;
import dev.panamax.pool.TaskContext;
import dev.panamax.pool.WorkerPool;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.simd.ParallelLoop;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed's per-row count (a 200000 x 5 int32 matrix of values in [0, 10); per row, how many lie in [4, 8]) written
 * as a user kernel, against the built-in kernel, in one run (issue 12): on one thread, on two threads
 * ({@code Kernels.parallel(2)} against {@link ParallelLoop}), and on two worker processes
 * ({@code pool.kernels().countInRangePerRow} against {@code forEachRange} with {@link #countRows}). The matrix and
 * the output are shared segments, so the worker methods read the very same memory. Each user kernel comes twice: as
 * a user first writes it ({@code lo <= v && v <= hi}) and branch-free ({@link #countRowsBranchFree}). {@code @Setup}
 * checks that every method writes the same counts.
 *
 * <pre>java -jar bench/target/benchmarks.jar PrangeBench -f 1 -wi 5 -i 10 -rf json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, "-Xms1g", "-Xmx1g"})
public class PrangeBench {
    static final int ROWS = 200_000;
    static final int COLS = 5;
    static final int LO = 4;
    static final int HI = 8;

    /**
     * The user kernel, as a worker runs it ({@code RangeKernel}): rows {@code [from, from + count)} of {@code m},
     * counted into the int32 segment named {@code args[2]}.
     *
     * @param ctx the worker's context
     * @param m the matrix
     * @param from the first row
     * @param count the number of rows
     * @param args lo, hi (Long) and the output segment's name
     * @return null: the counts are written to the output segment
     * @throws IOException if the output segment cannot be opened
     */
    public static Object countRows(TaskContext ctx, SharedArray m, long from, long count, Object[] args)
            throws IOException {
        return inWorker(ctx, m, from, count, args, PrangeBench::countRows);
    }

    /**
     * {@link #countRows(TaskContext, SharedArray, long, long, Object[])} with the branch-free loop.
     *
     * @param ctx the worker's context
     * @param m the matrix
     * @param from the first row
     * @param count the number of rows
     * @param args lo, hi (Long) and the output segment's name
     * @return null: the counts are written to the output segment
     * @throws IOException if the output segment cannot be opened
     */
    public static Object countRowsBranchFree(TaskContext ctx, SharedArray m, long from, long count, Object[] args)
            throws IOException {
        return inWorker(ctx, m, from, count, args, PrangeBench::countRowsBranchFree);
    }

    /** One of the two row loops. */
    @FunctionalInterface
    interface RowLoop {
        void run(Matrix<IntView> m, int lo, int hi, long from, long to, IntView out);
    }

    /** A worker's range: the arguments unpacked as both worker methods take them, then {@code loop}. */
    private static Object inWorker(TaskContext ctx, SharedArray m, long from, long count, Object[] args, RowLoop loop)
            throws IOException {
        IntView out = ctx.segment((String) args[2], m.path().getParent()).asInts();
        loop.run(m.asIntMatrix(), ((Long) args[0]).intValue(), ((Long) args[1]).intValue(), from, from + count, out);
        return null;
    }

    /** The loop itself, shared by the thread and worker versions: a plain scalar loop, as a user writes it. */
    static void countRows(Matrix<IntView> m, int lo, int hi, long from, long to, IntView out) {
        IntView flat = m.flat();
        long cols = m.cols();
        for (long r = from; r < to; r++) {
            int c = 0;
            for (long j = r * cols, end = j + cols; j < end; j++) {
                int v = flat.get(j);
                c += lo <= v && v <= hi ? 1 : 0;
            }
            out.set(r, c);
        }
    }

    /**
     * The same loop with the range test as one unsigned compare: no branch for random data to mispredict
     * (docs/kernels.md, "Branch-free conditions").
     */
    static void countRowsBranchFree(Matrix<IntView> m, int lo, int hi, long from, long to, IntView out) {
        IntView flat = m.flat();
        long cols = m.cols();
        int width = hi - lo;
        for (long r = from; r < to; r++) {
            int c = 0;
            for (long j = r * cols, end = j + cols; j < end; j++) {
                c += Integer.compareUnsigned(flat.get(j) - lo, width) <= 0 ? 1 : 0;
            }
            out.set(r, c);
        }
    }

    /** The matrix, the output and a warm pool of two workers. */
    @State(Scope.Benchmark)
    public static class Data {
        SharedArray m;
        SharedArray out;
        WorkerPool pool;
        KernelOps parallel2;
        ParallelLoop loop1;
        ParallelLoop loop2;
        Matrix<IntView> matrix;
        IntView counts;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            String prefix = "panamax-prangebench-" + ProcessHandle.current().pid();
            m = SharedArray.create(prefix + "-m", DType.INT32, Shape.of(ROWS, COLS), SegmentOptions.defaults(),
                    Fill.integers(42, 0, 10));
            out = SharedArray.create(prefix + "-out", DType.INT32, Shape.of(ROWS));
            pool = WorkerPool.builder().workers(2).start();
            parallel2 = Kernels.parallel(2);
            loop1 = ParallelLoop.threads(1);
            loop2 = ParallelLoop.threads(2);
            matrix = m.asIntMatrix();
            counts = out.asInts();
            int[] expected = new int[ROWS];
            Kernels.scalar().countInRangePerRow(matrix, LO, HI, IntView.wrap(expected));
            for (Runnable method : new Runnable[] {
                () -> Kernels.simd().countInRangePerRow(matrix, LO, HI, counts),
                () -> parallel2.countInRangePerRow(matrix, LO, HI, counts),
                () -> user(loop1, PrangeBench::countRows), () -> user(loop2, PrangeBench::countRows),
                () -> user(loop1, PrangeBench::countRowsBranchFree),
                () -> user(loop2, PrangeBench::countRowsBranchFree),
                () -> pool.kernels().countInRangePerRow(m, LO, HI, out),
                () -> pool.kernels().forEachRange(m, PrangeBench::countRows, (long) LO, (long) HI, out.name()),
                () -> pool.kernels().forEachRange(m, PrangeBench::countRowsBranchFree, (long) LO, (long) HI,
                        out.name())}) {
                counts.fill(-1);
                method.run();
                if (!java.util.Arrays.equals(expected, counts.toArray())) {
                    throw new IllegalStateException("a per-row count method disagrees with the scalar kernel");
                }
            }
        }

        void user(ParallelLoop loop, RowLoop rows) {
            loop.forEach(ROWS, (from, to) -> rows.run(matrix, LO, HI, from, to, counts));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            pool.close();
            for (SharedArray a : new SharedArray[] {m, out}) {
                a.close();
                a.unlink();
            }
        }
    }

    /**
     * @param d the data
     * @return a count, so the work is not dead code
     */
    @Benchmark
    public int countInRangePerRowBuiltIn1(Data d) {
        Kernels.simd().countInRangePerRow(d.matrix, LO, HI, d.counts);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowUser1(Data d) {
        d.user(d.loop1, PrangeBench::countRows);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowBuiltInThreads2(Data d) {
        d.parallel2.countInRangePerRow(d.matrix, LO, HI, d.counts);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowUserThreads2(Data d) {
        d.user(d.loop2, PrangeBench::countRows);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowBuiltInWorkers2(Data d) {
        d.pool.kernels().countInRangePerRow(d.m, LO, HI, d.out);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowUserWorkers2(Data d) {
        d.pool.kernels().forEachRange(d.m, PrangeBench::countRows, (long) LO, (long) HI, d.out.name());
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowUserBranchFree1(Data d) {
        d.user(d.loop1, PrangeBench::countRowsBranchFree);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowUserBranchFreeThreads2(Data d) {
        d.user(d.loop2, PrangeBench::countRowsBranchFree);
        return d.counts.get(ROWS - 1);
    }

    /**
     * @param d the data
     * @return a count
     */
    @Benchmark
    public int countInRangePerRowUserBranchFreeWorkers2(Data d) {
        d.pool.kernels().forEachRange(d.m, PrangeBench::countRowsBranchFree, (long) LO, (long) HI, d.out.name());
        return d.counts.get(ROWS - 1);
    }
}
