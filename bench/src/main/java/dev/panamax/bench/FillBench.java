package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Fill;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
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

/**
 * Filling a float64 array (issue 12): what a user wrote before core had fills ({@code set(i, ...)} in a loop, 403 ms
 * for 10 M elements in the issue), {@code setAll} and {@code parallelSetAll}, and the seeded uniform and normal
 * fills on one thread and on the common pool. {@code uniformOneThreadNoSuperWord} is {@code uniformOneThread} in a
 * JVM with C2's auto-vectorization off ({@code -XX:-UseSuperWord}): the pair says whether the counter-based
 * generator's batch loop vectorizes, and what it gains. {@code splittableRandomLoop} is the sequential generator
 * whose stream the uniform fill reproduces.
 *
 * <pre>java -jar bench/target/benchmarks.jar FillBench -f 1 -wi 3 -i 5 -rf json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class FillBench {
    /** One array of {@code size} float64 and a one-thread fork-join pool to run a fill on a single thread. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"65536", "10000000"})
        public int size;

        OffHeapArray array;
        DoubleView v;
        ForkJoinPool one;

        @Setup(Level.Trial)
        public void setUp() {
            array = OffHeapArray.allocate(DType.FLOAT64, Shape.of(size));
            v = array.asDoubles();
            one = new ForkJoinPool(1);
            SplittableRandom r = new SplittableRandom(42);
            Fill.uniform(42).applyTo(v);
            for (long i = 0; i < size; i++) {
                if (r.nextDouble() != v.get(i)) {
                    throw new IllegalStateException("the uniform fill is not SplittableRandom's stream at " + i);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            one.shutdown();
            array.close();
        }
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double setLoop(Data d) {
        DoubleView v = d.v;
        for (long i = 0, n = v.length(); i < n; i++) {
            v.set(i, i * 0.5);
        }
        return v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double setAll(Data d) {
        d.v.setAll(i -> i * 0.5);
        return d.v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double parallelSetAll(Data d) {
        d.v.parallelSetAll(i -> i * 0.5);
        return d.v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double splittableRandomLoop(Data d) {
        DoubleView v = d.v;
        SplittableRandom r = new SplittableRandom(42);
        for (long i = 0, n = v.length(); i < n; i++) {
            v.set(i, r.nextDouble());
        }
        return v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double uniformOneThread(Data d) {
        d.one.submit(() -> Fill.uniform(42).applyTo(d.v)).join();
        return d.v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, "-Xms2g", "-Xmx2g",
        "-XX:+AlwaysPreTouch", "-XX:-UseSuperWord"})
    public double uniformOneThreadNoSuperWord(Data d) {
        d.one.submit(() -> Fill.uniform(42).applyTo(d.v)).join();
        return d.v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double uniformCommonPool(Data d) {
        Fill.uniform(42).applyTo(d.v);
        return d.v.get(d.size - 1);
    }

    /**
     * @param d the array
     * @return its last element
     */
    @Benchmark
    public double normalOneThread(Data d) {
        d.one.submit(() -> Fill.normal(42).applyTo(d.v)).join();
        return d.v.get(d.size - 1);
    }
}
