package dev.panamax.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BenchmarkMappingTest {
    private static Optional<Measurement> map(String benchmark, String... kv) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.put(kv[i], kv[i + 1]);
        }
        return BenchmarkMapping.map(new JmhResult(benchmark, "avgt", params, new double[] {1000, 2000, 4000}, 2000,
                Double.NaN, "ns/op", 1, 1, 3, "1 s"));
    }

    @Test
    void readsKernelDtypeAndImplementationFromTheMethodName() {
        Measurement m = map("dev.panamax.bench.KernelBench.sumOfSquaresF32Vector", "n", "4096").orElseThrow();
        assertEquals("sumsq", m.kernel());
        assertEquals("f32", m.dtype());
        assertEquals(4096, m.n());
        assertEquals(1, m.threads());
        assertEquals("Panamax vector", m.impl());
        assertEquals(2000.0 / 4096, m.nsMed(), 1e-12);
        assertEquals(1000.0 / 4096, m.nsMin(), 1e-12);
        assertEquals(4 / m.nsMed(), m.gbps(), 1e-9);
    }

    @Test
    void readsDtypeAndImplementationFromParamsInNumpyOrJavaSpelling() {
        Measurement m = map("dev.panamax.bench.KernelBench.countInRange", "dtype", "INT32", "impl", "scalar",
                "memory", "heap", "size", "65536").orElseThrow();
        assertEquals("count", m.kernel());
        assertEquals("i32", m.dtype());
        assertEquals("Panamax scalar heap", m.impl());
        assertEquals(65536, m.n());
        assertEquals("f64", map("x.KernelBench.sumDouble", "n", "8").orElseThrow().dtype());
    }

    @Test
    void perRowKernelsWithoutASizeAreThePeers200000By5Matrix() {
        Measurement m = map("dev.panamax.bench.KernelBench.countInRangePerRowVector").orElseThrow();
        assertEquals("rows", m.kernel());
        assertEquals("i32", m.dtype());
        assertEquals(1_000_000, m.n());
        assertEquals(20, map("x.KernelBench.perRowInt", "rows", "4", "cols", "5").orElseThrow().n());
    }

    @Test
    void threadsComeFromAParamOrTheParallelMethodName() {
        assertEquals(4, map("x.KernelBench.sumsqF64Parallel", "n", "1024", "threads", "4").orElseThrow().threads());
        Measurement p3 = map("x.KernelBench.sumsqF64Parallel3", "n", "1024").orElseThrow();
        assertEquals(3, p3.threads());
        assertEquals("Panamax parallel", p3.impl());
        Measurement m = map("x.KernelBench.sumsqF64Parallel", "n", "1024").orElseThrow();
        assertEquals(2, m.threads());
        assertEquals("Panamax parallel", m.impl());
        // "int32" must not be read as "t32" threads
        assertEquals(1, map("x.KernelBench.countInRangeInt32", "n", "1024").orElseThrow().threads());
    }

    @Test
    void benchClassesOtherThanKernelBenchAreNamedInTheLabel() {
        assertEquals("Panamax (MappedKernelBench)", map("dev.panamax.bench.MappedKernelBench.sumOfSquares", "dtype", "float64",
                "n", "4096").orElseThrow().impl());
        assertEquals("Panamax heap (MappedKernelBench)", map("dev.panamax.bench.MappedKernelBench.sumOfSquaresF64", "n", "4096",
                "segment", "heap").orElseThrow().impl());
        assertEquals("Panamax anonymous (ShmBench)", map("dev.panamax.bench.ShmBench.sumOfSquaresAnonymous", "n", "1000000")
                .orElseThrow().impl());
        assertEquals("Panamax", map("dev.panamax.bench.KernelBench.sumOfSquaresF64", "n", "4096").orElseThrow().impl());
    }

    @Test
    void anUnnamedDtypeIsFloat64AndInt32ForPerRow() {
        assertEquals("f64", map("x.ShmBench.sumOfSquaresMapped", "n", "1048576").orElseThrow().dtype());
        assertEquals("i32", map("x.PoolBench.countInRangePerRow").orElseThrow().dtype());
    }

    @Test
    void lifecycleAndPoolBenchmarksAreNotKernels() {
        assertTrue(map("dev.panamax.bench.ShmBench.createReserved", "bytes", "1073741824").isEmpty());
        assertTrue(map("dev.panamax.bench.PoolBench.emptyTaskRoundTrip").isEmpty());
        assertTrue(map("dev.panamax.bench.ShmBench.closeAndUnlinkUntouched1GiB").isEmpty());
        assertTrue(map("dev.panamax.bench.PoolBench.sumOfSquares1GiBTwoWorkers").isEmpty(), "no size param");
        assertTrue(map("dev.panamax.bench.KernelBench.sumOfSquares").isEmpty(), "no dtype and no size");
    }
}
