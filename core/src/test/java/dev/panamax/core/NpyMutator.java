package dev.panamax.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Random mutations of valid {@code .npy} files for fuzzing: byte flips, insertions, deletions, truncations,
 * version and header-length rewrites, and edits of the dictionary text. Deterministic for a given
 * {@link Random}.
 */
final class NpyMutator {
    /** Python-literal fragments that the header parser has to get right or refuse cleanly. */
    private static final String[] TOKENS = {
        "(", ")", "[", "]", "{", "}", ",", ":", "'", "\"", "\\", " ", "\n", "\r", "\t", "\f", "\u000b", "\0",
        "True", "False", "None", "true", "-1", "-0", "+3", "0", "00", "07", "3L", "3l", "0x10", "1_0",
        "9223372036854775807", "9223372036854775808", "4611686018427387904", "2305843009213693952",
        "99999999999999999999999", "2**62", "3.5", "1e3", "'<f8'", "'>f8'", "'=f8'", "'|u1'", "'<i1'", "'|b1'",
        "'<U5'", "'|O'", "'<c16'", "'f8'", "[('x', '<f8')]", "('<f8', (2,))", "'descr'", "'shape'",
        "'fortran_order'", "'extra'", "\u00e9", "\u00ff", "((((((((((", "'\\x41'", "'\\'", "'''", "#", "u'<f8'",
        "b'<f8'", "'\\\n'", "(3)", "(3,)", "()", "(0,)", "(1, 2)", "(2, 3)", "(3, 0)", "(1, 1, 1, 1, 1)",
    };

    private final Random random;

    NpyMutator(Random random) {
        this.random = random;
    }

    /** Valid files to start from: every fixture NumPy wrote, and Panamax's own headers with their data. */
    static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(NpyFixturesTest.fixture("manifest.csv").getParent())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".npy")).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (DType t : DType.values()) {
            for (Shape s : List.of(Shape.of(3), Shape.of(2, 3), Shape.of(), Shape.of(0), Shape.of(1, 1, 1, 2))) {
                byte[] h = Npy.encodeHeader(t, s);
                out.add(Arrays.copyOf(h, h.length + Math.toIntExact(s.byteSize(t))));
            }
        }
        return out;
    }

    /**
     * A valid file NumPy would read, written the many ways Python allows: any supported dtype and byte-order
     * prefix, a small shape, keys in any order, either quote, optional trailing comma, version 1, 2 or 3,
     * padding to 16 or 64 bytes, and data of the right size.
     */
    byte[] randomValid() {
        DType t = DType.values()[random.nextInt(DType.values().length)];
        String prefix = t.byteSize() == 1 ? "|<>=".substring(random.nextInt(4)).substring(0, 1)
                : random.nextBoolean() ? "<" : "=";
        long[] dims = new long[random.nextInt(4)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = random.nextInt(5);
        }
        Shape shape = Shape.of(dims);
        char q = random.nextBoolean() ? '\'' : '"';
        String sep = List.of(": ", ":", " : ").get(random.nextInt(3));
        List<String> items = new ArrayList<>(List.of(
                q + "descr" + q + sep + q + prefix + t.typestr().substring(1) + q,
                q + "fortran_order" + q + sep + (random.nextInt(4) == 0 ? "True" : "False"),
                q + "shape" + q + sep + shape.toPythonTuple()));
        java.util.Collections.shuffle(items, random);
        String dict = "{" + String.join(random.nextBoolean() ? ", " : ",", items) + (random.nextBoolean() ? ", }" : "}");
        int major = 1 + random.nextInt(3);
        int preamble = major == 1 ? 10 : 12;
        int align = random.nextBoolean() ? 64 : 16;
        byte[] raw = dict.getBytes(StandardCharsets.ISO_8859_1);
        int total = (preamble + raw.length + 1 + align - 1) / align * align;
        ByteBuffer out = ByteBuffer.allocate(total + Math.toIntExact(shape.byteSize(t))).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) (total - preamble));
        } else {
            out.putInt(total - preamble);
        }
        out.put(raw);
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        while (out.hasRemaining()) {
            out.put((byte) random.nextInt(256));
        }
        return out.array();
    }

    /** One to three mutations of {@code base} (one in half the cases, so many results stay valid). */
    byte[] mutate(byte[] base) {
        byte[] m = base;
        int n = random.nextBoolean() ? 1 : 2 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            m = mutateOnce(m);
        }
        return m;
    }

    private byte[] mutateOnce(byte[] b) {
        int headerEnd = Math.min(b.length, headerEnd(b) + 8);
        return switch (random.nextInt(10)) {
            case 0 -> flip(b, headerEnd);
            case 1 -> insert(b, headerEnd);
            case 2 -> delete(b, headerEnd);
            case 3 -> Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 4 -> rewriteHeaderLength(b);
            case 5 -> rewriteVersion(b);
            case 6 -> resizeData(b);
            default -> editDict(b);
        };
    }

    /** Where the header says the data starts, or the array length if the preamble is unreadable. */
    private static int headerEnd(byte[] b) {
        if (b.length < 12) {
            return b.length;
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long end = b[6] == 1 ? 10 + Short.toUnsignedInt(bb.getShort(8)) : 12 + Integer.toUnsignedLong(bb.getInt(8));
        return (int) Math.min(end, b.length);
    }

    private int position(int bound) {
        return bound <= 0 ? 0 : random.nextInt(bound);
    }

    private byte[] flip(byte[] b, int bound) {
        if (b.length == 0) {
            return b;
        }
        byte[] c = b.clone();
        int p = position(Math.max(1, bound));
        c[p] = random.nextBoolean() ? (byte) (c[p] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
        return c;
    }

    private byte[] insert(byte[] b, int bound) {
        byte[] add = random.nextBoolean() ? token() : randomBytes(1 + random.nextInt(8));
        int p = position(bound + 1);
        byte[] c = new byte[b.length + add.length];
        System.arraycopy(b, 0, c, 0, p);
        System.arraycopy(add, 0, c, p, add.length);
        System.arraycopy(b, p, c, p + add.length, b.length - p);
        return c;
    }

    private byte[] delete(byte[] b, int bound) {
        if (b.length == 0) {
            return b;
        }
        int p = position(Math.max(1, bound));
        int n = Math.min(b.length - p, 1 + random.nextInt(8));
        byte[] c = new byte[b.length - n];
        System.arraycopy(b, 0, c, 0, p);
        System.arraycopy(b, p + n, c, p, b.length - p - n);
        return c;
    }

    private byte[] rewriteHeaderLength(byte[] b) {
        if (b.length < 12) {
            return b;
        }
        byte[] c = b.clone();
        ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        long current = headerEnd(b) - (b[6] == 1 ? 10 : 12);
        long[] choices = {0, 1, current - 1, current + 1, current - 64, current + 64, b.length, 0xFFFF, 0x10000,
            Npy.MAX_HEADER_LENGTH, Npy.MAX_HEADER_LENGTH + 1L, 0x7FFFFFFF, 0xFFFFFFFFL, random.nextInt(1 << 16),
            random.nextLong() & 0xFFFFFFFFL};
        long v = choices[random.nextInt(choices.length)];
        if (b[6] == 1 && random.nextInt(4) != 0) {
            bb.putShort(8, (short) v);
        } else {
            bb.putInt(8, (int) v);
        }
        return c;
    }

    private byte[] rewriteVersion(byte[] b) {
        if (b.length < 8) {
            return b;
        }
        byte[] c = b.clone();
        int[] versions = {0, 1, 2, 3, 4, 255};
        c[6] = (byte) versions[random.nextInt(versions.length)];
        c[7] = (byte) (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        return c;
    }

    private byte[] resizeData(byte[] b) {
        int delta = random.nextInt(33) - 16;
        return Arrays.copyOf(b, Math.max(0, b.length + delta));
    }

    /**
     * Replaces a random span of the dictionary text with a token, then rewrites the header: usually with a
     * correct length field, re-padded, so the parser sees the edit rather than a broken preamble.
     */
    private byte[] editDict(byte[] b) {
        if (b.length < 12 || (b[6] != 1 && b[6] != 2 && b[6] != 3)) {
            return flip(b, b.length);
        }
        int preamble = b[6] == 1 ? 10 : 12;
        int end = headerEnd(b);
        if (end <= preamble) {
            return flip(b, b.length);
        }
        String text = new String(b, preamble, end - preamble, StandardCharsets.ISO_8859_1).stripTrailing();
        int from = position(text.length() + 1);
        int to = Math.min(text.length(), from + random.nextInt(7));
        String edited = text.substring(0, from) + new String(token(), StandardCharsets.ISO_8859_1)
                + text.substring(to);
        byte[] data = Arrays.copyOfRange(b, end, b.length);
        byte[] raw = edited.getBytes(StandardCharsets.ISO_8859_1);
        int total = (preamble + raw.length + 1 + 63) / 64 * 64;
        ByteBuffer out = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(b, 0, 8);
        if (preamble == 10) {
            out.putShort((short) (total - preamble));
        } else {
            out.putInt(total - preamble);
        }
        out.put(raw);
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        out.put(data);
        return out.array();
    }

    private byte[] token() {
        if (random.nextInt(4) == 0) {
            long[] dims = {0, 1, 2, 3, 5, 8, 1L << 31, 1L << 62, Long.MAX_VALUE};
            StringBuilder sb = new StringBuilder("(");
            int rank = random.nextInt(4);
            for (int i = 0; i < rank; i++) {
                sb.append(i > 0 ? ", " : "").append(dims[random.nextInt(random.nextBoolean() ? 5 : dims.length)]);
            }
            return sb.append(rank == 1 ? ",)" : ")").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] randomBytes(int n) {
        byte[] r = new byte[n];
        random.nextBytes(r);
        return r;
    }

    /** The input as a Java string literal, for failure messages. */
    static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\u%04x", c));
            }
        }
        return sb.append('"').toString();
    }
}
