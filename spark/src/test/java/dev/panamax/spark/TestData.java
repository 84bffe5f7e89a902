package dev.panamax.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The same deterministic values in Java and in Spark SQL: {@code x_i = pmod(i * 2654435761, 1000003) / 1000003}, in
 * [0, 1), computed with the same IEEE operations on both sides, so that Spark's own aggregates and Panamax's kernels
 * see identical doubles.
 */
final class TestData {
    private static final long MULTIPLIER = 2654435761L;
    private static final long MODULUS = 1000003L;

    private TestData() {
    }

    static double value(long i) {
        return (double) Math.floorMod(i * MULTIPLIER, MODULUS) / (double) MODULUS;
    }

    static double[] doubles(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = value(i);
        }
        return a;
    }

    /** @return a Dataset with one double column {@code x} of {@code n} rows, in {@code partitions} partitions */
    static Dataset<Row> dataset(SparkSession spark, long n, int partitions) {
        return spark.range(0, n, 1, partitions)
                .selectExpr("CAST(pmod(id * " + MULTIPLIER + ", " + MODULUS + ") AS DOUBLE) / " + MODULUS + "D AS x");
    }

    /** @return the bound on the difference of two float64 sums of squares of n values, each within n eps S */
    static double bound(long n, double sumOfSquares) {
        return 2.0 * n * Math.ulp(1.0) * sumOfSquares;
    }
}
