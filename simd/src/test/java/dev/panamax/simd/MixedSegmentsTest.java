package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.internal.JvmCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels' loops in a JVM that has run them over native, heap and mapped segments: C2 compiles each loop a
 * bounded number of times. With loops over a long index, C2's profiled loop predicates trapped on every call over
 * native memory and the loop was recompiled without end, 170x slower (docs/design/segment-classes.md). Counted here
 * from the JVM's deoptimization log of a child JVM ({@link MixedSegmentsProbe}), not timed.
 */
class MixedSegmentsTest {
    @TempDir
    Path work;

    /**
     * {@code [..][debug][deoptimization] cid=.. level=4 dev.panamax.simd.X.m(..)..; trap_bci=N profile_predicate}; the
     * copies of SegmentCopies are hidden classes, named {@code X+0x...}.
     */
    private static final Pattern TRAP =
            Pattern.compile("level=\\d+ (dev\\.panamax\\.simd\\.[\\w$.+]+)\\(.*trap_bci=(\\d+) profile_predicate");

    /** The JVM's default: after this many traps at one bytecode, C2 stops placing the trapping predicate there. */
    private static final int TRAPS_PER_BYTECODE = 4;

    @Test
    void loopsStopTrappingOnProfiledPredicates() throws Exception {
        Path log = work.resolve("deopt.log");
        Path files = Files.createDirectory(work.resolve("files"));
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx512m")
                .jvmArg("-XX:PerBytecodeTrapLimit=" + TRAPS_PER_BYTECODE)
                .jvmArg("-Xlog:deoptimization=debug:file=" + log)
                .mainClass(MixedSegmentsProbe.class, files.toString(), "16384", "1500").build();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe still running after 120 s");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("calls ") && out.contains(" sink 0"), out);

        Map<String, Integer> traps = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = TRAP.matcher(line);
            if (m.find()) {
                traps.merge(m.group(1) + "@" + m.group(2), 1, Integer::sum);
            }
        }
        // A few compiles may be in flight when the limit is reached, hence the margin; the endless case ran past 20
        // within the same time.
        int worst = traps.values().stream().max(Integer::compare).orElse(0);
        assertTrue(worst <= 2 * TRAPS_PER_BYTECODE, () -> "profile_predicate traps per kernel bytecode: " + traps);
    }
}
