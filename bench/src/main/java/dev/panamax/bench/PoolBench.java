package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Shape;
import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;
import dev.panamax.pool.WorkerPool;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The worker pool against its targets (issue 4) and Python's {@code multiprocessing.Pool}:
 * <ul>
 * <li>{@code roundTrip}: {@code pool.submit(Empty.class).join()} on a warm pool of 2 (Python {@code pool.apply}
 *     costs about 240 µs here); report the median ({@code p0.50}).</li>
 * <li>{@code poolSumOfSquares} vs {@code inProcessParallel2}: sum of squares of a 1 GiB float64 shared segment
 *     (128 Mi elements in {@code /dev/shm}), with 2 worker JVMs vs 2 threads in this JVM (target: within 1.15x;
 *     Python {@code Pool(2)} + {@code shared_memory} + {@code np.dot} with cached attachments: about 40 ms).</li>
 * <li>{@code startToReady}: a pool of 2 workers from {@code start()} until both are ready (target: 400 ms), with
 *     and without the workers' AOT cache.</li>
 * </ul>
 * Run: {@code java -jar bench/target/benchmarks.jar PoolBench -f 1 -wi 3 -i 5}.
 */
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, "-Xms1g", "-Xmx1g"})
public class PoolBench {
    /** A task that does nothing: the round trip is all protocol and scheduling. */
    public static final class Empty implements Task {
        /** Creates the task (the worker does, per call). */
        public Empty() {
        }

        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return null;
        }
    }

    /** A warm pool of 2 workers. */
    @State(Scope.Benchmark)
    public static class PoolState {
        WorkerPool pool;

        @Setup(Level.Trial)
        public void start() throws IOException {
            pool = WorkerPool.builder().workers(2).start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            pool.close();
        }
    }

    /** A warm pool of 2 workers and a 1 GiB float64 shared segment filled with values in [0, 10). */
    @State(Scope.Benchmark)
    public static class GiBState {
        static final long N = 128L << 20;
        WorkerPool pool;
        SharedArray a;
        KernelOps parallel2;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            String name = "panamax-poolbench-" + ProcessHandle.current().pid();
            a = SharedArray.create(name, DType.FLOAT64, Shape.of(N));
            DoubleView v = a.asDoubles();
            for (long i = 0; i < N; i++) {
                v.set(i, (i * 0x9E3779B97F4A7C15L >>> 11) * 0x1.0p-53 * 10.0);
            }
            pool = WorkerPool.builder().workers(2).start();
            parallel2 = Kernels.parallel(2);
            double inProcess = parallel2.sumOfSquares(v);
            double workers = pool.kernels().sumOfSquares(a).doubleValue();
            if (Math.abs(inProcess - workers) > 1e-9 * Math.abs(inProcess)) {
                throw new IllegalStateException("pool and in-process results differ: " + workers + " vs " + inProcess);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            pool.close();
            a.close();
            a.unlink();
        }
    }

    /** Holds the pool a start-up measurement made, closed outside the timed region. */
    @State(Scope.Thread)
    public static class StartState {
        /** With or without the workers' AOT cache (created by the first pool when missing). */
        @Param({"true", "false"})
        public boolean aotCache;
        WorkerPool started;

        @TearDown(Level.Invocation)
        public void close() {
            if (started != null) {
                started.close();
                started = null;
            }
        }
    }

    /**
     * @param s the warm pool
     * @return the (null) result, so the call is not dead code
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Object roundTrip(PoolState s) {
        return s.pool.submit(Empty.class).join();
    }

    /**
     * @param s the segment and the pool
     * @return the sum of squares computed by 2 worker JVMs
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public double poolSumOfSquares(GiBState s) {
        return s.pool.kernels().sumOfSquares(s.a).doubleValue();
    }

    /**
     * @param s the segment
     * @return the sum of squares computed by 2 threads in this JVM
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public double inProcessParallel2(GiBState s) {
        return s.parallel2.sumOfSquares(s.a.asDoubles());
    }

    /**
     * @param s holds the started pool for closing after the measurement
     * @return the pool size
     * @throws IOException if a worker cannot start
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 15)
    public int startToReady(StartState s) throws IOException {
        s.started = WorkerPool.builder().workers(2).aotCache(s.aotCache).start();
        return s.started.size();
    }
}
