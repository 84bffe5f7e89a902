package dev.panamax.spark;

import dev.panamax.shm.Segments;
import dev.panamax.simd.Kernels;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code local-cluster[2,1,1024]}: two executor JVMs on the driver's host, which open the driver's segment. One
 * application for the whole class; the last test ends it and checks that nothing is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {
    /** 100 MB of float64. */
    private static final int N = 12_500_000;
    private static final long MIB = 1 << 20;
    private static final Path SHM = Segments.defaultDirectory();
    private static JavaSparkContext sc;
    private static String prefix;
    private static double[] values;
    private static HostBroadcast x;

    @BeforeAll
    static void start() throws Exception {
        sc = SparkTestSupport.localCluster(SparkTestSupport.conf("panamax-local-cluster"));
        prefix = HostBroadcast.segmentPrefix(sc.sc().applicationId());
        values = TestData.doubles(N);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    @Order(1)
    void startupCheckPassesOnTheDriverAndBothExecutors() {
        List<JvmReport> reports = VectorApiCheck.requireEverywhere(sc);
        assertEquals(3, reports.size(), reports.toString());
        assertEquals("driver", reports.get(0).executorId());
        assertEquals(3, new HashSet<>(reports.stream().map(JvmReport::pid).toList()).size(), reports.toString());
        assertTrue(reports.stream().allMatch(r -> r.ok() && r.vectorized() && r.missingFlags().isEmpty()));
    }

    @Test
    @Order(2)
    void aHundredMegabytesReachBothExecutorsAsOneSegmentWithoutAHeapCopy() throws Exception {
        Map<String, Long> before = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);
        x = HostBroadcast.of(sc, values);
        List<Placement> placed = x.materialize();
        assertEquals(2, placed.size(), placed.toString());
        long self = ProcessHandle.current().pid();
        for (Placement p : placed) {
            assertEquals(Placement.How.OPENED, p.how(), p.toString());   // the driver's segment, on this host
            assertNotEquals(self, p.jvm().pid());
            assertEquals(SHM.toString(), p.directory());
        }
        assertNotEquals(placed.get(0).jvm().pid(), placed.get(1).jvm().pid());
        assertEquals(List.of(x.name()), SparkTestSupport.files(SHM, prefix));

        HostBroadcast b = x;
        Map<String, Long> after = EveryExecutor.run(sc, () -> {
            double s = Kernels.sumOfSquares(b.array().asDoubles());   // touches every page
            return s > 0 ? SparkTestSupport.heapAfterGc() : -1;
        });
        // Spark's own broadcast of the same array: each executor holds a copy, which this measurement sees
        Broadcast<double[]> plain = sc.broadcast(values);
        Map<String, Long> withBroadcast = EveryExecutor.run(sc, () -> {
            double[] v = plain.value();
            long heap = SparkTestSupport.heapAfterGc();
            Reference.reachabilityFence(v);
            return heap;
        });
        plain.destroy();
        for (String id : before.keySet()) {
            long hostLocal = after.get(id) - before.get(id);
            long broadcast = withBroadcast.get(id) - after.get(id);
            assertTrue(hostLocal < 16 * MIB, "executor " + id + " heap grew by " + hostLocal / MIB + " MiB");
            assertTrue(broadcast > 90 * MIB, "executor " + id + " heap grew by only " + broadcast / MIB
                    + " MiB with Spark's broadcast: the measurement cannot see a copy");
        }
    }

    @Test
    @Order(3)
    void executorKernelsEqualSparksOwnSumOfSquaresAndCount() {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> ds = TestData.dataset(spark, N, 4);
        Row expected = ds.agg(sum(col("x").multiply(col("x"))), count(col("x"))).first();
        double sparkSum = expected.getDouble(0);
        double panamax = SliceKernels.sumOfSquares(sc, x, 4).doubleValue();
        double bound = TestData.bound(N, sparkSum);
        assertTrue(Math.abs(panamax - sparkSum) <= bound, panamax + " vs Spark " + sparkSum + ", bound " + bound);
        assertEquals(expected.getLong(1), x.shape().dim(0));
        assertEquals(expected.getLong(1), SliceKernels.countInRange(sc, x, 4, 0.0, 1.0));
        double column = ColumnKernels.sumOfSquares(ds, "x").doubleValue();
        assertTrue(Math.abs(column - sparkSum) <= bound, column + " vs Spark " + sparkSum + ", bound " + bound);
    }

    @Test
    @Order(4)
    void theApplicationsEndRemovesItsSegments() throws Exception {
        List<Long> pids = List.copyOf(SparkTestSupport.executorPids(sc).values());
        sc.stop();
        sc = null;
        assertEquals(List.of(), SparkTestSupport.files(SHM, prefix));
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
        assertEquals(List.of(), SparkTestSupport.files(SHM, prefix));
    }
}
