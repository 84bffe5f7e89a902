package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import dev.panamax.chronicle.ChronicleView;
import dev.panamax.chronicle.ChronicleViews;
import dev.panamax.shm.Backend;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.shm.internal.ChronicleFlags;
import dev.panamax.simd.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.BytesStore;
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
 * The Chronicle Bytes bridge against the default path: the same kernel over one segment mapped by FFM and by
 * {@code Backend.CHRONICLE}, over a {@code ChronicleView} of a native Chronicle store and over an anonymous
 * {@code OffHeapArray}; and open + close of an existing segment through each backend. The forked JVM gets
 * Chronicle's JDK 25 flags, which only this benchmark needs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, ChronicleFlags.ADD_OPENS,
        ChronicleFlags.ADD_EXPORTS, ChronicleFlags.NO_ANALYTICS, ChronicleFlags.NO_BANNER, ChronicleFlags.ALLOW_UNSAFE,
        ChronicleFlags.QUIET_SLF4J, "-Xms512m", "-Xmx512m"})
public class ChronicleBench {
    /** Elements: 8 MB of doubles, beyond the last-level cache of the test machine. */
    @Param({"1000000"})
    public int n;

    private Path dir;
    private SegmentOptions ffmOptions;
    private SegmentOptions chronicleOptions;
    private SharedArray ffm;
    private SharedArray chronicle;
    private BytesStore<?, Void> store;
    private ChronicleView<DoubleView> view;
    private OffHeapArray anonymous;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        dir = Files.createTempDirectory(base, "panamax-chronicle-bench");
        try {
            open();
        } catch (IOException | RuntimeException | Error e) {
            tearDown(); // a failed setup (no Chronicle flags, a full /dev/shm) leaves nothing behind
            throw e;
        }
    }

    private void open() throws IOException {
        SegmentOptions o = SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PROCESS);
        ffmOptions = o.backend(Backend.FFM);
        chronicleOptions = o.backend(Backend.CHRONICLE);
        ffm = SharedArray.create("bench", DType.FLOAT64, Shape.of(n), ffmOptions);
        chronicle = SharedArray.open("bench", chronicleOptions);
        store = BytesStore.nativeStoreWithFixedCapacity(8L * n);
        view = ChronicleViews.doubles(store, 0, n);
        anonymous = OffHeapArray.allocate(DType.FLOAT64, Shape.of(n));
        DoubleView a = ffm.asDoubles();
        for (int i = 0; i < n; i++) {
            double x = Math.sin(i);
            a.set(i, x);
            view.view().set(i, x);
            anonymous.asDoubles().set(i, x);
        }
        double want = Kernels.sumOfSquares(anonymous.asDoubles());
        for (double got : new double[] {sumOfSquaresFfmMapped(), sumOfSquaresChronicleMapped(),
                sumOfSquaresChronicleView()}) {
            // Same data, but the reduction may be reassociated differently: the documented bound is n * eps * S.
            if (Math.abs(got - want) > 2.0 * n * Math.ulp(1.0) * want) {
                throw new IllegalStateException("kernels disagree beyond the error bound: " + got + " vs " + want);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (view != null) {
            view.close();
        }
        if (store != null) {
            store.releaseLast();
        }
        if (anonymous != null) {
            anonymous.close();
        }
        if (chronicle != null) {
            chronicle.close();
        }
        if (ffm != null) {
            ffm.close();
            ffm.unlink();
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public double sumOfSquaresFfmMapped() {
        return Kernels.sumOfSquares(ffm.asDoubles());
    }

    @Benchmark
    public double sumOfSquaresChronicleMapped() {
        return Kernels.sumOfSquares(chronicle.asDoubles());
    }

    @Benchmark
    public double sumOfSquaresChronicleView() {
        return Kernels.sumOfSquares(view.view());
    }

    @Benchmark
    public double sumOfSquaresAnonymous() {
        return Kernels.sumOfSquares(anonymous.asDoubles());
    }

    @Benchmark
    public long openCloseFfm() throws IOException {
        try (SharedArray a = SharedArray.open("bench", ffmOptions)) {
            return a.length();
        }
    }

    @Benchmark
    public long openCloseChronicle() throws IOException {
        try (SharedArray a = SharedArray.open("bench", chronicleOptions)) {
            return a.length();
        }
    }
}
