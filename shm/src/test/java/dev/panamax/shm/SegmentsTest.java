package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Npy;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentsTest {
    @TempDir
    Path dir;

    @Test
    void listShowsSegmentsAndForeignNpyFilesAndSkipsEverythingElse() throws IOException {
        Instant before = Instant.now();
        try (SharedArray p = SharedArray.create("b-process", DType.FLOAT32, Shape.of(10, 2),
                SegmentOptions.defaults().directory(dir));
             SharedArray _ = SharedArray.create("a-persistent", DType.UINT8, Shape.of(5),
                     SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT));
             OffHeapArray f = OffHeapArray.copyOf(new long[] {1, 2})) {
            Npy.write(dir.resolve("c-foreign.npy"), f);
            Files.writeString(dir.resolve("d-text"), "hello");
            Files.write(dir.resolve("e-empty"), new byte[0]);
            Files.createDirectory(dir.resolve("f-subdir"));
            Files.createSymbolicLink(dir.resolve("g-link"), p.path());
            Files.write(dir.resolve(".panamax-tmp-x-1-abc"), Npy.encodeHeader(DType.INT8, Shape.of(0)));
            Files.write(dir.resolve(".hidden"), Npy.encodeHeader(DType.INT8, Shape.of(0)));

            List<SegmentInfo> all = Segments.list(dir);
            assertEquals(List.of("a-persistent", "b-process", "c-foreign.npy"),
                    all.stream().map(SegmentInfo::name).toList());
            SegmentInfo a = all.get(0);
            assertEquals(SegmentInfo.Format.PANAMAX, a.format());
            assertEquals(Lifetime.PERSISTENT, a.lifetime());
            assertEquals(DType.UINT8, a.dtype());
            assertEquals(4096 + 5, a.bytes());
            SegmentInfo b = all.get(1);
            assertEquals(Lifetime.PROCESS, b.lifetime());
            assertEquals(Shape.of(10, 2), b.shape());
            assertEquals(ProcessHandle.current().pid(), b.creatorPid());
            assertTrue(b.creatorAlive());
            assertTrue(b.attachedPids().contains(ProcessHandle.current().pid()), b.attachedPids().toString());
            assertFalse(b.created().isBefore(before.minus(Duration.ofSeconds(1))), b.created().toString());
            assertEquals(dir.resolve("b-process"), b.path());
            SegmentInfo c = all.get(2);
            assertEquals(SegmentInfo.Format.NPY, c.format());
            assertEquals(Lifetime.UNKNOWN, c.lifetime());
            assertEquals(-1, c.creatorPid());
            assertFalse(c.creatorAlive());
            assertEquals(List.of(), c.attachedPids());
            assertEquals(DType.INT64, c.dtype());

            assertEquals(b, withSameCreated(Segments.info("b-process", dir), b));
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Segments.info("d-text", dir));
            assertTrue(e.getMessage().contains("'d-text'"), e.getMessage());
            assertThrows(SegmentException.class, () -> Segments.info("f-subdir", dir));
            p.unlink();
        }
        assertFalse(Segments.list(dir).stream().anyMatch(s -> s.name().equals("b-process")));
    }

    private static SegmentInfo withSameCreated(SegmentInfo x, SegmentInfo like) {
        return new SegmentInfo(x.name(), x.path(), x.format(), x.dtype(), x.shape(), x.bytes(), x.lifetime(),
                x.creatorPid(), x.creatorLiveness(), like.attachedPids(), like.created(), x.ownerUid(), x.owner());
    }

    @Test
    void aReusedPidDoesNotKeepADeadCreatorsSegmentAlive() throws IOException {
        Path p;
        try (SharedArray a = SharedArray.create("reused-pid", DType.INT32, Shape.of(4),
                SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT))) {
            p = a.path();
        }
        // Closed, and relabelled as a PROCESS segment: only the creator's identity decides now.
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        v.write("panamax.lifetime", StandardCharsets.UTF_8.encode("process"));
        assertTrue(Segments.info("reused-pid", dir).creatorAlive());
        // The same pid (this JVM, alive) but another start tick: the creator that recorded it is gone.
        v.write("panamax.ticks", StandardCharsets.UTF_8.encode(Long.toString(Creator.SELF.startTicks() + 1)));
        SegmentInfo info = Segments.info("reused-pid", dir);
        assertEquals(ProcessHandle.current().pid(), info.creatorPid());
        assertEquals(SegmentInfo.Liveness.DEAD, info.creatorLiveness());
        assertEquals(List.of("reused-pid"), Segments.gc(dir, true).removed().stream().map(SegmentInfo::name).toList());
        assertTrue(Files.exists(p), "dry run");
        assertEquals(List.of("reused-pid"), Segments.gc(dir, false).removed().stream().map(SegmentInfo::name).toList());
        assertFalse(Files.exists(p));
    }

    @Test
    void listOfAMissingDirectoryFails() {
        assertThrows(NoSuchFileException.class, () -> Segments.list(dir.resolve("missing")));
        assertThrows(NoSuchFileException.class, () -> Segments.gc(dir.resolve("missing"), true));
    }

    @Test
    void temporaryNamesCarryTheCreatorPidEvenWhenTheSegmentNameHasDashes() {
        Path t = Names.tempFor(dir, "my-data-set");
        String n = t.getFileName().toString();
        assertTrue(n.startsWith(".panamax-tmp-my-data-set-"), n);
        assertEquals(ProcessHandle.current().pid(), Names.tempCreatorPid(n));
        assertEquals(-1, Names.tempCreatorPid("my-data-set"));
        assertEquals(-1, Names.tempCreatorPid(".panamax-tmp-nopid"));
        assertEquals(-1, Names.tempCreatorPid(".panamax-tmp-x-notanumber-ff"));
        assertEquals(-1, Names.tempCreatorPid(".panamax-tmp--ff"));
    }

    @Test
    void defaultDirectoryIsDevShmUnlessPanamaxDirIsSet() {
        String env = System.getenv(Segments.DIR_ENV);
        Path expected = env == null || env.isBlank() ? Path.of("/dev/shm") : Path.of(env);
        assertEquals(expected, Segments.defaultDirectory());
        assertEquals(expected, SegmentOptions.defaults().directory());
    }
}
