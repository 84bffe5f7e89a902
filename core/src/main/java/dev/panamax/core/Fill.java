package dev.panamax.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;

/**
 * What to write into every element of an array: NumPy's {@code full}, {@code arange} and seeded random numbers, or
 * a function of the element index. Element {@code i} (row-major, counted from the start of the view or array being
 * filled) gets a value that depends on {@code i} alone, so large fills run in parallel on the common
 * {@link java.util.concurrent.ForkJoinPool} (or the pool of the calling fork-join task) in chunks of a fixed size,
 * and the result never depends on the number of threads. Memory of a confined arena is filled on the calling
 * thread.
 *
 * <table>
 *   <caption>Fills and their NumPy counterparts</caption>
 *   <tr><th>Panamax</th><th>NumPy</th><th>dtypes</th></tr>
 *   <tr><td>{@link #full(double)}, {@link #full(long)}</td><td>{@code np.full(shape, v)}</td><td>all</td></tr>
 *   <tr><td>{@link #arange()}, {@link #arange(long, long)}, {@link #arange(double, double)}</td>
 *       <td>{@code np.arange(start, start + n * step, step)}</td><td>all</td></tr>
 *   <tr><td>{@link #uniform(long)}, {@link #uniform(long, double, double)}</td>
 *       <td>{@code rng.random(n)}, {@code rng.uniform(low, high, n)}</td><td>float32, float64</td></tr>
 *   <tr><td>{@link #integers(long, long, long)}</td><td>{@code rng.integers(low, high, n)}</td><td>all</td></tr>
 *   <tr><td>{@link #normal(long)}, {@link #normal(long, double, double)}</td>
 *       <td>{@code rng.standard_normal(n)}, {@code rng.normal(mean, sd, n)}</td><td>float32, float64</td></tr>
 *   <tr><td>{@link #of(LongToDoubleFunction)}, {@link #ofLongs(LongUnaryOperator)}</td>
 *       <td>{@code np.fromfunction(f, (n,))}</td><td>all</td></tr>
 * </table>
 *
 * <h2>The random numbers are not NumPy's</h2>
 * NumPy's {@code default_rng(seed)} is PCG64 with a sequential stream; these fills use a counter-based generator so
 * that element {@code i} can be computed without the elements before it. The 64-bit word of element {@code i} is
 * SplitMix64 at counter {@code seed + (i + 1) * 0x9E3779B97F4A7C15}: exactly the {@code (i + 1)}-th
 * {@code nextLong()} of {@code new java.util.SplittableRandom(seed)}. From it:
 * <ul>
 * <li>uniform: {@code u = (word >>> 11) * 2^-53} in [0, 1), then {@code u * (high - low) + low}, kept below
 *     {@code high} as {@code SplittableRandom.nextDouble(low, high)} does; float32 arrays hold that value rounded
 *     to float32, kept in [low, high);</li>
 * <li>integers: {@code low + floor(word * (high - low) / 2^64)} (unsigned), so each value in [low, high) has
 *     probability {@code 1 / (high - low)} within {@code (high - low) / 2^64};</li>
 * <li>normal: Box-Muller on the pair of elements {@code (2j, 2j + 1)}: with {@code u0}, {@code u1} the uniforms of
 *     words {@code 2j} and {@code 2j + 1}, {@code r = sqrt(-2 ln(1 - u0))}, element {@code 2j} is
 *     {@code mean + sd * r cos(2 pi u1)} and element {@code 2j + 1} is {@code mean + sd * r sin(2 pi u1)}.</li>
 * </ul>
 * The same seed gives the same array on every thread count, every run and every JVM (the normal values use
 * {@link StrictMath}); a slice filled on its own starts its stream at its own element 0.
 *
 * <h2>Conversion to the dtype</h2>
 * Floating-point dtypes take values rounded to nearest. Integer dtypes take whole numbers in their range only:
 * anything else throws {@link IllegalArgumentException} naming the element and the value (checked when the fill
 * is applied, before writing, for {@code full} and {@code integers}; element by element for functions, in which
 * case the elements before the refused one may have been written). {@code arange} on an integer dtype counts in
 * int64 and wraps into narrower types like a C cast, as NumPy 1.x's {@code np.arange(300, dtype=np.int8)} does.
 *
 * {@snippet :
 * try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1_000_000), Fill.normal(42, 0, 1));
 *      OffHeapArray b = OffHeapArray.allocate(DType.INT32, Shape.of(1000, 5), Fill.integers(7, 0, 10))) {
 *     Fill.arange(0.0, 0.5).applyTo(a.asDoubles().slice(0, 10));   // 0.0, 0.5, 1.0, ... 4.5
 * }
 * }
 */
public final class Fill implements Consumer<NumericArray> {
    private final String text;
    private final Function<DType, FillWriter.Source> bind;

    private Fill(String text, Function<DType, FillWriter.Source> bind) {
        this.text = text;
        this.bind = bind;
    }

    /**
     * Every element {@code value}, like {@code np.full(shape, value)}.
     *
     * @param value the value; an integer dtype needs a whole number in its range
     * @return the fill
     */
    public static Fill full(double value) {
        return new Fill("full(" + value + ")", t -> {
            if (t.isFloatingPoint()) {
                return FillWriter.Source.ofDoubles((first, out, n) -> Arrays.fill(out, 0, n, value));
            }
            if (!Elements.isWhole(value)) {
                throw new IllegalArgumentException("full(" + value + ") cannot fill " + t + ": expected a whole number"
                        + " in " + Elements.range(t));
            }
            return fullLong((long) value, t);
        });
    }

    /**
     * Every element {@code value}, like {@code np.full(shape, value)}.
     *
     * @param value the value; an integer dtype needs it in its range, a floating-point one rounds it
     * @return the fill
     */
    public static Fill full(long value) {
        return new Fill("full(" + value + ")", t -> fullLong(value, t));
    }

    private static FillWriter.Source fullLong(long value, DType t) {
        if (!t.isFloatingPoint() && (value < Elements.min(t) || value > Elements.max(t))) {
            throw new IllegalArgumentException("full(" + value + ") cannot fill " + t + ": outside "
                    + Elements.range(t));
        }
        return FillWriter.Source.ofLongs((first, out, n) -> Arrays.fill(out, 0, n, value), false);
    }

    /**
     * 0, 1, 2, ... in row-major order, like {@code np.arange(n)}.
     *
     * @return the fill
     */
    public static Fill arange() {
        return arange(0L, 1L);
    }

    /**
     * {@code start + i * step} for element {@code i}, computed in int64 arithmetic (wrapping), then converted: rounded
     * for floating-point dtypes, wrapped like a C cast for narrower integer dtypes.
     *
     * @param start the value of element 0
     * @param step the difference between consecutive elements
     * @return the fill
     */
    public static Fill arange(long start, long step) {
        return new Fill("arange(" + start + ", step=" + step + ")", t -> FillWriter.Source.ofLongs((first, out, n) -> {
            long v = start + first * step;
            for (int k = 0; k < n; k++) {
                out[k] = v + k * step;
            }
        }, true));
    }

    /**
     * {@code start + i * step} for element {@code i}, computed in double, as NumPy's floating-point {@code arange}
     * does. An integer dtype needs whole {@code start} and {@code step} and then counts as
     * {@link #arange(long, long)}.
     *
     * @param start the value of element 0
     * @param step the difference between consecutive elements
     * @return the fill
     * @throws IllegalArgumentException if {@code start} or {@code step} is not finite
     */
    public static Fill arange(double start, double step) {
        if (!Double.isFinite(start) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange(" + start + ", step=" + step + "): expected finite values");
        }
        Fill integral = Elements.isWhole(start) && Elements.isWhole(step) ? arange((long) start, (long) step) : null;
        return new Fill("arange(" + start + ", step=" + step + ")", t -> {
            if (t.isFloatingPoint()) {
                return FillWriter.Source.ofDoubles((first, out, n) -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = start + (double) (first + k) * step;
                    }
                });
            }
            if (integral == null) {
                throw new IllegalArgumentException("arange(" + start + ", step=" + step + ") cannot fill " + t
                        + ": expected whole numbers for an integer dtype");
            }
            return integral.bind.apply(t);
        });
    }

    /**
     * Uniform doubles in [0, 1), like {@code np.random.default_rng(seed).random(n)} but from the counter-based
     * generator described above.
     *
     * @param seed any value; the same seed gives the same array
     * @return the fill, for float32 and float64 arrays
     */
    public static Fill uniform(long seed) {
        return uniform(seed, 0.0, 1.0);
    }

    /**
     * Uniform values in [low, high), like {@code rng.uniform(low, high, n)}.
     *
     * @param seed any value; the same seed gives the same array
     * @param low the smallest possible value
     * @param high the bound, never reached
     * @return the fill, for float32 and float64 arrays
     * @throws IllegalArgumentException if the bounds are not finite, {@code low >= high}, or {@code high - low}
     *                                  overflows
     */
    public static Fill uniform(long seed, double low, double high) {
        if (!(low < high) || !Double.isFinite(high - low)) {
            throw new IllegalArgumentException("uniform(low=" + low + ", high=" + high
                    + "): expected finite low < high with a finite high - low");
        }
        String text = "uniform(seed=" + seed + ", low=" + low + ", high=" + high + ")";
        return new Fill(text, t -> {
            requireFloatingPoint(text, t, "use Fill.integers(seed, low, high)");
            if (t == DType.FLOAT64) {
                return FillWriter.Source.ofDoubles((first, out, n) ->
                        CounterRandom.uniform(seed, low, high, first, out, n));
            }
            float lowF = (float) low < low ? Math.nextUp((float) low) : (float) low;
            float highF = (float) high >= high ? Math.nextDown((float) high) : (float) high;
            if (lowF > highF) {
                throw new IllegalArgumentException(text + " cannot fill float32: no float32 lies in [low, high)");
            }
            return FillWriter.Source.ofDoubles((first, out, n) -> {
                CounterRandom.uniform(seed, low, high, first, out, n);
                for (int k = 0; k < n; k++) {
                    out[k] = Math.min(Math.max((float) out[k], lowF), highF);
                }
            });
        });
    }

    /**
     * Uniform integers in [low, high), like {@code rng.integers(low, high, n)}.
     *
     * @param seed any value; the same seed gives the same array
     * @param low the smallest possible value
     * @param high the bound, never reached
     * @return the fill; an integer dtype must hold every value in [low, high)
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public static Fill integers(long seed, long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("integers(low=" + low + ", high=" + high + "): expected low < high");
        }
        String text = "integers(seed=" + seed + ", low=" + low + ", high=" + high + ")";
        return new Fill(text, t -> {
            if (!t.isFloatingPoint() && (low < Elements.min(t) || high - 1 > Elements.max(t))) {
                throw new IllegalArgumentException(text + " cannot fill " + t + ": values outside "
                        + Elements.range(t));
            }
            return FillWriter.Source.ofLongs((first, out, n) -> CounterRandom.integers(seed, low, high, first, out, n),
                    false);
        });
    }

    /**
     * Standard normal values (mean 0, standard deviation 1), like {@code rng.standard_normal(n)}.
     *
     * @param seed any value; the same seed gives the same array
     * @return the fill, for float32 and float64 arrays
     */
    public static Fill normal(long seed) {
        return normal(seed, 0.0, 1.0);
    }

    /**
     * Normal values, like {@code rng.normal(mean, sd, n)}.
     *
     * @param seed any value; the same seed gives the same array
     * @param mean the mean
     * @param sd the standard deviation
     * @return the fill, for float32 and float64 arrays
     * @throws IllegalArgumentException if {@code mean} is not finite or {@code sd} is negative or not finite
     */
    public static Fill normal(long seed, double mean, double sd) {
        if (!Double.isFinite(mean) || !(sd >= 0) || !Double.isFinite(sd)) {
            throw new IllegalArgumentException("normal(mean=" + mean + ", sd=" + sd
                    + "): expected a finite mean and a finite sd >= 0");
        }
        String text = "normal(seed=" + seed + ", mean=" + mean + ", sd=" + sd + ")";
        return new Fill(text, t -> {
            requireFloatingPoint(text, t, "round the values yourself with Fill.of");
            return FillWriter.Source.ofDoubles((first, out, n) -> CounterRandom.normal(seed, mean, sd, first, out, n));
        });
    }

    /**
     * {@code f(i)} for element {@code i}, like {@code np.fromfunction}. {@code f} is called once per element, from
     * several threads at once for large arrays, in no particular order: it must be a pure function of the index.
     *
     * @param f the value of each element; an integer dtype needs whole numbers in its range
     * @return the fill
     * @throws NullPointerException if {@code f} is null
     */
    public static Fill of(LongToDoubleFunction f) {
        Objects.requireNonNull(f, "f");
        return new Fill("of(function)", t -> doubles(f));
    }

    /**
     * {@code f(i)} for element {@code i}, for integer values: exact up to int64. Called as {@link #of} calls it.
     *
     * @param f the value of each element; an integer dtype needs it in its range
     * @return the fill
     * @throws NullPointerException if {@code f} is null
     */
    public static Fill ofLongs(LongUnaryOperator f) {
        Objects.requireNonNull(f, "f");
        return new Fill("ofLongs(function)", t -> longs(f));
    }

    static FillWriter.Source doubles(LongToDoubleFunction f) {
        return FillWriter.Source.ofDoubles((first, out, n) -> {
            for (int k = 0; k < n; k++) {
                out[k] = f.applyAsDouble(first + k);
            }
        });
    }

    static FillWriter.Source longs(LongUnaryOperator f) {
        return FillWriter.Source.ofLongs((first, out, n) -> {
            for (int k = 0; k < n; k++) {
                out[k] = f.applyAsLong(first + k);
            }
        }, false);
    }

    static FillWriter.Source ints(LongToIntFunction f) {
        return FillWriter.Source.ofLongs((first, out, n) -> {
            for (int k = 0; k < n; k++) {
                out[k] = f.applyAsInt(first + k);
            }
        }, false);
    }

    private static void requireFloatingPoint(String text, DType t, String instead) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(text + " cannot fill " + t + ": it makes float32 and float64 values; "
                    + "for integers " + instead);
        }
    }

    /**
     * Fills every element of a view; element {@code i} of the view gets value {@code i}.
     *
     * @param view the elements to write
     * @throws IllegalArgumentException if the dtype cannot hold the values (see the class description)
     * @throws UnsupportedOperationException if the memory is read-only
     * @throws IllegalStateException if the memory has been closed
     * @throws NullPointerException if {@code view} is null
     */
    public void applyTo(ArrayView view) {
        view.checkWritable();
        FillWriter.write(view.segment(), view.dtype(), bind.apply(view.dtype()), true);
    }

    /**
     * Fills every element of an array of any dtype, in row-major order.
     *
     * @param array the array to write
     * @throws IllegalArgumentException if the dtype cannot hold the values (see the class description)
     * @throws UnsupportedOperationException if the array is read-only
     * @throws IllegalStateException if the array has been closed
     * @throws NullPointerException if {@code array} is null
     */
    public void applyTo(NumericArray array) {
        var segment = array.segment();
        if (segment.isReadOnly()) {
            throw new UnsupportedOperationException("read-only memory: cannot fill " + array);
        }
        FillWriter.write(segment, array.dtype(), bind.apply(array.dtype()), true);
    }

    /**
     * Same as {@link #applyTo(NumericArray)}, so that a fill is an initialiser for
     * {@link OffHeapArray#allocate(DType, Shape, Consumer)} and the shared arrays' {@code create}.
     *
     * @param array the array to write
     * @throws IllegalArgumentException if the dtype cannot hold the values
     * @throws UnsupportedOperationException if the array is read-only
     * @throws IllegalStateException if the array has been closed
     */
    @Override
    public void accept(NumericArray array) {
        applyTo(array);
    }

    /** {@return the fill as it was made, for example {@code Fill.uniform(seed=42, low=0.0, high=1.0)}} */
    @Override
    public String toString() {
        return "Fill." + text;
    }
}
