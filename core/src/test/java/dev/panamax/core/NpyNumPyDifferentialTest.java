package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing against NumPy's own header reader: every mutated file Panamax accepts, NumPy must accept
 * too, with the same dtype, shape, order and data offset, and with the data inside the file. Panamax may refuse
 * more (big-endian, bool, Python syntax NumPy never writes) but must never read a file differently.
 */
class NpyNumPyDifferentialTest {
    static final long SEED = 0xD1FF_2026L;
    static final int CASES = 1500;

    @TempDir
    Path fallbackDir;

    @Test
    void everyFilePanamaxAcceptsNumPyReadsTheSameWay() throws Exception {
        NumPy.require();
        try (Scratch scratch = new Scratch("panamax-npydiff-", fallbackDir)) {
            compareWithNumPy(scratch.dir());
        }
    }

    private void compareWithNumPy(Path dir) throws Exception {
        Random random = new Random(SEED);
        NpyMutator mutator = new NpyMutator(random);
        // Short headers only: NumPy's tokenizer takes seconds on some mutations of 4 KiB Panamax headers.
        List<byte[]> seeds = NpyMutator.seeds().stream().filter(b -> b.length < 1024).toList();
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] base = random.nextBoolean() ? mutator.randomValid() : seeds.get(random.nextInt(seeds.size()));
            byte[] input = i % 5 == 0 ? base : mutator.mutate(base);
            inputs.add(input);
            Files.write(dir.resolve(String.format("m%05d.npy", i)), input);
        }
        String[] lines = NumPy.run(NumPy.HEADER_READER, dir.toString()).strip().split("\n");
        assertEquals(CASES, lines.length);
        int bothAccept = 0;
        int unsupportedDtype = 0;
        List<String> stricter = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String[] numpy = lines[i].split(" ");
            assertEquals(String.format("m%05d.npy", i), numpy[0]);
            String where = "seed=" + SEED + " case=" + i + " input=" + NpyMutator.escape(inputs.get(i))
                    + " numpy=" + lines[i];
            NpyHeader h;
            try {
                h = Npy.parseHeader(inputs.get(i));
            } catch (NpyFormatException e) {
                if (numpy[1].equals("ok")) {
                    boolean supported = Arrays.stream(DType.values()).anyMatch(t -> t.typestr().equals(numpy[2]));
                    if (supported) {
                        // A supported dtype that Panamax refuses: Python syntax it does not take (string
                        // concatenation, hex or underscored ints, comments). Rare, or something is wrong.
                        stricter.add(lines[i] + " refused with: " + e.getMessage());
                    } else {
                        unsupportedDtype++;
                    }
                }
                continue;
            }
            assertEquals("ok", numpy[1], () -> "Panamax accepted " + h + " but NumPy refused: " + where);
            assertEquals(h.dtype().typestr(), numpy[2], where);
            String dims = Arrays.stream(h.shape().dims()).mapToObj(Long::toString).collect(Collectors.joining(","));
            assertEquals(dims, numpy[3], where);
            assertEquals(h.fortranOrder() ? "True" : "False", numpy[numpy.length - 2], where);
            assertEquals(Long.toString(h.dataOffset()), numpy[numpy.length - 1], where);
            bothAccept++;
        }
        System.out.printf("npy differential: seed=%d cases=%d both accept=%d only NumPy accepts: %d with an "
                + "unsupported dtype, %d with Python syntax Panamax refuses%n",
                SEED, CASES, bothAccept, unsupportedDtype, stricter.size());
        assertTrue(bothAccept > CASES / 10, "only " + bothAccept + " accepted by both");
        assertTrue(stricter.size() <= CASES / 100, () -> "Panamax refuses files NumPy reads:\n"
                + String.join("\n", stricter));
    }
}
