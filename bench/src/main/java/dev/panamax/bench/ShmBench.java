package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Shape;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * Shared segment lifecycle and mapped-memory kernel speed, against Python's {@code multiprocessing.shared_memory}
 * figures in {@code peers/RESULTS.md} (attach 30 µs in the same process, unlink of an untouched 1 GiB segment
 * 30 µs, create + first touch of 1 GiB 894 ms). Segments live in {@code /dev/shm} (or {@code PANAMAX_DIR}) under
 * names ending in this JVM's pid, and are unlinked in tear-down.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ShmBench -f 1 -wi 3 -i 5
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, "-Xms1g", "-Xmx1g"})
public class ShmBench {
    static final long GIB = 1L << 30;
    static final String PREFIX = "panamax-bench-" + ProcessHandle.current().pid() + "-";

    /** Open without pre-faulting: the attach alone, as Python's {@code SharedMemory(name)} does it. */
    static final SegmentOptions ATTACH_ONLY = SegmentOptions.defaults().prefault(false);

    static SegmentOptions persistent() {
        return SegmentOptions.defaults().lifetime(Lifetime.PERSISTENT);
    }

    /** A 1 GiB reserved segment that exists for the whole trial; each invocation opens and closes it. */
    @State(Scope.Benchmark)
    public static class Existing {
        final String name = PREFIX + "existing";
        SharedArray owner;

        @Setup(Level.Trial)
        public void create() throws IOException {
            owner = SharedArray.create(name, DType.FLOAT64, Shape.of(GIB / 8), persistent());
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            owner.close();
            owner.unlink();
        }
    }

    /**
     * Open (attach: header parse, map of 1 GiB, no page touched) and close of an existing segment, in the same
     * process. Python: SharedMemory(name) 29.7 µs + close 9.5 to 46.8 µs.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public long openAndClose1GiB(Existing s) throws IOException {
        SharedArray a = SharedArray.open(s.name, ATTACH_ONLY);
        long n = a.byteSize();
        a.close();
        return n;
    }

    /** Holds what {@link #open1GiB} opened, closed after each invocation outside the measured time. */
    @State(Scope.Thread)
    public static class Opened {
        SharedArray a;

        @TearDown(Level.Invocation)
        public void close() {
            if (a != null) {
                a.close();
                a = null;
            }
        }
    }

    /** Open alone (attach: lstat, open, mmap of 1 GiB, header parse). Python: SharedMemory(name) 29.7 µs. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public long open1GiB(Existing s, Opened o) throws IOException {
        o.a = SharedArray.open(s.name, ATTACH_ONLY);
        return o.a.byteSize();
    }

    /** A fresh untouched (sparse, reserve=false) 1 GiB segment per invocation, for close + unlink. */
    @State(Scope.Thread)
    public static class Untouched {
        SharedArray a;
        int seq;

        @Setup(Level.Invocation)
        public void create() throws IOException {
            a = SharedArray.create(PREFIX + "untouched-" + seq++, DType.FLOAT64, Shape.of(GIB / 8),
                    persistent().reserve(false));
        }

        @TearDown(Level.Invocation)
        public void cleanUp() throws IOException {
            if (a.isOpen()) {
                a.close();
            }
        }
    }

    /** close() + unlink() of an untouched 1 GiB segment. Python: close 9.5 µs + unlink_untouched 30.4 µs. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public boolean closeAndUnlinkUntouched1GiB(Untouched s) throws IOException {
        s.a.close();
        s.a.unlink();
        return s.a.isOpen();
    }

    /** The name each single-shot create uses; unlinked after every shot. */
    @State(Scope.Thread)
    public static class Fresh {
        SharedArray a;
        int seq;

        String next() {
            return PREFIX + "fresh-" + seq++;
        }

        @TearDown(Level.Invocation)
        public void remove() throws IOException {
            if (a != null) {
                a.close();
                a.unlink();
                a = null;
            }
        }
    }

    /** create with reserve (posix_fallocate of 1 GiB on tmpfs): the default, SIGBUS-proof create. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public long createReserved1GiB(Fresh f) throws IOException {
        f.a = SharedArray.create(f.next(), DType.FLOAT64, Shape.of(GIB / 8), persistent());
        return f.a.byteSize();
    }

    /** create with reserve, then fill every element (first touch). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public long createReservedThenFill1GiB(Fresh f) throws IOException {
        f.a = SharedArray.create(f.next(), DType.FLOAT64, Shape.of(GIB / 8), persistent());
        f.a.segment().fill((byte) 1);
        return f.a.byteSize();
    }

    /** Python's way: a sparse create, then fill every element (first touch). Python: 894 ms (+184 µs create). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public long createLazyThenFill1GiB(Fresh f) throws IOException {
        f.a = SharedArray.create(f.next(), DType.FLOAT64, Shape.of(GIB / 8), persistent().reserve(false));
        f.a.segment().fill((byte) 1);
        return f.a.byteSize();
    }

    /** The same data in a mapped /dev/shm segment and in anonymous native memory, both pre-touched. */
    @State(Scope.Benchmark)
    public static class Data {
        /** float64 elements: 8 MiB (L3) and 128 MiB (DRAM). */
        @Param({"1048576", "16777216"})
        public long n;
        SharedArray mapped;
        Arena arena;
        MemorySegment anonymous;
        DoubleView mappedView;
        DoubleView anonymousView;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            mapped = SharedArray.create(PREFIX + "data-" + n, DType.FLOAT64, Shape.of(n), persistent());
            arena = Arena.ofShared();
            anonymous = arena.allocate(n * 8, 64);
            for (long i = 0; i < n; i++) {
                double v = (i % 1000) * 0.001;
                mapped.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
                anonymous.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            }
            mappedView = mapped.asDoubles();
            anonymousView = DoubleView.of(anonymous);
            // Compared with mismatch, not with the kernel, so that the kernel's type profile sees one segment kind.
            if (mapped.segment().mismatch(anonymous) != -1) {
                throw new IllegalStateException("mapped and anonymous data differ");
            }
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            mapped.close();
            mapped.unlink();
            arena.close();
        }
    }

    /**
     * Sum of squares with four independent accumulators (so the loop is bound by memory, not by one add chain).
     */
    static double sumOfSquares(MemorySegment s) {
        long n = s.byteSize() / 8;
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        long i = 0;
        for (; i + 4 <= n; i += 4) {
            double x0 = s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            double x1 = s.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 1);
            double x2 = s.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 2);
            double x3 = s.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 3);
            a0 += x0 * x0;
            a1 += x1 * x1;
            a2 += x2 * x2;
            a3 += x3 * x3;
        }
        for (; i < n; i++) {
            double x = s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            a0 += x * x;
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Kernel over the mapped segment. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double sumOfSquaresMapped(Data d) {
        return sumOfSquares(d.mapped.segment());
    }

    /** The same kernel over anonymous native memory. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double sumOfSquaresAnonymous(Data d) {
        return sumOfSquares(d.anonymous);
    }

    /** The simd module's Vector API kernel over the mapped segment. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double kernelsSumOfSquaresMapped(Data d) {
        return Kernels.sumOfSquares(d.mappedView);
    }

    /** The simd module's Vector API kernel over anonymous native memory. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double kernelsSumOfSquaresAnonymous(Data d) {
        return Kernels.sumOfSquares(d.anonymousView);
    }

    /**
     * A 1 GiB float64 segment filled in the trial set-up (its pages are in memory), opened anew for each first call.
     */
    @State(Scope.Benchmark)
    public static class FirstTouch {
        /** Pre-fault at open (the default for segments in memory) or not. */
        @Param({"true", "false"})
        public boolean prefault;
        final String name = PREFIX + "first-touch";
        SharedArray owner;
        DoubleView ownerView;

        @Setup(Level.Trial)
        public void create() throws IOException {
            owner = SharedArray.create(name, DType.FLOAT64, Shape.of(GIB / 8), persistent());
            ownerView = owner.asDoubles();
            for (long i = 0; i < ownerView.length(); i++) {
                ownerView.set(i, (i % 1000) * 0.001);
            }
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            owner.close();
            owner.unlink();
        }
    }

    /**
     * Open a 1 GiB segment (attach, and pre-fault when the parameter says so) and run the first sum of squares over
     * it on one thread: what a process that attaches to a segment pays before its first result. Compare with
     * {@link #warmSumOfSquares1GiB}, the same kernel over a mapping whose pages are already there.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public double openAndFirstSumOfSquares1GiB(FirstTouch s) throws IOException {
        try (SharedArray a = SharedArray.open(s.name, SegmentOptions.defaults().prefault(s.prefault))) {
            return Kernels.sumOfSquares(a.asDoubles());
        }
    }

    /** The same kernel over the creator's mapping, every page present. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public double warmSumOfSquares1GiB(FirstTouch s) {
        return Kernels.sumOfSquares(s.ownerView);
    }
}
