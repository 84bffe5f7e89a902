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
 *
 * <p>No {@code module-info}: Spark 4.2.0 and Scala are not modules, their jar names give no valid automatic module
 * names, and Spark puts application jars on the class path of its executors. The jar names itself
 * ({@code Automatic-Module-Name: dev.panamax.spark}) and uses only what Panamax's modules export, so it also works
 * as an automatic module next to them.
 */
package dev.panamax.spark;
