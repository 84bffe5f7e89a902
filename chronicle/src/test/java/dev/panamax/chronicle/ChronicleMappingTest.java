package dev.panamax.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.core.internal.JvmCommand;
import dev.panamax.core.Shape;
import dev.panamax.shm.Backend;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.shm.internal.ChronicleFlags;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Chronicle backend can get wrong: its JDK 25 flags (this JVM has them from shm/pom.xml; one child
 * JVM is started without them), giving its mappings back, and a file truncated under it.
 */
class ChronicleMappingTest {
    @TempDir
    Path dir;

    /** Mappings of the file's inode: the creator mapped it under its temporary name, since removed. */
    private static long mappingsOf(Path file, long inode) throws IOException {
        String dev = " " + inode + " ";
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains(dev) && l.contains(file.getParent().toString())).count();
        }
    }

    @Test
    void closeUnmapsAtOnce() throws IOException {
        SegmentOptions o = SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT)
                .backend(Backend.CHRONICLE);
        SharedArray a = SharedArray.create("unmap", DType.FLOAT32, Shape.of(300_000), o);
        SharedArray b = SharedArray.open("unmap", o.readOnly(true));
        long inode = (Long) Files.getAttribute(a.path(), "unix:ino");
        assertEquals(2, mappingsOf(a.path(), inode));
        a.close();
        assertEquals(1, mappingsOf(b.path(), inode));
        b.close();
        assertEquals(0, mappingsOf(b.path(), inode), "Chronicle's mapping is released synchronously on close");
    }

    @Test
    void withoutChronicleFlagsTheBackendFailsWithAMessageNamingThemAndLeavesNoFile() throws Exception {
        // JvmCommand.current() gives Panamax's flags only, not Chronicle's.
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx64m")
                .mainClass(NoFlagsCreator.class, dir.toString()).build();
        assertTrue(cmd.stream().noneMatch(a -> a.contains("sun.nio.ch")), cmd.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, p.exitValue(), out);
            assertTrue(out.contains("java.lang.IllegalStateException: Backend.CHRONICLE"), out);
            assertTrue(out.contains(ChronicleFlags.ADD_OPENS), out);
            assertTrue(out.contains(ChronicleFlags.ADD_EXPORTS), out);
        } finally {
            p.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "a refused create leaves no file behind");
        }
    }

    @Test
    void withoutChronicleBytesOnTheClassPathTheBackendNamesItAndLeavesNoFile() throws Exception {
        // As a user who excluded net.openhft:chronicle-bytes: this module is there, its library is not.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("openhft")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = JvmCommand.current().classPath(classPath).jvmArgs(Backend.CHRONICLE_JVM_FLAGS)
                .jvmArg("-Xmx64m").mainClass(NoFlagsCreator.class, dir.toString()).build();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, p.exitValue(), out);
            assertTrue(out.contains("java.lang.IllegalStateException: Backend.CHRONICLE needs "
                    + "net.openhft:chronicle-bytes"), out);
        } finally {
            p.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "a refused create leaves no file behind");
        }
    }

    @Test
    void everyChronicleFlagIsPassedOnToChildJvms() {
        // This JVM runs with the list (the build's argument file); a worker or child started from it keeps it.
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(mine.containsAll(Backend.CHRONICLE_JVM_FLAGS), mine.toString());
        assertTrue(JvmCommand.inheritableFlags().containsAll(Backend.CHRONICLE_JVM_FLAGS),
                JvmCommand.inheritableFlags().toString());
    }

    /**
     * A segment truncated by another process under a Chronicle mapping: the read faults (SIGBUS) and HotSpot turns
     * it into an InternalError in the reading thread, as with the FFM backend; the JVM goes on.
     */
    @Test
    void aSegmentTruncatedUnderAChronicleMappingRaisesInternalErrorNotACrash() throws Exception {
        SegmentOptions o = SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT);
        try (SharedArray a = SharedArray.create("shrinks", DType.INT64, Shape.of(1 << 18), o)) {
            Process p = new ProcessBuilder(JvmCommand.current().jvmArgs(JvmCommand.inheritableFlags())
                    .jvmArg("-Xmx64m").jvmArg("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"))
                    .mainClass(TruncatedReader.class, dir.toString(), "shrinks").build()).start();
            // Lines are read on another thread with a time limit: a hung child fails the test, and killing it in
            // finally closes its pipes, which ends the read (closing the reader here could wait on that read).
            ExecutorService io = Executors.newSingleThreadExecutor();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            try {
                assertEquals("mapped", io.submit(out::readLine).get(60, TimeUnit.SECONDS));
                try (FileChannel ch = FileChannel.open(a.path(), StandardOpenOption.WRITE)) {
                    ch.truncate(4096);
                }
                in.write("go\n");
                in.flush();
                String outcome = io.submit(out::readLine).get(60, TimeUnit.SECONDS);
                assertTrue(outcome != null && outcome.startsWith("caught java.lang.InternalError"), outcome);
                assertEquals("alive", io.submit(out::readLine).get(60, TimeUnit.SECONDS));
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
                io.shutdownNow();
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
    }

    /** Child JVM: maps a segment through Chronicle, waits for a line, reads the last element, reports. */
    static final class TruncatedReader {
        private TruncatedReader() {
        }

        public static void main(String[] args) throws IOException {
            SegmentOptions o = SegmentOptions.defaults().directory(Path.of(args[0])).backend(Backend.CHRONICLE);
            SharedArray a = SharedArray.open(args[1], o);
            System.out.println("mapped");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            try {
                System.out.println("value " + a.asLongs().get(a.length() - 1));
            } catch (Throwable t) {
                System.out.println("caught " + t.getClass().getName() + ": " + t.getMessage());
            }
            a.close();
            System.out.println("alive");
            System.out.flush();
        }
    }

    /** Child JVM without Chronicle's flags: tries a Chronicle-backed create and reports what it got. */
    static final class NoFlagsCreator {
        private NoFlagsCreator() {
        }

        public static void main(String[] args) {
            SegmentOptions o = SegmentOptions.defaults().directory(Path.of(args[0])).backend(Backend.CHRONICLE);
            try (SharedArray a = SharedArray.create("noflags", DType.FLOAT64, Shape.of(16), o)) {
                System.out.println("created " + a);
                System.exit(0);
            } catch (Throwable t) {
                System.out.println(t);
                System.exit(3);
            }
        }
    }
}
