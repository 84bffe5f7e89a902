package dev.panamax.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Spark contexts for the tests: {@code local[2]}, and {@code local-cluster[2,1,1024]} (a master, a worker and two
 * executor JVMs), whose executors need a Spark home with a {@code jars} folder: built here, from the test class path,
 * as a throwaway directory of symbolic links.
 */
final class SparkTestSupport {
    static final int EXECUTORS = 2;

    private SparkTestSupport() {
    }

    /** @return common settings: no UI, loopback only, few shuffle partitions */
    static SparkConf conf(String appName) {
        return new SparkConf()
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "4")
                .set("spark.ui.showConsoleProgress", "false");
    }

    /** @return a {@code local[2]} context */
    static JavaSparkContext local(SparkConf conf) {
        return new JavaSparkContext(conf.setMaster("local[2]"));
    }

    /**
     * Starts {@code local-cluster[2,1,1024]} and waits until both executors have registered. The worker runs in this
     * JVM and takes its Spark home from the {@code SPARK_HOME} environment variable alone (Surefire sets it to
     * {@code target/spark-home}); this builds that folder's {@code jars} anew, and the worker puts the executors'
     * work folders and logs under it.
     */
    static JavaSparkContext localCluster(SparkConf conf) throws IOException, InterruptedException {
        return localCluster(conf, 1024);
    }

    /** As {@link #localCluster(SparkConf)}, with {@code executorMb} MiB of heap per executor. */
    static JavaSparkContext localCluster(SparkConf conf, int executorMb) throws IOException, InterruptedException {
        String env = System.getenv("SPARK_HOME");
        if (env == null || env.isBlank()) {
            throw new IllegalStateException("SPARK_HOME is not set: local-cluster needs a Spark home (run the tests "
                    + "through Maven, which sets it to spark/target/spark-home)");
        }
        Path home = Path.of(env);
        Path jars = home.resolve("jars");
        deleteTree(jars);
        Files.createDirectories(jars);
        List<String> dirs = new ArrayList<>();
        int n = 0;
        for (String entry : classPath()) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                dirs.add(p.toString());
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.createSymbolicLink(jars.resolve(String.format("%04d-%s", n++, p.getFileName())), p);
            }
        }
        conf.setMaster("local-cluster[" + EXECUTORS + ",1," + executorMb + "]")
                .set("spark.home", home.toString())
                // Class folders (this module's classes and tests, reactor modules) cannot go in jars/*.
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
                .setExecutorEnv("SPARK_SCALA_VERSION", "2.13");
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            awaitExecutors(sc, EXECUTORS, 120);
        } catch (RuntimeException | InterruptedException e) {
            sc.stop();
            throw e;
        }
        return sc;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Waits until {@code count} executors (besides the driver) are registered. */
    static void awaitExecutors(JavaSparkContext sc, int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (sc.sc().statusTracker().getExecutorInfos().length - 1 < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (sc.sc().statusTracker().getExecutorInfos().length - 1)
                        + " of " + count + " executors registered within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until an executor other than {@code lost} and the ones registered before replaces it, so that
     * {@link #EXECUTORS} are registered again (the standalone master starts a new one when one dies).
     */
    static void awaitReplacement(JavaSparkContext sc, String lost, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Map<String, Long> pids = executorPids(sc);
            if (pids.size() == EXECUTORS && !pids.containsKey(lost)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executor " + lost + " was not replaced within " + seconds
                        + " s: executors now " + pids);
            }
            Thread.sleep(500);
        }
    }

    private static List<String> classPath() {
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(File.pathSeparator);
        if (entries.length < 5) {
            throw new IllegalStateException("java.class.path has " + entries.length + " entries (" + cp
                    + "): run the tests with Surefire's useManifestOnlyJar=false");
        }
        return List.of(entries);
    }

    /** @return the heap this JVM uses after a full collection, in bytes */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the names in {@code dir} that start with {@code prefix}, sorted */
    static List<String> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(prefix)).sorted().toList();
        }
    }

    /** @return the messages of a throwable and its causes, one per line */
    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    /** @return the executors' pids by executor id */
    static Map<String, Long> executorPids(JavaSparkContext sc) {
        return EveryExecutor.run(sc, () -> ProcessHandle.current().pid());
    }
}
