package dev.panamax.shm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared contract over the default FFM backend, plus what only concerns backend selection. */
class FfmSharedArrayTest extends SegmentContractTest {
    @Override
    protected Backend backend() {
        return Backend.FFM;
    }

    /**
     * Runs in a child JVM whose class path lacks Chronicle Bytes (this module's tests have it), as a user without
     * the optional dependency would.
     */
    @Test
    void chronicleBackendWithoutChronicleOnTheClassPathIsAClearIllegalState(@TempDir Path work) throws Exception {
        UnaryOperator<String> withoutChronicle = cp -> Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.contains("openhft")).collect(Collectors.joining(File.pathSeparator));
        try (Child c = Child.start(work, withoutChronicle, "create-chronicle", dir.toString(), "chron")) {
            String line = c.expect("c");
            assertTrue(line.startsWith("caught java.lang.IllegalStateException: ") && line.contains("chronicle-bytes")
                    && line.contains("--add-opens"), line);
            assertEquals(0, c.waitExit());
        }
        assertEquals(List.of(), filesIn(dir), "nothing is left behind");
    }
}
