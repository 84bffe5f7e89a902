package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code setAll} and {@code parallelSetAll} on the four views, at the awkward sizes. */
class SetAllTest {
    private static final long BIG = 9 * FillWriter.CHUNK + 77;

    @Test
    void doubleViewSetsEveryElementInOrderOnTheCallingThread() {
        for (long n : FillTest.SIZES) {
            DoubleView v = DoubleView.wrap(new double[(int) n]);
            List<Long> calls = new ArrayList<>();
            Thread caller = Thread.currentThread();
            v.setAll(i -> {
                assertEquals(caller, Thread.currentThread());
                calls.add(i);
                return Math.sqrt(i);
            });
            for (int i = 0; i < n; i++) {
                assertEquals(i, calls.get(i));
                assertEquals(Math.sqrt(i), v.get(i));
            }
            assertEquals(n, calls.size());
        }
    }

    @Test
    void floatViewRoundsOnceAndKeepsFloats() {
        for (long n : FillTest.SIZES) {
            FloatView v = FloatView.wrap(new float[(int) n]);
            v.setAll(i -> 0.1 * i);
            FloatView w = FloatView.wrap(new float[(int) n]);
            w.setAll(i -> 0.1f * i);
            for (int i = 0; i < n; i++) {
                assertEquals((float) (0.1 * i), v.get(i));
                assertEquals(0.1f * i, w.get(i));
            }
        }
    }

    @Test
    void intAndLongViewsAreExact() {
        for (long n : FillTest.SIZES) {
            IntView a = IntView.wrap(new int[(int) n]);
            a.setAll(i -> Integer.MIN_VALUE + (int) i);
            LongView b = LongView.wrap(new long[(int) n]);
            b.setAll(i -> Long.MAX_VALUE - i);
            for (int i = 0; i < n; i++) {
                assertEquals(Integer.MIN_VALUE + i, a.get(i));
                assertEquals(Long.MAX_VALUE - i, b.get(i));
            }
        }
    }

    @Test
    void parallelSetAllGivesWhatSetAllGivesOnAnyPool() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = arena.allocate(BIG * 8);
            DoubleView d = DoubleView.of(s);
            d.setAll(i -> Math.cos(i));
            double[] expected = d.toArray();
            for (int threads : new int[] {1, 2, 4}) {
                d.fill(0);
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    pool.submit(() -> d.parallelSetAll(i -> Math.cos(i))).get(60, TimeUnit.SECONDS);
                } finally {
                    pool.shutdownNow();
                }
                assertArrayEquals(expected, d.toArray(), threads + " threads");
            }
            FloatView f = FloatView.of(s.asSlice(0, BIG * 4));
            f.parallelSetAll(i -> i * 0.5f);
            IntView x = IntView.of(s.asSlice(BIG * 4, BIG * 4));
            x.parallelSetAll(i -> (int) (i * 3));
            for (long i = 0; i < BIG; i += 997) {
                assertEquals(i * 0.5f, f.get(i));
                assertEquals((int) (i * 3), x.get(i));
            }
            LongView l = LongView.of(s);
            l.parallelSetAll(i -> -i);
            assertEquals(-(BIG - 1), l.get(BIG - 1));
        }
    }

    @Test
    void setAllRefusesReadOnlyMemoryAndNullFunctions() {
        DoubleView ro = DoubleView.of(MemorySegment.ofArray(new double[3]).asReadOnly());
        assertThrows(UnsupportedOperationException.class, () -> ro.setAll(i -> 1));
        assertThrows(UnsupportedOperationException.class, () -> ro.parallelSetAll(i -> 1));
        assertThrows(NullPointerException.class, () -> IntView.wrap(new int[1]).setAll(null));
        assertThrows(NullPointerException.class, () -> LongView.wrap(new long[1]).parallelSetAll(null));
    }

    @Test
    void theFunctionsExceptionPropagatesUnchanged() {
        IllegalStateException mine = new IllegalStateException("mine");
        assertEquals(mine, assertThrows(IllegalStateException.class, () -> LongView.wrap(new long[10]).setAll(i -> {
            throw mine;
        })));
    }
}
