package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inputs big enough to fan out: parallel results against scalar, part boundaries, confined memory. */
class ParallelTest {
    static final int N = 300_007;

    @Test
    void partsCoverTheRangeInOrderOnAlignedBoundaries() {
        ParallelSupport p = new ParallelSupport(ScalarSupport.INSTANCE, 3);
        assertEquals(1, p.parts(2 * ParallelSupport.THRESHOLD - 1), "no fan-out below two thresholds");
        assertEquals(2, p.parts(2 * ParallelSupport.THRESHOLD));
        assertEquals(3, p.parts(N));
        for (long n : new long[] {2 * ParallelSupport.THRESHOLD, N, 5_000_011L}) {
            int parts = p.parts(n);
            long prev = 0;
            for (int i = 1; i <= parts; i++) {
                long s = ParallelSupport.start(n, parts, i, ParallelSupport.ALIGN);
                assertTrue(s > prev, "part " + i + " of n=" + n + " is not empty");
                assertTrue(i == parts || s % ParallelSupport.ALIGN == 0, "boundary " + s + " aligned");
                prev = s;
            }
            assertEquals(n, prev);
        }
    }

    @Test
    void parallelKernelsAgreeWithScalarOnLargeInputs() {
        Random r = new Random(11);
        KernelOps s = Kernels.scalar();
        try (Arena arena = Arena.ofShared()) {
            DoubleView d = TestData.doubles(arena, TestData.Backing.NATIVE, 1, N);
            FloatView f = TestData.floats(arena, TestData.Backing.HEAP, 3, N);
            IntView i = TestData.ints(arena, TestData.Backing.NATIVE, 0, N);
            LongView l = TestData.longs(arena, TestData.Backing.NATIVE, 1, N);
            TestData.fillFinite(d, r);
            TestData.fillFinite(f, r);
            TestData.fillWithSpecials(i, r);
            TestData.fillWithSpecials(l, r);
            double sd = 0;
            double sf = 0;
            for (long k = 0; k < N; k++) {
                sd += d.get(k) * d.get(k);
                sf += (double) f.get(k) * f.get(k);
            }
            for (int threads : new int[] {2, 3, 8}) {
                KernelOps p = Kernels.parallel(threads);
                VectorVsScalarTest.assertClose(s.sumOfSquares(d), p.sumOfSquares(d), N, Math.ulp(1.0), sd, p + "");
                VectorVsScalarTest.assertClose(s.sumOfSquares(f), p.sumOfSquares(f), N, Math.ulp(1.0f), sf, p + "");
                assertEquals(p.sumOfSquares(d), p.sumOfSquares(d), "same input, same threads, same bits");
                assertEquals(s.countInRange(d, -0.5, 0.5), p.countInRange(d, -0.5, 0.5));
                assertEquals(s.countInRange(f, -0.5f, 0.5f), p.countInRange(f, -0.5f, 0.5f));
                assertEquals(s.countInRange(i, 4, 8), p.countInRange(i, 4, 8));
                assertEquals(s.countInRange(l, 4, 8), p.countInRange(l, 4, 8));
                assertEquals(s.sum(i), p.sum(i));
                assertEquals(s.sumOfSquares(l), p.sumOfSquares(l));
                assertEquals(s.dot(i, i), p.dot(i, i));
                assertEquals(s.min(d), p.min(d));
                assertEquals(s.max(f), p.max(f));
                assertEquals(s.min(i), p.min(i));
                assertEquals(s.max(l), p.max(l));
            }
            int rows = 60_000;
            Matrix<IntView> m = Matrix.of(i.slice(0, rows * 5L), rows, 5);
            IntView a = TestData.ints(arena, TestData.Backing.NATIVE, 0, rows);
            IntView b = TestData.ints(arena, TestData.Backing.HEAP, 0, rows);
            s.countInRangePerRow(m, 4, 8, a);
            Kernels.parallel(2).countInRangePerRow(m, 4, 8, b);
            assertEquals(-1, a.segment().mismatch(b.segment()));
            IntView copy = TestData.ints(arena, TestData.Backing.NATIVE, 0, N);
            copy.copyFrom(i.toArray());
            Kernels.parallel(2).scale(copy, 3);
            for (long k = 0; k < N; k += 997) {
                assertEquals(i.get(k) * 3, copy.get(k));
            }
        }
    }

    @Test
    void confinedMemoryRunsOnTheCallingThreadInsteadOfFailing() {
        try (Arena arena = Arena.ofConfined()) {
            IntView x = IntView.of(arena.allocate(4L * N));
            x.fill(5);
            assertEquals(N, Kernels.parallel(2).countInRange(x, 4, 8));
        }
    }
}
