/**
 * Panamax in Apache Spark executors: arrays that every executor host holds once, in a shared segment, and Panamax
 * kernels over them and over Dataset columns.
 *
 * <ul>
 * <li>{@link dev.panamax.spark.HostBroadcast}: the driver publishes a numeric array; each executor host gets it once,
 *     as a segment in {@code /dev/shm}, and every task opens it by name without copying it into its heap.</li>
 * <li>{@link dev.panamax.spark.SliceKernels} and {@link dev.panamax.spark.ColumnKernels}: {@code mapPartitions}-style
 *     helpers that run a kernel over a partition's slice of a host broadcast, or over a partition's values of a
 *     numeric column.</li>
 * <li>{@link dev.panamax.spark.VectorApiCheck}: verifies on the driver and every executor that the Vector API kernels
 *     are active, and names the missing JVM flags where they are not.</li>
 * <li>{@link dev.panamax.spark.EveryExecutor}: runs a function once in every executor JVM.</li>
 * </ul>
 *
 * Spark is a {@code provided} dependency: the application brings it, or runs under {@code spark-submit}. See
 * {@code docs/spark.md}.
 */
package dev.panamax.spark;
