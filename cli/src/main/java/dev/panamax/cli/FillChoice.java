package dev.panamax.cli;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;

/**
 * What {@code create --fill} accepts, and the {@link Fill} of core each choice stands for. {@code random} draws
 * integers uniformly from 0..9 and floats uniformly from [0, 10), like the tutorial's {@code np.random.randint(0, 10)};
 * the same seed gives the same array on any number of threads (the generator is described in {@link Fill}).
 */
enum FillChoice {
    /** Leave the zeros a new segment has. */
    zeros,
    /** 0, 1, 2, … in row-major order, converted to the dtype (wrapping for narrow integer types). */
    range,
    /** Integers 0..9, floats in [0, 10). */
    random;

    /**
     * @param dtype the dtype of the array to fill
     * @param seed the random seed (ignored unless {@code random})
     * @return the fill, or {@code null} for {@link #zeros}
     */
    Fill fill(DType dtype, long seed) {
        return switch (this) {
            case zeros -> null;
            case range -> Fill.arange();
            case random -> dtype.isFloatingPoint() ? Fill.uniform(seed, 0, 10) : Fill.integers(seed, 0, 10);
        };
    }
}
