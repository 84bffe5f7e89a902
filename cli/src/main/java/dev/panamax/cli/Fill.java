package dev.panamax.cli;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Fills the elements of a fresh segment, for {@code create --fill} and the demo.
 *
 * <p>{@code random} draws integers uniformly from 0..9 and floats uniformly from [0, 10), like the tutorial's
 * {@code np.random.randint(0, 10)}. The array is filled in chunks of {@value #CHUNK} elements, in parallel,
 * each chunk from its own generator seeded from {@code (seed, chunk index)}: the same seed gives the same array
 * whatever the number of threads.
 */
final class Fill {
    /** Elements per chunk: large enough to amortize a generator, small enough to balance threads. */
    static final long CHUNK = 1L << 20;

    /** What {@code --fill} accepts. */
    enum Kind {
        /** Leave the zeros a new segment has. */
        zeros,
        /** 0, 1, 2, … in row-major order, converted to the dtype (wrapping for narrow integer types). */
        range,
        /** Integers 0..9, floats in [0, 10). */
        random
    }

    private Fill() {
    }

    /**
     * @param data the elements, {@code count * dtype.byteSize()} bytes
     * @param dtype their type
     * @param kind what to write
     * @param seed the random seed (ignored unless {@code kind == random})
     */
    static void fill(MemorySegment data, DType dtype, Kind kind, long seed) {
        if (kind == Kind.zeros) {
            return;
        }
        long count = data.byteSize() / dtype.byteSize();
        long chunks = (count + CHUNK - 1) / CHUNK;
        LongStream.range(0, chunks).parallel().forEach(c -> {
            long from = c * CHUNK;
            long to = Math.min(count, from + CHUNK);
            boolean real = dtype.isFloatingPoint();
            if (kind == Kind.range) {
                for (long i = from; i < to; i++) {
                    if (real) {
                        putReal(data, dtype, i, i);
                    } else {
                        putWhole(data, dtype, i, i);
                    }
                }
            } else {
                SplittableRandom rnd = new SplittableRandom(mix(seed, c));
                for (long i = from; i < to; i++) {
                    if (real) {
                        putReal(data, dtype, i, rnd.nextDouble() * 10);
                    } else {
                        putWhole(data, dtype, i, rnd.nextInt(10));
                    }
                }
            }
        });
    }

    private static void putWhole(MemorySegment data, DType dtype, long i, long v) {
        switch (dtype) {
            case INT8, UINT8 -> data.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case INT16 -> data.setAtIndex((ValueLayout.OfShort) dtype.layout(), i, (short) v);
            case INT32 -> data.setAtIndex((ValueLayout.OfInt) dtype.layout(), i, (int) v);
            case INT64 -> data.setAtIndex((ValueLayout.OfLong) dtype.layout(), i, v);
            default -> throw new IllegalArgumentException("not an integer dtype: " + dtype.numpyName());
        }
    }

    private static void putReal(MemorySegment data, DType dtype, long i, double v) {
        switch (dtype) {
            case FLOAT32 -> data.setAtIndex((ValueLayout.OfFloat) dtype.layout(), i, (float) v);
            case FLOAT64 -> data.setAtIndex((ValueLayout.OfDouble) dtype.layout(), i, v);
            default -> throw new IllegalArgumentException("not a floating-point dtype: " + dtype.numpyName());
        }
    }

    /** A well-mixed seed per chunk (SplitMix64 finalizer over seed and chunk index). */
    private static long mix(long seed, long chunk) {
        long z = seed + (chunk + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
