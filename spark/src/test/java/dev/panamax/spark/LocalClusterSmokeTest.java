package dev.panamax.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalClusterSmokeTest {
    @Test
    void twoExecutors() throws Exception {
        JavaSparkContext sc = SparkTestSupport.localCluster(SparkTestSupport.conf("smoke"));
        try {
            Map<String, Long> pids = SparkTestSupport.executorPids(sc);
            System.out.println(pids);
            System.out.println(VectorApiCheck.everywhere(sc));
            assertEquals(2, pids.size());
        } finally {
            sc.stop();
        }
    }
}
