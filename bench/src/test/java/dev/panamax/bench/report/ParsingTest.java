package dev.panamax.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsingTest {
    @TempDir
    Path dir;

    @Test
    void jsonReadsNestedValuesEscapesAndJmhNaNStrings() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, null], \"s\": \"x\\\"y\\u0041\", \"e\": {}, \"n\": \"NaN\"} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, -2500.0, true), ((List<?>) m.get("a")).subList(0, 3));
        assertEquals("x\"yA", m.get("s"));
        assertTrue(Double.isNaN(Json.number(m.get("n"), "n")));
    }

    @Test
    void malformedJsonNamesTheOffsetAndWhatWasExpected() {
        assertEquals("malformed JSON at offset 6: expected ',' or ']' in an array",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2 3]")).getMessage());
        assertEquals("malformed JSON at offset 3: trailing characters after the JSON value",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x")).getMessage());
        assertEquals("malformed JSON at offset 1: unexpected end of input",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("[")).getMessage());
    }

    @Test
    void jmhEntriesNeedAPrimaryMetricAndAKnownUnit() {
        String noMetric = "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]";
        assertEquals("a.B.c: no primaryMetric",
                assertThrows(IllegalArgumentException.class, () -> JmhResult.parse(noMetric)).getMessage());
        String badUnit = "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": 1, \"scoreUnit\": \"furlongs\"}}]";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhResult.parse(badUnit)).getMessage()
                .startsWith("a.B.c: unsupported score unit \"furlongs\""));
        assertEquals("a JMH JSON result is an array of benchmark entries",
                assertThrows(IllegalArgumentException.class, () -> JmhResult.parse("{}")).getMessage());
    }

    @Test
    void jmhMedianUsesEveryIterationOfEveryForkInNanoseconds() {
        List<JmhResult> r = JmhResult.parse("[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": "
                + "{\"score\": 2, \"scoreUnit\": \"ms/op\", \"rawData\": [[3, 1], [2, 9]]}}]");
        assertEquals(2.5e6, r.getFirst().medianNsPerOp());
        assertEquals("B", r.getFirst().className());
        assertEquals("c", r.getFirst().method());
    }

    @Test
    void csvRoundTripsQuotedImplementationNames() throws IOException {
        Measurement m = new Measurement("numpy", "numpy np.dot(a,a) [\"1\" thread]", "sumsq", "f64", 4096, 1,
                0.39, 0.38, 0.4, 20.5, 7, "135991.19");
        Path f = dir.resolve("x.csv");
        Measurement.writeCsv(f, List.of(m));
        Measurement back = Measurement.readCsv(f).getFirst();
        assertEquals(m.impl(), back.impl());
        assertEquals(m.result(), back.result());
        assertEquals(0.39, back.nsMed());
    }

    @Test
    void csvRowsWithTheWrongFieldCountNameFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), Measurement.HEADER + "\nc,impl,sumsq,f64,4096\n");
        assertEquals(f + ":2: expected 12 fields, got 5 in \"c,impl,sumsq,f64,4096\"",
                assertThrows(IllegalArgumentException.class, () -> Measurement.readCsv(f)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Measurement.elementBytes("f16")).getMessage()
                .startsWith("unknown dtype \"f16\""));
    }

    @Test
    void limitsPickTheCacheLevelThatHoldsTheDataAndScaleComputeToTheMeasuredClock() throws IOException {
        Path md = dir.resolve("RESULTS.md");
        try (var in = getClass().getResourceAsStream("/report/results-fixture.md")) {
            Files.copy(in, md);
        }
        Limits l = Limits.read(md);
        assertEquals(186.5, l.bandwidthGbps(1, 32 * 1024).orElseThrow());
        assertEquals(66.8, l.bandwidthGbps(1, 800_024).orElseThrow(), "800 KB lives in L3 (the 4 MiB point)");
        assertEquals(20.3, l.bandwidthGbps(1, 1L << 40).orElseThrow(), "beyond every footprint: the largest");
        assertEquals(149.7, l.bandwidthGbps(2, 512 * 1024).orElseThrow());
        assertTrue(l.bandwidthGbps(3, 1024).isEmpty());
        assertEquals(0.039, l.computeNsPerElement("sumsq", "f64").orElseThrow());
        assertEquals(0.039 * 3.2 / 4.0, l.withClock(4.0).computeNsPerElement("sumsq", "f64").orElseThrow(), 1e-12);
        assertTrue(l.computeNsPerElement("count", "f64").isEmpty());
        assertEquals(3.55, Limits.clockFromProbe(List.of("suite,metric,threads,value,unit",
                "limits,clock_ghz_dep_add_chain,2,1.4,GHz", "limits,clock_ghz_dep_add_chain,1,3.55,GHz")));
    }
}
