package dev.panamax.spark;

import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;

/** Programs the tests run in child JVMs: a hand-started driver, and a driver that crashes. */
public final class SparkChild {
    private SparkChild() {
    }

    /**
     * {@code check}: prints this JVM's report. {@code check-spark}: starts {@code local[1]} and runs
     * {@link VectorApiCheck#requireEverywhere}, printing its message. {@code crash}: publishes a host broadcast in
     * {@code local[1]}, prints its name and halts without any cleanup, as a killed driver would.
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "check" -> System.out.println(VectorApiCheck.thisJvm());
            case "check-spark" -> {
                JavaSparkContext sc = SparkTestSupport.local(SparkTestSupport.conf("panamax-check"));
                try {
                    VectorApiCheck.requireEverywhere(sc);
                    System.out.println("all vectorized");
                } catch (IllegalStateException e) {
                    System.out.println(e.getMessage());
                } finally {
                    sc.stop();
                }
            }
            case "crash" -> {
                JavaSparkContext sc = SparkTestSupport.local(SparkTestSupport.conf("panamax-crash"));
                HostBroadcast b = HostBroadcast.of(sc, new double[1 << 20]);
                List<Placement> placed = b.materialize();
                System.out.println("PUBLISHED " + b.name() + " " + placed);
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
