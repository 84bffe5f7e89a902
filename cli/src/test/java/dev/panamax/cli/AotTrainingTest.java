package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.cli.internal.AotTraining;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {
    @TempDir
    Path dir;

    @Test
    void trainingRunLeavesItsScratchDirectoryEmpty() {
        AotTraining.main(new String[] {dir.toString()});
        assertEquals(List.of(), CliRun.snapshot(dir));
    }
}
