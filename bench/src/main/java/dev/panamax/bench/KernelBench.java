package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import dev.panamax.simd.KernelOps;
import dev.panamax.simd.Kernels;
import dev.panamax.simd.Simd;
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

/**
 * The simd kernels against each other and, through the same data shapes, against the C references in
 * {@code shared/peers}: sum of squares (float64, float32) and count in range (int32 values 0..9 in [4, 8], float64
 * values U[0,10) in [4, 8]) at 4 Ki (L1), 64 Ki (L2), 1 Mi (L3), 16 Mi (DRAM) and 100003 (odd tail) elements, and the
 * per-row count on the 200000 x 5 int32 matrix. Scalar, vector and parallel(2) are sibling methods; memory is a
 * native 64-byte-aligned segment or a Java array. Divide ns/op by {@code size} for ns per element.
 *
 * <pre>java -jar bench/target/benchmarks.jar KernelBench -f 1 -wi 3 -i 5 -rf json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class KernelBench {
    static final KernelOps SCALAR = Kernels.scalar();
    static final KernelOps VECTOR = Kernels.simd();
    static final KernelOps PARALLEL = Kernels.parallel(2);

    /**
     * Where the elements live: an {@link OffHeapArray} (what users allocate: 64-byte aligned, and from 4 MiB a
     * huge-page-advised mapping, like NumPy's large arrays and the C reference's buffers), closed with {@code owned},
     * or a Java array of the element's own type (the Vector API's heap loads are intrinsified only when the array
     * type matches the vector's element type; a float view over an int[] measured 20x slower).
     */
    static MemorySegment memory(List<OffHeapArray> owned, String kind, long elements, Class<?> type) {
        int n = Math.toIntExact(elements);
        if (kind.equals("native")) {
            DType t = type == double.class ? DType.FLOAT64 : type == float.class ? DType.FLOAT32 : DType.INT32;
            OffHeapArray a = OffHeapArray.allocate(t, Shape.of(elements));
            owned.add(a);
            return a.segment();
        }
        if (type == double.class) {
            return MemorySegment.ofArray(new double[n]);
        }
        return type == float.class ? MemorySegment.ofArray(new float[n]) : MemorySegment.ofArray(new int[n]);
    }

    /** Flat arrays of {@code size} elements. */
    @State(Scope.Benchmark)
    public static class Flat {
        @Param({"4096", "65536", "1048576", "16777216", "100003"})
        public int size;

        @Param({"native", "heap"})
        public String memory;

        final List<OffHeapArray> owned = new ArrayList<>();
        DoubleView f64;
        FloatView f32;
        IntView i32;

        @Setup(Level.Trial)
        public void setUp() {
            if (!Simd.vectorized()) {
                throw new IllegalStateException("vector kernels not in use:\n" + Simd.describe());
            }
            f64 = DoubleView.of(memory(owned, memory, size, double.class));
            f32 = FloatView.of(memory(owned, memory, size, float.class));
            i32 = IntView.of(memory(owned, memory, size, int.class));
            SplittableRandom r = new SplittableRandom(42);
            for (long i = 0; i < size; i++) {
                f64.set(i, r.nextDouble() * 10);
                f32.set(i, (float) r.nextDouble());
                i32.set(i, r.nextInt(10));
            }
            check("count i32", SCALAR.countInRange(i32, 4, 8), VECTOR.countInRange(i32, 4, 8),
                    PARALLEL.countInRange(i32, 4, 8));
            check("count f64", SCALAR.countInRange(f64, 4.0, 8.0), VECTOR.countInRange(f64, 4.0, 8.0),
                    PARALLEL.countInRange(f64, 4.0, 8.0));
            // Non-negative terms: the bound n * eps * sum(x^2) is relative to the result itself.
            close("sumsq f64", SCALAR.sumOfSquares(f64), VECTOR.sumOfSquares(f64), PARALLEL.sumOfSquares(f64),
                    Math.ulp(1.0));
            close("sumsq f32", SCALAR.sumOfSquares(f32), VECTOR.sumOfSquares(f32), PARALLEL.sumOfSquares(f32),
                    Math.ulp(1.0f));
        }

        private void check(String what, long scalar, long vector, long parallel) {
            if (scalar != vector || scalar != parallel) {
                throw new IllegalStateException(what + " disagree: scalar=" + scalar + " vector=" + vector
                        + " parallel=" + parallel + " size=" + size);
            }
        }

        private void close(String what, double scalar, double vector, double parallel, double eps) {
            double tol = 2.0 * size * eps * Math.abs(scalar);
            if (Math.abs(scalar - vector) > tol || Math.abs(scalar - parallel) > tol) {
                throw new IllegalStateException(what + " disagree beyond " + tol + ": scalar=" + scalar + " vector="
                        + vector + " parallel=" + parallel + " size=" + size);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            owned.forEach(OffHeapArray::close);
            owned.clear();
        }
    }

    /** The 200000 x 5 int32 matrix, values 0..9, one int32 count per row. */
    @State(Scope.Benchmark)
    public static class Rows {
        @Param({"native", "heap"})
        public String memory;

        final List<OffHeapArray> owned = new ArrayList<>();
        Matrix<IntView> m;
        IntView out;

        @Setup(Level.Trial)
        public void setUp() {
            IntView flat = IntView.of(memory(owned, memory, 200_000L * 5, int.class));
            SplittableRandom r = new SplittableRandom(7);
            for (long i = 0; i < flat.length(); i++) {
                flat.set(i, r.nextInt(10));
            }
            m = Matrix.of(flat, 200_000, 5);
            out = IntView.of(memory(owned, memory, 200_000, int.class));
            IntView reference = IntView.wrap(new int[200_000]);
            SCALAR.countInRangePerRow(m, 4, 8, reference);
            for (KernelOps k : new KernelOps[] {VECTOR, PARALLEL}) {
                k.countInRangePerRow(m, 4, 8, out);
                if (out.segment().mismatch(reference.segment()) != -1) {
                    throw new IllegalStateException(k + " per-row counts disagree with scalar");
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            owned.forEach(OffHeapArray::close);
            owned.clear();
        }
    }

    @Benchmark
    public double sumsqF64Scalar(Flat s) {
        return SCALAR.sumOfSquares(s.f64);
    }

    @Benchmark
    public double sumsqF64Vector(Flat s) {
        return VECTOR.sumOfSquares(s.f64);
    }

    @Benchmark
    public double sumsqF64Parallel2(Flat s) {
        return PARALLEL.sumOfSquares(s.f64);
    }

    @Benchmark
    public float sumsqF32Scalar(Flat s) {
        return SCALAR.sumOfSquares(s.f32);
    }

    @Benchmark
    public float sumsqF32Vector(Flat s) {
        return VECTOR.sumOfSquares(s.f32);
    }

    @Benchmark
    public float sumsqF32Parallel2(Flat s) {
        return PARALLEL.sumOfSquares(s.f32);
    }

    @Benchmark
    public long countI32Scalar(Flat s) {
        return SCALAR.countInRange(s.i32, 4, 8);
    }

    @Benchmark
    public long countI32Vector(Flat s) {
        return VECTOR.countInRange(s.i32, 4, 8);
    }

    @Benchmark
    public long countI32Parallel2(Flat s) {
        return PARALLEL.countInRange(s.i32, 4, 8);
    }

    @Benchmark
    public long countF64Scalar(Flat s) {
        return SCALAR.countInRange(s.f64, 4.0, 8.0);
    }

    @Benchmark
    public long countF64Vector(Flat s) {
        return VECTOR.countInRange(s.f64, 4.0, 8.0);
    }

    @Benchmark
    public long countF64Parallel2(Flat s) {
        return PARALLEL.countInRange(s.f64, 4.0, 8.0);
    }

    @Benchmark
    public IntView rowsI32Scalar(Rows s) {
        SCALAR.countInRangePerRow(s.m, 4, 8, s.out);
        return s.out;
    }

    @Benchmark
    public IntView rowsI32Vector(Rows s) {
        VECTOR.countInRangePerRow(s.m, 4, 8, s.out);
        return s.out;
    }

    @Benchmark
    public IntView rowsI32Parallel2(Rows s) {
        PARALLEL.countInRangePerRow(s.m, 4, 8, s.out);
        return s.out;
    }
}
