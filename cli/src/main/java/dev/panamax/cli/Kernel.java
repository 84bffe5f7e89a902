package dev.panamax.cli;

import dev.panamax.core.DType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/** The kernels {@code compute} runs, by their command-line names, and what each one produces. */
enum Kernel {
    SUM_OF_SQUARES("sum-of-squares", null),
    SUM("sum", null),
    DOT("dot", null),
    COUNT_IN_RANGE("count-in-range", null),
    COUNT_IN_RANGE_PER_ROW("count-in-range-per-row", DType.INT32),
    HYPOTENUSE_PER_ROW("hypotenuse-per-row", DType.FLOAT64),
    SUM_OF_SQUARES_PER_COLUMN("sum-of-squares-per-column", DType.FLOAT64),
    SCALE("scale", null),
    MIN("min", null),
    MAX("max", null);

    final String cliName;
    /** The dtype of the {@code --out} segment, or {@code null} when the kernel writes none. */
    final DType outType;

    Kernel(String cliName, DType outType) {
        this.cliName = cliName;
        this.outType = outType;
    }

    /** @return true for the kernels that write one value per row or column to {@code --out} */
    boolean writesOut() {
        return outType != null;
    }

    /** @return true for the kernels that return one number */
    boolean returnsNumber() {
        return outType == null && this != SCALE;
    }

    /** @return true for the kernels that need {@code --lo} and {@code --hi} */
    boolean needsRange() {
        return this == COUNT_IN_RANGE || this == COUNT_IN_RANGE_PER_ROW;
    }

    static String names() {
        List<String> n = new ArrayList<>();
        for (Kernel k : values()) {
            n.add(k.cliName);
        }
        return String.join(", ", n);
    }

    /** Picocli converter: a kernel name, or a usage error listing the valid ones. */
    static final class Converter implements CommandLine.ITypeConverter<Kernel> {
        @Override
        public Kernel convert(String value) {
            for (Kernel k : values()) {
                if (k.cliName.equals(value)) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("unknown kernel '" + value + "': expected one of "
                    + names());
        }
    }

    /** Picocli completion and help: the kernel names. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> n = new ArrayList<>();
            for (Kernel k : values()) {
                n.add(k.cliName);
            }
            return n.iterator();
        }
    }
}
