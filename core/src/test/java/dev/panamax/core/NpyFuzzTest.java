package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random mutations of valid {@code .npy} files: nothing but {@link NpyFormatException} may escape
 * the parser (no OutOfMemoryError, no index or number-format exception, no stack overflow), and every header it
 * accepts is self-consistent with the bytes it came from.
 */
class NpyFuzzTest {
    /** Fixed so a failure reproduces; printed with every failure. */
    static final long SEED = 0x5EED_2026_11_22L;
    static final int CASES = 20_000;
    /** Every this-many cases also goes through a real file: readHeader(Path) and a full Npy.read. */
    static final int FILE_SAMPLE = 20;

    @TempDir
    Path fallbackDir;
    /** One reused file in tmpfs: the sample is about parsing, and a shared disk makes 1000 file writes slow. */
    private Path file;

    @Test
    void mutatedHeadersFailOnlyWithNpyFormatExceptionOrParseConsistently() throws Exception {
        try (Scratch scratch = new Scratch("panamax-npyfuzz-", fallbackDir)) {
            file = scratch.dir().resolve("fuzz.npy");
            fuzz();
        }
    }

    private void fuzz() throws Exception {
        List<byte[]> seeds = NpyMutator.seeds();
        Random random = new Random(SEED);
        NpyMutator mutator = new NpyMutator(random);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            // Every tenth case is a valid file written in one of the ways Python allows, unmutated: it must parse.
            boolean valid = i % 10 == 0;
            byte[] base = valid || random.nextBoolean() ? mutator.randomValid() : seeds.get(random.nextInt(seeds.size()));
            byte[] input = valid ? base : mutator.mutate(base);
            int index = i;
            // Built only on failure: escaping 20000 inputs would cost more than parsing them.
            Supplier<String> where = () -> "seed=" + SEED + " case=" + index + " input=" + NpyMutator.escape(input);
            String verdict;
            try {
                NpyHeader h = Npy.parseHeader(input);
                checkConsistent(h, input, where);
                verdict = h.toString();
                accepted += valid ? 0 : 1;
            } catch (NpyFormatException e) {
                if (valid) {
                    throw new AssertionError("valid file refused: " + e.getMessage() + " for " + where.get(), e);
                }
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), where);
                verdict = e.getMessage();
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("parseHeader threw " + t + " for " + where.get(), t);
            }
            if (i % FILE_SAMPLE == 0) {
                throughRealFile(input, verdict, where);
            }
        }
        System.out.printf("npy fuzz: seed=%d cases=%d (%d valid variants) mutants accepted=%d rejected=%d%n",
                SEED, CASES, CASES / 10, accepted, rejected);
        // The mutator must reach both paths, or this test proves little.
        assertTrue(accepted > CASES / 50, "only " + accepted + " mutants accepted");
        assertTrue(rejected > CASES / 2, "only " + rejected + " mutants rejected");
    }

    private void throughRealFile(byte[] input, String verdict, Supplier<String> where) throws Exception {
        Files.write(file, input);
        String fromFile;
        try {
            fromFile = Npy.readHeader(file).toString();
        } catch (NpyFormatException e) {
            fromFile = e.getMessage();
        } catch (Throwable t) {
            throw new AssertionError("readHeader(Path) threw " + t + " for " + where.get(), t);
        }
        assertEquals(verdict, fromFile, () -> "bytes and file disagree for " + where.get());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(input.length / 2); // readHeader reads from offset 0 wherever the channel is
            String fromChannel;
            try {
                fromChannel = Npy.readHeader(ch).toString();
            } catch (NpyFormatException e) {
                fromChannel = e.getMessage();
            } catch (Throwable t) {
                throw new AssertionError("readHeader(channel) threw " + t + " for " + where.get(), t);
            }
            assertEquals(verdict, fromChannel, () -> "bytes and channel disagree for " + where.get());
        }
        try (OffHeapArray a = Npy.read(file)) {
            NpyHeader h = Npy.parseHeader(input);
            byte[] expected = Arrays.copyOfRange(input, (int) h.dataOffset(), (int) h.fileSize());
            assertArrayEquals(expected, a.segment().toArray(ValueLayout.JAVA_BYTE), where);
        } catch (NpyFormatException e) {
            // refused, or column-major: both are fine
        } catch (Throwable t) {
            throw new AssertionError("Npy.read threw " + t + " for " + where.get(), t);
        }
    }

    /** What an accepted header must satisfy, whatever bytes it came from. */
    static void checkConsistent(NpyHeader h, byte[] input, Supplier<String> where) throws NpyFormatException {
        int major = input[6];
        assertEquals(major, h.majorVersion(), where);
        assertEquals(0, h.minorVersion(), where);
        long lengthField = major == 1
                ? Byte.toUnsignedInt(input[8]) | Byte.toUnsignedInt(input[9]) << 8
                : java.nio.ByteBuffer.wrap(input).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xFFFFFFFFL;
        assertEquals((major == 1 ? 10 : 12) + lengthField, h.dataOffset(), where);
        assertEquals(h.shape().byteSize(h.dtype()), h.dataBytes(), where);
        assertTrue(h.dataOffset() <= h.fileSize() && h.fileSize() <= input.length,
                () -> "file of " + input.length + " bytes does not cover " + h + ": " + where.get());
        // Panamax's own encoding of what was understood parses back to the same thing.
        byte[] again = Npy.encodeHeader(h.dtype(), h.shape());
        NpyHeader h2 = Npy.parseHeader(Arrays.copyOf(again, Math.toIntExact(again.length + h.dataBytes())));
        assertEquals(h.dtype(), h2.dtype(), where);
        assertEquals(h.shape(), h2.shape(), where);
    }
}
