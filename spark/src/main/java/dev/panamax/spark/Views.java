package dev.panamax.spark;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.ShortView;

import java.lang.foreign.MemorySegment;

/** Typed views over raw memory, for the slices and buffers of this module. */
final class Views {
    private Views() {
    }

    /** {@return a view of {@code dtype} over all of {@code segment}} */
    static ArrayView of(DType dtype, MemorySegment segment) {
        return switch (dtype) {
            case FLOAT64 -> DoubleView.of(segment);
            case FLOAT32 -> FloatView.of(segment);
            case INT32 -> IntView.of(segment);
            case INT64 -> LongView.of(segment);
            case INT16 -> ShortView.of(segment);
            case INT8 -> ByteView.of(segment);
            case UINT8 -> ByteView.ofUnsigned(segment);
        };
    }
}
