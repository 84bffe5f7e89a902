package dev.panamax.core;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * NumPy's spellings of a dtype, for {@link DType#parse(String)}: what {@code numpy.dtype(text)} accepts for the
 * seven Panamax types, and what it accepts for the types Panamax lacks (so the refusal can name the closest one).
 *
 * <p>The tables follow NumPy 2 on 64-bit Linux (C {@code long} is 64 bits, {@code intp} is int64):
 * <pre>
 * names                 sctypeDict keys: int8 byte, int16 short, int32 intc, int64 long longlong int_ int intp,
 *                       uint8 ubyte, float32 single, float64 double float            (no byte-order prefix)
 * one-character codes   b h i l q n p  B  f d  (and ? H I L Q N P e g F D G O S a U V M m c for the others)
 * kind and size         i1 i2 i4 i8 u1 f4 f8 (and b1 u2 u4 u8 f2 f16 c8 c16 c32 M8 m8), leading zeros allowed
 * byte order            codes may start with &lt; = | (little-endian or native) or &gt; (big-endian, refused)
 * </pre>
 */
final class DTypeNames {
    /** What a spelling means: a Panamax dtype, or a NumPy type Panamax lacks and what to use instead. */
    private record Meaning(DType dtype, String numpyType, String instead) {
        static Meaning of(DType t) {
            return new Meaning(t, t.numpyName(), null);
        }

        static Meaning missing(String numpyType, String instead) {
            return new Meaning(null, numpyType, instead);
        }
    }

    /** Names without a byte-order prefix. */
    private static final Map<String, Meaning> NAMES = new HashMap<>();
    /** One-character codes, which may carry a byte-order prefix. */
    private static final Map<Character, Meaning> CODES = new HashMap<>();
    /** Kind-and-size codes ({@code f8}), which may carry a byte-order prefix. */
    private static final Map<String, Meaning> SIZED = new HashMap<>();
    /** Names NumPy 1.x accepted and NumPy 2.0 removed, with their replacement. */
    private static final Map<String, String> REMOVED = Map.ofEntries(
            Map.entry("float_", "float64"), Map.entry("int0", "intp"), Map.entry("uint0", "uintp"),
            Map.entry("bool8", "bool"), Map.entry("complex_", "complex128"), Map.entry("cfloat", "complex128"),
            Map.entry("singlecomplex", "complex64"), Map.entry("longfloat", "longdouble"),
            Map.entry("longcomplex", "clongdouble"), Map.entry("clongfloat", "clongdouble"),
            Map.entry("string_", "bytes_"), Map.entry("unicode_", "str_"), Map.entry("object0", "object_"),
            Map.entry("str0", "str_"), Map.entry("bytes0", "bytes_"), Map.entry("void0", "void"));

    static {
        Meaning i8 = Meaning.of(DType.INT8);
        Meaning i16 = Meaning.of(DType.INT16);
        Meaning i32 = Meaning.of(DType.INT32);
        Meaning i64 = Meaning.of(DType.INT64);
        Meaning u8 = Meaning.of(DType.UINT8);
        Meaning f32 = Meaning.of(DType.FLOAT32);
        Meaning f64 = Meaning.of(DType.FLOAT64);
        Meaning bool = Meaning.missing("bool", "uint8 (0 and 1, one byte each, as NumPy stores a bool)");
        Meaning u16 = Meaning.missing("uint16", "int32 (holds every uint16 value)");
        Meaning u32 = Meaning.missing("uint32", "int64 (holds every uint32 value)");
        Meaning u64 = Meaning.missing("uint64", "int64 (values of 2**63 and more do not fit)");
        Meaning f16 = Meaning.missing("float16", "float32 (holds every float16 value)");
        Meaning f128 = Meaning.missing("longdouble", "float64 (11 fewer bits of precision)");
        Meaning c64 = Meaning.missing("complex64", "float32 (real and imaginary parts as two arrays)");
        Meaning c128 = Meaning.missing("complex128", "float64 (real and imaginary parts as two arrays)");
        Meaning c256 = Meaning.missing("clongdouble", "float64 (real and imaginary parts as two arrays)");
        Meaning datetime = Meaning.missing("datetime64", "int64 (NumPy stores a datetime64 as an int64 count)");
        Meaning timedelta = Meaning.missing("timedelta64", "int64 (NumPy stores a timedelta64 as an int64 count)");
        Meaning object = Meaning.missing("object", null);
        Meaning bytes = Meaning.missing("bytes", null);
        Meaning str = Meaning.missing("str", null);
        Meaning voidType = Meaning.missing("void", null);

        names(i8, "int8", "byte");
        names(i16, "int16", "short");
        names(i32, "int32", "intc");
        names(i64, "int64", "long", "longlong", "int_", "int", "intp");
        names(u8, "uint8", "ubyte");
        names(f32, "float32", "single");
        names(f64, "float64", "double", "float");
        names(bool, "bool", "bool_");
        names(u16, "uint16", "ushort");
        names(u32, "uint32", "uintc");
        names(u64, "uint64", "ulong", "ulonglong", "uint", "uintp");
        names(f16, "float16", "half");
        names(f128, "float128", "longdouble");
        names(c64, "complex64", "csingle");
        names(c128, "complex128", "cdouble", "complex");
        names(c256, "complex256", "clongdouble");
        names(datetime, "datetime64");
        names(timedelta, "timedelta64");
        names(object, "object", "object_");
        names(bytes, "bytes", "bytes_");
        names(str, "str", "str_", "unicode");
        names(voidType, "void");

        codes(i8, "b");
        codes(i16, "h");
        codes(i32, "i");
        codes(i64, "lqnp");
        codes(u8, "B");
        codes(f32, "f");
        codes(f64, "d");
        codes(bool, "?");
        codes(u16, "H");
        codes(u32, "I");
        codes(u64, "LQNP");
        codes(f16, "e");
        codes(f128, "g");
        codes(c64, "F");
        codes(c128, "D");
        codes(c256, "G");
        codes(object, "O");
        codes(bytes, "Sac");
        codes(str, "U");
        codes(voidType, "V");
        codes(datetime, "M");
        codes(timedelta, "m");

        sized(i8, "i1");
        sized(i16, "i2");
        sized(i32, "i4");
        sized(i64, "i8");
        sized(u8, "u1");
        sized(f32, "f4");
        sized(f64, "f8");
        sized(bool, "b1");
        sized(u16, "u2");
        sized(u32, "u4");
        sized(u64, "u8");
        sized(f16, "f2");
        sized(f128, "f16");
        sized(c64, "c8");
        sized(c128, "c16");
        sized(c256, "c32");
        sized(object, "O8");
        sized(datetime, "M8");
        sized(timedelta, "m8");
    }

    private DTypeNames() {
    }

    private static void names(Meaning m, String... names) {
        for (String n : names) {
            NAMES.put(n, m);
        }
    }

    private static void codes(Meaning m, String chars) {
        for (char c : chars.toCharArray()) {
            CODES.put(c, m);
        }
    }

    private static void sized(Meaning m, String code) {
        SIZED.put(code, m);
    }

    /** See {@link DType#parse(String)}. */
    static DType parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("dtype is null: expected a NumPy dtype such as float64, f8 or <f8");
        }
        Meaning named = NAMES.get(text);
        if (named != null) {
            return resolve(text, named, false);
        }
        String removed = REMOVED.get(text);
        if (removed != null) {
            Meaning now = NAMES.get(removed);
            throw new IllegalArgumentException("dtype " + DType.quote(text) + " was removed in NumPy 2.0: use "
                    + removed + (now.dtype != null ? " (" + now.dtype.numpyName() + ")"
                            : ", which Panamax does not have either" + insteadOf(now)));
        }
        boolean prefixed = !text.isEmpty() && "<>=|".indexOf(text.charAt(0)) >= 0;
        boolean bigEndian = prefixed && text.charAt(0) == '>';
        String code = prefixed ? text.substring(1) : text;
        Meaning m = code.length() == 1 ? CODES.get(code.charAt(0)) : SIZED.get(normalizeSize(code));
        if (m == null) {
            m = family(code);
        }
        if (m == null) {
            throw new IllegalArgumentException("unsupported dtype " + DType.quote(text) + caseHint(text)
                    + ": expected a NumPy dtype name or code for one of " + DType.supportedList()
                    + ", such as float64, double, f8, <f8, int32, i4 or uint8");
        }
        return resolve(text, m, bigEndian);
    }

    private static DType resolve(String text, Meaning m, boolean bigEndian) {
        if (m.dtype == null) {
            throw new IllegalArgumentException("unsupported dtype " + DType.quote(text) + " (NumPy's "
                    + m.numpyType + "): Panamax has no " + m.numpyType + " dtype" + insteadOf(m));
        }
        if (bigEndian && m.dtype.byteSize() > 1) {
            throw new IllegalArgumentException("big-endian dtype " + DType.quote(text) + " is not supported: "
                    + "expected little-endian " + m.dtype.typestr());
        }
        return m.dtype;
    }

    private static String insteadOf(Meaning m) {
        return m.instead == null ? "; it stores numbers only, as one of " + DType.supportedList()
                : "; the closest supported dtype is " + m.instead;
    }

    /** {@code i08} is {@code i8} in NumPy: the size is read as a decimal number. */
    private static String normalizeSize(String code) {
        int k = 1;
        while (k < code.length() - 1 && code.charAt(k) == '0') {
            k++;
        }
        return k == 1 ? code : code.charAt(0) + code.substring(k);
    }

    /** Strings, void, datetime and timedelta with a size or unit ({@code U5}, {@code M8[ns]}): refused by family. */
    private static Meaning family(String code) {
        if (code.length() < 2) {
            return null;
        }
        char kind = code.charAt(0);
        String rest = code.substring(1);
        if ("SaUV".indexOf(kind) >= 0 && rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return CODES.get(kind);
        }
        if ((kind == 'M' || kind == 'm') && (rest.startsWith("[") || rest.startsWith("8["))
                && rest.endsWith("]")) {
            return CODES.get(kind);
        }
        return null;
    }

    /** NumPy's names are lower case; a user who typed {@code FLOAT64} gets pointed at {@code float64}. */
    private static String caseHint(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals(text)) {
            return "";
        }
        try {
            parse(lower);
            return " (NumPy's dtype names are case-sensitive: did you mean " + lower + "?)";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
