package dev.panamax.shm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NumPy queue reader of {@code docs/ipc.md}, exactly as the page shows it, consuming rows that this JVM produces
 * while it reads. Skipped when {@code /usr/bin/python3} has no NumPy, unless {@code PANAMAX_REQUIRE_NUMPY=1}.
 */
class PythonQueueReaderTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path DOC = Path.of("..", "docs", "ipc.md");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNumpy() throws Exception {
        NumpyInteropTest.requireNumpy();
    }

    /** @return the Python code between the page's queue-reader markers, without the fence lines */
    static String readerFromDocs() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf("<!-- queue-reader: begin -->");
        int end = doc.indexOf("<!-- queue-reader: end -->");
        assertTrue(begin >= 0 && end > begin, "markers in " + DOC.toAbsolutePath());
        String block = doc.substring(begin, end);
        return block.substring(block.indexOf("```python") + "```python".length(), block.lastIndexOf("```"));
    }

    @Test
    void theReaderOnThePageTakesRowsThatJavaPutsWhileItReadsUntilTheEnd() throws Exception {
        int rows = 100_000;
        String script = readerFromDocs() + """
                import sys
                r = QueueReader(sys.argv[1])
                got, expect, polls = 0, 0, 0
                while not r.ended():
                    a = r.take('<f8', k=5)     # 48-byte records: the ring's end gets padding
                    if len(a) == 0:
                        time.sleep(0.0005)
                        continue
                    idx = np.arange(expect, expect + len(a), dtype='<f8')
                    if not (np.array_equal(a[:, 0], idx) and np.array_equal(a[:, 1], idx * 0.5)
                            and np.array_equal(a[:, 2], -idx) and np.array_equal(a[:, 3], idx * 2)
                            and np.all(a[:, 4] == 1)):
                        sys.exit(f'wrong rows from {expect}: {a[:3]}')
                    expect += len(a)
                    got += len(a)
                    polls += 1
                print('rows', got, 'batches', polls, 'sum', float(a.sum()) if got else 0.0)
                """;
        try (SharedQueue q = SharedQueue.create("rows", 1 << 16, 1, SegmentOptions.defaults().directory(dir))) {
            Process py = new ProcessBuilder(PYTHON, "-c", script, q.path().toString()).redirectErrorStream(true)
                    .start();
            try {
                try (QueueProducer p = q.producer()) {
                    double[] row = new double[5];
                    MemorySegment seg = MemorySegment.ofArray(row);
                    for (int i = 0; i < rows; i++) {
                        row[0] = i;
                        row[1] = i * 0.5;
                        row[2] = -i;
                        row[3] = i * 2.0;
                        row[4] = 1;
                        assertTrue(p.put(seg, 30, TimeUnit.SECONDS), "Python took nothing for 30 s at row " + i);
                    }
                }
                String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertTrue(py.waitFor(60, TimeUnit.SECONDS), out);
                assertEquals(0, py.exitValue(), out);
                assertTrue(out.startsWith("rows " + rows + " batches "), out);
                assertEquals(0, q.usedBytes(), "Python consumed everything and moved HEAD");
            } finally {
                py.destroyForcibly();
            }
        }
    }
}
