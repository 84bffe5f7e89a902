package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pre-faulting maps a segment's pages into this process at open (checked in {@code /proc/self/smaps}, the kernel's
 * own count of the pages a mapping has), only where the file lives in memory and only when asked, and falls back
 * silently where the kernel refuses.
 */
class PrefaultTest {
    private static final long N = 3L << 20; // 24 MiB of float64
    private static final Path SMAPS = Path.of("/proc/self/smaps");

    /** Resident kilobytes of the mapping that contains {@code address}. */
    private static long rssKb(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(SMAPS, StandardCharsets.UTF_8)) {
            String first = line.split(" ", 2)[0];
            if (first.matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] r = first.split("-");
                inside = Long.parseUnsignedLong(r[0], 16) <= address && address < Long.parseUnsignedLong(r[1], 16);
            } else if (inside && line.startsWith("Rss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no mapping contains " + Long.toHexString(address));
    }

    private static Path shmDir(Path tmp) throws IOException {
        // /dev/shm is tmpfs; @TempDir may be on a disk.
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "/dev/shm");
        return Files.createTempDirectory(Path.of("/dev/shm"), "panamax-prefault-test-");
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Test
    void openWithPrefaultMapsEveryPageOfASegmentInMemoryAndTheDefaultNone(@TempDir Path tmp) throws IOException {
        assumeTrue(Files.exists(SMAPS) && Prefault.available(), "Linux with native access");
        Path dir = shmDir(tmp);
        SegmentOptions opts = SegmentOptions.defaults().directory(dir);
        try (SharedArray creator = SharedArray.create("p", DType.FLOAT64, Shape.of(N), opts)) {
            creator.asDoubles().fill(1.0);
            try (SharedArray lazy = SharedArray.open("p", opts)) {
                assertTrue(rssKb(lazy.segment().address()) < 1024, "nothing mapped yet without prefault");
                assertTrue(lazy.prefault(N / 2, 1000), "a range");
                long half = rssKb(lazy.segment().address());
                assertTrue(half >= 2048 && half <= 6 * 1024, "only the 2 MiB chunks of the range: " + half + " KiB");
            }
            try (SharedArray eager = SharedArray.open("p", opts.prefault(true))) {
                assertTrue(rssKb(eager.segment().address()) >= N * 8 / 1024, "every page mapped at open");
                assertTrue(eager.prefault(), "asking again costs nothing and succeeds");
                assertEquals(N, eager.asDoubles().length());
            }
        } finally {
            deleteAll(dir);
        }
    }

    @Test
    void filesOnOtherFileSystemsAreNotPrefaultedAtOpen(@TempDir Path tmp) throws IOException {
        assumeTrue(Files.exists(SMAPS) && Prefault.available(), "Linux with native access");
        String type = Files.getFileStore(tmp).type();
        assumeTrue(!type.equals("tmpfs") && !type.equals("ramfs"), "@TempDir is on a disk here, not " + type);
        SegmentOptions opts = SegmentOptions.defaults().directory(tmp);
        try (SharedArray _ = SharedArray.create("disk", DType.FLOAT64, Shape.of(N), opts);
             SharedArray reader = SharedArray.open("disk", opts.prefault(true))) {
            assertTrue(rssKb(reader.segment().address()) < 1024, "a file on " + type + " is left to fault lazily");
        }
    }

    @Test
    void aRefusedAdviceIsASilentFallback(@TempDir Path tmp) throws IOException {
        assumeTrue(Prefault.available(), "Linux with native access");
        Path dir = shmDir(tmp);
        try (SharedArray a = SharedArray.create("refused", DType.INT32, Shape.of(1 << 20),
                SegmentOptions.defaults().directory(dir))) {
            Prefault invalid = new Prefault(a.segment(), 9999); // an advice no kernel knows: EINVAL
            assertFalse(invalid.range(0, a.byteSize()));
            assertFalse(invalid.all());
            a.asInts().set(7, 7);
            assertEquals(7, a.asInts().get(7), "the memory works as before");
        } finally {
            deleteAll(dir);
        }
    }

    @Test
    void aTruncatedFileIsNotPrefaultedAndNothingCrashes(@TempDir Path tmp) throws IOException {
        assumeTrue(Prefault.available(), "Linux with native access");
        Path dir = shmDir(tmp);
        SegmentOptions opts = SegmentOptions.defaults().directory(dir).prefault(false);
        try (SharedArray a = SharedArray.create("cut", DType.FLOAT64, Shape.of(N), opts)) {
            try (FileChannel ch = FileChannel.open(dir.resolve("cut"), StandardOpenOption.WRITE)) {
                ch.truncate(8192);
            }
            assertFalse(a.prefault(), "pages past the end cannot be mapped: reported, not a SIGBUS");
            assertFalse(a.prefault(0, 100), "the first 2 MiB chunk also reaches past the end");
            assertEquals(0.0, a.asDoubles().get(100), "what the file still holds reads as before");
        } finally {
            deleteAll(dir);
        }
    }

    @Test
    @SuppressWarnings("try") // closed inside the block on purpose: use after close is under test
    void rangesAreChecked(@TempDir Path tmp) throws IOException {
        Path dir = shmDir(tmp);
        try (SharedArray a = SharedArray.create("r", DType.INT64, Shape.of(10),
                SegmentOptions.defaults().directory(dir))) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.prefault(5, 6));
            assertEquals("range from=5 count=6 is outside segment 'r' of length 10", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> a.prefault(-1, 1));
            a.close();
            assertThrows(IllegalStateException.class, a::prefault);
        } finally {
            deleteAll(dir);
        }
    }
}
