package dev.panamax.spark;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;

import java.lang.foreign.MemorySegment;

/** Typed views over raw memory, for the slices and buffers of this module. */
final class Views {
    private Views() {
    }

    /**
     * @return a view of whichever compute type {@code dtype} is, over all of {@code segment}
     * @throws IllegalArgumentException if the dtype has no compute view (int8, int16, uint8)
     */
    static ArrayView of(DType dtype, MemorySegment segment) {
        return switch (dtype) {
            case FLOAT64 -> DoubleView.of(segment);
            case FLOAT32 -> FloatView.of(segment);
            case INT32 -> IntView.of(segment);
            case INT64 -> LongView.of(segment);
            default -> throw new IllegalArgumentException("dtype " + dtype.numpyName()
                    + " has no compute view: expected float64, float32, int32 or int64");
        };
    }
}
