package dev.panamax.core;

/**
 * The counter-based generator behind {@link Fill}'s random fills: the 64-bit word for element {@code i} is a pure
 * function of {@code (seed, i)}, so any split of an array over threads gives the same values.
 *
 * <p>Word {@code i} is SplitMix64 (Steele, Lea and Flood 2014; Vigna's {@code splitmix64.c}) at counter
 * {@code seed + (i + 1) * 0x9E3779B97F4A7C15}, which is exactly the {@code (i + 1)}-th {@code nextLong()} of
 * {@code new java.util.SplittableRandom(seed)}. Doubles in [0, 1) take the top 53 bits, as
 * {@code SplittableRandom.nextDouble()} does. The batch loops below compute the counter from the index rather than
 * by adding the gamma to a running state, so no iteration depends on the one before (C2 may vectorize them).
 */
final class CounterRandom {
    /** The golden-ratio increment of SplitMix64 and {@code SplittableRandom}. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** 2^-53: a 53-bit integer times this is a double in [0, 1). */
    static final double DOUBLE_UNIT = 0x1.0p-53;

    private CounterRandom() {
    }

    /** The SplitMix64 finalizer (Stafford's Mix13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return word {@code i} of the stream of {@code seed} */
    static long word(long seed, long i) {
        return mix(seed + (i + 1) * GAMMA);
    }

    /** @return the double in [0, 1) of word {@code i} */
    static double unit(long seed, long i) {
        return (word(seed, i) >>> 11) * DOUBLE_UNIT;
    }

    /** Writes {@code low + unit(seed, first + k) * (high - low)} for k in [0, n), kept below {@code high}. */
    static void uniform(long seed, double low, double high, long first, double[] out, int n) {
        long base = seed + (first + 1) * GAMMA;
        double width = high - low;
        for (int k = 0; k < n; k++) {
            out[k] = (mix(base + k * GAMMA) >>> 11) * DOUBLE_UNIT * width + low;
        }
        if (low != 0 || high != 1) {
            // Rounding can reach high (SplittableRandom.nextDouble(origin, bound) has the same correction).
            for (int k = 0; k < n; k++) {
                if (out[k] >= high) {
                    out[k] = Math.nextDown(high);
                }
            }
        }
    }

    /** Writes {@code low + floor(word * (high - low) / 2^64)} for k in [0, n): integers in [low, high). */
    static void integers(long seed, long low, long high, long first, long[] out, int n) {
        long base = seed + (first + 1) * GAMMA;
        long range = high - low; // high > low: the unsigned difference is right even when it overflows a long
        for (int k = 0; k < n; k++) {
            out[k] = low + Math.unsignedMultiplyHigh(mix(base + k * GAMMA), range);
        }
    }

    /**
     * Writes standard normal values times {@code sd} plus {@code mean} for elements {@code first .. first + n - 1}:
     * elements {@code 2j} and {@code 2j + 1} are the Box-Muller pair of words {@code 2j} and {@code 2j + 1}
     * ({@code r = sqrt(-2 ln(1 - u0))}, {@code r cos(2 pi u1)} and {@code r sin(2 pi u1)}). {@link StrictMath}, not
     * {@link Math}, so that the values are the same on every JVM and CPU, not only on every thread count.
     */
    static void normal(long seed, double mean, double sd, long first, double[] out, int n) {
        long end = first + n;
        for (long even = first & ~1L; even < end; even += 2) {
            double r = Math.sqrt(-2 * StrictMath.log(1 - unit(seed, even)));
            double theta = 2 * Math.PI * unit(seed, even + 1);
            if (even >= first) {
                out[(int) (even - first)] = mean + sd * (r * StrictMath.cos(theta));
            }
            if (even + 1 < end) {
                out[(int) (even + 1 - first)] = mean + sd * (r * StrictMath.sin(theta));
            }
        }
    }
}
