package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Npy;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.NpyHeader;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every mapping backend must have. One subclass per {@link Backend}: {@code FfmSharedArrayTest} here,
 * and the Chronicle bridge's own subclass, so both run exactly the same suite.
 */
public abstract class SharedArrayContract {
    @TempDir
    Path dir;

    /** @return the backend under test */
    protected abstract Backend backend();

    protected SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT).backend(backend());
    }

    protected List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createWritesANpyFileWithDataAtPageOffsetAndZeroData() throws IOException {
        try (SharedArray a = SharedArray.create("a", DType.FLOAT64, Shape.of(1000, 3), opts())) {
            assertEquals("a", a.name());
            assertEquals(dir.resolve("a"), a.path());
            assertEquals(DType.FLOAT64, a.dtype());
            assertEquals(Shape.of(1000, 3), a.shape());
            assertEquals(24_000, a.byteSize());
            assertEquals(24_000, a.segment().byteSize());
            assertEquals(0, a.segment().address() % 4096, "data is page-aligned");
            for (long i = 0; i < a.length(); i++) {
                assertEquals(0.0, a.asDoubles().get(i));
            }
            NpyHeader h = Npy.readHeader(a.path());
            assertEquals(4096, h.dataOffset());
            assertEquals(4096 + 24_000, Files.size(a.path()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path())));
        }
        assertEquals(List.of("a"), filesIn(dir), "no temporary file is left");
    }

    @Test
    void openSeesTheCreatorsWritesAndTheCreatorSeesTheOpenersWrites() throws IOException {
        try (SharedArray a = SharedArray.create("shared", DType.INT64, Shape.of(100), opts());
             SharedArray b = SharedArray.open("shared", opts())) {
            assertEquals(DType.INT64, b.dtype());
            assertEquals(Shape.of(100), b.shape());
            a.asLongs().set(7, 42);
            assertEquals(42, b.asLongs().get(7));
            b.asLongs().set(99, -5);
            assertEquals(-5, a.asLongs().get(99));
        }
        try (OffHeapArray copy = Npy.read(dir.resolve("shared"))) {
            assertEquals(42, copy.asLongs().get(7));
            assertEquals(-5, copy.asLongs().get(99));
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrowsIllegalState() throws IOException {
        SharedArray a = SharedArray.create("c", DType.FLOAT64, Shape.of(10), opts());
        DoubleView v = a.asDoubles();
        assertTrue(a.isOpen());
        a.close();
        a.close();
        assertFalse(a.isOpen());
        IllegalStateException e = assertThrows(IllegalStateException.class, a::segment);
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> v.get(0));
        assertThrows(IllegalStateException.class, a::atomicLongs);
        assertTrue(Files.exists(dir.resolve("c")), "close does not unlink");
    }

    @Test
    void closeFromManyThreadsAtOnceIsSafe() throws Exception {
        SharedArray a = SharedArray.create("race", DType.INT32, Shape.of(1024), opts());
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(ex.submit(() -> {
                    go.await();
                    a.close();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdownNow();
        }
        assertFalse(a.isOpen());
    }

    @Test
    void unlinkRemovesTheNameButTheMappingStaysValidUntilClose() throws IOException {
        try (SharedArray a = SharedArray.create("u", DType.INT32, Shape.of(10), opts())) {
            a.asInts().set(3, 33);
            a.unlink();
            assertFalse(Files.exists(a.path()));
            assertEquals(33, a.asInts().get(3));
            a.asInts().set(4, 44);
            assertEquals(44, a.asInts().get(4));
            NoSuchSegmentException e = assertThrows(NoSuchSegmentException.class, a::unlink);
            assertTrue(e.getMessage().contains("'u'"), e.getMessage());
        }
    }

    @Test
    void instanceUnlinkLeavesAFileRecreatedUnderTheSameNameAlone() throws IOException {
        try (SharedArray a = SharedArray.create("again", DType.INT32, Shape.of(10), opts())) {
            SharedArray.unlink("again", dir);
            try (SharedArray b = SharedArray.create("again", DType.INT32, Shape.of(20), opts())) {
                assertThrows(NoSuchSegmentException.class, a::unlink);
                assertTrue(Files.exists(b.path()));
                assertEquals(Shape.of(20), Npy.readHeader(b.path()).shape());
            }
        }
    }

    @Test
    void staticUnlinkOfAMissingNameThrowsNoSuchSegment() {
        NoSuchSegmentException e = assertThrows(NoSuchSegmentException.class,
                () -> SharedArray.unlink("missing", dir));
        assertTrue(e.getMessage().contains("'missing'") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", ".", ".hidden", "nul\0byte", "caf\u00e9", "sp ace", "/etc/passwd",
            "x\ny", "tab\t"})
    void invalidNamesAreRefusedWithTheNameInTheMessage(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedArray.create(bad, DType.INT32, Shape.of(1), opts()));
        assertTrue(e.getMessage().contains("segment name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedArray.open(bad, opts()));
        assertThrows(IllegalArgumentException.class, () -> SharedArray.unlink(bad, dir));
        assertThrows(IllegalArgumentException.class, () -> Segments.info(bad, dir));
    }

    @Test
    void nameLengthLimitIs200Characters() throws IOException {
        String ok = "n".repeat(200);
        try (SharedArray a = SharedArray.create(ok, DType.UINT8, Shape.of(1), opts())) {
            assertEquals(ok, a.name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedArray.create("n".repeat(201), DType.UINT8, Shape.of(1), opts()));
        assertTrue(e.getMessage().contains("length 201"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedArray.create(null, DType.UINT8, Shape.of(1), opts()));
        assertEquals(List.of(ok), filesIn(dir));
    }

    @Test
    void invalidDtypeOrShapeIsRefusedAndLeavesNothing() {
        assertThrows(NullPointerException.class, () -> SharedArray.create("x", null, Shape.of(1), opts()));
        assertThrows(NullPointerException.class, () -> SharedArray.create("x", DType.INT8, null, opts()));
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> SharedArray.create("x", DType.INT8, Shape.of(-1), opts()));
        assertTrue(neg.getMessage().contains("-1"), neg.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> SharedArray.create("x", DType.FLOAT64, Shape.of(Long.MAX_VALUE / 4), opts()));
        assertTrue(big.getMessage().contains(Long.toString(Long.MAX_VALUE / 4)), big.getMessage());
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> SharedArray.create("x", DType.INT8, Shape.of(Long.MAX_VALUE - 100), opts()));
        assertTrue(overflow.getMessage().contains("Long.MAX_VALUE"), overflow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.parse("complex128"));
        assertTrue(dir.toFile().list().length == 0);
    }

    @Test
    void emptyArraysAndRankZeroWork() throws IOException {
        try (SharedArray a = SharedArray.create("empty", DType.FLOAT32, Shape.of(0, 5), opts());
             SharedArray s = SharedArray.create("scalar", DType.INT16, Shape.of(), opts())) {
            assertEquals(0, a.byteSize());
            assertEquals(2, s.byteSize());
            try (SharedArray b = SharedArray.open("empty", opts())) {
                assertEquals(Shape.of(0, 5), b.shape());
            }
        }
    }

    @Test
    void createOnAnExistingNameThrowsAndLeavesTheFileByteForByte() throws IOException {
        Path existing = dir.resolve("taken");
        byte[] content = "not even a npy file, but it is someone's".getBytes();
        Files.write(existing, content);
        SegmentExistsException e = assertThrows(SegmentExistsException.class,
                () -> SharedArray.create("taken", DType.INT32, Shape.of(10), opts()));
        assertTrue(e.getMessage().contains("'taken'"), e.getMessage());
        assertArrayEquals(content, Files.readAllBytes(existing));
        try (SharedArray a = SharedArray.create("seg", DType.INT32, Shape.of(10), opts())) {
            a.asInts().set(0, 7);
            byte[] before = Files.readAllBytes(a.path());
            assertThrows(SegmentExistsException.class, () -> SharedArray.create("seg", DType.FLOAT64, Shape.of(99), opts()));
            assertArrayEquals(before, Files.readAllBytes(a.path()));
            assertEquals(7, a.asInts().get(0));
        }
        assertEquals(List.of("seg", "taken"), filesIn(dir));
    }

    @Test
    void createRacingOnOneNameHasExactlyOneWinner() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SharedArray>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(ex.submit(() -> {
                    go.await();
                    try {
                        return SharedArray.create("contended", DType.INT64, Shape.of(1000), opts());
                    } catch (SegmentExistsException e) {
                        return null;
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<SharedArray> f : fs) {
                SharedArray a = f.get();
                if (a != null) {
                    winners++;
                    a.close();
                }
            }
            assertEquals(1, winners);
        } finally {
            ex.shutdownNow();
        }
        assertEquals(List.of("contended"), filesIn(dir));
    }

    @Test
    void openOfAMissingNameThrowsNoSuchSegment() {
        NoSuchSegmentException e = assertThrows(NoSuchSegmentException.class, () -> SharedArray.open("nope", opts()));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains(dir.toString()), e.getMessage());
        assertThrows(NoSuchSegmentException.class, () -> Segments.info("nope", dir));
    }

    @Test
    void openOfANonNpyFileThrowsNpyFormat() throws IOException {
        Files.writeString(dir.resolve("text"), "hello, this is not a numpy file at all");
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> SharedArray.open("text", opts()));
        assertTrue(e.getMessage().contains("'text'") && e.getMessage().contains("magic"), e.getMessage());
        Files.write(dir.resolve("zero"), new byte[0]);
        assertThrows(NpyFormatException.class, () -> SharedArray.open("zero", opts()));
        Files.write(dir.resolve("tiny"), new byte[] {(byte) 0x93, 'N', 'U'});
        assertThrows(NpyFormatException.class, () -> SharedArray.open("tiny", opts()));
    }

    @Test
    void openOfATruncatedFileThrowsNpyFormat() throws IOException {
        try (SharedArray a = SharedArray.create("trunc", DType.FLOAT64, Shape.of(1000), opts())) {
            a.unlink();
        }
        byte[] full = Npy.encodeHeader(DType.FLOAT64, Shape.of(1000));
        Files.write(dir.resolve("halfheader"), Arrays.copyOf(full, 100));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> SharedArray.open("halfheader", opts()));
        assertTrue(e.getMessage().contains("'halfheader'"), e.getMessage());
        byte[] shortData = Arrays.copyOf(full, full.length + 7999);
        Files.write(dir.resolve("shortdata"), shortData);
        NpyFormatException d = assertThrows(NpyFormatException.class, () -> SharedArray.open("shortdata", opts()));
        assertTrue(d.getMessage().contains("8000") && d.getMessage().contains(Integer.toString(shortData.length)),
                d.getMessage());
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void checkNotTruncatedPassesOnAWholeFileAndNamesTheSegmentAndBothSizesOnceItShrank() throws IOException {
        try (SharedArray a = SharedArray.create("shrinks", DType.FLOAT64, Shape.of(1000), opts())) {
            a.checkNotTruncated();
            truncate(a.path(), 8192);
            SegmentTruncatedException e = assertThrows(SegmentTruncatedException.class, a::checkNotTruncated);
            assertEquals(4096 + 8000, e.expectedBytes());
            assertEquals(8192, e.actualBytes());
            assertTrue(e.getMessage().startsWith("segment 'shrinks' in " + dir + " was truncated while mapped")
                    && e.getMessage().contains("need 12096 bytes, the file now has 8192"), e.getMessage());
            assertEquals(1.0, a.asDoubles().get(0) + 1.0, "the pages that are left still read");
        }
    }

    @Test
    void checkNotTruncatedOfAnOpenedSegmentCountsOnlyTheHeaderAndData() throws IOException {
        byte[] header = Npy.encodeHeader(DType.INT32, Shape.of(10));
        // Bytes after the data (NumPy never writes them, other tools might) may go: the data is still whole.
        Files.write(dir.resolve("padded"), Arrays.copyOf(header, header.length + 40 + 100));
        try (SharedArray a = SharedArray.open("padded", opts())) {
            truncate(a.path(), header.length + 40);
            a.checkNotTruncated();
            truncate(a.path(), header.length + 39);
            assertEquals(header.length + 40, assertThrows(SegmentTruncatedException.class, a::checkNotTruncated)
                    .expectedBytes());
        }
    }

    @Test
    void checkNotTruncatedLooksAtTheMappedFileNotWhateverHasItsNameNow() throws IOException {
        try (SharedArray a = SharedArray.create("renamed", DType.INT64, Shape.of(4096), opts())) {
            truncate(a.path(), 4096);
            a.unlink();
            try (SharedArray b = SharedArray.create("renamed", DType.INT64, Shape.of(4096), opts())) {
                assertThrows(SegmentTruncatedException.class, a::checkNotTruncated);
                b.checkNotTruncated();
            }
        }
    }

    /** A FileChannel closes itself when an interrupted thread uses it; the check must not, and keeps the flag. */
    @Test
    void checkNotTruncatedFromAnInterruptedThreadKeepsWorkingAndKeepsTheInterrupt() throws IOException {
        try (SharedArray a = SharedArray.create("interrupted", DType.INT32, Shape.of(16), opts())) {
            Thread.currentThread().interrupt();
            try {
                a.checkNotTruncated();
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            } finally {
                Thread.interrupted();
            }
            truncate(a.path(), 100);
            assertThrows(SegmentTruncatedException.class, a::checkNotTruncated);
        }
    }

    @Test
    void checkNotTruncatedAfterCloseIsAnIllegalState() throws IOException {
        SharedArray a = SharedArray.create("closed", DType.INT32, Shape.of(16), opts());
        a.close();
        assertThrows(IllegalStateException.class, a::checkNotTruncated);
    }

    @Test
    void openOfAHeaderWhoseShapeNeedsMoreThanTheFileThrowsNpyFormat() throws IOException {
        byte[] header = Npy.encodeHeader(DType.INT64, Shape.of(1L << 40));
        Files.write(dir.resolve("liar"), Arrays.copyOf(header, header.length + 64));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> SharedArray.open("liar", opts()));
        assertTrue(e.getMessage().contains(Long.toString(1L << 40)), e.getMessage());
        assertEquals(header.length + 64, Files.size(dir.resolve("liar")), "open never grows the file");
    }

    @Test
    void openOfAColumnMajorMatrixIsRefused() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
        byte[] file = npyBytes(dict, 48);
        Files.write(dir.resolve("fortran"), file);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> SharedArray.open("fortran", opts()));
        assertTrue(e.getMessage().contains("fortran_order"), e.getMessage());
    }

    @Test
    void openWithExpectationsSaysWhatDiffers() throws IOException {
        Path old = Segments.defaultDirectory();
        try (SharedArray a = SharedArray.create("expect-" + ProcessHandle.current().pid(), DType.INT32, Shape.of(4, 5),
                SegmentOptions.defaults().backend(backend()))) {
            try (SharedArray ok = SharedArray.open(a.name(), DType.INT32, Shape.of(4, 5));
                 SharedArray any = SharedArray.open(a.name(), null, null)) {
                assertEquals(Shape.of(4, 5), ok.shape());
                assertEquals(DType.INT32, any.dtype());
            }
            SegmentException d = assertThrows(SegmentException.class,
                    () -> SharedArray.open(a.name(), DType.FLOAT64, Shape.of(4, 5)));
            assertTrue(d.getMessage().contains("dtype differs") && d.getMessage().contains("int32")
                    && d.getMessage().contains("float64"), d.getMessage());
            SegmentException s = assertThrows(SegmentException.class,
                    () -> SharedArray.open(a.name(), DType.INT32, Shape.of(20)));
            assertTrue(s.getMessage().contains("shape differs") && s.getMessage().contains("(4, 5)"), s.getMessage());
            a.unlink();
        }
        assertEquals(old, Segments.defaultDirectory());
    }

    @Test
    void readOnlyOpenRefusesWrites() throws IOException {
        try (SharedArray a = SharedArray.create("ro", DType.FLOAT64, Shape.of(8), opts());
             SharedArray r = SharedArray.open("ro", opts().readOnly(true))) {
            a.asDoubles().set(1, 2.5);
            assertEquals(2.5, r.asDoubles().get(1));
            assertTrue(r.segment().isReadOnly());
            assertThrows(UnsupportedOperationException.class, () -> r.asDoubles().set(0, 1.0));
        }
    }

    @Test
    void lazyReserveCreatesASparseFileOfTheFullSize() throws IOException {
        long n = 1L << 24;
        try (SharedArray a = SharedArray.create("lazy", DType.INT8, Shape.of(n), opts().reserve(false))) {
            assertEquals(4096 + n, Files.size(a.path()));
            a.segment().set(ValueLayout.JAVA_BYTE, n - 1, (byte) 9);
            assertEquals(9, a.segment().get(ValueLayout.JAVA_BYTE, n - 1));
        }
    }

    @Test
    void aSymlinkAtTheNameIsNeverFollowed() throws IOException {
        Path target = dir.resolve("real-target");
        try (SharedArray t = SharedArray.create("real-target", DType.INT32, Shape.of(4), opts())) {
            t.asInts().set(0, 123);
        }
        byte[] before = Files.readAllBytes(target);
        Files.createSymbolicLink(dir.resolve("link"), target);
        SegmentException o = assertThrows(SegmentException.class, () -> SharedArray.open("link", opts()));
        assertTrue(o.getMessage().contains("symbolic link"), o.getMessage());
        assertThrows(SegmentExistsException.class, () -> SharedArray.create("link", DType.INT32, Shape.of(4), opts()));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("does-not-exist"));
        assertThrows(SegmentExistsException.class,
                () -> SharedArray.create("dangling", DType.INT32, Shape.of(4), opts()));
        assertFalse(Files.exists(dir.resolve("does-not-exist")), "create never writes through a link");
        SegmentException i = assertThrows(SegmentException.class, () -> Segments.info("link", dir));
        assertTrue(i.getMessage().contains("symbolic link"), i.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        SharedArray.unlink("link", dir);
        assertTrue(Files.exists(target), "unlink removes the link, not its target");
        assertArrayEquals(before, Files.readAllBytes(target));
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        Path nowhere = dir.resolve("no/such/dir");
        IOException e = assertThrows(IOException.class,
                () -> SharedArray.create("x", DType.INT32, Shape.of(4), opts().directory(nowhere)));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void numpyWrittenFilesWithDataAtOffset128Open() throws IOException {
        byte[] file = npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 12);
        ByteBuffer.wrap(file, file.length - 12, 12).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putInt(3);
        Files.write(dir.resolve("np"), file);
        try (SharedArray a = SharedArray.open("np", opts())) {
            assertEquals(DType.INT32, a.dtype());
            assertArrayEquals(new int[] {1, 2, 3}, a.asInts().toArray());
        }
    }

    @Test
    void optionsAreImmutableAndRefuseUnknownLifetime() {
        SegmentOptions d = SegmentOptions.defaults();
        SegmentOptions o = d.directory(dir).lifetime(Lifetime.PERSISTENT).reserve(false).readOnly(true);
        assertEquals(Lifetime.PROCESS, d.lifetime());
        assertTrue(d.reserve());
        assertEquals(Backend.FFM, d.backend());
        assertEquals(dir, o.directory());
        assertEquals(Lifetime.PERSISTENT, o.lifetime());
        assertFalse(o.reserve());
        assertTrue(o.readOnly());
        assertThrows(IllegalArgumentException.class, () -> d.lifetime(Lifetime.UNKNOWN));
    }

    /** A .npy v1.0 file with the given dict, padded to a 128-byte data offset, followed by dataBytes zeros. */
    static byte[] npyBytes(String dict, int dataBytes) {
        int headerLen = 128 - 10;
        byte[] out = new byte[128 + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        System.arraycopy(magic, 0, out, 0, 8);
        out[8] = (byte) headerLen;
        byte[] d = dict.getBytes();
        System.arraycopy(d, 0, out, 10, d.length);
        Arrays.fill(out, 10 + d.length, 127, (byte) ' ');
        out[127] = '\n';
        return out;
    }
}
