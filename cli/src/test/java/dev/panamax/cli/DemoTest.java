package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole demo in-process, at a test size: results equal, a table per part, nothing left behind. */
class DemoTest {
    @TempDir
    Path dir;

    private static void small(CommandLine cl) {
        ((DemoCommand) cl.getSubcommands().get("demo").getCommand()).resize(3001, 5, 100_003);
    }

    @Test
    void demoRunsEveryPartAndLeavesNothingBehind() {
        CliRun.Result r = CliRun.run(DemoTest::small, "--dir", dir.toString(), "demo");
        r.ok();
        String out = r.out();
        for (String expected : List.of("plain Java loop", "SIMD (Vector API)", "SIMD, 2 threads",
                "2 worker processes", "all 4 results equal: 3001 counts", "all 4 results agree",
                "panamax-demo-" + ProcessHandle.current().pid() + "-matrix", "nothing of the demo's is left",
                "then the end of the stream", "value 40000, expected 40000")) {
            assertTrue(out.contains(expected), () -> "missing '" + expected + "' in:\n" + out);
        }
        assertTrue(out.contains("NumPy agrees with Java") || out.contains("apt-get install python3-numpy"), out);
        if ("1".equals(System.getenv("PANAMAX_REQUIRE_NUMPY"))) {
            assertTrue(out.contains("NumPy agrees with Java"), out);
        }
        assertEquals(List.of(), CliRun.snapshot(dir));
    }

    @Test
    void demoJsonIsOneObjectWithEveryPart() {
        CliRun.Result r = CliRun.run(DemoTest::small, "--dir", dir.toString(), "--json", "demo");
        Map<String, Object> j = r.ok().json();
        assertEquals(List.of("per_row_count", "sum_of_squares", "numpy", "lifecycle", "queue", "counter", "total_ns"),
                List.copyOf(j.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> rows = (Map<String, Object>) j.get("per_row_count");
        assertEquals(Boolean.TRUE, rows.get("equal"));
        assertEquals(4, ((List<?>) rows.get("methods")).size());
        @SuppressWarnings("unchecked")
        Map<String, Object> life = (Map<String, Object>) j.get("lifecycle");
        assertEquals(List.of(), life.get("left_behind"));
        @SuppressWarnings("unchecked")
        Map<String, Object> queue = (Map<String, Object>) j.get("queue");
        assertEquals((long) IpcDemo.MESSAGES, queue.get("messages"));
        assertEquals(2L, queue.get("processes"));
        assertTrue(((Number) queue.get("seconds")).doubleValue() > 0, queue::toString);
        @SuppressWarnings("unchecked")
        Map<String, Object> counter = (Map<String, Object>) j.get("counter");
        assertEquals(40_000L, counter.get("value"));
        assertEquals(40_000L, counter.get("expected"));
        assertEquals(List.of(), CliRun.snapshot(dir));
    }
}
