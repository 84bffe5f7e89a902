package dev.panamax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DType#parse} against {@code numpy.dtype} itself: every spelling NumPy's {@code sctypeDict} knows, every
 * one-character code and kind-and-size code with every byte-order prefix, and spellings NumPy refuses. Panamax
 * must return the same type where it has it, and refuse everything else. Skipped without NumPy, failing with
 * {@code PANAMAX_REQUIRE_NUMPY=1}.
 */
class DTypeNumPyTest {
    /** Prints, per spelling, a line {@code spelling TAB dtype.str}, or {@code spelling TAB error}. */
    private static final String PROGRAM = """
            import sys, warnings
            import numpy as np
            warnings.simplefilter('ignore')
            print('numpy\\t' + np.__version__)
            names = sys.argv[1:] + sorted(k for k in np.sctypeDict if isinstance(k, str))
            for c in dict.fromkeys(names):
                try:
                    d = np.dtype(c)
                    print(c + '\\t' + (d.str if d.names is None and d.subdtype is None else 'structured'))
                except Exception:
                    print(c + '\\terror')
            """;

    private static final Map<String, DType> OURS = Map.of("|i1", DType.INT8, "<i2", DType.INT16, "<i4", DType.INT32,
            "<i8", DType.INT64, "|u1", DType.UINT8, "<f4", DType.FLOAT32, "<f8", DType.FLOAT64);

    /**
     * Spellings whose meaning changed in NumPy 2.0: removed aliases, and the {@code n}/{@code N} codes it added.
     * Panamax follows NumPy 2; with an older NumPy these are checked against NumPy 2's meaning instead.
     */
    private static final Map<String, String> NUMPY2 = Map.ofEntries(
            Map.entry("float_", "error"), Map.entry("int0", "error"), Map.entry("uint0", "error"),
            Map.entry("bool8", "error"), Map.entry("complex_", "error"), Map.entry("cfloat", "error"),
            Map.entry("singlecomplex", "error"), Map.entry("longfloat", "error"), Map.entry("longcomplex", "error"),
            Map.entry("clongfloat", "error"), Map.entry("string_", "error"), Map.entry("unicode_", "error"),
            Map.entry("object0", "error"), Map.entry("str0", "error"), Map.entry("bytes0", "error"),
            Map.entry("void0", "error"), Map.entry("n", "<i8"), Map.entry("N", "<u8"));

    @Test
    void parseAgreesWithNumPy() throws IOException {
        NumPy.require();
        List<String> lines = NumPy.run(PROGRAM, candidates().toArray(String[]::new)).lines().toList();
        String version = lines.getFirst().split("\t")[1];
        boolean numpy2 = Integer.parseInt(version.split("\\.")[0]) >= 2;
        List<String> wrong = new ArrayList<>();
        int accepted = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] p = line.split("\t", -1);
            String text = p[0];
            String numpy = !numpy2 && numpy2Meaning(text) != null ? numpy2Meaning(text) : p[1];
            String got;
            try {
                got = DType.parse(text).typestr();
                accepted++;
            } catch (IllegalArgumentException e) {
                got = "refused: " + e.getMessage();
            }
            DType expected = OURS.get(numpy);
            if (expected == null && numpy.length() == 3 && numpy.charAt(0) == '>') {
                // NumPy takes big-endian codes; Panamax refuses them, naming the little-endian one.
                expected = OURS.get("<" + numpy.substring(1));
                if (expected != null && !got.contains("big-endian")) {
                    wrong.add(text + ": NumPy " + numpy + ", Panamax " + got);
                }
                continue;
            }
            if (expected != null ? !got.equals(expected.typestr()) : !got.startsWith("refused")) {
                wrong.add(text + ": NumPy " + numpy + ", Panamax " + got);
            } else if (expected == null && !numpy.equals("error") && !got.contains("Panamax has no")
                    && !got.contains("removed in NumPy 2.0")) {
                wrong.add(text + ": NumPy " + numpy + ", Panamax refuses without naming the NumPy type: " + got);
            }
        }
        if (!wrong.isEmpty()) {
            fail("DType.parse disagrees with NumPy " + version + " on " + wrong.size() + " spellings:\n"
                    + String.join("\n", wrong));
        }
        assertTrue(accepted > 70, "only " + accepted + " spellings accepted");
        assertEquals(DType.INT64, DType.parse("long"), "NumPy 2 on 64-bit Linux: C long is int64");
    }

    /** NumPy 2's answer for a spelling whose meaning changed in 2.0, with or without a byte-order prefix. */
    private static String numpy2Meaning(String text) {
        String m = NUMPY2.get(text);
        if (m == null && text.length() == 2 && "<>=|".indexOf(text.charAt(0)) >= 0) {
            m = NUMPY2.get(text.substring(1));
            if (m != null && text.charAt(0) == '>' && !m.equals("error")) {
                m = ">" + m.substring(1);
            }
        }
        return m;
    }

    private static Set<String> candidates() {
        Set<String> c = new LinkedHashSet<>(List.of("float64", "double", "float", "single", "float32", "int64", "long",
                "longlong", "int_", "int", "intp", "int32", "intc", "int16", "short", "int8", "byte", "uint8", "ubyte",
                "uint16", "ushort", "uint32", "uintc", "uint64", "ulong", "ulonglong", "uint", "uintp", "bool", "bool_",
                "half", "float16", "longdouble", "float128", "complex", "complex64", "complex128", "cdouble", "csingle",
                "clongdouble", "object", "str", "bytes", "void", "datetime64", "timedelta64", "FLOAT64", "Float64",
                "Int8", "UInt8", "INT", "float64 ", " f8", "", "<", "<>f8", "<<f8", "||u1", "np.float64", "int64_",
                "<float64", "=int32", "u"));
        c.addAll(NUMPY2.keySet());
        List<String> codes = new ArrayList<>();
        for (char k : "?bBhHiIlLqQnNpPefdgFDGOSaUVMmc".toCharArray()) {
            codes.add(String.valueOf(k));
        }
        codes.addAll(List.of("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "f16", "c8", "c16",
                "c32", "b1", "M8", "m8", "O8", "i08", "f008", "u01", "i3", "i0", "f1", "u3", "i16", "b2", "d8", "l8",
                "B1", "h2", "F8", "I4", "S5", "U3", "V8", "a5", "M8[ns]", "m8[s]"));
        for (String code : codes) {
            for (String prefix : List.of("", "<", ">", "=", "|")) {
                c.add(prefix + code);
            }
        }
        return c;
    }
}
