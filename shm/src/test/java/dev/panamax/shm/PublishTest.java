package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Create with an initialiser: the name appears only once the data is complete (issue 10, item 3). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theInitialiserRunsBeforeAnyoneCanSeeTheName() throws IOException {
        try (SharedArray a = SharedArray.create("ready", DType.FLOAT64, Shape.of(1000), opts(), x -> {
            try {
                assertFalse(Files.exists(dir.resolve("ready")), "published before it was filled");
                assertThrows(NoSuchSegmentException.class, () -> SharedArray.open("ready", opts()));
                assertEquals(List.of(), Segments.list(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            x.asDoubles().fill(2.5);
        })) {
            assertEquals(dir.resolve("ready"), a.path());
            try (SharedArray reader = SharedArray.open("ready", opts())) {
                assertEquals(2500.0, reader.asDoubles().get(999) * 1000);
            }
        }
        assertEquals(List.of("ready"), files(), "published, and no temporary file left");
        SharedArray.unlink("ready", dir);
    }

    @Test
    void anInitialiserThatThrowsPublishesNothingAndLeavesNothing() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedArray.create("broken", DType.INT32, Shape.of(10), opts(), x -> {
                    x.asInts().set(0, 1);
                    throw new IllegalStateException("fill failed");
                }));
        assertEquals("fill failed", e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void copyOfPublishesACopyOfTheJavaArray() throws IOException {
        try (SharedArray d = SharedArray.copyOf("d", new double[] {1.5, -2, 3}, opts());
             SharedArray f = SharedArray.copyOf("f", new float[] {0.25f}, opts());
             SharedArray i = SharedArray.copyOf("i", new int[] {Integer.MIN_VALUE, 7}, opts());
             SharedArray l = SharedArray.copyOf("l", new long[0], opts());
             SharedArray readD = SharedArray.open("d", opts());
             SharedArray readI = SharedArray.open("i", opts())) {
            assertArrayEquals(new double[] {1.5, -2, 3}, readD.asDoubles().toArray());
            assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, readI.asInts().toArray());
            assertEquals(DType.FLOAT32, f.dtype());
            assertEquals(0.25f, f.asFloats().get(0));
            assertEquals(Shape.of(0), l.shape());
            assertEquals(DType.INT64, l.dtype());
        }
        assertThrows(NullPointerException.class, () -> SharedArray.copyOf("n", (double[]) null, opts()));
        assertEquals(List.of("d", "f", "i", "l"), files());
    }

    @Test
    void aFillIsAnInitialiserAndARefusedFillPublishesNothing() throws IOException {
        try (SharedArray a = SharedArray.create("codes", DType.UINT8, Shape.of(1000, 7), opts(),
                Fill.integers(5, 0, 256));
             SharedArray b = SharedArray.open("codes", opts())) {
            try (OffHeapArray expected = OffHeapArray.allocate(DType.UINT8, Shape.of(1000, 7),
                    Fill.integers(5, 0, 256))) {
                assertEquals(-1, b.segment().mismatch(expected.segment()), "the same values as in-process");
            }
        }
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> SharedArray.create("bad", DType.INT8, Shape.of(10), opts(), Fill.full(300)));
        assertEquals("full(300) cannot fill int8: outside [-128, 127]", x.getMessage());
        assertEquals(List.of("codes"), files(), "nothing published for the refused fill, no temporary file left");
    }

    @Test
    void anInitialiserThatClosesTheArrayPublishesNothing() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedArray.create("closed", DType.INT32, Shape.of(10), opts(), SharedArray::close));
        assertTrue(e.getMessage().contains("closed segment 'closed' before it was published"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aNameTakenWhileTheInitialiserRunsIsNeverOverwritten() throws IOException {
        SegmentExistsException e = assertThrows(SegmentExistsException.class,
                () -> SharedArray.create("taken", DType.INT32, Shape.of(10), opts(), x -> {
                    try (SharedArray other = SharedArray.create("taken", DType.INT64, Shape.of(3),
                            opts().lifetime(Lifetime.PERSISTENT))) {
                        other.asLongs().set(2, 77);
                    } catch (IOException io) {
                        throw new UncheckedIOException(io);
                    }
                }));
        assertTrue(e.getMessage().contains("'taken' already exists"), e.getMessage());
        assertEquals(List.of("taken"), files());
        try (SharedArray other = SharedArray.open("taken", opts())) {
            assertEquals(77, other.asLongs().get(2));
        }
    }

    @Test
    void aCreatorKilledWhileFillingPublishesNothingAndGcCollectsItsTemporaryFile() throws Exception {
        try (Child c = Child.start(work, "create-init", dir.toString(), "half", "100000")) {
            c.expect("filling");
            List<String> during = files();
            assertEquals(1, during.size(), during::toString);
            assertTrue(during.getFirst().startsWith(Names.TEMP_PREFIX + "half-" + c.pid() + "-"), during::toString);
            assertEquals(List.of(), Segments.gc(dir, false).removed(), "the creator lives and holds its lock");
            c.kill9();
            assertEquals(during, files(), "nothing published");
            List<SegmentInfo> removed = Segments.gc(dir, false).removed();
            assertEquals(during, removed.stream().map(SegmentInfo::name).toList());
            assertEquals(c.pid(), removed.getFirst().creatorPid());
        }
        assertEquals(List.of(), files());
    }

    @Test
    void aCreatorThatFinishesPublishesWhatItFilled() throws Exception {
        try (Child c = Child.start(work, "create-init", dir.toString(), "whole", "1000")) {
            c.expect("filling");
            c.send("go");
            c.expect("published");
            try (SharedArray a = SharedArray.open("whole", opts())) {
                assertEquals(42, a.asLongs().get(0));
            }
            assertEquals(List.of("whole"), files());
        }
    }
}
