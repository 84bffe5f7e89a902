package dev.panamax.simd;

import dev.panamax.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kernel catalogue: every built-in kernel, under the one name that {@code panamax compute NAME}, the worker
 * pool's wire format and the documentation's kernel table all use ({@link #id()}), with what it needs and what it
 * produces. The {@link KernelOps} method of the same name computes it; {@code PoolKernels} runs it on worker
 * processes. A test keeps the table in {@code docs/kernels.md} equal to this enum.
 *
 * {@snippet :
 * Kernel k = Kernel.of("sum-of-squares");   // also "sumsq", the pool's old wire name
 * assert k == Kernel.SUM_OF_SQUARES && k.result() == Kernel.Result.NUMBER;
 * }
 */
public enum Kernel {
    /** {@code sum(x_i * x_i)}. */
    SUM_OF_SQUARES("sum-of-squares", "sumOfSquares", Result.NUMBER, Argument.NONE, "sum of x²", "sumsq"),
    /** {@code sum(x_i)}. */
    SUM("sum", "sum", Result.NUMBER, Argument.NONE, "sum of x"),
    /** {@code sum(a_i * b_i)} of two arrays of one dtype and length. */
    DOT("dot", "dot", Result.NUMBER, Argument.SECOND_ARRAY, "sum of a·b over two arrays of one dtype and length"),
    /** The number of elements in {@code [lo, hi]}. */
    COUNT_IN_RANGE("count-in-range", "countInRange", Result.NUMBER, Argument.RANGE,
            "how many x lie in [lo, hi], inclusive", "count"),
    /** The smallest element. */
    MIN("min", "min", Result.NUMBER, Argument.NONE, "smallest x (NaN if any is NaN)"),
    /** The largest element. */
    MAX("max", "max", Result.NUMBER, Argument.NONE, "largest x (NaN if any is NaN)"),
    /** Multiplies every element by a factor, in place. */
    SCALE("scale", "scale", Result.IN_PLACE, Argument.FACTOR, "x *= k in place, in the element type"),
    /** One int32 count of the elements in {@code [lo, hi]} per row of a 2-D array. */
    COUNT_IN_RANGE_PER_ROW("count-in-range-per-row", "countInRangePerRow", Result.PER_ROW, Argument.RANGE,
            "how many values of each row lie in [lo, hi]", "rowcount"),
    /** One float64 {@code hypot(m[r, a], m[r, b])} per row of a 2-D array. */
    HYPOTENUSE_PER_ROW("hypotenuse-per-row", "hypotenusePerRow", Result.PER_ROW, Argument.COLUMNS,
            "hypot(m[r, a], m[r, b]) of each row r", "hypot"),
    /** One float64 sum of squares per column of a 2-D array. */
    SUM_OF_SQUARES_PER_COLUMN("sum-of-squares-per-column", "sumOfSquaresPerColumn", Result.PER_COLUMN,
            Argument.NONE, "sum of x² down each column", "colsumsq");

    /** What a kernel produces. */
    public enum Result {
        /** One number: a {@code Double}, {@code Float}, {@code Long}, {@code Integer} or {@code Short}. */
        NUMBER,
        /** Nothing: the input changes in place. */
        IN_PLACE,
        /** One value per row of a 2-D input, into an output array. */
        PER_ROW,
        /** One value per column of a 2-D input, into an output array. */
        PER_COLUMN
    }

    /** What a kernel takes besides its input array. */
    public enum Argument {
        /** Nothing else. */
        NONE,
        /** A second array of the input's dtype and length. */
        SECOND_ARRAY,
        /** Inclusive bounds {@code lo} and {@code hi}. */
        RANGE,
        /** A factor (for integer arrays a whole number the dtype holds). */
        FACTOR,
        /** Two column indices of the 2-D input. */
        COLUMNS
    }

    private final String id;
    private final String method;
    private final Result result;
    private final Argument argument;
    private final String summary;
    private final List<String> aliases;

    Kernel(String id, String method, Result result, Argument argument, String summary, String... aliases) {
        this.id = id;
        this.method = method;
        this.result = result;
        this.argument = argument;
        this.summary = summary;
        this.aliases = List.of(aliases);
    }

    /**
     * {@return the kernel's name on the command line, in the pool's wire format and in the docs, such as
     * {@code "sum-of-squares"}}
     */
    public String id() {
        return id;
    }

    /** {@return the name of the {@link KernelOps} method that computes this kernel, such as {@code "sumOfSquares"}} */
    public String method() {
        return method;
    }

    /** {@return what the kernel produces} */
    public Result result() {
        return result;
    }

    /** {@return what the kernel takes besides its input array} */
    public Argument argument() {
        return argument;
    }

    /** {@return one line that says what the kernel computes} */
    public String summary() {
        return summary;
    }

    /** {@return other names {@link #of(String)} accepts for this kernel (earlier spellings), possibly none} */
    public List<String> aliases() {
        return aliases;
    }

    /** {@return true if the input must be a 2-D array, split by rows} */
    public boolean onRows() {
        return result == Result.PER_ROW || result == Result.PER_COLUMN;
    }

    /**
     * {@return the dtype of the output array, or {@code null} for a kernel that writes none}: int32 counts per row,
     * float64 otherwise.
     */
    public DType outputType() {
        return switch (result) {
            case NUMBER, IN_PLACE -> null;
            case PER_ROW -> this == COUNT_IN_RANGE_PER_ROW ? DType.INT32 : DType.FLOAT64;
            case PER_COLUMN -> DType.FLOAT64;
        };
    }

    /**
     * Finds a kernel by its {@link #id()} or one of its {@link #aliases()}, ignoring case and treating {@code _} as
     * {@code -}.
     *
     * @param name the name, such as {@code "sum-of-squares"}
     * @return the kernel
     * @throws IllegalArgumentException if no kernel has that name; the message lists the valid ones
     * @throws NullPointerException if {@code name} is null
     */
    public static Kernel of(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Kernel k : values()) {
            if (k.id.equals(key) || k.aliases.contains(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + name + "': expected one of "
                + String.join(", ", ids()));
    }

    /** {@return every kernel's {@link #id()}, in catalogue order} */
    public static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Kernel k : values()) {
            out.add(k.id);
        }
        return List.copyOf(out);
    }
}
