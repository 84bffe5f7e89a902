package dev.panamax.simd;

import dev.panamax.simd.TestData.Backing;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every check of {@link VectorVsScalarTest} again at sizes around {@link VectorAccess#STREAM_BYTES}, where the
 * vector kernels switch to their streaming loops (block by block, 256-bit vectors for sums): just below and above the
 * threshold for 64-bit elements, above it for 32-bit elements, and over many blocks, with tails that are not a
 * whole vector, on native and heap memory, aligned and unaligned; and around {@link CacheShare#COUNT_STREAM_BYTES},
 * where in-range counts leave their chunked cached loop, when that differs on this CPU. The inherited test methods
 * find this class's {@code cases()}.
 */
class StreamingSizesTest extends VectorVsScalarTest {
    static Stream<Arguments> cases() {
        int n64 = (int) (VectorAccess.STREAM_BYTES / Long.BYTES);
        int n32 = (int) (VectorAccess.STREAM_BYTES / Integer.BYTES);
        Stream<Arguments> stream = Stream.of(
                Arguments.of(n64 - 1, 0, Backing.HEAP),
                Arguments.of(n64 + 7, 1, Backing.NATIVE),
                Arguments.of(n32 + 13, 0, Backing.LONG_ARRAY),
                Arguments.of(n32 + 29, 3, Backing.HEAP),
                Arguments.of(3 * n32 + 5, 1, Backing.MAPPED));
        int c64 = (int) (CacheShare.COUNT_STREAM_BYTES / Long.BYTES);
        int c32 = (int) (CacheShare.COUNT_STREAM_BYTES / Integer.BYTES);
        if (c64 == n64 || c32 > (16 << 20)) { // a share over 64 MiB: the arrays would crowd the test JVM's heap
            return stream;
        }
        return Stream.concat(stream, Stream.of(
                Arguments.of(c64 - 1, 1, Backing.MAPPED),
                Arguments.of(c64 + 3, 0, Backing.HEAP),
                Arguments.of(c32 - 5, 0, Backing.NATIVE),
                Arguments.of(c32 + 9, 1, Backing.NATIVE)));
    }
}
