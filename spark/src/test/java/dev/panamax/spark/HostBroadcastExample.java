package dev.panamax.spark;

import dev.panamax.core.DoubleView;
import dev.panamax.simd.Kernels;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

/**
 * What {@code spark/run-example} runs: in {@code local-cluster[2,1,2048]}, Spark's {@code broadcast} of a float64
 * array against {@link HostBroadcast} of the same array (first access per executor, heap each executor holds
 * afterwards, publish plus first job), then Panamax kernels in the executors against Spark's own
 * {@code sum(x * x), count(x)} over the same values. Prints a table, or with {@code --json} one JSON object.
 */
public final class HostBroadcastExample {
    private static final double MIB = 1 << 20;
    private static final int RUNS = 5;

    private HostBroadcastExample() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        int n = 50_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--elements" -> n = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: spark/run-example [--json] [--elements N]");
                    System.exit(2);
                }
            }
        }
        Locale.setDefault(Locale.ROOT);
        progress("starting local-cluster[2,1,2048] (a master, a worker, 2 executor JVMs)");
        JavaSparkContext sc = SparkTestSupport.localCluster(SparkTestSupport.conf("panamax-example"), 2048);
        try {
            run(sc, n, json);
        } finally {
            sc.stop();
        }
    }

    private static void run(JavaSparkContext sc, int n, boolean json) throws Exception {
        VectorApiCheck.requireEverywhere(sc);
        int executors = EveryExecutor.executorCount(sc);
        int tasks = 2 * executors;
        double[] values = TestData.doubles(n);
        long bytes = 8L * n;

        // Each side: publish, then one job whose tasks get the array (timed: the first access in each executor) and
        // run the same kernel over their slice; then the heap each executor holds, after a full collection.
        progress(String.format("Spark broadcast of %.0f MiB", bytes / MIB));
        Map<String, Long> heap0 = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);
        long t0 = System.nanoTime();
        Broadcast<double[]> plain = sc.broadcast(values);
        List<TaskResult> plainTasks = sc.parallelize(range(tasks), tasks).map(i -> {
            long t = System.nanoTime();
            double[] v = plain.value();
            double access = (System.nanoTime() - t) / 1e6;
            return new TaskResult(EveryExecutor.executorId(), access, sliceSum(DoubleView.wrap(v), i, tasks));
        }).collect();
        double plainTotal = (System.nanoTime() - t0) / 1e6;
        double plainSum = plainTasks.stream().mapToDouble(r -> r.partial).sum();
        Map<String, Long> heapPlain = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);   // the value stays cached
        plain.destroy();

        // The first host broadcast a JVM opens loads Panamax's classes and native bindings: timed apart, once.
        HostBroadcast warmUp = HostBroadcast.of(sc, new double[]{1});
        double cold = warmUp.materialize().stream().mapToDouble(Placement::millis).max().orElse(Double.NaN);
        warmUp.destroy();

        progress("host-local broadcast of the same array");
        Map<String, Long> heap1 = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);
        t0 = System.nanoTime();
        HostBroadcast x = HostBroadcast.of(sc, values);
        double publish = (System.nanoTime() - t0) / 1e6;
        List<TaskResult> localTasks = sc.parallelize(range(tasks), tasks).map(i -> {
            long t = System.nanoTime();
            DoubleView v = x.array().asDoubles();
            double access = (System.nanoTime() - t) / 1e6;
            return new TaskResult(EveryExecutor.executorId(), access, sliceSum(v, i, tasks));
        }).collect();
        double localTotal = (System.nanoTime() - t0) / 1e6;
        double localSum = localTasks.stream().mapToDouble(r -> r.partial).sum();
        Map<String, Long> heapLocal = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);

        progress("Spark's sum(x * x), count(x) against Panamax kernels, " + RUNS + " runs each");
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> ds = TestData.dataset(spark, n, tasks).cache();
        ds.count();
        Row sparkRow = null;
        double[] sparkMs = new double[RUNS];
        double[] panamaxMs = new double[RUNS];
        double[] columnMs = new double[RUNS];
        double panamaxSum = 0;
        double columnSum = 0;
        for (int r = -1; r < RUNS; r++) {   // run -1 warms up
            long t = System.nanoTime();
            sparkRow = ds.agg(sum(col("x").multiply(col("x"))), count(col("x"))).first();
            double s = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            panamaxSum = SliceKernels.sumOfSquares(sc, x, tasks).doubleValue();
            double p = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            columnSum = ColumnKernels.sumOfSquares(ds, "x").doubleValue();
            double c = (System.nanoTime() - t) / 1e6;
            if (r >= 0) {
                sparkMs[r] = s;
                panamaxMs[r] = p;
                columnMs[r] = c;
            }
        }
        double sparkSum = sparkRow.getDouble(0);
        long sparkCount = sparkRow.getLong(1);
        double bound = TestData.bound(n, sparkSum);
        boolean equal = sparkCount == x.shape().dim(0) && Math.abs(panamaxSum - sparkSum) <= bound
                && Math.abs(columnSum - sparkSum) <= bound && Math.abs(localSum - sparkSum) <= bound
                && Math.abs(plainSum - sparkSum) <= bound;
        x.destroy();
        ds.unpersist();

        List<String> ids = new ArrayList<>(heap0.keySet());
        double[] bFirst = ids.stream().mapToDouble(id -> firstAccess(plainTasks, id)).toArray();
        double[] hFirst = ids.stream().mapToDouble(id -> firstAccess(localTasks, id)).toArray();
        double[] bHeap = ids.stream().mapToDouble(id -> (heapPlain.get(id) - heap0.get(id)) / MIB).toArray();
        double[] hHeap = ids.stream().mapToDouble(id -> (heapLocal.get(id) - heap1.get(id)) / MIB).toArray();
        if (json) {
            System.out.printf("{\"executors\": %d, \"bytes\": %d, \"broadcast_first_access_ms\": %.3f, "
                            + "\"hostlocal_first_access_ms\": %.3f, \"broadcast_heap_mb\": %.1f, \"hostlocal_heap_mb\": %.1f, "
                            + "\"spark_sum_ms\": %.3f, \"panamax_sum_ms\": %.3f, \"results_equal\": %b}%n",
                    executors, bytes, max(bFirst), max(hFirst), max(bHeap), max(hHeap), median(sparkMs),
                    median(panamaxMs), equal);
            return;
        }
        System.out.printf("%n%d executors, %d float64 (%.0f MiB), %d tasks%n%n", executors, n, bytes / MIB, tasks);
        System.out.println("                                      Spark broadcast   host-local (Panamax)");
        for (int k = 0; k < ids.size(); k++) {
            System.out.printf("first access, executor %-3s (ms)     %14.1f   %20.2f%n", ids.get(k), bFirst[k], hFirst[k]);
        }
        for (int k = 0; k < ids.size(); k++) {
            System.out.printf("heap held, executor %-3s (MiB)       %14.1f   %20.1f%n", ids.get(k), bHeap[k], hHeap[k]);
        }
        System.out.printf("first host broadcast in a fresh executor JVM: %.1f ms (class loading; not in the rows)%n",
                cold);
        System.out.printf("publish on the driver (ms)           %14s   %20.1f%n", "-", publish);
        System.out.printf("publish + first job (ms)             %14.1f   %20.1f%n", plainTotal, localTotal);
        System.out.printf("first access: host-local %.0fx faster (slowest executor each)%n%n", max(bFirst) / max(hFirst));
        System.out.printf("sum(x*x) and count over the same %d values, median of %d runs (ms; Spark's runs %s)%n",
                n, RUNS, round(sparkMs));
        System.out.printf("  Spark's agg(sum(x*x), count(x)), cached Dataset    %10.1f%n", median(sparkMs));
        System.out.printf("  Panamax SliceKernels on the host-local segment     %10.1f   (%.1fx Spark)%n",
                median(panamaxMs), median(sparkMs) / median(panamaxMs));
        System.out.printf("  Panamax ColumnKernels, rows copied off-heap first  %10.1f   (%.1fx Spark)%n",
                median(columnMs), median(sparkMs) / median(columnMs));
        System.out.printf("  results: Spark %.17g, count %d; Panamax %.17g; columns %.17g; bound %.2g: %s%n",
                sparkSum, sparkCount, panamaxSum, columnSum, bound, equal ? "equal within the bound" : "DIFFERENT");
    }

    /** One task of the first job: its executor, how long it took to get the array, its slice's sum of squares. */
    private static final class TaskResult implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String executorId;
        private final double accessMs;
        private final double partial;

        TaskResult(String executorId, double accessMs, double partial) {
            this.executorId = executorId;
            this.accessMs = accessMs;
            this.partial = partial;
        }
    }

    private static double sliceSum(DoubleView v, int i, int tasks) {
        long from = v.length() * i / tasks;
        long to = v.length() * (i + 1) / tasks;
        return Kernels.sumOfSquares(v.slice(from, to - from));
    }

    /** @return an executor's first access: the longest of its tasks' (later tasks find the array cached) */
    private static double firstAccess(List<TaskResult> tasks, String executorId) {
        return tasks.stream().filter(r -> r.executorId.equals(executorId)).mapToDouble(r -> r.accessMs).max()
                .orElse(Double.NaN);
    }

    private static void progress(String what) {
        System.err.println("run-example: " + what);
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String round(double[] a) {
        return Arrays.toString(Arrays.stream(a).map(v -> Math.round(v * 10) / 10.0).toArray());
    }
}
