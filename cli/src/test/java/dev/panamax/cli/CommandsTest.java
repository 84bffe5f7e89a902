package dev.panamax.cli;

import static dev.panamax.cli.CliRun.in;
import static dev.panamax.cli.CliRun.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;
import dev.panamax.core.Npy;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command in-process, over a fresh {@code @TempDir} as {@code --dir}: results, JSON, and bad input. */
class CommandsTest {
    @TempDir
    Path dir;

    private static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    private byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    // ---- create / info / list / unlink ----

    @Test
    void createThenInfoListAndUnlink() {
        String created = in(dir, "create", "a", "--dtype", "float64", "--shape", "1000,5").ok().out();
        assertTrue(created.startsWith("created a: float64 (1000, 5), 39.1 KiB of data, persistent"), created);

        Map<String, Object> info = in(dir, "info", "a", "--json").ok().json();
        assertEquals("a", info.get("name"));
        assertEquals("float64", info.get("dtype"));
        assertEquals(List.of(1000L, 5L), info.get("shape"));
        assertEquals(4096L + 40000L, info.get("bytes"));
        assertEquals("persistent", info.get("lifetime"));
        assertEquals("panamax", info.get("format"));
        assertTrue(info.containsKey("creator_pid") && info.containsKey("creator_alive")
                && info.containsKey("attached_pids"), info::toString);

        String table = in(dir, "list").ok().out();
        assertTrue(table.lines().findFirst().orElseThrow().startsWith("NAME"), table);
        assertTrue(table.contains("43.1 KiB") && table.contains("(1000, 5)"), table);
        List<?> list = (List<?>) MiniJson.parse(in(dir, "list", "--json").ok().out().strip());
        assertEquals(1, list.size());

        assertEquals("unlinked a\n", in(dir, "unlink", "a").ok().out());
        assertEquals(List.of(), snapshot(dir));
        assertEquals(List.of(), MiniJson.parse(in(dir, "list", "--json").ok().out().strip()));
        assertTrue(in(dir, "list").ok().out().startsWith("no segments in"));
    }

    @Test
    void createAcceptsTypestrsAndFillsRangeInRowMajorOrder() throws IOException {
        in(dir, "create", "r", "--dtype", "<i4", "--shape", "3,4", "--fill", "range").ok();
        try (OffHeapArray a = Npy.read(dir.resolve("r"))) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, a.asInts().toArray());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"f8, float64", "double, float64", "<f8, float64", "float, float64",
        "single, float32", "i4, int32", "intc, int32", "long, int64", "q, int64", "B, uint8", "u1, uint8", "b, int8",
        "short, int16"})
    void dtypeTakesNumPysSpellings(String spelling, String numpyName) {
        String out = in(dir, "create", "a", "--dtype", spelling, "--shape", "3").ok().out();
        assertTrue(out.startsWith("created a: " + numpyName + " (3,)"), out);
    }

    @Test
    void dtypeRefusalsNameTheClosestSupportedType() {
        CliRun.Result r = in(dir, "create", "a", "--dtype", "u2", "--shape", "3").fails(1);
        assertEquals(List.of("panamax: unsupported dtype 'u2' (NumPy's uint16): Panamax has no uint16 dtype; the "
                + "closest supported dtype is int32 (holds every uint16 value)"), r.errLines());
        assertTrue(in(dir, "create", "a", "--dtype", ">f8", "--shape", "3").fails(1).err()
                .contains("big-endian dtype '>f8' is not supported: expected little-endian <f8"));
        assertEquals(List.of(), snapshot(dir));
    }

    @Test
    void randomFillIsCoresCounterBasedStream() throws IOException {
        in(dir, "create", "f", "--dtype", "float64", "--shape", "100003", "--fill", "random", "--seed", "12").ok();
        in(dir, "create", "i", "--dtype", "int16", "--shape", "100003", "--fill", "random", "--seed", "12").ok();
        try (OffHeapArray f = Npy.read(dir.resolve("f"));
             OffHeapArray i = Npy.read(dir.resolve("i"));
             OffHeapArray ef = OffHeapArray.allocate(DType.FLOAT64, Shape.of(100003), Fill.uniform(12, 0, 10));
             OffHeapArray ei = OffHeapArray.allocate(DType.INT16, Shape.of(100003), Fill.integers(12, 0, 10))) {
            assertEquals(-1, f.segment().mismatch(ef.segment()));
            assertEquals(-1, i.segment().mismatch(ei.segment()));
        }
    }

    @Test
    void rangeFillWrapsNarrowIntegersAsACCastDoes() throws IOException {
        in(dir, "create", "r", "--dtype", "int8", "--shape", "300", "--fill", "range").ok();
        try (OffHeapArray a = Npy.read(dir.resolve("r"))) {
            assertEquals((byte) 299, a.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 299));
            assertEquals(127, a.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 127));
            assertEquals(-128, a.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 128));
        }
    }

    @Test
    void randomFillWithASeedIsReproducibleAndInRange() throws IOException {
        in(dir, "create", "x", "--dtype", "int32", "--shape", "3000000", "--fill", "random", "--seed", "5").ok();
        in(dir, "create", "y", "--dtype", "int32", "--shape", "3000000", "--fill", "random", "--seed", "5").ok();
        assertArrayEquals(read("x"), read("y"));
        Map<String, Object> min = in(dir, "compute", "min", "x", "--json").ok().json();
        Map<String, Object> max = in(dir, "compute", "max", "x", "--json").ok().json();
        assertEquals(0L, min.get("result"));
        assertEquals(9L, max.get("result"));
        in(dir, "create", "f", "--dtype", "float32", "--shape", "1000", "--fill", "random").ok();
        assertTrue(number(in(dir, "compute", "max", "f", "--json").ok().json().get("result")) < 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", ".hidden", "a/b", "", "name with space", "x\u00e9"})
    void createRejectsBadNamesAndLeavesTheDirectoryAsItWas(String name) {
        in(dir, "create", "keep", "--dtype", "int8", "--shape", "4").ok();
        List<String> before = snapshot(dir);
        in(dir, "create", name, "--dtype", "float64", "--shape", "10").fails(1);
        assertEquals(before, snapshot(dir));
        assertFalse(Files.exists(dir.getParent().resolve("escape")));
    }

    @Test
    void createRejectsAnOverlongName() {
        in(dir, "create", "n".repeat(201), "--dtype", "float64", "--shape", "10").fails(1);
        assertEquals(List.of(), snapshot(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"complex128", ">f8", "float_", "u2", "<U8", "|b1", "f8x"})
    void createRejectsBadDtypes(String dtype) {
        String err = in(dir, "create", "a", "--dtype", dtype, "--shape", "10").fails(1).err();
        assertTrue(err.contains(dtype), err);
        assertEquals(List.of(), snapshot(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "10,-5", "1,,2", "9223372036854775807,9223372036854775807"})
    void createRejectsBadShapes(String shape) {
        in(dir, "create", "a", "--dtype", "float64", "--shape", shape).fails(1);
        assertEquals(List.of(), snapshot(dir));
    }

    @Test
    void createFailsCleanlyWhenTheSpaceIsMissing() {
        String err = in(dir, "create", "huge", "--dtype", "float64", "--shape", "1000000000000000").fails(1).err();
        assertTrue(err.contains("huge"), err);
        assertEquals(List.of(), snapshot(dir));
    }

    @Test
    void createNeverOverwrites() throws IOException {
        in(dir, "create", "a", "--dtype", "int64", "--shape", "100", "--fill", "range").ok();
        byte[] before = read("a");
        List<String> listing = snapshot(dir);
        in(dir, "create", "a", "--dtype", "float64", "--shape", "7").fails(1);
        assertArrayEquals(before, read("a"));
        assertEquals(listing, snapshot(dir));
    }

    @Test
    void infoAndUnlinkOfMissingSegmentsFail() {
        in(dir, "create", "a", "--dtype", "int8", "--shape", "4").ok();
        List<String> before = snapshot(dir);
        assertTrue(in(dir, "info", "nope").fails(1).err().contains("nope"));
        // All or nothing: a missing name means nothing is removed.
        String err = in(dir, "unlink", "a", "nope").fails(1).err();
        assertTrue(err.contains("nope") && err.contains("nothing unlinked"), err);
        assertEquals(before, snapshot(dir));
    }

    @Test
    void filesThatAreNotNpyAreRefused() throws IOException {
        Files.writeString(dir.resolve("junk.npy"), "this is not a numpy file, just text\n");
        Files.write(dir.resolve("short"), new byte[] {(byte) 0x93, 'N', 'U', 'M'});
        List<String> before = snapshot(dir);
        in(dir, "info", "junk.npy").fails(1);
        in(dir, "compute", "sum", "junk.npy").fails(1);
        in(dir, "compute", "sum", "short").fails(1);
        in(dir, "compute", "count-in-range-per-row", "junk.npy", "--lo", "1", "--hi", "2", "--out", "o").fails(1);
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aMissingDirectoryIsAnError() {
        String err = CliRun.run("--dir", dir.resolve("absent").toString(), "list").fails(1).err();
        assertTrue(err.contains("absent"), err);
    }

    // ---- compute ----

    @Test
    void flatKernelsGiveExactResults() {
        in(dir, "create", "v", "--dtype", "float64", "--shape", "1000", "--fill", "range").ok();
        assertEquals(499500.0, number(in(dir, "compute", "sum", "v", "--json").ok().json().get("result")));
        assertEquals(332833500.0, number(in(dir, "compute", "sum-of-squares", "v", "--json").ok().json().get("result")));
        assertEquals(332833500.0, number(in(dir, "compute", "dot", "v", "--with", "v", "--json").ok().json()
                .get("result")));
        assertEquals(10L, in(dir, "compute", "count-in-range", "v", "--lo", "10", "--hi", "19", "--json").ok().json()
                .get("result"));
        assertEquals(0.0, number(in(dir, "compute", "min", "v", "--json").ok().json().get("result")));
        assertEquals(999.0, number(in(dir, "compute", "max", "v", "--json").ok().json().get("result")));
        String human = in(dir, "compute", "sum", "v").ok().out();
        assertTrue(human.startsWith("sum(v) = 499500.0\n"), human);
    }

    @Test
    void integerKernelsReturnJsonIntegers() {
        in(dir, "create", "i", "--dtype", "int64", "--shape", "1000", "--fill", "range").ok();
        Map<String, Object> j = in(dir, "compute", "sum-of-squares", "i", "--json").ok().json();
        assertEquals(332833500L, j.get("result"));
    }

    @Test
    void computeJsonFollowsTheContract() {
        in(dir, "create", "v", "--dtype", "float32", "--shape", "10,10", "--fill", "range").ok();
        Map<String, Object> j = in(dir, "compute", "sum", "v", "--json", "--repeat", "3", "--threads", "2").ok().json();
        assertEquals(List.of("kernel", "input", "dtype", "shape", "mode", "threads", "workers", "backend", "result",
                "out", "timings_ns"), List.copyOf(j.keySet()));
        assertEquals("sum", j.get("kernel"));
        assertEquals("v", j.get("input"));
        assertEquals("float32", j.get("dtype"));
        assertEquals(List.of(10L, 10L), j.get("shape"));
        assertEquals("simd", j.get("mode"));
        assertEquals(2L, j.get("threads"));
        assertEquals(0L, j.get("workers"));
        assertEquals("ffm", j.get("backend"));
        assertEquals(4950.0, number(j.get("result")));
        assertEquals(null, j.get("out"));
        assertEquals(3, ((List<?>) j.get("timings_ns")).size());
        for (Object t : (List<?>) j.get("timings_ns")) {
            assertTrue(t instanceof Long && (Long) t > 0, j::toString);
        }
    }

    @Test
    void scalarSimdAndThreadsAgree() {
        in(dir, "create", "v", "--dtype", "int32", "--shape", "100003", "--fill", "random", "--seed", "1").ok();
        Object simd = in(dir, "compute", "sum-of-squares", "v", "--json").ok().json().get("result");
        assertEquals(simd, in(dir, "compute", "sum-of-squares", "v", "--json", "--mode", "scalar").ok().json()
                .get("result"));
        assertEquals(simd, in(dir, "compute", "sum-of-squares", "v", "--json", "--threads", "2").ok().json()
                .get("result"));
    }

    @Test
    void workerProcessesGiveTheSameResults() throws IOException {
        in(dir, "create", "m", "--dtype", "int32", "--shape", "1001,5", "--fill", "random", "--seed", "9").ok();
        Map<String, Object> local = in(dir, "compute", "sum-of-squares", "m", "--json").ok().json();
        Map<String, Object> remote = in(dir, "compute", "sum-of-squares", "m", "--json", "--workers", "2").ok().json();
        assertEquals(local.get("result"), remote.get("result"));
        assertTrue(remote.get("result") instanceof Long, remote::toString);
        assertEquals(2L, remote.get("workers"));
        in(dir, "compute", "count-in-range-per-row", "m", "--lo", "4", "--hi", "8", "--out", "a").ok();
        in(dir, "compute", "count-in-range-per-row", "m", "--lo", "4", "--hi", "8", "--out", "b", "--workers", "2").ok();
        try (OffHeapArray a = Npy.read(dir.resolve("a")); OffHeapArray b = Npy.read(dir.resolve("b"))) {
            assertArrayEquals(a.asInts().toArray(), b.asInts().toArray());
        }
    }

    @Test
    void nonFiniteResultsAreJsonStrings() {
        // Random floats in [0, 10) are all non-zero for this seed, so scaling by infinity gives only infinities.
        in(dir, "create", "v", "--dtype", "float64", "--shape", "100", "--fill", "random", "--seed", "3").ok();
        assertTrue(number(in(dir, "compute", "min", "v", "--json").ok().json().get("result")) > 0);
        in(dir, "compute", "scale", "v", "--by", "Infinity").ok();
        assertEquals("Infinity", in(dir, "compute", "max", "v", "--json").ok().json().get("result"));
        assertEquals("Infinity", in(dir, "compute", "sum", "v", "--json").ok().json().get("result"));
        in(dir, "compute", "scale", "v", "--by", "-1").ok();
        assertEquals("-Infinity", in(dir, "compute", "min", "v", "--json").ok().json().get("result"));
        in(dir, "compute", "scale", "v", "--by", "0").ok(); // 0 * -inf = NaN
        assertEquals("NaN", in(dir, "compute", "sum", "v", "--json").ok().json().get("result"));
    }

    @Test
    void perRowAndPerColumnKernelsWriteTheirOutputSegment() throws IOException {
        in(dir, "create", "m", "--dtype", "int32", "--shape", "4,3", "--fill", "range").ok();
        Map<String, Object> j = in(dir, "compute", "count-in-range-per-row", "m", "--lo", "4", "--hi", "8",
                "--out", "counts", "--json").ok().json();
        assertEquals(null, j.get("result"));
        assertEquals("counts", j.get("out"));
        try (OffHeapArray c = Npy.read(dir.resolve("counts"))) {
            assertArrayEquals(new int[] {0, 2, 3, 0}, c.asInts().toArray());
        }
        in(dir, "compute", "sum-of-squares-per-column", "m", "--out", "cols").ok();
        try (OffHeapArray c = Npy.read(dir.resolve("cols"))) {
            assertArrayEquals(new double[] {126, 166, 214}, c.asDoubles().toArray());
        }
        String human = in(dir, "compute", "hypotenuse-per-row", "m", "--out", "h").ok().out();
        assertTrue(human.startsWith("hypotenuse-per-row(m) -> h: float64 (4,)"), human);
        try (OffHeapArray c = Npy.read(dir.resolve("h"))) {
            assertArrayEquals(new double[] {1, 5, Math.sqrt(85), Math.sqrt(181)}, c.asDoubles().toArray(), 1e-12);
        }
        in(dir, "compute", "hypotenuse-per-row", "m", "--columns", "2,0", "--out", "h2").ok();
        try (OffHeapArray c = Npy.read(dir.resolve("h2"))) {
            assertEquals(Math.hypot(2, 0), c.asDoubles().get(0), 1e-12);
        }
        Map<String, Object> info = in(dir, "info", "counts", "--json").ok().json();
        assertEquals("int32", info.get("dtype"));
        assertEquals("persistent", info.get("lifetime"));
    }

    @Test
    void scaleWorksInPlace() throws IOException {
        in(dir, "create", "v", "--dtype", "int64", "--shape", "5", "--fill", "range").ok();
        in(dir, "compute", "scale", "v", "--by", "3").ok();
        try (OffHeapArray a = Npy.read(dir.resolve("v"))) {
            assertArrayEquals(new long[] {0, 3, 6, 9, 12}, a.asLongs().toArray());
        }
        List<String> before = snapshot(dir);
        in(dir, "compute", "scale", "v", "--by", "0.5").fails(1); // not a whole number for int64
        assertEquals(before, snapshot(dir));
    }

    @Test
    void anExistingOutputIsRefusedAndKept() throws IOException {
        in(dir, "create", "m", "--dtype", "int32", "--shape", "4,3", "--fill", "range").ok();
        in(dir, "create", "taken", "--dtype", "float64", "--shape", "2", "--fill", "range").ok();
        byte[] before = read("taken");
        List<String> listing = snapshot(dir);
        in(dir, "compute", "count-in-range-per-row", "m", "--lo", "4", "--hi", "8", "--out", "taken").fails(1);
        in(dir, "compute", "count-in-range-per-row", "m", "--lo", "4", "--hi", "8", "--out", "m").fails(1);
        assertArrayEquals(before, read("taken"));
        assertEquals(listing, snapshot(dir));
    }

    @Test
    void dataErrorsFailBeforeAnyOutputExists() {
        in(dir, "create", "flat", "--dtype", "float64", "--shape", "10").ok();
        in(dir, "create", "m", "--dtype", "float64", "--shape", "4,3").ok();
        in(dir, "create", "other", "--dtype", "float64", "--shape", "9").ok();
        in(dir, "create", "bytes", "--dtype", "int8", "--shape", "4,3").ok();
        List<String> before = snapshot(dir);
        assertTrue(in(dir, "compute", "count-in-range-per-row", "flat", "--lo", "0", "--hi", "1", "--out", "o")
                .fails(1).err().contains("2-D"));
        in(dir, "compute", "hypotenuse-per-row", "m", "--columns", "0,3", "--out", "o").fails(1);
        in(dir, "compute", "hypotenuse-per-row", "m", "--columns", "zero,one", "--out", "o").fails(1);
        assertTrue(in(dir, "compute", "scale", "bytes", "--by", "300").fails(1).err().contains("int8"));
        in(dir, "compute", "count-in-range-per-row", "bytes", "--lo", "0", "--hi", "1", "--out", "flat").fails(1);
        String err = in(dir, "compute", "dot", "flat", "--with", "other").fails(1).err();
        assertTrue(err.contains("(10,)") && err.contains("(9,)"), err);
        in(dir, "compute", "dot", "flat", "--with", "missing").fails(1);
        in(dir, "compute", "sum", "missing").fails(1);
        assertEquals(before, snapshot(dir));
    }

    @Test
    void impossibleFlagCombinationsAreUsageErrors() {
        in(dir, "create", "v", "--dtype", "float64", "--shape", "10").ok();
        in(dir, "create", "m", "--dtype", "float64", "--shape", "2,5").ok();
        List<String> before = snapshot(dir);
        String[][] cases = {
            {"compute", "sum", "v", "--threads", "2", "--workers", "2"},
            {"compute", "count-in-range", "v", "--lo", "1"},
            {"compute", "count-in-range", "v", "--hi", "1"},
            {"compute", "count-in-range", "v"},
            {"compute", "count-in-range-per-row", "m", "--out", "o"},
            {"compute", "sum", "v", "--lo", "1", "--hi", "2"},
            {"compute", "sum", "v", "--out", "o"},
            {"compute", "scale", "v", "--by", "2", "--out", "o"},
            {"compute", "sum", "v", "--with", "v"},
            {"compute", "dot", "v"},
            {"compute", "scale", "v"},
            {"compute", "sum", "v", "--by", "2"},
            {"compute", "sum-of-squares-per-column", "m"},
            {"compute", "sum", "v", "--columns", "0,1"},
            {"compute", "sum", "v", "--mode", "scalar", "--threads", "2"},
            {"compute", "sum", "v", "--threads", "0"},
            {"compute", "sum", "v", "--workers", "-1"},
            {"compute", "sum", "v", "--repeat", "0"},
            {"compute", "sum", "v", "--threads", "many"},
            {"compute", "sum", "v", "--mode", "gpu"},
            {"compute", "fft", "v"},
            {"compute", "sum"},
            {"create", "a", "--shape", "10"},
            {"create", "a", "--dtype", "float64"},
            {"create", "a", "--dtype", "float64", "--shape", "10", "--fill", "ones"},
            {"create", "a", "--dtype", "float64", "--shape", "10", "--lifetime", "forever"},
            {"create", "a", "--dtype", "float64", "--shape", "10", "--seed", "3"},
            {"info"},
            {"unlink"},
            {"frobnicate"},
            {"list", "--no-such-option"},
            {"--backend", "cuda", "list"},
            {},
        };
        for (String[] c : cases) {
            CliRun.Result r = in(dir, c);
            assertEquals(2, r.status(), () -> String.join(" ", c) + " -> " + r);
            assertEquals(1, r.errLines().size(), () -> String.join(" ", c) + " -> " + r.err());
            assertTrue(r.err().startsWith("panamax: "), r::err);
        }
        assertEquals(before, snapshot(dir));
    }

    @Test
    void unknownKernelListsTheKernels() {
        String err = in(dir, "compute", "fft", "v").fails(2).err();
        assertTrue(err.contains("unknown kernel 'fft'") && err.contains("count-in-range-per-row"), err);
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        in(dir, "create", "a", "--dtype", "float64", "--shape", "3").ok();
        String d = dir.toString();
        for (String[] args : new String[][] {
            {"--json", "--dir", d, "info", "a"},
            {"info", "a", "--dir", d, "--json"},
            {"--dir", d, "info", "--json", "a"},
            {"--backend", "ffm", "info", "a", "--dir", d, "--json"}}) {
            assertEquals("a", CliRun.run(args).ok().json().get("name"), String.join(" ", args));
        }
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun.Result r = in(dir, "info", "nope", "--verbose");
        assertEquals(1, r.status());
        assertTrue(r.errLines().size() > 2 && r.errLines().get(0).startsWith("panamax: ")
                && r.err().contains("\tat "), r::err);
    }

    @Test
    void gcDryRunWithNothingToCollect() {
        in(dir, "create", "keep", "--dtype", "float64", "--shape", "3").ok();
        assertTrue(in(dir, "gc", "--dry-run").ok().out().startsWith("nothing to collect"));
        Map<String, Object> j = in(dir, "gc", "--json").ok().json();
        assertEquals(Boolean.FALSE, j.get("dry_run"));
        assertEquals(List.of(), j.get("removed"));
        assertTrue(Files.exists(dir.resolve("keep")));
    }

    @Test
    void simdReportsCapabilities() {
        assertFalse(CliRun.run("simd").ok().out().isBlank());
        Map<String, Object> j = CliRun.run("simd", "--json").ok().json();
        assertTrue(j.get("vectorized") instanceof Boolean && j.get("report") instanceof String, j::toString);
    }

    @Test
    void helpAndVersionExitZero() {
        assertTrue(CliRun.run("--help").ok().out().contains("compute"));
        assertTrue(CliRun.run("compute", "--help").ok().out().contains("count-in-range-per-row"));
        assertTrue(CliRun.run("--version").ok().out().startsWith("panamax "));
    }

    @Test
    void helpNamesTheReferencePagesAndTheyExist() {
        String help = CliRun.run("--help").ok().out();
        Path docs = Path.of("").toAbsolutePath().getParent().resolve("docs");
        for (String page : List.of("cli.md", "kernels.md")) {
            assertTrue(help.contains("docs/" + page), help);
            assertTrue(Files.isRegularFile(docs.resolve(page)), () -> docs.resolve(page) + " is missing");
        }
    }
}
