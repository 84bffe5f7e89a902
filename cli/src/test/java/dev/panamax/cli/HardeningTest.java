package dev.panamax.cli;

import static dev.panamax.cli.CliRun.in;
import static dev.panamax.cli.CliRun.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.core.Npy;
import dev.panamax.core.Shape;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command under the hardening of issue 10: gc, foreign owners, escaping, bounds, unlink --force. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HardeningTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean run(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void attr(Path p, String key, String value) throws IOException {
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
                .write(key, StandardCharsets.UTF_8.encode(value));
    }

    /** Relabels a closed persistent segment as a PROCESS segment of this JVM's pid with another start: dead. */
    private static void makeDead(Path p) throws IOException {
        attr(p, "panamax.lifetime", "process");
        attr(p, "panamax.ticks", "1");
    }

    private static FileTime longAgo() {
        return FileTime.from(Instant.now().minusSeconds(3600));
    }

    // ---- item 6: gc goes on past per-file errors -----------------------------------------------------------

    @Test
    void gcGoesOnPastAFileItCannotRemoveListsWhatItRemovedAndExitsOne() throws Exception {
        Assumptions.assumeTrue(root(), "a bind mount (a file gc cannot rename: EBUSY) needs root");
        in(dir, "create", "a-dead", "--dtype", "int8", "--shape", "4").ok();
        in(dir, "create", "z-dead", "--dtype", "int8", "--shape", "4").ok();
        makeDead(dir.resolve("a-dead"));
        makeDead(dir.resolve("z-dead"));
        Path busy = dir.resolve(".panamax-tmp-busy-4194303-ab");
        Files.write(busy, new byte[8]);
        Path src = Files.write(work.resolve("src"), new byte[8]);
        Files.setLastModifiedTime(src, longAgo());
        Assumptions.assumeTrue(run("mount", "--bind", src.toString(), busy.toString()), "cannot bind-mount a file");
        try {
            CliRun.Result r = in(dir, "gc");
            assertEquals(1, r.status(), r::toString);
            List<String> out = r.out().lines().toList();
            assertEquals(2, out.size(), r::out);
            assertTrue(out.get(0).startsWith("removed a-dead (4 KiB") && out.get(1).startsWith("removed z-dead"),
                    r::out);
            assertEquals(1, r.errLines().size(), r::err);
            String err = r.errLines().getFirst();
            assertTrue(err.startsWith("panamax: gc could not remove 1 file in " + dir + ": " + busy.getFileName())
                    && err.contains("Device or resource busy")
                    && err.endsWith("the 2 listed on stdout were removed"), err);
            assertEquals(List.of(busy.getFileName().toString()), names(snapshot(dir)));

            CliRun.Result j = in(dir, "gc", "--json");
            assertEquals(1, j.status());
            Map<String, Object> m = j.json();
            assertEquals(List.of(), m.get("removed"));
            List<?> failed = (List<?>) m.get("failed");
            assertEquals(busy.getFileName().toString(), ((Map<?, ?>) failed.getFirst()).get("name"));
        } finally {
            run("umount", busy.toString());
        }
    }

    private static List<String> names(List<String> snapshot) {
        return snapshot.stream().map(s -> s.substring(0, s.indexOf(' '))).toList();
    }

    // ---- item 7: other users' segments ---------------------------------------------------------------------

    @Test
    void aSegmentOwnedByAnotherUserIsRefusedUnlessAllowForeignAndShowsItsOwner() throws Exception {
        Assumptions.assumeTrue(root(), "chown to another user needs root");
        in(dir, "create", "theirs", "--dtype", "int32", "--shape", "5", "--fill", "range").ok();
        Path p = dir.resolve("theirs");
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        String err = in(dir, "compute", "sum", "theirs").fails(1).err();
        assertTrue(err.contains("is owned by nobody (uid 65534), not by this user (uid 0)")
                && err.contains("--allow-foreign"), err);
        assertEquals(10L, in(dir, "--allow-foreign", "compute", "sum", "theirs", "--json").ok().json().get("result"));

        assertTrue(in(dir, "info", "theirs").ok().out().contains("owner:     nobody (uid 65534, another user)"));
        String table = in(dir, "list").ok().out();
        assertTrue(table.lines().findFirst().orElseThrow().contains("OWNER") && table.contains(" nobody "), table);
        Map<?, ?> listed = (Map<?, ?>) ((List<?>) MiniJson.parse(in(dir, "list", "--json").ok().out().strip())).getFirst();
        assertEquals("nobody", listed.get("owner"));
        assertEquals(65534L, listed.get("owner_uid"));

        makeDead(p);
        assertTrue(in(dir, "gc").ok().out().startsWith("nothing to collect"), "another user's file: not ours");
        assertTrue(in(dir, "gc", "--allow-foreign").ok().out().startsWith("removed theirs"));
    }

    @Test
    void aFileTheCallerMayNotReadIsListedAsPermissionDenied() {
        SegmentInfo unreadable = new SegmentInfo("secret", dir.resolve("secret"), SegmentInfo.Format.UNREADABLE, null,
                null, 4200, Lifetime.UNKNOWN, -1, SegmentInfo.Liveness.UNKNOWN, List.of(), Instant.EPOCH, 0, "root");
        List<String> lines = Segs.table(List.of(unreadable)).lines();
        assertTrue(lines.get(1).startsWith("secret") && lines.get(1).contains("root")
                && lines.get(1).endsWith("permission denied"), lines::toString);
        assertEquals("unreadable", Segs.json(unreadable).get("format"));
    }

    // ---- item 8: nothing non-printable reaches the terminal -------------------------------------------------

    @Test
    void namesAndHeaderBytesAreEscapedInTextOutputAndErrors() throws Exception {
        byte[] npy = Npy.encodeHeader(DType.INT8, Shape.of(2));
        Files.write(dir.resolve("evil\n\u001b[31mred.npy"), java.util.Arrays.copyOf(npy, npy.length + 2));
        String table = in(dir, "list").ok().out();
        assertEquals(2, table.lines().count(), "a newline in a name forged a row: " + table);
        assertTrue(table.contains("evil\\n\\x1b[31mred.npy") && table.indexOf('\u001b') < 0, table);
        Map<?, ?> json = (Map<?, ?>) ((List<?>) MiniJson.parse(in(dir, "list", "--json").ok().out().strip())).getFirst();
        assertEquals("evil\n\u001b[31mred.npy", json.get("name"), "JSON keeps the exact name, escaped the JSON way");

        String dict = "{'descr': '<f8\u0000\u001b[2J', 'fortran_order': False, 'shape': (1,), }";
        byte[] file = new byte[10 + 128 + 8];
        System.arraycopy("\u0093NUMPY\u0001\u0000\u0080\u0000".getBytes(StandardCharsets.ISO_8859_1), 0, file, 0, 10);
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, file, 10, text.length);
        java.util.Arrays.fill(file, 10 + text.length, 10 + 127, (byte) ' ');
        file[10 + 127] = '\n';
        Files.write(dir.resolve("bad"), file);
        for (String[] args : new String[][] {{"info", "bad"}, {"info", "bad", "--verbose"}}) {
            CliRun.Result r = in(dir, args);
            assertEquals(1, r.status());
            assertTrue(r.err().contains("<f8\\x00\\x1b[2J") && r.err().indexOf('\u0000') < 0
                    && r.err().indexOf('\u001b') < 0, r::err);
        }

        Path temp = dir.resolve(".panamax-tmp-\u001b]0;owned\u0007-4194303-ab");
        Files.write(temp, new byte[4]);
        Files.setLastModifiedTime(temp, longAgo());
        String gc = in(dir, "gc", "--dry-run").ok().out();
        assertTrue(gc.contains("would remove .panamax-tmp-\\x1b]0;owned\\x07-4194303-ab") && gc.indexOf('\u0007') < 0,
                gc);
    }

    @Test
    void printableEscapesControlsFormatCharactersAndBackslashesAndNothingElse() {
        assertEquals("plain é 名前 ✓", Text.printable("plain é 名前 ✓"));
        assertEquals("a\\nb\\tc\\rd\\x00e\\x1b[0m\\x7f\\x9b", Text.printable("a\nb\tc\rd\u0000e\u001b[0m\u007f\u009b"));
        assertEquals("rtl\\u202eoverride\\u2028sep\\ud800lone\\\\n", Text.printable("rtl\u202eoverride\u2028sep\ud800lone\\n"));
        assertEquals("\\U000f0000", Text.printable(new String(Character.toChars(0xF0000))));
    }

    // ---- items 9, 10, 15: bounds of compute ----------------------------------------------------------------

    @Test
    void aStoppedWorkerFailsTheComputeAfterItsTimeoutWithAClearError() throws Exception {
        in(dir, "create", "v", "--dtype", "float64", "--shape", "1000", "--fill", "range").ok();
        Path segment = dir.resolve("v");
        Thread stopper = Thread.ofPlatform().daemon().start(() -> stopTheWorkerOnceItMaps(segment));
        long t0 = System.nanoTime();
        CliRun.Result r;
        try {
            r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> in(dir, "compute", "sum", "v", "--workers", "1",
                    "--repeat", "1000000", "--timeout", "2"), "compute hung on a stopped worker");
        } finally {
            stopper.interrupt();
            ProcessHandle.current().descendants().filter(HardeningTest::isWorker).forEach(ProcessHandle::destroyForcibly);
        }
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains("exceeded its timeout of PT2S") && r.err().contains("stopped (SIGSTOP)")
                && r.err().contains("raise --timeout"), r::err);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60));
    }

    private static boolean isWorker(ProcessHandle h) {
        return h.info().arguments().map(a -> List.of(a).contains("dev.panamax.pool.internal.WorkerMain")).orElse(false);
    }

    /** Sends SIGSTOP to the first worker once it has mapped the segment, so it stops in the middle of the work. */
    private static void stopTheWorkerOnceItMaps(Path segment) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<ProcessHandle> w = ProcessHandle.current().descendants().filter(HardeningTest::isWorker)
                        .findFirst();
                if (w.isPresent()) {
                    Path maps = Path.of("/proc/" + w.get().pid() + "/maps");
                    if (Files.exists(maps) && Files.readString(maps).contains(segment.toString())) {
                        run("kill", "-STOP", Long.toString(w.get().pid()));
                        return;
                    }
                }
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            // The test's assertions say what happened.
        }
    }

    @Test
    void repeatAndTimeoutAreBounded() {
        in(dir, "create", "v", "--dtype", "float64", "--shape", "10").ok();
        String err = in(dir, "compute", "sum", "v", "--repeat", "2147483647").fails(2).err();
        assertTrue(err.contains("--repeat must be between 1 and 1000000, got 2147483647"), err);
        in(dir, "compute", "sum", "v", "--repeat", "1000001").fails(2);
        assertTrue(in(dir, "compute", "sum", "v", "--timeout", "5").fails(2).err().contains("only applies to --workers"));
        assertTrue(in(dir, "compute", "sum", "v", "--workers", "1", "--timeout", "0").fails(2).err()
                .contains("--timeout must be a positive number of seconds"));
    }

    @Test
    void threadsBeyondTheProcessorsAreReportedAsWhatRuns() {
        in(dir, "create", "v", "--dtype", "float64", "--shape", "1000").ok();
        int cpus = Runtime.getRuntime().availableProcessors();
        String out = in(dir, "compute", "sum", "v", "--threads", "2147483647").ok().out();
        assertTrue(out.contains("at most " + cpus + (cpus == 1 ? " thread" : " threads") + " (--threads 2147483647; "
                + "this JVM has " + cpus) && !out.contains("2147483647 threads"), out);
    }

    @Test
    void computeHelpSaysWhatNanBoundsAndReversedBoundsDo() {
        String help = CliRun.run("compute", "--help").ok().out().replaceAll("\\s+", " ");
        assertTrue(help.contains("a NaN bound or lo > hi counts nothing (0, not an error)"), help);
    }

    // ---- item 12: unlink --force ---------------------------------------------------------------------------

    @Test
    void unlinkForceRemovesDamagedSegmentsAndLinksWithoutReadingOrFollowingThem() throws Exception {
        in(dir, "create", "trunc", "--dtype", "float64", "--shape", "100").ok();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("trunc"),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        Path target = Files.writeString(work.resolve("precious"), "keep me");
        Files.createSymbolicLink(dir.resolve("link"), target);
        Files.createDirectory(dir.resolve("subdir"));
        List<String> before = snapshot(dir);

        String err = in(dir, "unlink", "trunc").fails(1).err();
        assertTrue(err.contains("cannot read segment trunc") && err.contains("unlink --force"), err);
        assertTrue(in(dir, "unlink", "--force", "trunc", "subdir").fails(1).err().contains("subdir"));
        assertTrue(in(dir, "unlink", "--force", "trunc", "nope").fails(1).err().contains("no segment nope"));
        assertEquals(before, snapshot(dir), "all or nothing");

        assertEquals("unlinked trunc\nunlinked link\n", in(dir, "unlink", "--force", "trunc", "link").ok().out());
        assertEquals("keep me", Files.readString(target), "the link was removed, never followed");
        assertEquals(List.of("subdir"), names(snapshot(dir)));
        assertFalse(Files.exists(dir.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
