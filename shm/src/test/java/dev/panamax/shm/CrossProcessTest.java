package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Npy;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real child JVMs ({@link ShmChild}) attached to real segment files. */
class CrossProcessTest {
    @TempDir
    Path dir;
    @TempDir
    Path work;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT);
    }

    private static List<String> names(List<SegmentInfo> infos) {
        return infos.stream().map(SegmentInfo::name).sorted().toList();
    }

    @Test
    void processSegmentsAreUnlinkedWhenTheCreatorExitsNormallyAndPersistentOnesStay() throws Exception {
        try (Child p = Child.start(work, "create", dir.toString(), "proc", "PROCESS", "16");
             Child q = Child.start(work, "create", dir.toString(), "kept", "PERSISTENT", "16")) {
            p.expect("ready");
            q.expect("ready");
            SegmentInfo info = Segments.info("proc", dir);
            assertEquals(Lifetime.PROCESS, info.lifetime());
            assertEquals(p.pid(), info.creatorPid());
            assertTrue(info.creatorAlive());
            assertTrue(info.attachedPids().contains(p.pid()), info.toString());
            p.closeStdin();
            q.closeStdin();
            assertEquals(0, p.waitExit());
            assertEquals(0, q.waitExit());
        }
        assertFalse(Files.exists(dir.resolve("proc")), "the PROCESS segment is unlinked at normal exit");
        assertTrue(Files.exists(dir.resolve("kept")), "the PERSISTENT segment stays");
        try (SharedArray k = SharedArray.open("kept", opts())) {
            assertEquals(7, k.asLongs().get(0));
        }
    }

    @Test
    void gcAfterKill9RemovesOnlyTheDeadCreatorsProcessSegmentsAndTemporaryFiles() throws Exception {
        Path foreign = dir.resolve("foreign.npy");
        try (OffHeapArray f = OffHeapArray.copyOf(new double[] {1, 2, 3})) {
            Npy.write(foreign, f);
        }
        Files.writeString(dir.resolve("notes.txt"), "not a segment");
        long deadPid;
        try (SharedArray mine = SharedArray.create("mine", DType.INT32, Shape.of(4),
                SegmentOptions.defaults().directory(dir));
             Child c = Child.start(work, "create", dir.toString(), "orphan", "PROCESS", "1024");
             Child d = Child.start(work, "create", dir.toString(), "durable", "PERSISTENT", "16")) {
            c.expect("ready");
            d.expect("ready");
            deadPid = c.pid();
            // A create that died midway: its temporary name carries its pid.
            Path staleTemp = dir.resolve(Names.TEMP_PREFIX + "half-" + deadPid + "-1f2e3d");
            Files.write(staleTemp, new byte[100]);
            // It has no attributes to tell its creator by: only its age (and that nobody locks or maps it) does.
            Files.setLastModifiedTime(staleTemp, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minusSeconds(Collector.TEMP_GRACE_SECONDS + 60)));
            Path liveTemp = dir.resolve(Names.TEMP_PREFIX + "busy-" + ProcessHandle.current().pid() + "-abc");
            Files.write(liveTemp, new byte[100]);

            assertEquals(List.of(), Segments.gc(dir, false).removed(), "nothing to collect while creators live");
            List<SegmentInfo> listed = Segments.list(dir);
            assertEquals(List.of("durable", "foreign.npy", "mine", "orphan"), names(listed));
            SegmentInfo f = listed.stream().filter(s -> s.name().equals("foreign.npy")).findFirst().orElseThrow();
            assertEquals(SegmentInfo.Format.NPY, f.format());
            assertEquals(Lifetime.UNKNOWN, f.lifetime());
            assertEquals(Shape.of(3), f.shape());

            c.kill9();
            d.kill9();
            SegmentInfo orphan = Segments.info("orphan", dir);
            assertFalse(orphan.creatorAlive());
            assertEquals(deadPid, orphan.creatorPid());

            List<SegmentInfo> wouldRemove = Segments.gc(dir, true).removed();
            assertEquals(List.of(staleTemp.getFileName().toString(), "orphan"), names(wouldRemove));
            assertTrue(Files.exists(dir.resolve("orphan")) && Files.exists(staleTemp), "dry run removes nothing");

            List<SegmentInfo> removed = Segments.gc(dir, false).removed();
            assertEquals(names(wouldRemove), names(removed));
            SegmentInfo o = removed.stream().filter(s -> s.name().equals("orphan")).findFirst().orElseThrow();
            assertEquals(DType.INT64, o.dtype());
            assertEquals(Shape.of(1024), o.shape());
            assertFalse(Files.exists(dir.resolve("orphan")));
            assertFalse(Files.exists(staleTemp));
            assertTrue(Files.exists(liveTemp), "a temporary file of a live process stays");
            assertTrue(Files.exists(dir.resolve("durable")), "PERSISTENT stays even though its creator died");
            assertTrue(Files.exists(foreign), "foreign .npy files stay");
            assertTrue(Files.exists(dir.resolve("notes.txt")));
            assertTrue(Files.exists(mine.path()), "a live creator's PROCESS segment stays");
            assertEquals(List.of(), Segments.gc(dir, false).removed());
            mine.unlink();
        }
    }

    @Test
    void aCounterIncrementedFromTwoJvmsAMillionTimesEachEndsAtTwoMillion() throws Exception {
        try (SharedArray counter = SharedArray.create("counter", DType.INT64, Shape.of(1), opts());
             Child a = Child.start(work, "add", dir.toString(), "counter", "1000000");
             Child b = Child.start(work, "add", dir.toString(), "counter", "1000000")) {
            a.expect("done");
            b.expect("done");
            assertEquals(0, a.waitExit());
            assertEquals(0, b.waitExit());
            assertEquals(2_000_000L, counter.atomicLongs().getVolatile(0));
        }
    }

    @Test
    void severalJvmsAttachWriteAndCloseWhileTheCreatorUnlinks() throws Exception {
        int n = 4096;
        int children = 3;
        try (SharedArray a = SharedArray.create("busy", DType.INT64, Shape.of((long) children * n), opts())) {
            List<Child> cs = new ArrayList<>();
            try {
                for (int i = 0; i < children; i++) {
                    cs.add(Child.start(work, "attach-write", dir.toString(), "busy", Integer.toString(i),
                            Integer.toString(n)));
                }
                for (Child c : cs) {
                    c.expect("attached");
                }
                assertEquals(children, Segments.info("busy", dir).attachedPids().stream()
                        .filter(p -> cs.stream().anyMatch(c -> c.pid() == p)).count());
                a.unlink();
                assertFalse(Files.exists(a.path()));
                for (Child c : cs) {
                    c.send("go");
                }
                for (Child c : cs) {
                    c.expect("ok");
                    assertEquals(0, c.waitExit());
                }
            } finally {
                cs.forEach(Child::close);
            }
            for (int i = 0; i < children; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i + 1, a.asLongs().get((long) i * n + j));
                }
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing is left after unlink");
        }
    }

    @Test
    void theExitHookLeavesANameThatWasUnlinkedAndRecreatedByAnotherProcessAlone() throws Exception {
        try (Child p = Child.start(work, "create", dir.toString(), "reused", "PROCESS", "16")) {
            p.expect("ready");
            SharedArray.unlink("reused", dir);
            try (SharedArray mine = SharedArray.create("reused", DType.INT32, Shape.of(3), opts())) {
                p.closeStdin();
                assertEquals(0, p.waitExit());
                assertTrue(Files.exists(mine.path()), "the exiting creator did not unlink someone else's file");
                assertEquals(Shape.of(3), Segments.info("reused", dir).shape());
            }
        }
    }

    /** The case: another process runs {@code truncate -s 8192} on a segment a reader has mapped. */
    @Test
    void aReaderFindsATruncationByAnotherProcessWithOneCheckNamingBothSizes() throws Exception {
        try (SharedArray a = SharedArray.create("cut", DType.INT64, Shape.of(1 << 20), opts());
             Child c = Child.start(work, "check-after-truncate", dir.toString(), "cut")) {
            c.expect("mapped");
            Process truncate = new ProcessBuilder("truncate", "-s", "8192", a.path().toString()).start();
            assertTrue(truncate.waitFor(30, TimeUnit.SECONDS) && truncate.exitValue() == 0, "truncate -s failed");
            c.send("go");
            String outcome = c.expect("");
            assertTrue(outcome.startsWith("caught dev.panamax.shm.SegmentTruncatedException: segment 'cut' in " + dir
                    + " was truncated while mapped: its header and data need " + (4096 + 8L * (1 << 20))
                    + " bytes, the file now has 8192"), outcome);
            assertEquals("alive", c.expect("alive"));
            assertEquals(0, c.waitExit());
        }
    }

    /**
     * What HotSpot does when a mapped segment is truncated under it: the access raises SIGBUS, which HotSpot turns
     * into an InternalError in the accessing thread. The JVM survives and writes no hs_err file.
     */
    @Test
    void aSegmentTruncatedWhileMappedRaisesInternalErrorInTheReaderNotACrash() throws Exception {
        try (SharedArray a = SharedArray.create("shrinks", DType.INT64, Shape.of(1 << 20), opts());
             Child c = Child.start(work, "read-after-truncate", dir.toString(), "shrinks")) {
            c.expect("mapped");
            try (FileChannel ch = FileChannel.open(a.path(), StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            c.send("go");
            String outcome = c.expect("");
            assertTrue(outcome.startsWith("caught java.lang.InternalError"), outcome);
            assertEquals("alive", c.expect("alive"));
            assertEquals(0, c.waitExit());
        }
        try (Stream<Path> s = Files.list(work)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
    }
}
