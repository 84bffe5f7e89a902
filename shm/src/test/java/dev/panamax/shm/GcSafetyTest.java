package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gc} never removes a live segment: creators in other pid namespaces, clock steps, mappings by any process,
 * names swapped between the check and the removal, and files it cannot remove (issue 10, items 1, 5, 6).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GcSafetyTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private static List<String> names(List<SegmentInfo> infos) {
        return infos.stream().map(SegmentInfo::name).sorted().toList();
    }

    private static void attr(Path p, String key, String value) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        if (value == null) {
            v.delete(key);
        } else {
            v.write(key, StandardCharsets.UTF_8.encode(value));
        }
    }

    /** A closed segment this JVM made, labelled {@code PROCESS}: nothing maps or locks it. */
    private Path unheldProcessSegment(String name) throws IOException {
        Path p;
        try (SharedArray a = SharedArray.create(name, DType.INT32, Shape.of(4),
                SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT))) {
            p = a.path();
        }
        attr(p, "panamax.lifetime", "process");
        return p;
    }

    /** Like {@link #unheldProcessSegment}, with a creator whose pid was reused: certainly dead. */
    private Path deadSegment(String name) throws IOException {
        Path p = unheldProcessSegment(name);
        attr(p, "panamax.ticks", Long.toString(Creator.SELF.startTicks() + 1));
        assertEquals(SegmentInfo.Liveness.DEAD, Segments.info(name, dir).creatorLiveness());
        return p;
    }

    // ---- item 1: liveness beyond pid + start instant -------------------------------------------------------

    @Test
    void aCreatorInAnotherPidNamespaceIsNeverCollectedAliveOrDead() throws Exception {
        List<String> unshare = Isolation.newPidNamespace();
        try (Child c = Child.start(work, unshare, cp -> cp, "create", dir.toString(), "boxed", "PROCESS", "16")) {
            c.expect("ready");
            SegmentInfo info = Segments.info("boxed", dir);
            // Its pid (1 inside its namespace) names another process here: the old check called it dead.
            assertEquals(SegmentInfo.Liveness.UNKNOWN, info.creatorLiveness(), info::toString);
            assertEquals(List.of(), Segments.gc(dir, true).removed());
            assertEquals(List.of(), Segments.gc(dir, false).removed());
            assertTrue(Files.exists(dir.resolve("boxed")));
            c.kill9();
        }
        // Dead now, but nothing here can tell: the segment stays until a gc in its namespace or an unlink.
        assertEquals(SegmentInfo.Liveness.UNKNOWN, Segments.info("boxed", dir).creatorLiveness());
        assertEquals(List.of(), Segments.gc(dir, false).removed());
        assertTrue(Files.exists(dir.resolve("boxed")));
    }

    @Test
    void aClockStepDoesNotMakeALiveCreatorLookDead() throws IOException {
        Path p = unheldProcessSegment("stepped");
        // The instant a creator's start is computed from moves with the wall clock (boot time = now - uptime):
        // a creator that recorded its start an hour before a clock step no longer matches it afterwards.
        attr(p, "panamax.start", Creator.SELF.start().plusSeconds(3600).toString());
        assertEquals(SegmentInfo.Liveness.ALIVE, Segments.info("stepped", dir).creatorLiveness());
        assertEquals(List.of(), Segments.gc(dir, true).removed());
        assertEquals(List.of(), Segments.gc(dir, false).removed());
        assertTrue(Files.exists(p));
    }

    @Test
    void anotherPidNamespaceRecordedMeansCannotTell() throws IOException {
        Path p = unheldProcessSegment("elsewhere");
        attr(p, "panamax.pidns", Long.toString(Creator.SELF.pidNamespace() + 1));
        attr(p, "panamax.pid", "4194303"); // no such pid here
        assertEquals(SegmentInfo.Liveness.UNKNOWN, Segments.info("elsewhere", dir).creatorLiveness());
        assertEquals(List.of(), Segments.gc(dir, false).removed());
        assertTrue(Files.exists(p));
    }

    @Test
    void anotherBootIdMeansDeadOnThisHostAndCannotTellFromAnother() throws IOException {
        Path rebooted = unheldProcessSegment("rebooted");
        attr(rebooted, "panamax.boot", UUID.randomUUID().toString());
        Path remote = unheldProcessSegment("remote");
        attr(remote, "panamax.boot", UUID.randomUUID().toString());
        attr(remote, "panamax.host", "another-machine");
        assertEquals(SegmentInfo.Liveness.DEAD, Segments.info("rebooted", dir).creatorLiveness());
        assertEquals(SegmentInfo.Liveness.UNKNOWN, Segments.info("remote", dir).creatorLiveness());
        assertEquals(List.of("rebooted"), names(Segments.gc(dir, false).removed()));
        assertTrue(Files.exists(remote));
    }

    @Test
    void segmentsOfEarlierVersionsAreNeverCollected() throws IOException {
        Path p = unheldProcessSegment("legacy");
        for (String k : List.of("panamax.ticks", "panamax.pidns", "panamax.boot", "panamax.host")) {
            attr(p, k, null);
        }
        attr(p, "panamax.pid", "4194303");
        assertEquals(SegmentInfo.Liveness.UNKNOWN, Segments.info("legacy", dir).creatorLiveness());
        assertEquals(List.of(), Segments.gc(dir, false).removed());
        assertTrue(Files.exists(p));
    }

    @Test
    void aSegmentThatAnyProcessMapsIsNeverCollectedEvenIfItsCreatorIsDead() throws Exception {
        Path p = deadSegment("mapped");
        try (SharedArray _ = SharedArray.open("mapped", SegmentOptions.defaults().directory(dir))) {
            assertEquals(List.of(), Segments.gc(dir, false).removed(), "mapped by this JVM");
        }
        try (Child c = Child.start(work, "hold", dir.toString(), "mapped")) {
            c.expect("attached");
            assertEquals(List.of(), Segments.gc(dir, false).removed(), "mapped by a child JVM");
        }
        Process py = mapWithPython(p);
        try {
            assertEquals(List.of(), Segments.gc(dir, false).removed(), "mapped by Python's mmap, which takes no lock");
        } finally {
            py.destroyForcibly();
            py.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("mapped"), names(Segments.gc(dir, false).removed()));
        assertFalse(Files.exists(p));
    }

    /** A mapper whose /proc/pid/maps gc cannot read (another user's): only the shared lock protects it. */
    @Test
    void theMappersLockProtectsASegmentFromAGcThatCannotSeeTheMapper() throws Exception {
        List<String> nobody = Isolation.asNobody();
        Path shared = Isolation.sharedDirectory(work, "shared");
        Path p;
        try (SharedArray a = SharedArray.create("theirs", DType.INT32, Shape.of(4),
                SegmentOptions.defaults().directory(shared).lifetime(Lifetime.PERSISTENT))) {
            p = a.path();
        }
        attr(p, "panamax.lifetime", "process");
        attr(p, "panamax.ticks", Long.toString(Creator.SELF.startTicks() + 1));
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        SegmentOptions foreign = SegmentOptions.defaults().directory(shared).allowForeignOwner(true);
        try (SharedArray _ = SharedArray.open("theirs", foreign)) {
            try (Child gc = Child.start(work, nobody, Isolation.worldReadableClassPath(), "gc", shared.toString(),
                    "false")) {
                assertEquals(List.of(), gc.until("done"), "nobody's gc cannot read root's maps; the lock says no");
            }
            assertTrue(Files.exists(p));
        }
        try (Child gc = Child.start(work, nobody, Isolation.worldReadableClassPath(), "gc", shared.toString(),
                "false")) {
            assertEquals(List.of("removed theirs"), gc.until("done"));
        }
        assertFalse(Files.exists(p));
    }

    private static Process mapWithPython(Path p) throws IOException {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3 to map the file without Panamax");
        Process py = new ProcessBuilder(python.toString(), "-c", "import mmap, sys\n"
                + "f = open(sys.argv[1], 'rb')\n"
                + "m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)\n"
                + "f.close()\n"
                + "print('mapped', flush=True)\n"
                + "sys.stdin.read()\n", p.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("mapped", line);
        return py;
    }

    @Test
    @SuppressWarnings("try") // another thread closes the segment mid-test on purpose
    void anOpenThatRacesGcWaitsForItAndThenSeesTheNameGone() throws Exception {
        Path p = deadSegment("raced");
        try (SegmentFile gcSide = SegmentFile.open("raced", p)) {
            assertTrue(gcSide.tryLock(true), "gc's exclusive lock");
            Thread remover = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(300);
                    Files.delete(p);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    gcSide.close();
                }
            });
            NoSuchSegmentException e = assertThrows(NoSuchSegmentException.class,
                    () -> SharedArray.open("raced", SegmentOptions.defaults().directory(dir)));
            assertTrue(e.getMessage().contains("unlinked while opening"), e.getMessage());
            remover.join();
        }
    }

    // ---- item 5: remove only the file that was checked -----------------------------------------------------

    @Test
    void removalLeavesAFileThatTookTheNameAfterTheCheck() throws IOException {
        Path checked = deadSegment("victim");
        Path other;
        try (SharedArray keep = SharedArray.create("keeper", DType.INT64, Shape.of(3),
                SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT))) {
            keep.asLongs().set(2, 99);
            other = keep.path();
        }
        try (SegmentFile f = SegmentFile.open("victim", checked)) {
            // Between gc's check and its removal, a persistent segment is renamed over the dead one.
            Files.move(other, checked, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertFalse(Collector.removeChecked(dir, f, checked, "victim"), "not removed: it is another file now");
        }
        try (SharedArray back = SharedArray.open("victim", SegmentOptions.defaults().directory(dir))) {
            assertEquals(99, back.asLongs().get(2), "the persistent segment is intact under the name");
        }
        assertEquals(List.of("victim"), filesIn(dir), "nothing left under a private name");
    }

    @Test
    void aPersistentSegmentRenamedOverADeadOneWhileGcRunsIsNeverDeleted() throws Exception {
        for (int trial = 0; trial < 40; trial++) {
            Path dead = deadSegment("d" + trial);
            Path keeper;
            try (SharedArray k = SharedArray.create("k" + trial, DType.INT64, Shape.of(1),
                    SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT))) {
                k.asLongs().set(0, trial);
                keeper = k.path();
            }
            Posix.Stat keeperId = Posix.lstat(keeper);
            Thread racer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(0, (int) (Math.random() * 500_000));
                    Files.move(keeper, dead, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Segments.gc(dir, false);
            racer.join();
            Posix.Stat now = Posix.lstat(dead);
            assertTrue(now.sameFile(keeperId), "trial " + trial + ": the persistent segment was deleted");
            Files.delete(dead);
        }
        assertEquals(List.of(), filesIn(dir));
    }

    // ---- item 6: go on past a file that cannot be removed --------------------------------------------------

    @Test
    void gcGoesOnPastAFileItCannotRemoveReportsItAndLeavesOtherUsersFilesAloneUnlessAsked() throws Exception {
        List<String> nobody = Isolation.asNobody();
        Path shared = Isolation.sharedDirectory(work, "shared");
        // Root's dead temporary file in a sticky directory: nobody may not remove it.
        Path rootTemp = shared.resolve(Names.TEMP_PREFIX + "x-4194303-1a");
        Files.write(rootTemp, new byte[10]);
        Files.setLastModifiedTime(rootTemp, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(Collector.TEMP_GRACE_SECONDS + 60)));
        // Nobody's own orphans, left by a killed nobody process.
        try (Child c = Child.start(work, nobody, Isolation.worldReadableClassPath(), "create", shared.toString(),
                "a-orphan", "PROCESS", "16");
             Child d = Child.start(work, nobody, Isolation.worldReadableClassPath(), "create", shared.toString(),
                     "z-orphan", "PROCESS", "16")) {
            c.expect("ready");
            d.expect("ready");
            c.kill9();
            d.kill9();
        }
        try (Child gc = Child.start(work, nobody, Isolation.worldReadableClassPath(), "gc", shared.toString(),
                "false")) {
            assertEquals(List.of("removed a-orphan", "removed z-orphan"), gc.until("done"),
                    "root's file is not nobody's business by default: neither removed nor reported");
        }
        assertTrue(Files.exists(rootTemp));
        try (Child c = Child.start(work, nobody, Isolation.worldReadableClassPath(), "create", shared.toString(),
                "m-orphan", "PROCESS", "16")) {
            c.expect("ready");
            c.kill9();
        }
        try (Child gc = Child.start(work, nobody, Isolation.worldReadableClassPath(), "gc", shared.toString(),
                "true")) {
            List<String> lines = gc.until("done");
            assertEquals(2, lines.size(), lines::toString);
            assertEquals("removed m-orphan", lines.getFirst(), "the failure did not stop gc");
            assertTrue(lines.get(1).startsWith("failed " + rootTemp.getFileName() + ": ")
                    && lines.get(1).contains("Operation not permitted"), lines::toString);
        }
        assertTrue(Files.exists(rootTemp));
        assertEquals(List.of(rootTemp.getFileName().toString()), filesIn(shared));
    }

    private static List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }
}
