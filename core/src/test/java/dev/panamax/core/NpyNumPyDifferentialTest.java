package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** Prints one line per file: "ok <dtype.str> <dims> <fortran> <offset>" or "err <exception>". */
    private static final String READER = """
            import sys, os
            import numpy as np
            from numpy.lib import format as npf
            for name in sorted(os.listdir(sys.argv[1])):
                path = os.path.join(sys.argv[1], name)
                try:
                    with open(path, 'rb') as f:
                        major, minor = npf.read_magic(f)
                        shape, fortran, dtype = npf._read_array_header(f, (major, minor), max_header_size=1 << 30)
                        offset = f.tell()
                    nbytes = dtype.itemsize
                    for d in shape:
                        nbytes *= d
                    if any(d < 0 for d in shape) or offset + nbytes > os.path.getsize(path):
                        raise ValueError('data does not fit')
                    print(name, 'ok', dtype.str, ','.join(map(str, shape)), fortran, offset)
                except Exception as e:
                    print(name, 'err', type(e).__name__)
            """;

    @TempDir
    Path dir;

    @Test
    void everyFilePanamaxAcceptsNumPyReadsTheSameWay() throws Exception {
        NumPy.require();
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
        String[] lines = NumPy.run(READER, dir.toString()).strip().split("\n");
        assertEquals(CASES, lines.length);
        int bothAccept = 0;
        int onlyNumPy = 0;
        for (int i = 0; i < CASES; i++) {
            String[] numpy = lines[i].split(" ");
            assertEquals(String.format("m%05d.npy", i), numpy[0]);
            String where = "seed=" + SEED + " case=" + i + " input=" + NpyMutator.escape(inputs.get(i))
                    + " numpy=" + lines[i];
            NpyHeader h;
            try {
                h = Npy.parseHeader(inputs.get(i));
            } catch (NpyFormatException e) {
                onlyNumPy += numpy[1].equals("ok") ? 1 : 0;
                continue;
            }
            assertEquals("ok", numpy[1], () -> "Panamax accepted " + h + " but NumPy refused: " + where);
            assertEquals(h.dtype().typestr(), numpy[2], where);
            String dims = h.shape().rank() == 0 ? "" : h.shape().toString().replaceAll("[\\[\\] ]", "");
            assertEquals(dims, numpy[3], where);
            assertEquals(h.fortranOrder() ? "True" : "False", numpy[numpy.length - 2], where);
            assertEquals(Long.toString(h.dataOffset()), numpy[numpy.length - 1], where);
            bothAccept++;
        }
        System.out.printf("npy differential: seed=%d cases=%d both accept=%d only NumPy accepts=%d%n",
                SEED, CASES, bothAccept, onlyNumPy);
        assertTrue(bothAccept > CASES / 10, "only " + bothAccept + " accepted by both");
    }
}
