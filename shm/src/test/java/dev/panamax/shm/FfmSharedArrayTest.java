package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared contract over the default FFM backend, plus what only concerns backend selection. */
class FfmSharedArrayTest extends SegmentContractTest {
    @Override
    protected Backend backend() {
        return Backend.FFM;
    }

    /** This module's tests run without the chronicle module, as a user who did not add it. */
    @Test
    void chronicleBackendWithoutTheChronicleModuleIsAClearIllegalStateAndLeavesNothing() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SharedArray.create("chron",
                DType.INT32, Shape.of(4), opts().backend(Backend.CHRONICLE)));
        assertTrue(e.getMessage().startsWith("Backend.CHRONICLE needs the Panamax Chronicle module")
                && e.getMessage().contains("dev.panamax:panamax-chronicle")
                && e.getMessage().contains(String.join(" ", Backend.CHRONICLE_JVM_FLAGS)), e.getMessage());
        assertEquals(List.of(), filesIn(dir), "nothing is left behind");
    }
}
