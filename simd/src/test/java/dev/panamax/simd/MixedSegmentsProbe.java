package dev.panamax.simd;

import dev.panamax.core.ByteView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.core.ShortView;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The child JVM of {@link MixedSegmentsTest}: runs the vector kernels (every element type, the int8/int16 ones and
 * the per-row count) over native, heap and mapped segments, as an application that shares arrays and also passes
 * Java arrays does, then over native memory alone for a while. Arguments: a directory for the mapped files, the
 * elements per array, the milliseconds of the second phase. Prints "calls C sink S".
 */
final class MixedSegmentsProbe {
    private MixedSegmentsProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]);
        KernelOps k = Kernels.simd();
        try (Arena arena = Arena.ofShared()) {
            List<DoubleView> d = List.of(DoubleView.of(arena.allocate(8L * n, 64)), DoubleView.wrap(new double[n]),
                    DoubleView.of(map(arena, dir.resolve("f64"), 8L * n)));
            List<FloatView> f = List.of(FloatView.of(arena.allocate(4L * n, 64)), FloatView.wrap(new float[n]),
                    FloatView.of(map(arena, dir.resolve("f32"), 4L * n)));
            List<IntView> i = List.of(IntView.of(arena.allocate(4L * n, 64)), IntView.wrap(new int[n]),
                    IntView.of(map(arena, dir.resolve("i32"), 4L * n)));
            List<LongView> l = List.of(LongView.of(arena.allocate(8L * n, 64)), LongView.wrap(new long[n]),
                    LongView.of(map(arena, dir.resolve("i64"), 8L * n)));
            List<ByteView> b = List.of(ByteView.of(arena.allocate(n, 64)), ByteView.wrap(new byte[n]),
                    ByteView.of(map(arena, dir.resolve("i8"), n)));
            List<ShortView> h = List.of(ShortView.of(arena.allocate(2L * n, 64)), ShortView.wrap(new short[n]),
                    ShortView.of(map(arena, dir.resolve("i16"), 2L * n)));
            IntView rowCounts = IntView.of(arena.allocate(4L * n / 4, 64));
            long sink = 0;
            for (int round = 0; round < 1_500; round++) {
                for (int s = 0; s < 3; s++) {
                    sink += run(k, d.get(s), f.get(s), i.get(s), l.get(s)) + narrow(k, b.get(s), h.get(s))
                            + rows(k, i.get(s), rowCounts);
                }
            }
            long calls = 0;
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                for (int c = 0; c < 20; c++) {
                    sink += run(k, d.get(0), f.get(0), i.get(0), l.get(0)) + narrow(k, b.get(0), h.get(0))
                            + rows(k, i.get(0), rowCounts);
                }
                calls += 20;
            }
            System.out.println("calls " + calls + " sink " + sink);
        }
    }

    /** The kernels with cached loops, once each; over zeros every result is 0 (the counts' ranges exclude 0). */
    private static long run(KernelOps k, DoubleView d, FloatView f, IntView i, LongView l) {
        return (long) k.sumOfSquares(d) + (long) k.sumOfSquares(f) + k.sumOfSquares(i) + k.sumOfSquares(l)
                + (long) k.sum(d) + (long) k.sum(f) + k.sum(i) + k.sum(l)
                + (long) k.dot(d, d) + (long) k.dot(f, f) + k.dot(i, i) + k.dot(l, l)
                + (long) k.max(d) + (long) k.max(f) + k.max(i) + k.max(l)
                + k.countInRange(d, 4.0, 8.0) + k.countInRange(f, 4f, 8f) + k.countInRange(i, 4, 8)
                + k.countInRange(l, 4L, 8L);
    }

    /** The int8 and int16 kernels, once each; over zeros every result is 0. */
    private static long narrow(KernelOps k, ByteView b, ShortView h) {
        return k.sum(b) + k.sum(h) + k.sumOfSquares(b) + k.sumOfSquares(h) + k.dot(b, b) + k.dot(h, h) + k.max(b)
                + k.max(h) + k.countInRange(b, 4, 8) + k.countInRange(h, 4, 8);
    }

    /** Per-row counts of the int32 array as rows of 4; over zeros every count is 0. */
    private static long rows(KernelOps k, IntView i, IntView out) {
        k.countInRangePerRow(Matrix.of(i, i.length() / 4, 4), 4, 8, out);
        return k.sum(out);
    }

    private static MemorySegment map(Arena arena, Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        }
    }
}
