package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.ByteView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Fill;
import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The user loop: parts, coverage, fixed-order reductions, threads, errors, and the per-row count as a user kernel. */
class ParallelLoopTest {
    static final long[] SIZES = {0, 1, 3, 7, 13, 31, 64, 207, 702, 1023, 1025, 100003};

    @Test
    void partsAreContiguousFixedAndNoSmallerThanTheGrain() {
        assertArrayEquals(new long[] {0, 0}, ParallelLoop.threads(4).bounds(0));
        assertArrayEquals(new long[] {0, 2, 5, 7, 10}, ParallelLoop.threads(4).bounds(10));
        assertArrayEquals(new long[] {0, 5, 10}, ParallelLoop.threads(4).grain(5).bounds(10));
        assertArrayEquals(new long[] {0, 10}, ParallelLoop.threads(4).grain(6).bounds(10));
        for (long n : SIZES) {
            for (int t : new int[] {1, 2, 3, 8}) {
                long[] b = ParallelLoop.threads(t).bounds(n);
                assertEquals(0, b[0]);
                assertEquals(n, b[b.length - 1]);
                assertTrue(b.length - 1 <= Math.max(1, Math.min(t, n)), () -> java.util.Arrays.toString(b));
            }
        }
    }

    @Test
    void forEachVisitsEveryIndexExactlyOnce() {
        for (long n : SIZES) {
            for (int t : new int[] {1, 2, 3, 4, 8}) {
                AtomicIntegerArray seen = new AtomicIntegerArray((int) n);
                ParallelLoop.threads(t).forEach(n, (from, to) -> {
                    for (long i = from; i < to; i++) {
                        seen.incrementAndGet((int) i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "n=" + n + " threads=" + t + " index " + i);
                }
            }
        }
    }

    @Test
    void reductionsCombinePartsInOrderAndAreTheSameOnEveryRun() {
        for (long n : SIZES) {
            for (int t : new int[] {1, 2, 3, 4}) {
                ParallelLoop loop = ParallelLoop.threads(t);
                long[] b = loop.bounds(n);
                double expected = 0.25;
                for (int p = 0; p + 1 < b.length; p++) {
                    expected += partial(b[p], b[p + 1]);
                }
                for (int run = 0; run < 3; run++) {
                    assertEquals(expected, loop.reduceDouble(n, 0.25, ParallelLoopTest::partial, Double::sum));
                }
                assertEquals(n * (n - 1) / 2, loop.reduceLong(n, 0, (f, to) -> (to - 1 + f) * (to - f) / 2,
                        Long::sum), "an integer reduction is the same on any number of threads");
                List<Long> order = loop.reduce(n, new ArrayList<>(), (f, to) -> new ArrayList<>(List.of(f)),
                        (acc, part) -> {
                            acc.addAll(part);
                            return acc;
                        });
                for (int p = 0; p + 1 < b.length; p++) {
                    assertEquals(b[p], order.get(p), "combined in part order");
                }
            }
        }
    }

    private static double partial(long from, long to) {
        double s = 0;
        for (long i = from; i < to; i++) {
            s += 1.0 / (i + 1);
        }
        return s;
    }

    @Test
    void viewReductionsSeeSlicesOfTheSameType() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.UINT8, Shape.of(100003), Fill.integers(3, 0, 256))) {
            ByteView v = a.asBytes();
            long expected = Kernels.sum(v);
            long got = ParallelLoop.threads(3).reduce(v, 0L, part -> {
                assertEquals(DType.UINT8, part.dtype());
                long s = 0;
                for (long i = 0; i < part.length(); i++) {
                    s += part.get(i);
                }
                return s;
            }, Long::sum);
            assertEquals(expected, got);
        }
    }

    @Test
    void confinedMemoryIsReducedOnTheCallingThreadAlone() {
        try (Arena arena = Arena.ofConfined()) {
            DoubleView x = DoubleView.of(arena.allocate(8 * 100_000L));
            x.fill(1.5);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            double s = ParallelLoop.threads(4).reduce(x, 0.0, part -> {
                threads.add(Thread.currentThread());
                return Kernels.sum(part);
            }, Double::sum);
            assertEquals(150_000.0, s);
            assertEquals(Set.of(Thread.currentThread()), threads);
        }
    }

    @Test
    void partsRunOnSeveralThreadsAtOnce() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch both = new CountDownLatch(2);
        ParallelLoop.threads(2).forEach(2, (from, to) -> {
            threads.add(Thread.currentThread());
            both.countDown();
            try {
                // A part does not finish until the other has started: a sequential loop fails here.
                assertTrue(both.await(20, TimeUnit.SECONDS), "the other part never started");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(2, threads.size());
    }

    @Test
    void aFailingPartFailsTheCallWithItsOwnExceptionAfterEveryPartEnded() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> ParallelLoop.threads(4).forEach(4, (from, to) -> {
                    if (from == 2) {
                        throw boom;
                    }
                    finished.incrementAndGet();
                }));
        assertSame(boom, thrown);
        assertEquals(3, finished.get());
        assertEquals("threads=0: expected at least 1",
                assertThrows(IllegalArgumentException.class, () -> ParallelLoop.threads(0)).getMessage());
        assertEquals("grain=0: expected at least 1",
                assertThrows(IllegalArgumentException.class, () -> ParallelLoop.threads(2).grain(0)).getMessage());
        assertEquals("n=-1: expected at least 0", assertThrows(IllegalArgumentException.class,
                () -> ParallelLoop.threads(2).forEach(-1, (f, t) -> { })).getMessage());
        assertThrows(NullPointerException.class, () -> ParallelLoop.threads(2).forEach(5, null));
        assertEquals("ParallelLoop[threads=3, grain=7]", ParallelLoop.threads(3).grain(7).toString());
    }

    /** The seed's per-row count (200000 x 5 int32 in [0, 10), how many per row in [4, 8]) as a user kernel. */
    static void countRows(ParallelLoop loop, Matrix<IntView> m, int lo, int hi, IntView out) {
        IntView flat = m.flat();
        long cols = m.cols();
        loop.forEach(m.rows(), (from, to) -> {
            for (long r = from; r < to; r++) {
                int c = 0;
                for (long j = r * cols, end = j + cols; j < end; j++) {
                    int v = flat.get(j);
                    c += lo <= v && v <= hi ? 1 : 0;
                }
                out.set(r, c);
            }
        });
    }

    @Test
    void thePerRowCountAsAUserKernelEqualsTheBuiltIn() {
        try (OffHeapArray m = OffHeapArray.allocate(DType.INT32, Shape.of(200_000, 5), Fill.integers(42, 0, 10));
             OffHeapArray user = OffHeapArray.allocate(DType.INT32, Shape.of(200_000));
             OffHeapArray builtIn = OffHeapArray.allocate(DType.INT32, Shape.of(200_000))) {
            countRows(ParallelLoop.threads(2), m.asIntMatrix(), 4, 8, user.asInts());
            Kernels.parallel(2).countInRangePerRow(m.asIntMatrix(), 4, 8, builtIn.asInts());
            assertEquals(-1, user.segment().mismatch(builtIn.segment()));
        }
    }
}
