package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;

/** The README's kernel example, so it cannot rot. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleComputesWhatItsCommentsSay() {
        try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1_000_000));
             OffHeapArray m = OffHeapArray.allocate(DType.INT32, Shape.of(200_000, 5));
             OffHeapArray counts = OffHeapArray.allocate(DType.INT32, Shape.of(200_000))) {
            DoubleView x = a.asDoubles();
            x.fill(0.5);
            double s = Kernels.sumOfSquares(x);
            long c = Kernels.parallel(2).countInRange(x, 0.0, 1.0);
            m.asInts().fill(5);
            Kernels.simd().countInRangePerRow(m.asIntMatrix(), 4, 8, counts.asInts());
            Number dyn = Kernels.simd().sumOfSquares(a.view());
            assertEquals(250000.0, s);
            assertEquals(1_000_000L, c);
            assertEquals(5, counts.asInts().get(199_999));
            assertEquals(250000.0, dyn);
        }
    }
}
