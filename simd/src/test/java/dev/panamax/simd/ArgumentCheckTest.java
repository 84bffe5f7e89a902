package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every argument check, on every implementation, with the values in the message; a failing call changes nothing. */
class ArgumentCheckTest {
    static final List<KernelOps> ALL = List.of(Kernels.scalar(), Kernels.simd(), Kernels.parallel(2));

    static void fails(Class<? extends Throwable> type, String message, Executable call) {
        Throwable t = assertThrows(type, call);
        assertEquals(message, t.getMessage());
    }

    @Test
    void dotRejectsALengthMismatchNamingBothLengths() {
        for (KernelOps k : ALL) {
            fails(IllegalArgumentException.class, "length mismatch: a=1000 b=999",
                    () -> k.dot(DoubleView.wrap(new double[1000]), DoubleView.wrap(new double[999])));
            fails(IllegalArgumentException.class, "length mismatch: a=3 b=4",
                    () -> k.dot(FloatView.wrap(new float[3]), FloatView.wrap(new float[4])));
            fails(IllegalArgumentException.class, "length mismatch: a=0 b=1",
                    () -> k.dot(IntView.wrap(new int[0]), IntView.wrap(new int[1])));
            fails(IllegalArgumentException.class, "length mismatch: a=2 b=1",
                    () -> k.dot(LongView.wrap(new long[2]), LongView.wrap(new long[1])));
            fails(IllegalArgumentException.class, "length mismatch: a=2 b=1",
                    () -> k.dot((ArrayView) LongView.wrap(new long[2]), LongView.wrap(new long[1])));
            fails(IllegalArgumentException.class, "dtype mismatch: a=float64 b=int32",
                    () -> k.dot(DoubleView.wrap(new double[2]), (ArrayView) IntView.wrap(new int[2])));
        }
    }

    @Test
    void minAndMaxOfAnEmptyViewThrow() {
        for (KernelOps k : ALL) {
            fails(IllegalArgumentException.class,
                    "min of an empty float64 view (length=0) is undefined: it needs at least one element",
                    () -> k.min(DoubleView.wrap(new double[0])));
            fails(IllegalArgumentException.class,
                    "max of an empty float32 view (length=0) is undefined: it needs at least one element",
                    () -> k.max(FloatView.wrap(new float[0])));
            fails(IllegalArgumentException.class,
                    "min of an empty int32 view (length=0) is undefined: it needs at least one element",
                    () -> k.min((ArrayView) IntView.wrap(new int[0])));
            fails(IllegalArgumentException.class,
                    "max of an empty int64 view (length=0) is undefined: it needs at least one element",
                    () -> k.max(LongView.wrap(new long[0])));
        }
    }

    @Test
    void perRowCountRejectsAWrongOutLengthAndWritesNothing() {
        Matrix<IntView> m = Matrix.of(IntView.wrap(new int[200]), 40, 5);
        for (KernelOps k : ALL) {
            int[] out = {7, 7, 7};
            fails(IllegalArgumentException.class, "out length mismatch: out=3 rows=40 (one int32 count per row)",
                    () -> k.countInRangePerRow(m, 0, 1, IntView.wrap(out)));
            fails(IllegalArgumentException.class, "out length mismatch: out=3 rows=40 (one int32 count per row)",
                    () -> k.countInRangePerRow(m, 0.0, 1.0, IntView.wrap(out)));
            assertEquals(List.of(7, 7, 7), List.of(out[0], out[1], out[2]));
        }
    }

    @Test
    void hypotenuseRejectsColumnsOutOfRangeAndAWrongOutLength() {
        Matrix<DoubleView> m = Matrix.of(DoubleView.wrap(new double[10]), 5, 2);
        for (KernelOps k : ALL) {
            fails(IndexOutOfBoundsException.class, "colA=2 outside [0, cols=2)",
                    () -> k.hypotenusePerRow(m, 2, 0, DoubleView.wrap(new double[5])));
            fails(IndexOutOfBoundsException.class, "colB=-1 outside [0, cols=2)",
                    () -> k.hypotenusePerRow(m, 0, -1, DoubleView.wrap(new double[5])));
            fails(IllegalArgumentException.class, "out length mismatch: out=4 rows=5 (one float64 per row)",
                    () -> k.hypotenusePerRow(m, 0, 1, DoubleView.wrap(new double[4])));
        }
    }

    @Test
    void sumOfSquaresPerColumnRejectsAWrongOutLength() {
        Matrix<FloatView> m = Matrix.of(FloatView.wrap(new float[12]), 4, 3);
        for (KernelOps k : ALL) {
            fails(IllegalArgumentException.class, "out length mismatch: out=4 cols=3 (one float64 per column)",
                    () -> k.sumOfSquaresPerColumn(m, DoubleView.wrap(new double[4])));
        }
    }

    @Test
    void dynamicScaleRejectsFactorsThatAreNotWholeNumbersOfTheIntegerType() {
        int[] a = {1, 2, 3};
        for (KernelOps k : ALL) {
            fails(IllegalArgumentException.class,
                    "factor=1.5 cannot scale a int32 view: expected a whole number in [-2147483648, 2147483647]",
                    () -> k.scale((ArrayView) IntView.wrap(a), 1.5));
            fails(IllegalArgumentException.class,
                    "factor=3.0E9 cannot scale a int32 view: expected a whole number in [-2147483648, 2147483647]",
                    () -> k.scale((ArrayView) IntView.wrap(a), 3e9));
            fails(IllegalArgumentException.class, "factor=9.223372036854776E18 cannot scale a int64 view: "
                    + "expected a whole number in [-9223372036854775808, 9223372036854775807]",
                    () -> k.scale((ArrayView) LongView.wrap(new long[1]), 0x1p63));
            fails(IllegalArgumentException.class, "factor=NaN cannot scale a int64 view: "
                    + "expected a whole number in [-9223372036854775808, 9223372036854775807]",
                    () -> k.scale((ArrayView) LongView.wrap(new long[1]), Double.NaN));
        }
        assertEquals(List.of(1, 2, 3), List.of(a[0], a[1], a[2]));
        Kernels.simd().scale((ArrayView) IntView.wrap(a), -2.0);
        assertEquals(List.of(-2, -4, -6), List.of(a[0], a[1], a[2]));
    }

    @Test
    void parallelRejectsFewerThanOneThread() {
        fails(IllegalArgumentException.class, "threads=0: expected at least 1", () -> Kernels.parallel(0));
        fails(IllegalArgumentException.class, "threads=-3: expected at least 1", () -> Kernels.parallel(-3));
    }

    @Test
    void nullViewsAreRejected() {
        for (KernelOps k : ALL) {
            assertThrows(NullPointerException.class, () -> k.sumOfSquares((DoubleView) null));
            assertThrows(NullPointerException.class, () -> k.countInRange((IntView) null, 0, 1));
        }
    }
}
