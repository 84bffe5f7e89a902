package dev.panamax.spark;

import dev.panamax.core.DoubleView;
import dev.panamax.shm.Segments;
import dev.panamax.simd.Kernels;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second host, simulated: both executors use another segment directory than the driver ({@code PANAMAX_DIR} set
 * for executors only), so they cannot see the driver's segment and must fetch the data through Spark's broadcast,
 * as on another machine. One executor fetches and publishes, the other opens; one segment (and its lock) in the
 * "host's" directory; the transfer leaves no copy in the heaps; killing the executor that published it loses
 * nothing; the application's end removes everything.
 */
class RemoteHostTest {
    /** 32 MB of float64: four Spark broadcasts of 8 MiB. */
    private static final int N = 4_000_000;
    private static final long MIB = 1 << 20;

    @Test
    void oneExecutorPerHostFetchesAndTheLastOneOutCleansUp(@TempDir Path host) throws Exception {
        JavaSparkContext sc = SparkTestSupport.localCluster(SparkTestSupport.conf("panamax-remote-host")
                .setExecutorEnv(Segments.DIR_ENV, host.toString()));
        String prefix = HostBroadcast.segmentPrefix(sc.sc().applicationId());
        try {
            Map<String, Long> before = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);
            double[] values = TestData.doubles(N);
            HostBroadcast x = HostBroadcast.of(sc, values);
            List<Placement> placed = x.materialize();
            assertEquals(2, placed.size(), placed.toString());
            assertEquals(1, placed.stream().filter(p -> p.how() == Placement.How.FETCHED).count(), placed.toString());
            assertEquals(1, placed.stream().filter(p -> p.how() == Placement.How.OPENED).count(), placed.toString());
            assertTrue(placed.stream().allMatch(p -> p.directory().equals(host.toString())), placed.toString());
            assertEquals(List.of(x.name(), x.name() + ".lock"), SparkTestSupport.files(host, prefix));
            assertEquals(List.of(x.name()), SparkTestSupport.files(Segments.defaultDirectory(), prefix));

            // every byte arrived: sampled elements equal, sums of squares within the kernels' bound
            long[] at = {0, 1, 1_048_575, 1_048_576, N / 2, N - 1};
            double[] expected = new double[at.length];
            for (int k = 0; k < at.length; k++) {
                expected[k] = values[(int) at[k]];
            }
            double[] got = sc.parallelize(List.of(0), 1).map(i -> {
                DoubleView v = x.array().asDoubles();
                double[] out = new double[at.length];
                for (int k = 0; k < at.length; k++) {
                    out[k] = v.get(at[k]);
                }
                return out;
            }).first();
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(got));
            double local = Kernels.sumOfSquares(DoubleView.wrap(values));
            double remote = SliceKernels.sumOfSquares(sc, x, 4).doubleValue();
            assertTrue(Math.abs(local - remote) <= TestData.bound(N, local), local + " vs " + remote);

            // materialize dropped the fetching executor's copy of the transfer
            Map<String, Long> after = EveryExecutor.run(sc, SparkTestSupport::heapAfterGc);
            for (String id : before.keySet()) {
                long grown = after.get(id) - before.get(id);
                assertTrue(grown < 16 * MIB, "executor " + id + " heap grew by " + grown / MIB + " MiB");
            }

            // kill -9 the executor that published the host's segment: the other one (and the replacement Spark
            // starts) go on with the same segment, nobody fetches again
            Placement creator = placed.stream().filter(p -> p.how() == Placement.How.FETCHED).findFirst().orElseThrow();
            ProcessHandle victim = ProcessHandle.of(creator.jvm().pid()).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            SparkTestSupport.awaitReplacement(sc, creator.jvm().executorId(), 120);
            List<Placement> again = x.materialize();
            assertEquals(2, again.size(), again.toString());
            assertTrue(again.stream().noneMatch(p -> p.jvm().pid() == creator.jvm().pid()), again.toString());
            assertTrue(again.stream().allMatch(p -> p.how() == Placement.How.OPENED), again.toString());
            assertEquals(List.of(x.name(), x.name() + ".lock"), SparkTestSupport.files(host, prefix));
            double afterKill = SliceKernels.sumOfSquares(sc, x, 4).doubleValue();
            assertEquals(remote, afterKill);

            List<Long> pids = again.stream().map((Placement q) -> q.jvm().pid()).toList();
            sc.stop();
            sc = null;
            for (long pid : pids) {
                assertNotEquals(ProcessHandle.current().pid(), pid);
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            }
            assertEquals(List.of(), SparkTestSupport.files(host, prefix));
            assertEquals(List.of(), SparkTestSupport.files(Segments.defaultDirectory(), prefix));
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }
}
