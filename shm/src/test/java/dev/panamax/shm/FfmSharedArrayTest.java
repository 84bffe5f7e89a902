package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared contract over the default FFM backend, plus what only concerns backend selection. */
class FfmSharedArrayTest extends SharedArrayContract {
    @Override
    protected Backend backend() {
        return Backend.FFM;
    }

    @Test
    void chronicleBackendWithoutTheBridgeIsAClearIllegalState() throws IOException {
        boolean bridge;
        try {
            Class.forName(SegmentMapping.CHRONICLE_CLASS);
            bridge = true;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            bridge = false;
        }
        Assumptions.assumeFalse(bridge, "the Chronicle bridge is present");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedArray.create("chron", DType.INT32, Shape.of(4), opts().backend(Backend.CHRONICLE)));
        assertTrue(e.getMessage().contains("chronicle-bytes") && e.getMessage().contains("--add-opens"),
                e.getMessage());
        assertEquals(List.of(), filesIn(dir), "nothing is left behind");
    }
}
