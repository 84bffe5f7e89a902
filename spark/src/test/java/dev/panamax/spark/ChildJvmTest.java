package dev.panamax.spark;

import dev.panamax.shm.GcResult;
import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.Segments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drivers in child JVMs: one started by hand without Panamax's flags, and one that crashes. */
class ChildJvmTest {
    private static final List<String> PANAMAX_FLAGS = VectorApiCheck.FLAGS;

    @Test
    void aDriverWithoutTheFlagsIsToldExactlyWhichAreMissing() throws Exception {
        String out = run(withoutPanamaxFlags(), Map.of(), "check");
        assertTrue(out.contains("missing --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED; "
                + "implementation: scalar"), out);
    }

    @Test
    void aDriverWithoutC2IsToldThatKernelsRunScalar() throws Exception {
        List<String> flags = new ArrayList<>(sparkFlags());
        flags.add("-XX:TieredStopAtLevel=1");
        String out = run(flags, Map.of(), "check");
        assertTrue(out.contains("Java " + System.getProperty("java.version") + "): implementation: scalar"), out);
        assertTrue(out.contains("TieredStopAtLevel=1"), out);
    }

    @Test
    void theClusterCheckFailsOnAHandStartedDriverAndSaysWhereTheFlagsGo() throws Exception {
        String out = run(withoutPanamaxFlags(), Map.of(), "check-spark");
        assertTrue(out.contains("Panamax kernels are not vectorized everywhere in application local-"), out);
        assertTrue(out.contains("driver (host "), out);
        assertTrue(out.contains("missing --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED"), out);
        assertTrue(out.contains("start the driver JVM with --add-modules=jdk.incubator.vector "
                + "--enable-native-access=ALL-UNNAMED (spark-submit --driver-java-options"), out);
    }

    @Test
    void panamaxGcCollectsWhatACrashedApplicationLeft(@TempDir Path dir) throws Exception {
        String out = run(sparkFlags(), Map.of(Segments.DIR_ENV, dir.toString()), "crash");
        assertTrue(out.contains("PUBLISHED pmx-spark-local-"), out);
        String name = out.substring(out.indexOf("PUBLISHED ") + 10).split(" ")[0];
        List<SegmentInfo> left = Segments.list(dir);
        assertEquals(List.of(name), left.stream().map(SegmentInfo::name).toList());
        assertEquals(SegmentInfo.Liveness.DEAD, left.get(0).creatorLiveness());
        GcResult r = Segments.gc(dir, false);
        assertEquals(List.of(name), r.removed().stream().map(SegmentInfo::name).toList());
        assertEquals(List.of(), Segments.list(dir));
    }

    /** @return the JVM flags of this test JVM (Spark's list, which includes Panamax's two) */
    private static List<String> sparkFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--") || a.startsWith("-D") || a.startsWith("-XX:+Ignore"))
                .toList();
    }

    private static List<String> withoutPanamaxFlags() {
        return sparkFlags().stream().filter(a -> !PANAMAX_FLAGS.contains(a)).toList();
    }

    private static String run(List<String> flags, Map<String, String> env, String mode)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SparkChild.class.getName());
        cmd.add(mode);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not exit");
        return new String(out, StandardCharsets.UTF_8);
    }
}
