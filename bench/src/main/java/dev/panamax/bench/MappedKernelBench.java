package dev.panamax.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.Shape;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.shm.SharedArray;

/**
 * The "native vs heap vs mapped" axis for the vector kernels: the same data in an Arena segment, in a Java array
 * and in a shared segment (a {@code .npy} file on /dev/shm created and mapped by {@link SharedArray}, which is how
 * processes share an array). Sum of squares (float64) and count in range (int32, values 0..9, range 4..8) as in
 * the peers, so the report puts them next to C, NumPy and Numba.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class MappedKernelBench {
    @Param({"4096", "65536", "100003", "1048576", "16777216"})
    public int n;

    @Param({"native", "heap", "shared"})
    public String segment;

    /**
     * {@code alone}: only this segment's class has been through the kernels in this JVM. {@code mixed}: first the
     * kernels ran over native, mapped and heap segments of double[], float[] and int[] (as an application that
     * shares arrays and also passes Java arrays does), so the JIT's profiles of the JDK's segment code are shared
     * by several classes (docs/design/segment-classes.md).
     */
    @Param({"alone", "mixed"})
    public String others;

    private Arena arena;
    private final List<SharedArray> shared = new ArrayList<>();
    private DoubleView f64;
    private IntView i32;
    private final KernelOps simd = Kernels.simd();

    @Setup(Level.Trial)
    public void setup() throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        double[] d = new double[n];
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = 10.0 * rnd.nextDouble();
            k[i] = rnd.nextInt(10);
        }
        arena = Arena.ofShared();
        switch (segment) {
            case "native" -> {
                f64 = DoubleView.of(arena.allocate((long) n * 8, 64).copyFrom(MemorySegment.ofArray(d)));
                i32 = IntView.of(arena.allocate((long) n * 4, 64).copyFrom(MemorySegment.ofArray(k)));
            }
            case "heap" -> {
                f64 = DoubleView.wrap(d);
                i32 = IntView.wrap(k);
            }
            case "shared" -> {
                f64 = DoubleView.of(share("f64", DType.FLOAT64, MemorySegment.ofArray(d)));
                i32 = IntView.of(share("i32", DType.INT32, MemorySegment.ofArray(k)));
            }
            default -> throw new IllegalArgumentException("segment=" + segment + ": expected native, heap or shared");
        }
        if (others.equals("mixed")) {
            mix();
        }
        // The vector kernels must agree with their scalar twins on this very data before anything is timed.
        KernelOps scalar = Kernels.scalar();
        double vs = simd.sumOfSquares(f64);
        double ss = scalar.sumOfSquares(f64);
        if (Math.abs(vs - ss) > 1e-9 * Math.abs(ss)) {
            throw new IllegalStateException("sumOfSquares: vector " + vs + " != scalar " + ss + " (n=" + n + ")");
        }
        long vc = simd.countInRange(i32, 4, 8);
        long sc = scalar.countInRange(i32, 4, 8);
        if (vc != sc) {
            throw new IllegalStateException("countInRange: vector " + vc + " != scalar " + sc + " (n=" + n + ")");
        }
    }

    /** Sums of squares and counts over every other class of segment, often enough to be in the JIT's profiles. */
    private void mix() throws IOException {
        int m = 16_384;
        List<DoubleView> f64s = List.of(DoubleView.of(arena.allocate(m * 8L, 64)), DoubleView.wrap(new double[m]),
                DoubleView.of(share("mix-f64", DType.FLOAT64, MemorySegment.ofArray(new double[m]))));
        List<FloatView> f32s = List.of(FloatView.of(arena.allocate(m * 4L, 64)), FloatView.wrap(new float[m]));
        List<IntView> i32s = List.of(IntView.of(arena.allocate(m * 4L, 64)), IntView.wrap(new int[m]),
                IntView.of(share("mix-i32", DType.INT32, MemorySegment.ofArray(new int[m]))));
        long sink = 0;
        for (int round = 0; round < 3_000; round++) {
            for (DoubleView v : f64s) {
                sink += (long) simd.sumOfSquares(v) + simd.countInRange(v, 4.0, 8.0);
            }
            for (FloatView v : f32s) {
                sink += (long) simd.sumOfSquares(v);
            }
            for (IntView v : i32s) {
                sink += simd.countInRange(v, 4, 8);
            }
        }
        if (sink != 0) {
            throw new IllegalStateException("kernels over zeros gave " + sink);
        }
    }

    /** A new shared segment on /dev/shm holding a copy of the data; unlinked in {@link #tearDown()}. */
    private MemorySegment share(String tag, DType dtype, MemorySegment data) throws IOException {
        String name = "panamax-bench-" + ProcessHandle.current().pid() + "-" + tag + "-" + System.nanoTime();
        SharedArray a = SharedArray.create(name, dtype, Shape.of(data.byteSize() / dtype.byteSize()));
        shared.add(a);
        return a.segment().copyFrom(data);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arena.close();
        for (SharedArray a : shared) {
            a.unlink();
            a.close();
        }
        shared.clear();
    }

    @Benchmark
    public double sumOfSquaresF64() {
        return simd.sumOfSquares(f64);
    }

    @Benchmark
    public long countInRangeI32() {
        return simd.countInRange(i32, 4, 8);
    }
}
