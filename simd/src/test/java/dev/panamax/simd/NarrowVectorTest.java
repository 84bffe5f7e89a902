package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.internal.JvmCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector kernels on narrower CPUs than this one: child JVMs with {@code -XX:MaxVectorSize} of 32 bytes (the
 * species of an AVX2-only machine: no 512-bit row-count store, streaming sums at the preferred width) and 16 bytes
 * (128-bit, as NEON: no 8-row per-row blocks), each checked kernel by kernel against the scalar twin.
 */
class NarrowVectorTest {
    @ParameterizedTest(name = "MaxVectorSize={0}")
    @ValueSource(ints = {32, 16})
    void everyKernelAgreesWithScalarOnNarrowerVectors(int bytes, @TempDir Path dir) throws Exception {
        ScalarFallbackTest.Result r = ScalarFallbackTest.run(JvmCommand.current().jvmArg("-Xmx1g")
                .jvmArg("-XX:MaxVectorSize=" + bytes).mainClass(NarrowVectorProbe.class).build(), dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("preferred species: " + bytes * 8 + " bits"), r.out());
        assertTrue(r.out().contains("mismatches=0"), r.out());
    }
}
