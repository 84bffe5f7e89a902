package example.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.simd.Simd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example under Surefire: the flags come from the argLine, the workers find the test class path themselves. */
class AppTest {
    @Test
    void everyStepRunsAndLeavesNoSegment() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        App.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("consumer: OK" + System.lineSeparator()), out);
        assertTrue(out.contains("second JVM: pid "), out);
        assertTrue(Simd.vectorized(), "the argLine's --add-modules jdk.incubator.vector turns the Vector API on");
        String name = "panamax-consumer-" + ProcessHandle.current().pid();
        assertTrue(Files.notExists(Path.of("/dev/shm", name)), "unlinked: " + name);
    }
}
