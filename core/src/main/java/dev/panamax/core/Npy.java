package dev.panamax.core;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NumPy {@code .npy} format: header parsing (versions 1.0, 2.0 and 3.0) and writing.
 *
 * <pre>
 * offset  size      field
 *      0     6      magic "\x93NUMPY"
 *      6     1      major version (1, 2 or 3)
 *      7     1      minor version (0)
 *      8     2 | 4  HEADER_LEN, little-endian: u16 for 1.0, u32 for 2.0 and 3.0
 * 10 | 12    HEADER_LEN  a Python dict literal, latin-1 (utf-8 for 3.0), padded with spaces, ending in '\n':
 *                   {'descr': '&lt;f8', 'fortran_order': False, 'shape': (200000, 5), }
 * dataOffset = 10 | 12 + HEADER_LEN:  the data, shape.elementCount() elements, row-major unless fortran_order
 * </pre>
 *
 * <p>Panamax writes version 1.0 and pads the header so that the data starts at byte {@value #DATA_ALIGNMENT}
 * (page- and cache-line-aligned). It reads any data
 * offset NumPy writes (64 or 128 in practice). Nothing but the header and the data is in the file, so every
 * {@code .npy} reader works on it.
 *
 * <p>Parsing never trusts the input: every malformed header is an {@link NpyFormatException} naming what is
 * wrong; header lengths are checked against the file size before anything is read, and sizes against
 * overflow. The dictionary is read as Python reads it, and only a subset of what NumPy's own reader accepts
 * is accepted (never more): a file Panamax reads, NumPy reads the same way. That includes NumPy's limits: a
 * header of at most {@value #MAX_HEADER_LENGTH} characters ({@code numpy.lib.format}'s default
 * {@code max_header_size}, which {@code np.load} enforces) and at most {@link Shape#MAX_RANK} dimensions, both
 * ways: Panamax neither reads nor writes what NumPy would refuse.
 */
public final class Npy {
    /** Panamax data offset, and the padding unit of headers it writes. */
    public static final int DATA_ALIGNMENT = 4096;
    /**
     * Longest header Panamax reads, in characters after the length field (bytes for versions 1.0 and 2.0, which
     * are latin-1; code points of the UTF-8 text for 3.0): NumPy's default {@code max_header_size}. NumPy refuses
     * longer headers unless told to trust the file; so does Panamax.
     */
    public static final int MAX_HEADER_LENGTH = 10_000;
    /** A version 3.0 header is UTF-8: up to 4 bytes per character. */
    private static final int MAX_HEADER_BYTES = 4 * MAX_HEADER_LENGTH;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_NESTING = 32;
    /** Bytes moved per read or write call: buffers stay far below the 2 GiB limit of a ByteBuffer. */
    static final long IO_CHUNK = 1L << 26;

    private Npy() {
    }

    /**
     * Parses the header at the start of a file's contents.
     *
     * @param file the whole file, or at least its header; {@code fileSize} is used to check that the data fits
     * @param fileSize the size of the whole file in bytes
     * @return the header
     * @throws NpyFormatException if the bytes are not a usable {@code .npy} header, or the file is too short
     *                            for the shape
     * @throws IllegalStateException if the segment's memory has been closed
     */
    public static NpyHeader parseHeader(MemorySegment file, long fileSize) throws NpyFormatException {
        long available = file.byteSize();
        if (available < 10) {
            throw new NpyFormatException("not a .npy file: " + available + " bytes, too short for the 10-byte preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (file.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                throw new NpyFormatException("not a .npy file: bad magic " + hex(file, Math.min(6, available))
                        + ", expected 93 4e 55 4d 50 59 (\\x93NUMPY)");
            }
        }
        int major = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, 6));
        int minor = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, 7));
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + ": expected 1.0, 2.0 or 3.0");
        }
        int preamble = major == 1 ? 10 : 12;
        if (available < preamble) {
            throw new NpyFormatException(".npy version " + major + ".0 needs a " + preamble + "-byte preamble, file has "
                    + available + " bytes");
        }
        long headerLen = major == 1
                ? Short.toUnsignedInt(file.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8))
                : Integer.toUnsignedLong(file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
        long dataOffset = preamble + headerLen;
        if (dataOffset > fileSize) {
            throw new NpyFormatException("header length " + headerLen + " runs past the end of the file (header ends at byte "
                    + dataOffset + ", file has " + fileSize + " bytes)");
        }
        if (headerLen > (major == 3 ? MAX_HEADER_BYTES : MAX_HEADER_LENGTH)) {
            throw new NpyFormatException("header length " + headerLen + " bytes exceeds NumPy's limit of "
                    + MAX_HEADER_LENGTH + " characters (max_header_size): NumPy refuses it too");
        }
        if (dataOffset > available) {
            throw new NpyFormatException("header length " + headerLen + " runs past the end of the file (header ends at byte "
                    + dataOffset + ", file has " + Math.min(available, fileSize) + " bytes)");
        }
        byte[] headerBytes = file.asSlice(preamble, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String header;
        if (major == 3) {
            try {
                header = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(headerBytes)).toString();
            } catch (CharacterCodingException e) {
                throw new NpyFormatException("header of a version 3.0 file is not valid UTF-8", e);
            }
            int chars = header.codePointCount(0, header.length());
            if (chars > MAX_HEADER_LENGTH) {
                throw new NpyFormatException("header of " + chars + " characters exceeds NumPy's limit of "
                        + MAX_HEADER_LENGTH + " (max_header_size): NumPy refuses it too");
            }
        } else {
            header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        }
        NpyHeader h = interpret(header, major, dataOffset);
        long need = h.fileSize();
        if (fileSize < need) {
            throw new NpyFormatException("data shorter than the shape says: " + h.dtype().numpyName() + " " + h.shape()
                    + " needs " + h.dataBytes() + " bytes at offset " + dataOffset + " (file of " + need
                    + " bytes), but the file has " + fileSize + " bytes");
        }
        return h;
    }

    /**
     * Parses the header of a complete file held in memory.
     *
     * @param file the file's bytes
     * @return the header
     * @throws NpyFormatException if the bytes are not a usable {@code .npy} file
     */
    public static NpyHeader parseHeader(byte[] file) throws NpyFormatException {
        return parseHeader(MemorySegment.ofArray(file), file.length);
    }

    /**
     * Reads and parses the header of an open file, without reading the data.
     *
     * @param channel the file, positioned anywhere; it is read from offset 0
     * @return the header
     * @throws NpyFormatException if the file is not a usable {@code .npy} file
     * @throws IOException if reading fails
     */
    public static NpyHeader readHeader(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, pre, 0);
        long want = 12;
        if (pre.limit() >= 10 && pre.get(6) >= 1 && pre.get(6) <= 3) {
            long headerLen = pre.get(6) == 1 ? Short.toUnsignedInt(pre.getShort(8))
                    : pre.limit() >= 12 ? Integer.toUnsignedLong(pre.getInt(8)) : 0;
            want = (pre.get(6) == 1 ? 10 : 12) + Math.min(headerLen, MAX_HEADER_BYTES + 1L);
        }
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(want, size));
        readFully(channel, all, 0);
        return parseHeader(MemorySegment.ofArray(all.array()), size);
    }

    /**
     * Reads the header of a file.
     *
     * @param path the file
     * @return the header
     * @throws NpyFormatException if the file is not a usable {@code .npy} file
     * @throws IOException if the file cannot be read
     */
    public static NpyHeader readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch);
        }
    }

    /**
     * Builds the bytes that precede the data in a Panamax {@code .npy} file: version 1.0 preamble, dict, padding
     * and a newline, {@value #DATA_ALIGNMENT} bytes in all (the dict of a shape of {@link Shape#MAX_RANK}
     * dimensions needs under 1.5 KB).
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @return the header bytes; the data goes right after them
     */
    public static byte[] encodeHeader(DType dtype, Shape shape) {
        String dict = "{'descr': '" + dtype.typestr() + "', 'fortran_order': False, 'shape': "
                + shape.toPythonTuple() + ", }";
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int preamble = 10;
        long total = roundUp(preamble + text.length + 1L, DATA_ALIGNMENT);
        if (total - preamble > MAX_HEADER_LENGTH) {
            throw new IllegalStateException("header of " + (total - preamble) + " bytes for " + shape
                    + " exceeds NumPy's limit of " + MAX_HEADER_LENGTH);
        }
        byte[] out = new byte[Math.toIntExact(total)];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) (total - preamble));
        System.arraycopy(text, 0, out, preamble, text.length);
        for (int i = preamble + text.length; i < out.length - 1; i++) {
            out[i] = ' ';
        }
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * Writes an array to a new {@code .npy} file (data at byte {@value #DATA_ALIGNMENT}). If writing fails, the
     * partly written file is deleted, so a failure leaves nothing behind; readers that open the file while it is
     * being written may see it incomplete (named shared segments in the {@code shm} module publish atomically).
     *
     * @param path the file; must not exist
     * @param array the array, in row-major order; its segment may be native, mapped or on the heap
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (it is left untouched)
     * @throws IllegalArgumentException if the array's segment is not exactly {@code array.byteSize()} bytes
     * @throws IllegalStateException if the array has been closed (no file is created)
     * @throws IOException if writing fails
     */
    public static void write(Path path, NumericArray array) throws IOException {
        byte[] header = encodeHeader(array.dtype(), array.shape());
        MemorySegment data = array.segment();
        if (data.byteSize() != array.byteSize()) {
            throw new IllegalArgumentException("array segment has " + data.byteSize() + " bytes but "
                    + array.dtype().numpyName() + " " + array.shape() + " needs " + array.byteSize());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                writeFully(ch, ByteBuffer.wrap(header));
                writeData(ch, data, IO_CHUNK);
            } catch (IOException | RuntimeException | Error e) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException d) {
                    e.addSuppressed(d);
                }
                throw e;
            }
        }
    }

    /**
     * Reads a whole {@code .npy} file into a new off-heap array (a copy; to share memory, map it with the
     * {@code shm} module instead). Any size works, including arrays over 2 GiB.
     *
     * @param path the file
     * @return the array, row-major; close it to free the memory
     * @throws NpyFormatException if the file is not a usable {@code .npy} file, is column-major 2-D or more,
     *                            or ends before the data the header promises
     * @throws OutOfMemoryError if the memory for the array cannot be allocated
     * @throws IOException if reading fails
     */
    public static OffHeapArray read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            NpyHeader h = readHeader(ch);
            h.requireRowMajor();
            OffHeapArray a = OffHeapArray.allocate(h.dtype(), h.shape());
            try {
                readData(ch, a.segment(), h.dataOffset(), IO_CHUNK);
                return a;
            } catch (IOException | RuntimeException | Error e) {
                a.close();
                throw e;
            }
        }
    }

    // --- header dictionary --------------------------------------------------------------------------

    private static NpyHeader interpret(String header, int major, long dataOffset) throws NpyFormatException {
        LiteralParser p = new LiteralParser(header, major < 3);
        Object parsed = p.parseDocument();
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new NpyFormatException("header is not a dictionary: " + abbreviate(header));
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new NpyFormatException("header is missing key '" + key + "': " + abbreviate(header));
            }
        }
        for (Object key : dict.keySet()) {
            if (!(key instanceof String s) || !(s.equals("descr") || s.equals("fortran_order") || s.equals("shape"))) {
                throw new NpyFormatException("header has unexpected key " + repr(key)
                        + ": expected only 'descr', 'fortran_order' and 'shape'");
            }
        }
        Object descr = dict.get("descr");
        DType dtype;
        if (descr instanceof String s) {
            try {
                dtype = DType.fromTypestr(s);
            } catch (IllegalArgumentException e) {
                throw new NpyFormatException("header 'descr': " + e.getMessage(), e);
            }
        } else if (descr instanceof List<?> && !(descr instanceof TupleList)) {
            throw new NpyFormatException("structured dtype " + abbreviate(String.valueOf(descr))
                    + " is not supported: expected a plain numeric dtype such as '<f8'");
        } else {
            throw new NpyFormatException("header 'descr' is " + repr(descr) + ": expected a typestr such as '<f8'");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException("header 'fortran_order' is " + repr(dict.get("fortran_order"))
                    + ": expected True or False");
        }
        if (!(dict.get("shape") instanceof TupleList dims)) {
            throw new NpyFormatException("header 'shape' is " + repr(dict.get("shape"))
                    + ": expected a tuple of non-negative integers");
        }
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            if (!(dims.get(i) instanceof Long v) || v < 0) {
                throw new NpyFormatException("header 'shape' " + repr(dims) + " has dimension " + repr(dims.get(i))
                        + " at index " + i + ": expected a non-negative integer");
            }
            d[i] = v;
        }
        try {
            return new NpyHeader(major, 0, dtype, Shape.of(d), fortran, dataOffset);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException("header 'shape': " + e.getMessage(), e);
        }
    }

    /** A Python tuple, told apart from a list; prints as Python does. */
    private static final class TupleList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(get(i)));
            }
            return sb.append(size() == 1 ? ",)" : ")").toString();
        }
    }

    /**
     * Recursive-descent parser for the Python literals a .npy header may hold: dicts, tuples, lists, strings,
     * integers, True, False and None. It accepts a subset of what NumPy's {@code ast.literal_eval} accepts,
     * never more: where Python would refuse the text (a leading zero, {@code (5)} as a shape, a vertical tab,
     * a raw newline in a string, invalid UTF-8 in a 3.0 header), so does this parser, so Panamax never reads
     * a file differently from NumPy.
     */
    private static final class LiteralParser {
        private final String s;
        private final boolean allowLongSuffix;
        private int pos;

        LiteralParser(String s, boolean allowLongSuffix) {
            this.s = s;
            this.allowLongSuffix = allowLongSuffix;
        }

        /** One value, with what Python's tokenizer allows around a single expression. */
        Object parseDocument() throws NpyFormatException {
            // literal_eval strips leading spaces and tabs only; anything else before the value is an error.
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
            Object value = parseValue(0);
            // After the value: blanks, then newline-terminated blank lines; a last line of only blanks
            // without a newline is an IndentationError in Python.
            boolean lineHasBlanks = false;
            boolean afterNewline = false;
            for (; pos < s.length(); pos++) {
                char c = s.charAt(pos);
                if (c == '\n' || c == '\r') {
                    afterNewline = true;
                    lineHasBlanks = false;
                } else if (c == ' ' || c == '\t' || c == '\f') {
                    lineHasBlanks = true;
                } else {
                    throw error("unexpected text after the dictionary");
                }
            }
            if (afterNewline && lineHasBlanks) {
                throw error("blanks after the last newline");
            }
            return value;
        }

        NpyFormatException error(String what) {
            return new NpyFormatException("header does not parse: " + what + " at character " + pos + " in "
                    + abbreviate(s));
        }

        /** Whitespace between tokens inside brackets, as Python's tokenizer skips it. */
        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private boolean atEnd() {
            return pos >= s.length();
        }

        private Object parseValue(int depth) throws NpyFormatException {
            if (depth > MAX_NESTING) {
                throw error("nesting deeper than " + MAX_NESTING);
            }
            skipSpace();
            if (atEnd()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return parseDict(depth);
                case '(':
                    return parseParenthesized(depth);
                case '[':
                    return parseSequence(depth, ']', new ArrayList<>());
                case '\'':
                case '"':
                    return parseString();
                default:
                    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                        return parseInt();
                    }
                    if (isNameChar(c)) {
                        int start = pos;
                        while (pos < s.length() && isNameChar(s.charAt(pos))) {
                            pos++;
                        }
                        String word = s.substring(start, pos);
                        return switch (word) {
                            case "True" -> Boolean.TRUE;
                            case "False" -> Boolean.FALSE;
                            case "None" -> NONE;
                            default -> {
                                pos = start;
                                throw error("unknown name '" + abbreviate(word) + "'");
                            }
                        };
                    }
                    throw error("unexpected character " + describe(c));
            }
        }

        private static boolean isNameChar(char c) {
            return c == '_' || Character.isLetterOrDigit(c);
        }

        private Map<Object, Object> parseDict(int depth) throws NpyFormatException {
            pos++; // '{'
            Map<Object, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (atEnd()) {
                    throw error("unterminated dictionary");
                }
                if (s.charAt(pos) == '}') {
                    pos++;
                    return map;
                }
                Object key = parseValue(depth + 1);
                skipSpace();
                if (atEnd() || s.charAt(pos) != ':') {
                    throw error("expected ':' after key " + repr(key));
                }
                pos++;
                Object value = parseValue(depth + 1);
                if (map.put(key, value) != null) {
                    throw error("duplicate key " + repr(key));
                }
                skipSpace();
                if (!atEnd() && s.charAt(pos) == ',') {
                    pos++;
                } else if (atEnd() || s.charAt(pos) != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        /** {@code ()} and {@code (a,)} and {@code (a, b)} are tuples; {@code (a)} is just {@code a}, as in Python. */
        private Object parseParenthesized(int depth) throws NpyFormatException {
            TupleList items = new TupleList();
            parseSequence(depth, ')', items);
            if (items.size() == 1 && s.charAt(lastNonBlankBefore(pos - 1)) != ',') {
                return items.get(0);
            }
            return items;
        }

        private int lastNonBlankBefore(int index) {
            int i = index - 1;
            while (i > 0 && " \t\f\n\r".indexOf(s.charAt(i)) >= 0) {
                i--;
            }
            return i;
        }

        private List<Object> parseSequence(int depth, char close, List<Object> out) throws NpyFormatException {
            pos++;
            while (true) {
                skipSpace();
                if (atEnd()) {
                    throw error("unterminated sequence");
                }
                if (s.charAt(pos) == close) {
                    pos++;
                    return out;
                }
                out.add(parseValue(depth + 1));
                skipSpace();
                if (!atEnd() && s.charAt(pos) == ',') {
                    pos++;
                } else if (atEnd() || s.charAt(pos) != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        /** A single-quoted or double-quoted Python string with Python's escapes. */
        private String parseString() throws NpyFormatException {
            char quote = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == quote) {
                    return sb.toString();
                }
                if (c == '\n' || c == '\r') {
                    pos--;
                    throw error("newline inside a string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '\n' -> { } // line continuation
                    case '\r' -> {
                        if (!atEnd() && s.charAt(pos) == '\n') {
                            pos++;
                        }
                    }
                    case '\\', '\'', '"' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'x' -> sb.append((char) hexDigits(2));
                    case 'u' -> sb.append((char) hexDigits(4));
                    case 'U' -> {
                        int cp = hexDigits(8);
                        if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                            throw error("escape \\U" + Integer.toHexString(cp) + " is not a code point");
                        }
                        sb.appendCodePoint(cp);
                    }
                    case 'N' -> throw error("named escapes (\\N{...}) are not supported");
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int k = 0; k < 2 && !atEnd() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
                                v = v * 8 + (s.charAt(pos++) - '0');
                            }
                            sb.append((char) v);
                        } else {
                            sb.append('\\').append(e); // Python keeps unknown escapes as they are
                        }
                    }
                }
            }
        }

        private int hexDigits(int n) throws NpyFormatException {
            if (pos + n > s.length()) {
                throw error("truncated escape");
            }
            int v = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(pos);
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    throw error("truncated escape");
                }
                v = v * 16 + d;
                pos++;
            }
            return v;
        }

        /** A Python int literal in decimal, optionally signed; Python 2's {@code L} suffix before format 3.0. */
        private Long parseInt() throws NpyFormatException {
            int start = pos;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits) {
                throw error("expected digits");
            }
            String text = s.substring(start, pos);
            String body = s.substring(digits, pos);
            if (body.length() > 1 && body.charAt(0) == '0' && !body.chars().allMatch(ch -> ch == '0')) {
                pos = digits;
                throw error("integer " + abbreviate(text) + " has a leading zero");
            }
            if (allowLongSuffix && pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // Python 2 long suffix, written by old NumPy; NumPy filters it out of 1.0 and 2.0 headers
            }
            if (pos < s.length() && isNameChar(s.charAt(pos))) {
                throw error("unexpected character " + describe(s.charAt(pos)) + " after integer " + abbreviate(text));
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("integer " + abbreviate(text) + " does not fit in 64 bits");
            }
        }

        private static String describe(char c) {
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
    }

    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static String repr(Object o) {
        if (o instanceof String str) {
            return "'" + abbreviate(str) + "'";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return abbreviate(String.valueOf(o));
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 160 ? t : t.substring(0, 157) + "...";
    }

    private static String hex(MemorySegment seg, long n) {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", seg.get(ValueLayout.JAVA_BYTE, i)));
        }
        return sb.toString();
    }

    private static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }

    /**
     * Writes all of {@code data} at the channel's position, {@code chunk} bytes per call. A native segment
     * becomes a ByteBuffer in place; heap segments over {@code double[]} and friends cannot, so they are
     * staged through a byte buffer. Chunks keep every buffer far below the 2 GiB limit of a ByteBuffer.
     */
    static void writeData(FileChannel ch, MemorySegment data, long chunk) throws IOException {
        ByteBuffer staging = data.isNative() ? null : ByteBuffer.allocate((int) Math.min(chunk, data.byteSize()));
        for (long off = 0; off < data.byteSize(); off += chunk) {
            long n = Math.min(chunk, data.byteSize() - off);
            if (staging == null) {
                writeFully(ch, data.asSlice(off, n).asByteBuffer());
            } else {
                staging.clear().limit((int) n);
                MemorySegment.copy(data, off, MemorySegment.ofBuffer(staging), 0, n);
                writeFully(ch, staging);
            }
        }
    }

    /** Fills {@code dst} (a native segment) from the channel starting at {@code position}, in chunks. */
    static void readData(SeekableByteChannel ch, MemorySegment dst, long position, long chunk) throws IOException {
        for (long off = 0; off < dst.byteSize(); off += chunk) {
            long n = Math.min(chunk, dst.byteSize() - off);
            readFully(ch, dst.asSlice(off, n).asByteBuffer(), position + off);
        }
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer dst, long position) throws IOException {
        ch.position(position);
        while (dst.hasRemaining()) {
            if (ch.read(dst) < 0) {
                throw new NpyFormatException("unexpected end of file at byte " + ch.position());
            }
        }
        dst.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            ch.write(src);
        }
    }
}
