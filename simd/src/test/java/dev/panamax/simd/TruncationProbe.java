package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.NumericArray;
import dev.panamax.core.Shape;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The child JVM of {@link TruncatedMappingTest}: maps a file, warms an access path up on it, truncates the file to
 * one page under its own mapping (the kernel sees what another process's {@code truncate -s 4096} causes), runs
 * the path again and prints what happened. Commands, each with the directory for its files first:
 * <pre>
 * jdk CASE DIR N WARM   one access path of the JDK over N doubles, warmed WARM times; CASE is scalar (getAtIndex
 *                       loop), vector (DoubleVector.fromMemorySegment loop, nothing else), vector-marked (the same
 *                       plus an unused one-byte read per iteration) or copy (MemorySegment.copy in 64 KiB pieces).
 *                       Prints "outcome caught|returned ... ms=T reached=I": I is the last index the loop reached.
 * osr DIR N             a vector loop whose only scalar read is at method entry, run once over N doubles many
 *                       times until a second thread truncates the file: the loop runs in an OSR compile.
 * kernels MODES DIR N   every kernel of Kernels.MODE() for each of MODES (comma-separated: scalar, simd, parallel)
 *                       on N elements of each of the seven dtypes, warmed on slices; prints one
 *                       "kernel OPS DTYPE OP caught|returned ... ms=T" per call.
 * loop MODE DIR N       sumOfSquares of N doubles on the truncated file, over and over, catching each error;
 *                       prints "truncated" first, so the test can send SIGTERM while a kernel is faulting.
 *                       Never ends by itself.
 * </pre>
 * Every command ends with "alive" when the JVM survived.
 */
final class TruncationProbe {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final long KEEP_BYTES = 4096;
    /** The last index a JDK-path loop reached, stored every iteration. */
    static volatile long reached;

    private TruncationProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "jdk" -> jdk(args[1], Path.of(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]));
            case "osr" -> osr(Path.of(args[1]), Long.parseLong(args[2]));
            case "kernels" -> kernels(Arrays.stream(args[1].split(",")).map(TruncationProbe::ops).toList(),
                    Path.of(args[2]), Long.parseLong(args[3]));
            case "loop" -> loop(ops(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        say("alive");
    }

    private static KernelOps ops(String mode) {
        return switch (mode) {
            case "scalar" -> Kernels.scalar();
            case "simd" -> Kernels.simd();
            case "parallel" -> Kernels.parallel(2);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** A file of {@code bytes} bytes, every byte 1, mapped read-write and shared. */
    private record Mapped(FileChannel channel, MemorySegment segment) {
        static Mapped create(Path file, long bytes) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, Arena.ofShared());
            s.fill((byte) 1);
            return new Mapped(ch, s);
        }

        void truncate() throws IOException {
            channel.truncate(KEEP_BYTES);
        }
    }

    // ---- the JDK's own access paths ----

    private static double scalarLoop(MemorySegment s, long n) {
        double a = 0;
        for (long i = 0; i < n; i++) {
            a += s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            reached = i;
        }
        return a;
    }

    private static double vectorLoop(MemorySegment s, long n) {
        DoubleVector acc = DoubleVector.zero(D);
        for (long i = 0; i <= n - D.length(); i += D.length()) {
            acc = acc.add(DoubleVector.fromMemorySegment(D, s, i * Double.BYTES, ByteOrder.LITTLE_ENDIAN));
            reached = i;
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static double markedVectorLoop(MemorySegment s, long n) {
        DoubleVector acc = DoubleVector.zero(D);
        for (long i = 0; i <= n - D.length(); i += D.length()) {
            s.get(ValueLayout.JAVA_BYTE, 0);
            acc = acc.add(DoubleVector.fromMemorySegment(D, s, i * Double.BYTES, ByteOrder.LITTLE_ENDIAN));
            reached = i;
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static double copyLoop(MemorySegment s, long n, MemorySegment buffer) {
        double a = 0;
        for (long off = 0; off < n * Double.BYTES; off += buffer.byteSize()) {
            MemorySegment.copy(s, off, buffer, 0, Math.min(buffer.byteSize(), n * Double.BYTES - off));
            a += buffer.get(ValueLayout.JAVA_DOUBLE, 0);
            reached = off / Double.BYTES;
        }
        return a;
    }

    private static void jdk(String path, Path dir, long n, int warm) throws IOException {
        Mapped m = Mapped.create(dir.resolve("jdk-" + path), n * Double.BYTES);
        MemorySegment buffer = Arena.global().allocate(64 << 10, 64);
        double sink = 0;
        for (int i = 0; i <= warm; i++) {
            if (i == warm) {
                m.truncate();
                reached = -1;
            }
            long t0 = System.nanoTime();
            try {
                sink += switch (path) {
                    case "scalar" -> scalarLoop(m.segment(), n);
                    case "vector" -> vectorLoop(m.segment(), n);
                    case "vector-marked" -> markedVectorLoop(m.segment(), n);
                    case "copy" -> copyLoop(m.segment(), n, buffer);
                    default -> throw new IllegalArgumentException("unknown path " + path);
                };
                if (i == warm) {
                    say("outcome returned ms=" + ms(t0) + " reached=" + reached);
                }
            } catch (InternalError e) {
                say("outcome caught " + e + " ms=" + ms(t0) + " reached=" + reached);
            }
        }
        say("sink " + sink);
    }

    private static double entryMarkedLoop(MemorySegment s, long n, long rounds) {
        s.get(ValueLayout.JAVA_BYTE, 0);
        double r = 0;
        for (long k = 0; k < rounds; k++) {
            DoubleVector acc = DoubleVector.zero(D);
            for (long i = 0; i <= n - D.length(); i += D.length()) {
                acc = acc.add(DoubleVector.fromMemorySegment(D, s, i * Double.BYTES, ByteOrder.LITTLE_ENDIAN));
            }
            r += acc.reduceLanes(VectorOperators.ADD);
        }
        return r;
    }

    private static void osr(Path dir, long n) throws Exception {
        Mapped m = Mapped.create(dir.resolve("osr"), n * Double.BYTES);
        Thread truncator = new Thread(() -> {
            try {
                Thread.sleep(2000);
                m.truncate();
                say("truncated");
            } catch (InterruptedException | IOException e) {
                say("truncator failed: " + e);
            }
        });
        truncator.start();
        long t0 = System.nanoTime();
        try {
            say("outcome returned " + entryMarkedLoop(m.segment(), n, Long.MAX_VALUE) + " ms=" + ms(t0));
        } catch (InternalError e) {
            say("outcome caught " + e + " ms=" + ms(t0));
        }
        truncator.join();
    }

    // ---- Panamax's kernels ----

    /** A file-backed array for the kernels' views and matrices. */
    private record Array(DType dtype, Shape shape, MemorySegment segment) implements NumericArray {
        Array reshaped(long rows, long cols) {
            return new Array(dtype, Shape.of(rows, cols), segment);
        }

        /** The first {@code rows} rows of this 2-D array, or the first {@code rows} elements of a 1-D one. */
        Array head(long rows) {
            Shape s = shape.rank() == 1 ? Shape.of(rows) : Shape.of(rows, shape.dim(1));
            return new Array(dtype, s, segment.asSlice(0, s.byteSize(dtype)));
        }
    }

    /** One kernel call on an array (or the rows of one), writing any per-row or per-column result to scratch. */
    @FunctionalInterface
    private interface Op {
        void run(KernelOps ops, Array a);
    }

    /** Per-row and per-column results: one double per row of 8, or per column of the widest matrix. */
    private static MemorySegment scratch;

    private static Map<String, Op> operations() {
        Map<String, Op> m = new LinkedHashMap<>();
        m.put("sumOfSquares", (k, a) -> k.sumOfSquares(a.view()));
        m.put("sum", (k, a) -> k.sum(a.view()));
        m.put("dot", (k, a) -> k.dot(a.view(), a.view()));
        m.put("min", (k, a) -> k.min(a.view()));
        m.put("max", (k, a) -> k.max(a.view()));
        m.put("countInRange", (k, a) -> k.countInRange(a.view(), 0, 1));
        m.put("scale", (k, a) -> k.scale(a.view(), 1));
        m.put("countInRangePerRow8", (k, a) -> rows(k, a, 8));
        m.put("countInRangePerRow16", (k, a) -> rows(k, a, 16));
        m.put("countInRangePerRowWide", (k, a) -> rows(k, a, 1 << 17));
        m.put("hypotenusePerRow", (k, a) -> {
            Matrix<? extends ArrayView> x = a.reshaped(a.length() / 8, 8).matrix();
            k.hypotenusePerRow(x, 0, 1, DoubleView.of(scratch.asSlice(0, x.rows() * Double.BYTES)));
        });
        m.put("sumOfSquaresPerColumn", (k, a) -> columns(k, a, 8));
        m.put("sumOfSquaresPerColumnWide", (k, a) -> columns(k, a, 1 << 17));
        return m;
    }

    private static void rows(KernelOps k, Array a, long cols) {
        Matrix<? extends ArrayView> x = a.reshaped(a.length() / cols, cols).matrix();
        k.countInRangePerRow(x, 0, 1, IntView.of(scratch.asSlice(0, x.rows() * Integer.BYTES)));
    }

    private static void columns(KernelOps k, Array a, long cols) {
        Matrix<? extends ArrayView> x = a.reshaped(a.length() / cols, cols).matrix();
        k.sumOfSquaresPerColumn(x, DoubleView.of(scratch.asSlice(0, cols * Double.BYTES)));
    }

    private static void kernels(List<KernelOps> modes, Path dir, long n) throws IOException {
        DType[] dtypes = DType.values();
        scratch = Arena.global().allocate(Math.max(n, 8L << 17), 64);
        Map<String, Op> operations = operations();
        Map<DType, Mapped> files = new LinkedHashMap<>();
        for (DType t : dtypes) {
            Mapped m = Mapped.create(dir.resolve("kernels-" + t.numpyName()), n * t.byteSize());
            files.put(t, m);
            Array whole = new Array(t, Shape.of(n), m.segment());
            // Cached loops on 4 Ki elements, streaming loops and chunks on 1 MiB and a bit, rows wider than a
            // chunk on two rows of 2^17; then the whole array. Every path is then compiled (by C2, before the
            // calls go on, with -Xbatch) before the file shrinks.
            Array small = whole.head(4096);
            Array large = whole.head(((1 << 20) + 4096) / t.byteSize());
            Array wide = whole.head(1 << 18);
            for (KernelOps ops : modes) {
                for (Map.Entry<String, Op> op : operations.entrySet()) {
                    boolean isWide = op.getKey().endsWith("Wide");
                    for (int i = 0; i < (isWide ? 60 : 700); i++) {
                        runQuietly(op.getValue(), ops, isWide ? wide : small);
                    }
                    for (int i = 0; i < 150; i++) {
                        runQuietly(op.getValue(), ops, large);
                    }
                    runQuietly(op.getValue(), ops, whole);
                }
            }
        }
        for (Mapped m : files.values()) {
            m.truncate();
        }
        say("truncated");
        for (KernelOps ops : modes) {
            for (DType t : dtypes) {
                Array whole = new Array(t, Shape.of(n), files.get(t).segment());
                for (Map.Entry<String, Op> e : operations.entrySet()) {
                    String call = "kernel " + ops + " " + t.numpyName() + " " + e.getKey();
                    long t0 = System.nanoTime();
                    try {
                        e.getValue().run(ops, whole);
                        say(call + " returned ms=" + ms(t0));
                    } catch (InternalError fault) {
                        say(call + " caught " + fault + " ms=" + ms(t0));
                    }
                }
            }
        }
    }

    /** Warm-up calls of the per-row kernels on views too short for their shape are skipped, not failed. */
    private static void runQuietly(Op op, KernelOps ops, Array a) {
        try {
            op.run(ops, a);
        } catch (IllegalArgumentException tooShort) {
            // A 4 Ki-element head has no 2^17-column row; the wide kernels warm on a longer head.
        }
    }

    private static void loop(KernelOps ops, Path dir, long n) throws IOException {
        Mapped m = Mapped.create(dir.resolve("loop"), n * Double.BYTES);
        DoubleView x = DoubleView.of(m.segment());
        DoubleView small = DoubleView.of(m.segment().asSlice(0, 4096 * Double.BYTES));
        double sink = 0;
        for (int i = 0; i < 3000; i++) {
            sink += ops.sumOfSquares(small);
        }
        sink += ops.sumOfSquares(x);
        m.truncate();
        say("truncated " + sink);
        while (true) {
            try {
                sink += ops.sumOfSquares(x);
            } catch (InternalError e) {
                // Expected on every call; go on faulting until the test's SIGTERM.
            }
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
