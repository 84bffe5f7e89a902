package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.Matrix;
import dev.panamax.core.ShortView;

/**
 * Numeric kernels over Panamax views: reductions, range counts, per-row and per-column kernels, in-place scaling.
 * Get one from {@link Kernels#simd()} (Vector API, or the scalar fallback), {@link Kernels#scalar()} or
 * {@link Kernels#parallel(int)}. Every implementation computes the same results under the rules below; they
 * differ only in speed and, for floating point, in the order of additions.
 *
 * {@snippet :
 * try (OffHeapArray a = OffHeapArray.copyOf(new double[] {1, 2, 3})) {
 *     double s = Kernels.simd().sumOfSquares(a.asDoubles());   // 14.0
 *     long c = Kernels.simd().countInRange(a.asDoubles(), 2, 3); // 2
 * }
 * }
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Ranges</b> are inclusive at both ends: an element {@code x} counts if {@code lo <= x && x <= hi}.
 *       NaN is never in range, and a NaN bound counts nothing. {@code lo > hi} counts nothing (it is not an
 *       error). {@code -0.0} and {@code 0.0} compare equal, as in IEEE 754.</li>
 *   <li><b>Integer reductions</b> ({@code sum}, {@code sumOfSquares}, {@code dot} of int32 and int64) compute in
 *       int64 and wrap modulo 2<sup>64</sup> on overflow, like NumPy with an int64 accumulator:
 *       int32 {@code sum} is {@code np.sum(a, dtype=np.int64)}, {@code sumOfSquares} is
 *       {@code np.sum(a.astype(np.int64)**2)}, {@code dot} is {@code np.dot(a.astype(np.int64), b.astype(np.int64))};
 *       for int64 they are {@code np.sum(a)}, {@code np.sum(a*a)} and {@code np.dot(a, b)}. The result is exact
 *       modulo 2<sup>64</sup>, so every implementation returns the same bits.</li>
 *   <li><b>Floating-point reductions</b> accumulate in the element type (float32 in float, float64 in double),
 *       as {@code np.dot} does. They equal a sequential left-to-right loop up to reassociation (several partial
 *       sums added at the end) and, where the CPU has it, fused multiply-add. The error bound, for {@code n}
 *       elements and {@code eps} the machine epsilon of the element type ({@code Math.ulp(1.0)} or
 *       {@code Math.ulp(1.0f)}), as long as no partial sum overflows:
 *       <pre>|result - exact| &lt;= n * eps * S</pre>
 *       with {@code S = sum(|x_i|)} for {@code sum}, {@code sum(x_i^2)} for {@code sumOfSquares} and
 *       {@code sum(|a_i * b_i|)} for {@code dot}. (Any summation tree of depth at most {@code n - 1} satisfies
 *       the classical bound {@code gamma_n * S} with {@code gamma_n = n*u/(1 - n*u)}, {@code u = eps/2}, and
 *       {@code gamma_n <= n * eps} while {@code n * u <= 1/2}.) NaN anywhere gives NaN; {@code +Inf} and
 *       {@code -Inf} together give NaN.</li>
 *   <li><b>{@code min}/{@code max}</b> of an empty view throw {@link IllegalArgumentException} (there is no
 *       identity to return). For floating point they return NaN if any element is NaN (as NumPy's
 *       {@code np.min}) and order {@code -0.0} below {@code 0.0} (as {@link Math#min(double, double)}).</li>
 *   <li><b>{@code scale}</b> multiplies in place in the element type: floating point rounds once per element,
 *       integers wrap modulo 2<sup>32</sup> or 2<sup>64</sup> (like {@code a *= k} on a NumPy int array).</li>
 *   <li><b>int8, uint8 and int16</b> ({@link ByteView}, {@link ShortView}): {@code sum}, {@code sumOfSquares} and
 *       {@code dot} widen to int64 and are exact ({@code np.sum(a, dtype=np.int64)},
 *       {@code np.sum(a.astype(np.int64)**2)}, {@code np.dot(a.astype(np.int64), b.astype(np.int64))}); {@code min},
 *       {@code max} and counts work in the element type (uint8 values are 0 to 255); {@code scale} wraps in the
 *       element type ({@code a *= k}) and takes a factor the element type holds. Per-row counts of these types go
 *       through {@link #countInRangePerRow(Matrix, double, double, IntView)}.</li>
 * </ul>
 *
 * <p>Argument checks happen before any work; a failing call changes nothing. Views whose memory was closed
 * throw {@link IllegalStateException} from the underlying segment. Null arguments throw
 * {@link NullPointerException}.
 */
public interface KernelOps {

    /**
     * {@return {@code sum(x_i * x_i)} in double, within the error bound in the class comment; 0.0 when empty}
     *
     * @param x the elements
     */
    double sumOfSquares(DoubleView x);

    /**
     * {@return {@code sum(x_i * x_i)} accumulated in float, within the error bound in the class comment}
     *
     * @param x the elements
     */
    float sumOfSquares(FloatView x);

    /**
     * {@return {@code sum((long) x_i * x_i)} in int64, wrapping modulo 2^64 ({@code np.sum(a.astype(np.int64)**2)})}
     *
     * @param x the elements
     */
    long sumOfSquares(IntView x);

    /**
     * {@return {@code sum(x_i * x_i)} in int64, wrapping modulo 2^64 ({@code np.sum(a*a)})}
     *
     * @param x the elements
     */
    long sumOfSquares(LongView x);

    /**
     * {@return {@code sum(x_i)} in double, within the error bound in the class comment; 0.0 when empty}
     *
     * @param x the elements
     */
    double sum(DoubleView x);

    /**
     * {@return {@code sum(x_i)} accumulated in float, within the error bound in the class comment}
     *
     * @param x the elements
     */
    float sum(FloatView x);

    /**
     * {@return {@code sum(x_i)} in int64 (cannot overflow below 2^32 elements; wraps modulo 2^64 beyond)}
     *
     * @param x the elements
     */
    long sum(IntView x);

    /**
     * {@return {@code sum(x_i)} in int64, wrapping modulo 2^64}
     *
     * @param x the elements
     */
    long sum(LongView x);

    /**
     * {@return {@code sum(a_i * b_i)} in double, within the error bound in the class comment}
     *
     * @param a the first vector
     * @param b the second vector, same length
     * @throws IllegalArgumentException if the lengths differ ({@code "length mismatch: a=… b=…"})
     */
    double dot(DoubleView a, DoubleView b);

    /**
     * {@return {@code sum(a_i * b_i)} accumulated in float, within the error bound in the class comment}
     *
     * @param a the first vector
     * @param b the second vector, same length
     * @throws IllegalArgumentException if the lengths differ
     */
    float dot(FloatView a, FloatView b);

    /**
     * {@return {@code sum((long) a_i * b_i)} in int64, wrapping modulo 2^64}
     *
     * @param a the first vector
     * @param b the second vector, same length
     * @throws IllegalArgumentException if the lengths differ
     */
    long dot(IntView a, IntView b);

    /**
     * {@return {@code sum(a_i * b_i)} in int64, wrapping modulo 2^64}
     *
     * @param a the first vector
     * @param b the second vector, same length
     * @throws IllegalArgumentException if the lengths differ
     */
    long dot(LongView a, LongView b);

    /**
     * {@return the smallest element; NaN if any element is NaN; {@code -0.0} is below {@code 0.0}}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    double min(DoubleView x);

    /**
     * {@return the smallest element; NaN if any element is NaN; {@code -0.0f} is below {@code 0.0f}}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    float min(FloatView x);

    /**
     * {@return the smallest element}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    int min(IntView x);

    /**
     * {@return the smallest element}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    long min(LongView x);

    /**
     * {@return the largest element; NaN if any element is NaN; {@code 0.0} is above {@code -0.0}}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    double max(DoubleView x);

    /**
     * {@return the largest element; NaN if any element is NaN; {@code 0.0f} is above {@code -0.0f}}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    float max(FloatView x);

    /**
     * {@return the largest element}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    int max(IntView x);

    /**
     * {@return the largest element}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    long max(LongView x);

    /**
     * Counts elements with {@code lo <= x_i <= hi}; NaN elements and NaN bounds count nothing.
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} counts nothing
     * @return the count, {@code 0..x.length()}
     */
    long countInRange(DoubleView x, double lo, double hi);

    /**
     * Counts elements with {@code lo <= x_i <= hi}; NaN elements and NaN bounds count nothing.
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} counts nothing
     * @return the count
     */
    long countInRange(FloatView x, float lo, float hi);

    /**
     * Counts elements with {@code lo <= x_i <= hi}.
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} counts nothing
     * @return the count
     */
    long countInRange(IntView x, int lo, int hi);

    /**
     * Counts elements with {@code lo <= x_i <= hi}.
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} counts nothing
     * @return the count
     */
    long countInRange(LongView x, long lo, long hi);

    /**
     * Float32 rows; see {@link #countInRangePerRow(Matrix, double, double, IntView)} for the rules.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     * @throws IllegalArgumentException if {@code out.length() != m.rows()}
     */
    void countInRangePerRow(Matrix<FloatView> m, float lo, float hi, IntView out);

    /**
     * Int32 rows; see {@link #countInRangePerRow(Matrix, double, double, IntView)} for the rules.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     * @throws IllegalArgumentException if {@code out.length() != m.rows()}
     */
    void countInRangePerRow(Matrix<IntView> m, int lo, int hi, IntView out);

    /**
     * Int64 rows; see {@link #countInRangePerRow(Matrix, double, double, IntView)} for the rules.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row
     * @throws IllegalArgumentException if {@code out.length() != m.rows()}
     */
    void countInRangePerRow(Matrix<LongView> m, long lo, long hi, IntView out);

    /**
     * Writes {@code out[r] = Math.hypot(m[r, colA], m[r, colB])} for every row, with the elements converted to
     * double first (exact for int32 and float32; int64 rounds to the nearest double). {@link Math#hypot} semantics:
     * no intermediate overflow or underflow, error below 1 ulp, infinite if either is infinite even with NaN
     * (like {@code np.hypot}).
     *
     * @param m the matrix, any element type
     * @param colA the first column index, {@code 0 <= colA < m.cols()}
     * @param colB the second column index, {@code 0 <= colB < m.cols()}
     * @param out one float64 per row, {@code out.length() == m.rows()}
     * @throws IndexOutOfBoundsException if a column index is outside {@code [0, m.cols())}
     * @throws IllegalArgumentException if {@code out.length() != m.rows()}
     */
    void hypotenusePerRow(Matrix<? extends ArrayView> m, long colA, long colB, DoubleView out);

    /**
     * Writes {@code out[c] = sum over rows r of m[r, c]^2} for every column, in double, with elements converted
     * to double first. Each column's sum is within the floating-point error bound of the class comment with
     * {@code n = m.rows()} and {@code eps = Math.ulp(1.0)}.
     *
     * @param m the matrix, any element type
     * @param out one float64 per column, {@code out.length() == m.cols()}
     * @throws IllegalArgumentException if {@code out.length() != m.cols()}
     */
    void sumOfSquaresPerColumn(Matrix<? extends ArrayView> m, DoubleView out);

    /**
     * Multiplies every element by {@code factor}, in place.
     *
     * @param x the elements
     * @param factor the factor
     */
    void scale(DoubleView x, double factor);

    /**
     * Multiplies every element by {@code factor} in float, in place.
     *
     * @param x the elements
     * @param factor the factor
     */
    void scale(FloatView x, float factor);

    /**
     * Multiplies every element by {@code factor}, in place, wrapping modulo 2^32.
     *
     * @param x the elements
     * @param factor the factor
     */
    void scale(IntView x, int factor);

    /**
     * Multiplies every element by {@code factor}, in place, wrapping modulo 2^64.
     *
     * @param x the elements
     * @param factor the factor
     */
    void scale(LongView x, long factor);

    // ---- int8, uint8, int16 ----

    /**
     * {@return {@code sum(x_i)} in int64, exact ({@code np.sum(a, dtype=np.int64)})}
     *
     * @param x the elements, int8 or uint8
     */
    long sum(ByteView x);

    /**
     * {@return {@code sum(x_i)} in int64, exact ({@code np.sum(a, dtype=np.int64)})}
     *
     * @param x the elements
     */
    long sum(ShortView x);

    /**
     * {@return {@code sum(x_i * x_i)} in int64, exact ({@code np.sum(a.astype(np.int64)**2)})}
     *
     * @param x the elements, int8 or uint8
     */
    long sumOfSquares(ByteView x);

    /**
     * {@return {@code sum(x_i * x_i)} in int64, exact ({@code np.sum(a.astype(np.int64)**2)})}
     *
     * @param x the elements
     */
    long sumOfSquares(ShortView x);

    /**
     * {@return {@code sum(a_i * b_i)} in int64, exact}
     *
     * @param a the first vector, int8 or uint8
     * @param b the second vector, of the same dtype and length
     * @throws IllegalArgumentException if the dtypes or lengths differ
     */
    long dot(ByteView a, ByteView b);

    /**
     * {@return {@code sum(a_i * b_i)} in int64, exact}
     *
     * @param a the first vector
     * @param b the second vector, same length
     * @throws IllegalArgumentException if the lengths differ
     */
    long dot(ShortView a, ShortView b);

    /**
     * {@return the smallest element: -128 to 127 for int8, 0 to 255 for uint8}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    int min(ByteView x);

    /**
     * {@return the smallest element}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    short min(ShortView x);

    /**
     * {@return the largest element: -128 to 127 for int8, 0 to 255 for uint8}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    int max(ByteView x);

    /**
     * {@return the largest element}
     *
     * @param x the elements, at least one
     * @throws IllegalArgumentException if {@code x} is empty
     */
    short max(ShortView x);

    /**
     * Counts elements with {@code lo <= x_i <= hi}, comparing the elements' values (uint8 0 to 255); bounds beyond
     * the element type's range are clamped to it.
     *
     * @param x the elements, int8 or uint8
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} counts nothing
     * @return the count
     */
    long countInRange(ByteView x, int lo, int hi);

    /**
     * Counts elements with {@code lo <= x_i <= hi}; bounds beyond [-32768, 32767] are clamped to it.
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} counts nothing
     * @return the count
     */
    long countInRange(ShortView x, int lo, int hi);

    /**
     * Multiplies every element by {@code factor}, in place, wrapping modulo 2^8 ({@code a *= k} in NumPy).
     *
     * @param x the elements, int8 or uint8
     * @param factor the factor, a value of the element type (-128 to 127, or 0 to 255)
     * @throws IllegalArgumentException if the element type cannot hold {@code factor}
     */
    void scale(ByteView x, int factor);

    /**
     * Multiplies every element by {@code factor}, in place, wrapping modulo 2^16.
     *
     * @param x the elements
     * @param factor the factor, in [-32768, 32767]
     * @throws IllegalArgumentException if int16 cannot hold {@code factor}
     */
    void scale(ShortView x, int factor);

    // ---- dynamic dispatch, for tools that only know the dtype at run time ----

    /**
     * Sum of squares of a view of any supported type.
     *
     * @param x the elements
     * @return a {@link Double} (float64), {@link Float} (float32) or {@link Long} (every integer type)
     */
    Number sumOfSquares(ArrayView x);

    /**
     * Sum of a view of any supported type.
     *
     * @param x the elements
     * @return a {@link Double} (float64), {@link Float} (float32) or {@link Long} (every integer type)
     */
    Number sum(ArrayView x);

    /**
     * Dot product of two views of the same type.
     *
     * @param a the first vector
     * @param b the second vector
     * @return a {@link Double} (float64), {@link Float} (float32) or {@link Long} (every integer type)
     * @throws IllegalArgumentException if the types or lengths differ
     */
    Number dot(ArrayView a, ArrayView b);

    /**
     * Smallest element of a view of any supported type.
     *
     * @param x the elements, at least one
     * @return a {@link Double}, {@link Float}, {@link Long}, {@link Integer} (int32, int8, uint8) or {@link Short}
     *         (int16), matching the element type
     * @throws IllegalArgumentException if {@code x} is empty
     */
    Number min(ArrayView x);

    /**
     * Largest element of a view of any supported type.
     *
     * @param x the elements, at least one
     * @return a {@link Double}, {@link Float}, {@link Long}, {@link Integer} (int32, int8, uint8) or {@link Short}
     *         (int16), matching the element type
     * @throws IllegalArgumentException if {@code x} is empty
     */
    Number max(ArrayView x);

    /**
     * Counts elements with {@code lo <= x_i <= hi}, comparing exactly as real numbers: the bounds are narrowed to
     * the element type without changing the answer (for integers {@code ceil(lo)} and {@code floor(hi)}, clamped
     * to the type's range; for float32 the nearest float inside the range).
     *
     * @param x the elements
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound; {@code lo > hi} or a NaN bound counts nothing
     * @return the count
     */
    long countInRange(ArrayView x, double lo, double hi);

    /**
     * Counts, for each row, the elements with {@code lo <= x <= hi}, writing one int32 per row. This is the
     * float64 kernel (for a {@code Matrix<DoubleView>} the comparison is the plain double comparison) and also the
     * dynamic entry point for a matrix of any supported type: the bounds are then narrowed to the element type as
     * in {@link #countInRange(ArrayView, double, double)}, without changing the answer. NaN elements and NaN
     * bounds count nothing; {@code lo > hi} counts nothing.
     *
     * @param m the matrix
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @param out one count per row, {@code out.length() == m.rows()}
     * @throws IllegalArgumentException if {@code out.length() != m.rows()}
     */
    void countInRangePerRow(Matrix<? extends ArrayView> m, double lo, double hi, IntView out);

    /**
     * Scales a view of any supported type in place.
     *
     * @param x the elements
     * @param factor the factor; for float32 it is rounded to float; for integer views it must be a whole number
     *               representable in the element type
     * @throws IllegalArgumentException if {@code x} is an integer view and {@code factor} is not a whole number in
     *                                  the element type's range
     */
    void scale(ArrayView x, double factor);
}
