package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last-level cache share that sets where in-range counts leave their cached loop, read from a {@code /sys}-like
 * tree written here, and the threshold's floor on the machine running the test.
 */
class CacheShareTest {
    @TempDir
    Path dir;

    private void index(int i, String type, int level, String size, String cpus) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), cpus + "\n");
    }

    @Test
    void sharePerCpuOfTheHighestLevelDataOrUnifiedCache() throws IOException {
        index(0, "Data", 1, "32K", "0");
        index(1, "Instruction", 1, "32K", "0");
        index(2, "Unified", 2, "512K", "0");
        index(3, "Unified", 3, "16384K", "0-1");
        assertEquals(8L << 20, CacheShare.perCpu(dir));
    }

    @Test
    void cpuListsWithRangesAndSingles() throws IOException {
        index(0, "Unified", 2, "1024K", "0-1");
        index(1, "Unified", 3, "32M", "0-3,8-11");
        assertEquals(4L << 20, CacheShare.perCpu(dir));
    }

    @Test
    void anUnreadableLevelIsSkippedNotFatal() throws IOException {
        index(0, "Unified", 2, "512K", "0");
        index(1, "Unified", 3, "lots", "0-1");
        assertEquals(512L << 10, CacheShare.perCpu(dir));
    }

    @Test
    void noTopologyMeansUnknown() {
        assertEquals(0, CacheShare.perCpu(dir.resolve("absent")));
        assertEquals(0, CacheShare.perCpu(dir));
    }

    @Test
    void parsesSizesAndCpuLists() {
        assertEquals(16L << 20, CacheShare.bytes("16384K"));
        assertEquals(32L << 20, CacheShare.bytes("32M"));
        assertEquals(512, CacheShare.bytes("512"));
        assertEquals(0, CacheShare.bytes(""));
        assertEquals(0, CacheShare.bytes("12Q"));
        assertEquals(2, CacheShare.cpus("0-1"));
        assertEquals(8, CacheShare.cpus("0-3,8-11"));
        assertEquals(2, CacheShare.cpus("0,2"));
        assertEquals(0, CacheShare.cpus("x"));
    }

    @Test
    void countThresholdNeverBelowTheStreamingThreshold() {
        assertTrue(CacheShare.COUNT_STREAM_BYTES >= VectorAccess.STREAM_BYTES);
        assertEquals(CacheShare.COUNT_STREAM_BYTES, Simd.countStreamingBytes());
        assertTrue(Simd.describe().contains("in-range counts: cached loop in chunks up to"), Simd.describe());
    }
}
