package dev.panamax.spark;

import dev.panamax.simd.Kernels;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@code mapPartitions} over a numeric column of a Dataset: each task copies its partition's values into an off-heap
 * buffer once, then runs a Panamax kernel over them.
 *
 * <p>Why a copy: Spark 4.2 gives user code a partition as rows ({@code Dataset.mapPartitions},
 * {@code Dataset.javaRDD()}); its columnar batches ({@code org.apache.spark.sql.vectorized.ColumnVector}) reach only
 * data source readers and {@code ColumnarRule} extensions, and the off-heap vector's address
 * ({@code OffHeapColumnVector.valuesNativeAddress()}) is in the internal {@code execution.vectorized} package. With no
 * public way to a column's memory, the helper reads each row once and the kernel runs on the copy. Nulls are skipped,
 * as Spark's {@code sum} and {@code count(column)} skip them.
 *
 * {@snippet :
 * Number sumsq = ColumnKernels.sumOfSquares(ds, "x");   // equals ds.agg(sum(col("x").multiply(col("x"))))
 * List<Long> counts = ColumnKernels.mapPartitions(ds, "x", (values, p) -> values.length()).collect();
 * }
 */
public final class ColumnKernels {
    private ColumnKernels() {
    }

    /**
     * Runs {@code f} over each partition's non-null values of {@code column}.
     *
     * @param ds the Dataset
     * @param column a top-level column of type double, float, int, long, short or byte (the last two become int32)
     * @param f the function
     * @param <R> its result
     * @return one result per partition, in partition order (lazy: an action such as {@code collect()} runs it)
     * @throws IllegalArgumentException if there is no such column or it is not numeric
     */
    public static <R> JavaRDD<R> mapPartitions(Dataset<Row> ds, String column, ColumnFunction<R> f) {
        Objects.requireNonNull(ds, "ds");
        Objects.requireNonNull(f, "f");
        ColumnReader reader = ColumnReader.of(ds, column);
        return ds.select(ds.col(column)).javaRDD().mapPartitionsWithIndex((partition, rows) -> {
            try (ColumnBuffer buffer = new ColumnBuffer(reader)) {
                while (rows.hasNext()) {
                    Row r = rows.next();
                    if (!r.isNullAt(0)) {
                        buffer.add(r);
                    }
                }
                List<R> one = Collections.singletonList(f.apply(buffer.view(), partition));
                return one.iterator();
            }
        }, true);
    }

    /**
     * The sum of squares of a column's non-null values: Spark's {@code sum(x * x)} computed by the Vector API kernel
     * per partition, partial sums added on the driver in partition order. Floating-point results are within the
     * kernels' bound ({@code n * eps * sum x^2}) of the exact sum; integer results are exact (int64, wrapping, where
     * Spark's {@code sum} of a long column would fail on overflow).
     *
     * @param ds the Dataset
     * @param column a numeric top-level column
     * @return a {@code Double} for double and float columns, a {@code Long} for integer columns
     * @throws IllegalArgumentException if there is no such column or it is not numeric
     */
    public static Number sumOfSquares(Dataset<Row> ds, String column) {
        ColumnReader reader = ColumnReader.of(ds, column);
        List<Number> partials = mapPartitions(ds, column, (values, p) -> Kernels.simd().sumOfSquares(values))
                .collect();
        return SliceKernels.add(reader.dtype().isFloatingPoint(), partials);
    }
}
