package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full, read-only and attribute-less file systems. Mounting needs root (the CI container is root); where mounting
 * is impossible the tests fall back to what an unprivileged user can do, or skip with the reason.
 */
class FileSystemFaultTest {
    @TempDir
    Path base;

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private static List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFullFileSystemFailsAtCreateWithNeedAndFreeAndLeavesNoTemporaryFile() throws Exception {
        Path mnt = Files.createDirectory(base.resolve("small"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString());
        try {
            SegmentOptions o = SegmentOptions.defaults().directory(mnt).lifetime(Lifetime.PERSISTENT);
            long elements;
            if (mounted) {
                elements = 200_000; // 1.6 MB of float64 on a 1 MiB tmpfs
            } else {
                // Unprivileged: ask for more than the file system holds in all, which fails before allocating.
                elements = Files.getFileStore(mnt).getTotalSpace() / 8 + 1024;
            }
            InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
                    () -> SharedArray.create("big", DType.FLOAT64, Shape.of(elements), o));
            long need = 4096 + elements * 8;
            assertTrue(e.getMessage().contains("need " + need + " bytes") && e.getMessage().contains(" free")
                    && e.getMessage().contains("'big'"), e.getMessage());
            assertEquals(List.of(), filesIn(mnt), "no temporary file is left");
            if (mounted) {
                try (SharedArray fits = SharedArray.create("fits", DType.FLOAT64, Shape.of(60_000), o)) {
                    fits.asDoubles().fill(1.0);
                    InsufficientSpaceException again = assertThrows(InsufficientSpaceException.class,
                            () -> SharedArray.create("second", DType.FLOAT64, Shape.of(70_000), o));
                    assertTrue(again.getMessage().contains("need 564096 bytes"), again.getMessage());
                    assertEquals(List.of("fits"), filesIn(mnt));
                    assertEquals(60_000.0, fits.asDoubles().get(59_999) * 60_000);
                }
            }
        } finally {
            if (mounted) {
                run("umount", mnt.toString());
            }
        }
    }

    /**
     * posix_fallocate takes free blocks until it fails: on a disk that means every other process on it sees a full
     * file system meanwhile. Create compares with the free space (statvfs) first and never creates the temporary
     * file. inotify (the JDK's WatchService on Linux) sees any file that appears, however briefly.
     */
    @Test
    void aSegmentLargerThanTheFreeSpaceIsRefusedBeforeAnyFileIsCreated() throws Exception {
        Path mnt = Files.createDirectory(base.resolve("watched"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()),
                "cannot mount a small tmpfs (not root)");
        try (java.nio.file.WatchService watch = mnt.getFileSystem().newWatchService()) {
            Files.write(mnt.resolve("ballast"), new byte[600 * 1024]);
            mnt.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            // 800 KiB: less than the file system's size (so tmpfs would start allocating), more than is free.
            InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
                    () -> SharedArray.create("big", DType.INT8, Shape.of(800 * 1024),
                            SegmentOptions.defaults().directory(mnt).lifetime(Lifetime.PERSISTENT)));
            java.nio.file.WatchKey key = watch.poll(500, TimeUnit.MILLISECONDS);
            List<String> created = key == null ? List.of()
                    : key.pollEvents().stream().map(ev -> String.valueOf(ev.context())).toList();
            assertEquals(List.of(), created, "a file was created before the space check");
            long free = Files.getFileStore(mnt).getUsableSpace();
            assertTrue(e.getMessage().contains("need " + (4096 + 800 * 1024) + " bytes, " + free + " free")
                    && e.getMessage().contains("nothing was allocated"), e.getMessage());
            assertEquals(List.of("ballast"), filesIn(mnt));
        } finally {
            run("umount", mnt.toString());
        }
    }

    /**
     * With {@code reserve(false)} a full tmpfs surfaces only when a page is first touched: the kernel sends SIGBUS,
     * which HotSpot turns into an InternalError in the touching thread. The JVM survives; the data is incomplete.
     * This is why reserve is the default.
     */
    @Test
    void aLazySegmentOnAFullFileSystemFailsAtFirstTouchWithInternalErrorNotACrash(@TempDir Path work) throws Exception {
        Path mnt = Files.createDirectory(base.resolve("lazy"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()),
                "cannot mount a small tmpfs (not root)");
        try {
            SegmentOptions o = SegmentOptions.defaults().directory(mnt).lifetime(Lifetime.PERSISTENT).reserve(false);
            try (SharedArray sparse = SharedArray.create("sparse", DType.INT64, Shape.of(512 * 1024), o);
                 Child c = Child.start(work, "touch-all", mnt.toString(), "sparse")) {
                assertEquals(4096 + 4L * 1024 * 1024, Files.size(sparse.path()), "a 4 MiB sparse file on 1 MiB");
                String outcome = c.expect("");
                assertTrue(outcome.startsWith("caught java.lang.InternalError"), outcome);
                assertEquals("alive", c.expect("alive"));
                assertEquals(0, c.waitExit());
            }
            try (Stream<Path> s = Files.list(work)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
            }
        } finally {
            run("umount", mnt.toString());
        }
    }

    @Test
    void aDirectoryWithoutWritePermissionRefusesCreateAndLeavesNothing() throws Exception {
        Path d = Files.createDirectory(base.resolve("locked"));
        try (SharedArray seg = SharedArray.create("present", DType.INT32, Shape.of(8),
                SegmentOptions.defaults().directory(d).lifetime(Lifetime.PERSISTENT))) {
            seg.asInts().set(0, 5);
        }
        boolean boundReadOnly = false;
        if (isRoot()) {
            // Root ignores mode bits; a read-only bind mount is what denies root a write.
            boundReadOnly = run("mount", "--bind", d.toString(), d.toString());
            if (boundReadOnly && !run("mount", "-o", "remount,bind,ro", d.toString())) {
                run("umount", d.toString());
                boundReadOnly = false;
            }
            Assumptions.assumeTrue(boundReadOnly, "root, and a read-only bind mount is not possible here");
        } else {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-x------"));
        }
        try {
            SegmentOptions o = SegmentOptions.defaults().directory(d).lifetime(Lifetime.PERSISTENT);
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> SharedArray.create("denied", DType.INT32, Shape.of(8), o));
            assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
            if (!boundReadOnly) {
                assertTrue(e instanceof AccessDeniedException, e.toString());
                assertTrue(e.getMessage().contains("'denied'"), e.getMessage());
            }
            assertEquals(List.of("present"), filesIn(d), "nothing is left behind");
            try (SharedArray r = SharedArray.open("present", o.readOnly(true))) {
                assertEquals(5, r.asInts().get(0), "read-only open still works");
            }
            if (boundReadOnly) {
                assertThrows(FileSystemException.class, () -> SharedArray.open("present", o));
                assertThrows(FileSystemException.class, () -> SharedArray.unlink("present", d));
            }
        } finally {
            if (boundReadOnly) {
                run("umount", d.toString());
            } else {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @Test
    void aFileSystemWithoutUserAttributesStillWorksWithUnknownLifetimeThatGcNeverTouches() throws Exception {
        Path mnt = Files.createDirectory(base.resolve("ramfs"));
        // ramfs has no user.* extended attributes.
        Assumptions.assumeTrue(run("mount", "-t", "ramfs", "ramfs", mnt.toString()), "cannot mount ramfs (not root)");
        try {
            SegmentOptions o = SegmentOptions.defaults().directory(mnt);
            try (SharedArray a = SharedArray.create("plain", DType.FLOAT32, Shape.of(100), o)) {
                a.asFloats().set(3, 1.5f);
                SegmentInfo info = Segments.info("plain", mnt);
                assertEquals(Lifetime.UNKNOWN, info.lifetime());
                assertEquals(SegmentInfo.Format.NPY, info.format());
                assertEquals(-1, info.creatorPid());
                assertEquals(List.of(), Segments.gc(mnt, false).removed());
                try (SharedArray b = SharedArray.open("plain", o)) {
                    assertEquals(1.5f, b.asFloats().get(3));
                }
                a.unlink();
            }
            assertEquals(List.of(), filesIn(mnt));
        } finally {
            run("umount", mnt.toString());
        }
    }
}
