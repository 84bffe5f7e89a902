package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory where other processes and other users play tricks: a FIFO swapped onto a name, files planted by
 * another user, segments one may not read (issue 10, items 4 and 7).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileDirectoryTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir);
    }

    @Test
    void aFifoSwappedOntoTheNameNeverHangsListInfoGcOrOpen() throws Exception {
        try (SharedArray a = SharedArray.create("s", DType.INT64, Shape.of(8), opts().lifetime(Lifetime.PERSISTENT))) {
            a.asLongs().set(0, 5);
        }
        Path name = dir.resolve("s");
        Path spare = Files.createLink(dir.resolve(".spare"), name);
        Path fifo = dir.resolve(".fifo");
        Assumptions.assumeTrue(Isolation.runs(List.of(), "mkfifo", fifo.toString()), "mkfifo failed");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        Thread racer = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                try {
                    Files.move(fifo, name, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(name, fifo, StandardCopyOption.ATOMIC_MOVE);
                    Files.createLink(name, spare);
                    swaps.incrementAndGet();
                } catch (FileAlreadyExistsException | NoSuchFileException e) {
                    // Lost a step to nobody: go round again.
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        int[] seen = new int[2];
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < end) {
                    try {
                        seen[Segments.info("s", dir).dtype() == DType.INT64 ? 0 : 1]++;
                    } catch (SegmentException e) {
                        seen[1]++; // missing, or a FIFO: refused, not waited on
                    }
                    Segments.list(dir);
                    Segments.gc(dir, true);
                    try (SharedArray a = SharedArray.open("s", opts().readOnly(true))) {
                        assertEquals(5, a.asLongs().get(0));
                    } catch (SegmentException | NpyFormatException e) {
                        // Refused: fine. Waiting forever on a FIFO is what must never happen.
                    }
                }
            }, "list/info/gc/open blocked on a FIFO");
        } finally {
            stop.set(true);
            racer.join(10_000);
            // If a broken build left a reader blocked in open(2) on the FIFO, a writer releases it.
            for (Path p : List.of(fifo, name)) {
                Posix.close(Posix.open(p, 1 /* O_WRONLY */ | Posix.O_NONBLOCK));
            }
        }
        assertTrue(swaps.get() > 10 && seen[0] > 0 && seen[1] > 0,
                () -> "the race never happened: " + swaps + " swaps, " + seen[0] + " reads, " + seen[1] + " refusals");
    }

    @Test
    void listAndInfoSayWhatANonRegularFileIsWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe");
        Assumptions.assumeTrue(Isolation.runs(List.of(), "mkfifo", fifo.toString()), "mkfifo failed");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            SegmentException e = assertThrows(SegmentException.class, () -> Segments.info("pipe", dir));
            assertTrue(e.getMessage().contains("not a regular file (it is a FIFO)"), e.getMessage());
            assertThrows(SegmentException.class, () -> SharedArray.open("pipe", opts().readOnly(true)));
            assertEquals(List.of(), Segments.list(dir));
        });
    }

    // ---- item 7: files of another user ---------------------------------------------------------------------

    private static UserPrincipal nobody(Path p) throws IOException {
        return p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    @Test
    void aSegmentPlantedByAnotherUserIsRefusedUnlessTheCallerOptsIn() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown to another user needs root");
        Path p;
        try (SharedArray a = SharedArray.create("planted", DType.FLOAT64, Shape.of(4),
                opts().lifetime(Lifetime.PERSISTENT))) {
            a.asDoubles().fill(6.0);
            p = a.path();
        }
        Files.setOwner(p, nobody(p));
        SegmentException e = assertThrows(SegmentException.class, () -> SharedArray.open("planted", opts()));
        assertTrue(e.getMessage().contains("owned by nobody (uid 65534), not by this user (uid 0)")
                && e.getMessage().contains("allowForeignOwner"), e.getMessage());
        try (SharedArray a = SharedArray.open("planted", opts().allowForeignOwner(true))) {
            assertEquals(24.0, a.asDoubles().get(0) * 4);
        }
        SegmentInfo info = Segments.info("planted", dir);
        assertEquals("nobody", info.owner());
        assertEquals(65534, info.ownerUid());
        assertFalse(info.ownedByCaller());
        SegmentExistsException taken = assertThrows(SegmentExistsException.class,
                () -> SharedArray.create("planted", DType.INT8, Shape.of(1), opts()));
        assertTrue(taken.getMessage().contains("owned by nobody, uid 65534"), taken.getMessage());
    }

    @Test
    void listAsAnotherUserShowsTheSegmentsItMayNotRead() throws Exception {
        List<String> nobody = Isolation.asNobody();
        Path shared = Isolation.sharedDirectory(work, "shared");
        try (SharedArray a = SharedArray.create("roots", DType.INT32, Shape.of(4),
                SegmentOptions.defaults().directory(shared).lifetime(Lifetime.PERSISTENT))) {
            assertEquals(0, a.asInts().get(0));
        }
        try (Child c = Child.start(work, nobody, Isolation.worldReadableClassPath(), "create", shared.toString(),
                "theirs", "PERSISTENT", "4")) {
            c.expect("ready");
            c.closeStdin();
            assertEquals(0, c.waitExit());
        }
        try (Child c = Child.start(work, nobody, Isolation.worldReadableClassPath(), "list", shared.toString())) {
            assertEquals(List.of("roots UNREADABLE root", "theirs PANAMAX nobody"), c.until("done"));
        }
        try (Child c = Child.start(work, nobody, Isolation.worldReadableClassPath(), "open", shared.toString(),
                "roots")) {
            String line = c.expect("caught");
            assertTrue(line.contains("AccessDeniedException") && line.contains("Permission denied"), line);
        }
        List<SegmentInfo> asRoot = Segments.list(shared);
        assertEquals(List.of("root", "nobody"), asRoot.stream().map(SegmentInfo::owner).toList());
    }
}
