package dev.panamax.simd;

import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The child JVM of {@link MixedSegmentsTest}: runs the vector kernels over native, heap and mapped segments of
 * every element type, as an application that shares arrays and also passes Java arrays does, then over native
 * memory alone for a while. Arguments: a directory for the mapped files, the elements per array, the milliseconds
 * of the second phase. Prints "calls C sink S".
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
            long sink = 0;
            for (int round = 0; round < 1_500; round++) {
                for (int s = 0; s < 3; s++) {
                    sink += run(k, d.get(s), f.get(s), i.get(s), l.get(s));
                }
            }
            long calls = 0;
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                for (int c = 0; c < 20; c++) {
                    sink += run(k, d.get(0), f.get(0), i.get(0), l.get(0));
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

    private static MemorySegment map(Arena arena, Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        }
    }
}
