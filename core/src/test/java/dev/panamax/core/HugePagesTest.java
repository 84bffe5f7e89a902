package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panamax.core.internal.JvmCommand;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large {@link OffHeapArray}s are anonymous mappings 2 MiB aligned and advised for transparent huge pages: checked
 * in this process's {@code /proc/self/smaps} (the kernel's own view of the mapping), before and after close, and in
 * a child JVM without native access, which must fall back to the arena silently.
 */
class HugePagesTest {
    static final Path SMAPS = Path.of("/proc/self/smaps");

    /** The smaps block of the mapping that contains {@code address}, or null if none does. */
    static List<String> mappingOf(long address) throws IOException {
        List<String> block = null;
        for (String line : Files.readAllLines(SMAPS, StandardCharsets.UTF_8)) {
            String first = line.split(" ", 2)[0];
            boolean header = first.matches("[0-9a-f]+-[0-9a-f]+");
            if (header && block != null) {
                return block;
            }
            if (header) {
                String[] range = first.split("-");
                long lo = Long.parseUnsignedLong(range[0], 16), hi = Long.parseUnsignedLong(range[1], 16);
                if (lo <= address && address < hi) {
                    block = new ArrayList<>(List.of(line));
                }
            } else if (block != null) {
                block.add(line);
            }
        }
        return block;
    }

    static String field(List<String> block, String name) {
        return block.stream().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).trim())
                .findFirst().orElse("");
    }

    static String thpMode() throws IOException {
        Path p = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        if (!Files.exists(p)) {
            return "absent";
        }
        String s = Files.readString(p);
        return s.substring(s.indexOf('[') + 1, s.indexOf(']'));
    }

    @Test
    void largeArraysAreHugePageAdvisedMappingsThatCloseUnmaps() throws IOException {
        assumeTrue(Files.exists(SMAPS), "Linux /proc");
        assertTrue(HugePages.available(), "tests run with --enable-native-access on Linux");
        long n = HugePages.MIN_BYTES / Double.BYTES + 3; // 4 MiB + 24 bytes
        OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(n));
        long address = a.segment().address();
        assertEquals(0, address % HugePages.PAGE, "2 MiB aligned: " + Long.toHexString(address));
        assertEquals(n * Double.BYTES, a.byteSize());
        DoubleView v = a.asDoubles();
        assertEquals(0.0, v.get(0));
        assertEquals(0.0, v.get(n - 1));
        v.set(n - 1, 42.0);
        assertEquals(42.0, a.segment().getAtIndex(ValueLayout.JAVA_DOUBLE, n - 1));
        List<String> mapping = mappingOf(address);
        assertNotNull(mapping, "the array is a mapping of its own");
        String mode = thpMode();
        if (mode.equals("madvise") || mode.equals("always")) {
            assertEquals("1", field(mapping, "THPeligible"), "huge pages with THP " + mode + ": " + mapping);
        }
        if (mode.equals("madvise")) {
            assertTrue(field(mapping, "VmFlags").contains("hg"), "advised MADV_HUGEPAGE: " + mapping);
        }
        a.close();
        assertFalse(a.isOpen());
        assertThrows(IllegalStateException.class, () -> v.get(0));
        List<String> after = mappingOf(address);
        assertTrue(after == null || !after.get(0).startsWith(mapping.get(0).split(" ", 2)[0]),
                "unmapped on close: " + after);
    }

    @Test
    void smallArraysComeFromTheArena() throws IOException {
        assumeTrue(Files.exists(SMAPS), "Linux /proc");
        try (OffHeapArray a = OffHeapArray.allocate(DType.INT32, Shape.of(HugePages.MIN_BYTES / 4 - 1))) {
            List<String> mapping = mappingOf(a.segment().address());
            assertNotNull(mapping);
            assertFalse(field(mapping, "VmFlags").contains("hg"), "not advised: " + mapping);
        }
    }

    /** Run by the test below in a child JVM without native access. */
    public static void main(String[] args) {
        try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1 << 20))) {
            a.asDoubles().set(5, 1.5);
            System.out.println("mapped=" + HugePages.available() + " value=" + a.asDoubles().get(5));
        }
    }

    @Test
    void withoutNativeAccessLargeArraysComeFromTheArenaWithoutAWarning(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(JvmCommand.current().jvmArg("-Xmx64m")
                .mainClass(HugePagesTest.class).build());
        assertTrue(cmd.remove(JvmCommand.NATIVE_ACCESS_FLAG), "the command carried the flag: " + cmd);
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("mapped=false value=1.5", Files.readString(out).strip());
        assertFalse(stderr.contains("restricted method"), stderr);
    }
}
