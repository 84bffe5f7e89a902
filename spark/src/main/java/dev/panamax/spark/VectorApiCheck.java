package dev.panamax.spark;

import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Simd;
import org.apache.spark.api.java.JavaSparkContext;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The startup check: are Panamax kernels vectorized on the driver and on every executor? Without
 * {@code --add-modules=jdk.incubator.vector} a JVM runs the scalar kernels (several times slower) and says so only in
 * one log line of its own, which in a cluster nobody reads. Executors started by Spark get the flags from Spark's
 * launcher; a driver started by hand (a test, an IDE, {@code java -cp}) does not.
 *
 * {@snippet :
 * JavaSparkContext sc = new JavaSparkContext(conf);
 * VectorApiCheck.requireEverywhere(sc);   // throws, naming each JVM and the flags it lacks
 * }
 */
public final class VectorApiCheck {
    /** The flags every JVM that runs Panamax needs. */
    public static final List<String> FLAGS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED");

    private VectorApiCheck() {
    }

    /** {@return what this JVM has} */
    public static JvmReport thisJvm() {
        List<String> missing = new ArrayList<>();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            missing.add(FLAGS.get(0));
        }
        Module shm = SharedArray.class.getModule();
        String target = shm.isNamed() ? shm.getName() : "ALL-UNNAMED";
        if (!nativeAccessGranted(ManagementFactory.getRuntimeMXBean().getInputArguments(), target)) {
            missing.add("--enable-native-access=" + target);
        }
        String implementation = Simd.describe().lines().findFirst().orElse("");
        return new JvmReport(EveryExecutor.executorId(), hostName(), ProcessHandle.current().pid(),
                System.getProperty("java.version"), Simd.vectorized(), missing, implementation);
    }

    /**
     * Checks the driver (this JVM) and every executor registered now.
     *
     * @param sc the application's context
     * @return the driver's report first, then one per executor by executor id (in local mode only the driver's)
     * @throws RuntimeException Spark's {@code SparkException} (not declared: Spark throws it from Scala) if the
     *                          check job fails
     */
    public static List<JvmReport> everywhere(JavaSparkContext sc) {
        List<JvmReport> out = new ArrayList<>();
        out.add(thisJvm());
        if (!sc.sc().isLocal()) {
            Map<String, JvmReport> executors = EveryExecutor.run(sc, VectorApiCheck::thisJvm);
            out.addAll(executors.values());
        }
        return out;
    }

    /**
     * Checks every JVM and fails unless Panamax kernels are vectorized in all of them and no flag is missing.
     *
     * @param sc the application's context
     * @return the reports, all {@link JvmReport#ok()}
     * @throws IllegalStateException listing each JVM that fails (executor id, host, pid), the flags it lacks and where
     *                               to put them; or naming the executors that could not be checked
     */
    public static List<JvmReport> requireEverywhere(JavaSparkContext sc) {
        List<JvmReport> reports = everywhere(sc);
        List<String> problems = new ArrayList<>();
        for (JvmReport r : reports) {
            if (!r.ok()) {
                problems.add(r + ": " + (r.executorId().equals("driver")
                        ? "start the driver JVM with " + String.join(" ", FLAGS)
                        + " (spark-submit --driver-java-options, or the java command of a hand-started driver)"
                        : "add " + String.join(" ", FLAGS) + " to spark.executor.extraJavaOptions"));
            }
        }
        int expected = sc.sc().isLocal() ? 0 : EveryExecutor.executorCount(sc);
        if (reports.size() - 1 < expected) {
            problems.add((expected - reports.size() + 1) + " of " + expected
                    + " executors got no check task (busy or gone); run the check again");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Panamax kernels are not vectorized everywhere in application "
                    + sc.sc().applicationId() + ":\n  " + String.join("\n  ", problems));
        }
        return reports;
    }

    /**
     * Whether the JVM was started with native access for {@code target}. Read from the command line, because
     * {@link Module#isNativeAccessEnabled()} turns true after the first restricted call has printed its warning
     * (Hadoop's native loader makes one in every Spark driver).
     */
    static boolean nativeAccessGranted(List<String> jvmArgs, String target) {
        for (int i = 0; i < jvmArgs.size(); i++) {
            String a = jvmArgs.get(i);
            String modules = a.startsWith("--enable-native-access=") ? a.substring("--enable-native-access=".length())
                    : a.equals("--enable-native-access") && i + 1 < jvmArgs.size() ? jvmArgs.get(i + 1) : null;
            if (modules != null && List.of(modules.split(",")).contains(target)
                    || a.equals("--illegal-native-access=allow")) {
                return true;
            }
        }
        return false;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
