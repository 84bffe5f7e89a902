package dev.panamax.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMainTest {
    @TempDir
    Path dir;

    private Path fixture(String name, Path to) throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/report/" + name), name)) {
            Files.createDirectories(to.getParent());
            Files.copy(in, to);
        }
        return to;
    }

    private Path runFixtures(boolean withBandwidth) throws IOException {
        Path jmh = fixture("jmh-fixture.json", dir.resolve("in/jmh.json"));
        fixture("peers-fixture.csv", dir.resolve("in/peers/c_flat.csv"));
        if (withBandwidth) {
            fixture("bw-fixture.csv", dir.resolve("in/peers/c_bw.csv"));
        }
        Path results = fixture("results-fixture.md", dir.resolve("in/RESULTS.md"));
        Path out = dir.resolve("out");
        return ReportMain.run("--jmh", jmh.toString(), "--peers", dir.resolve("in/peers").toString(),
                "--limits", results.toString(), "--command", "bench/run --quick", "--out", out.toString());
    }

    @Test
    void writesPanamaxCsvInThePeersColumnsWithNanosecondsPerElement() throws IOException {
        Path out = runFixtures(true);
        List<String> csv = Files.readAllLines(out.resolve("panamax.csv"));
        assertEquals(Measurement.HEADER, csv.getFirst());
        // 409.6 ns/op median over 4096 elements; min 300 ns/op; 8 bytes per element -> 80 GB/s
        assertTrue(csv.contains("panamax,Panamax vector,sumsq,f64,4096,1,0.10000,0.07324,0.12207,80.000,3,"), csv.toString());
        // us/op converted: median 262.144 us over 1 Mi elements
        assertTrue(csv.contains("panamax,Panamax vector,sumsq,f64,1048576,1,0.25000,0.23842,0.25749,32.000,3,"), csv.toString());
        // throughput (ops/s) inverted: 8000 ops/s = 125000 ns/op; threads from the param
        assertTrue(csv.contains("panamax,Panamax parallel,sumsq,f64,1048576,2,0.11921,0.11921,0.11921,67.109,3,"), csv.toString());
        assertEquals(6, csv.size(), "5 kernel rows + header; the shm benchmark is not a kernel: " + csv);
        List<Measurement> back = Measurement.readCsv(out.resolve("panamax.csv"));
        assertEquals(5, back.size());
    }

    @Test
    void reportHasTimesRatiosToCAndShareOfTheMeasuredLimit() throws IOException {
        Path out = runFixtures(true);
        String md = Files.readString(out.resolve("REPORT.md"));
        assertTrue(md.contains("Reproduce: `bench/run --quick`"), md);
        assertTrue(md.contains("| **Panamax vector** | 1 | 0.100 ns · 80.0 GB/s | 0.250 ns · 32.0 GB/s |"), md);
        assertTrue(md.contains("| **Panamax vector** | 1 | 2.00x | 2.00x |"), md);
        assertTrue(md.contains("| **Panamax scalar** | 1 | 20.00x | 8.00x |"), md);
        assertTrue(md.contains("| C AVX2 intrinsics multi-accumulator | 1 | 1.00x | 1.00x |"), md);
        // bandwidth measured in this run replaces RESULTS.md: 160 GB/s at 32 KiB, 80 GB/s at 8 MiB
        assertTrue(md.contains("| Panamax vector | 1 | 50% | 40% |"), md);
        assertTrue(md.contains("read bandwidth measured in this run"), md);
        // the peers' own kernel with no Panamax counterpart has no section; the shm benchmark is listed as is
        assertFalse(md.contains("## count in range, i32"), md);
        assertTrue(md.contains("| ShmBench.createUnlink | {reserve=true} | avgt | 12.5 |"), md);
        String headline = Files.readString(out.resolve("HEADLINE.md"));
        // no machine.txt: nothing says why AVX-512 C or Numba are absent, so their cells are plain blanks
        assertTrue(headline.contains("| sumsq f64 | 4 Ki | 0.100 (vector) | 0.0500 | – | 2.00x | 0.400 | – | – | – | 50% |"), headline);
        assertTrue(headline.contains("| sumsq f64 | 1 Mi | 0.250 (vector) | 0.125 | – | 2.00x | – | – | – | 0.119 (2T) | 40% |"), headline);
    }

    @Test
    void theHeadlineHasAvx512CAndNumbaOnOneAndTwoThreadsAndTheRatioToTheFasterC() throws IOException {
        Path jmh = fixture("jmh-fixture.json", dir.resolve("in/jmh.json"));
        fixture("peers-fixture.csv", dir.resolve("in/peers/c_flat.csv"));
        Files.writeString(dir.resolve("in/peers/more.csv"), Measurement.HEADER + "\n"
                + "c,C AVX-512 intrinsics multi-accumulator,sumsq,f64,4096,1,0.02500,0.02400,0.02600,320.000,7,1\n"
                + "numba,numba @njit,sumsq,f64,4096,1,0.30000,0.29000,0.31000,26.700,7,1\n"
                + "numba,numba @njit(fastmath=True),sumsq,f64,4096,1,0.08000,0.07000,0.09000,100.000,7,1\n"
                + "numba,numba @njit(parallel=True fastmath=True) prange,sumsq,f64,4096,2,0.90000,0.80000,1.00000,8.900,7,1\n");
        Path machine = Files.writeString(dir.resolve("in/machine.txt"), "simd: avx2 fma avx512f\nnumba: 0.56.4\n");
        Path out = ReportMain.run("--jmh", jmh.toString(), "--peers", dir.resolve("in/peers").toString(),
                "--machine", machine.toString(), "--out", dir.resolve("out").toString());
        String headline = Files.readString(out.resolve("HEADLINE.md"));
        assertTrue(headline.contains("| sumsq f64 | 4 Ki | 0.100 (vector) | 0.0500 | 0.0250 | 4.00x | 0.400 | 0.0800 (fastmath) "
                + "| 0.900 (parallel, fastmath, 2T) | – |"), headline);
        // AVX-512 C is slower than AVX2 C at 1 Mi in no row, and absent there: the ratio stays against AVX2
        assertTrue(headline.contains("| sumsq f64 | 1 Mi | 0.250 (vector) | 0.125 | – | 2.00x |"), headline);
        assertTrue(Files.readString(out.resolve("REPORT.md")).contains("| C AVX-512 intrinsics multi-accumulator | 1 | 0.50x |"));
    }

    @Test
    void onACpuWithoutAvx512AndWithoutNumbaTheHeadlineSaysSo() throws IOException {
        Path jmh = fixture("jmh-fixture.json", dir.resolve("in/jmh.json"));
        fixture("peers-fixture.csv", dir.resolve("in/peers/c_flat.csv"));
        Path machine = Files.writeString(dir.resolve("in/machine.txt"),
                "simd: avx2 fma\nnumba: not installed for /usr/bin/python3 (apt-get install -y python3-numba)\n");
        Path out = ReportMain.run("--jmh", jmh.toString(), "--peers", dir.resolve("in/peers").toString(),
                "--machine", machine.toString(), "--out", dir.resolve("out").toString());
        String headline = Files.readString(out.resolve("HEADLINE.md"));
        assertTrue(headline.contains("| sumsq f64 | 4 Ki | 0.100 (vector) | 0.0500 | n/a (no AVX-512) | 2.00x | 0.400 "
                + "| n/a (Numba not installed) | n/a (Numba not installed) | – | – |"), headline);
        assertFalse(Files.readString(out.resolve("REPORT.md")).contains("AVX-512 intrinsics"));
    }

    @Test
    void withoutAMeasuredBandwidthTheLimitsComeFromResultsMd() throws IOException {
        Path out = runFixtures(false);
        String md = Files.readString(out.resolve("REPORT.md"));
        // RESULTS.md: 186.5 GB/s at 32 KiB (below the 205 GB/s compute limit); 8 MiB -> 73.1 GB/s
        assertTrue(md.contains("| *limit: lower of read bandwidth at this footprint and L1 compute* | 1 | 0.0429 ns · 187 GB/s | 0.109 ns · 73.1 GB/s |"), md);
        assertTrue(md.contains("| Panamax vector | 1 | 43% | 44% |"), md);
    }

    @Test
    void drawsOnePngChartPerKernelWithSeveralSizes() throws IOException {
        Path out = runFixtures(true);
        Path png = out.resolve("chart-sumsq-f64.png");
        assertTrue(Files.size(png) > 5_000, "chart is " + Files.size(png) + " bytes");
        byte[] magic = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
        assertTrue(Files.readString(out.resolve("REPORT.md")).contains("![sumsq f64](chart-sumsq-f64.png)"));
    }

    @Test
    void rejectsMissingRequiredOptionsUnknownOptionsAndMissingFiles() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportMain.run("--out", dir.toString()));
        assertEquals("--jmh FILE and --out DIR are required", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportMain.run("--jmh", "x.json", "--colour", "red"));
        assertTrue(e.getMessage().startsWith("unknown option \"--colour\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportMain.run("--jmh"));
        assertEquals("option --jmh needs a value", e.getMessage());
        Path missing = dir.resolve("nope.json");
        e = assertThrows(IllegalArgumentException.class, () -> ReportMain.run("--jmh", missing.toString(), "--out", dir.toString()));
        assertEquals("JMH result " + missing + " does not exist or is not a file", e.getMessage());
    }

    @Test
    void aMalformedJmhFileIsAnErrorNamingTheFileAndOffsetAndWritesNothing() throws IOException {
        Path jmh = Files.writeString(dir.resolve("bad.json"), "[{\"benchmark\": \"a.b\", ");
        Path out = dir.resolve("out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportMain.run("--jmh", jmh.toString(), "--out", out.toString()));
        assertTrue(e.getMessage().startsWith(jmh + ": malformed JSON at offset 22: unexpected end of input"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aPeersCsvWithAnotherHeaderIsAnErrorNamingTheFile() throws IOException {
        Path jmh = fixture("jmh-fixture.json", dir.resolve("jmh.json"));
        Path peers = Files.createDirectories(dir.resolve("peers"));
        Path bad = Files.writeString(peers.resolve("limits.csv"), "suite,metric,threads,value,unit\nlimits,clock,1,3.2,GHz\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportMain.run("--jmh", jmh.toString(), "--peers", peers.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(e.getMessage().startsWith(bad + ": expected the header"), e.getMessage());
    }
}
