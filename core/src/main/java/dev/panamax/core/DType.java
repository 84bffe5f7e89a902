package dev.panamax.core;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The element types Panamax stores, with their NumPy names and typestrs.
 *
 * <p>All multi-byte types are little-endian. The layouts returned by {@link #layout()} are unaligned,
 * so views work over heap segments (alignment 1) as well as native and mapped ones.
 *
 * <table>
 *   <caption>Element types</caption>
 *   <tr><th>constant</th><th>NumPy name</th><th>typestr</th><th>bytes</th></tr>
 *   <tr><td>INT8</td><td>int8</td><td>{@code |i1}</td><td>1</td></tr>
 *   <tr><td>INT16</td><td>int16</td><td>{@code <i2}</td><td>2</td></tr>
 *   <tr><td>INT32</td><td>int32</td><td>{@code <i4}</td><td>4</td></tr>
 *   <tr><td>INT64</td><td>int64</td><td>{@code <i8}</td><td>8</td></tr>
 *   <tr><td>UINT8</td><td>uint8</td><td>{@code |u1}</td><td>1</td></tr>
 *   <tr><td>FLOAT32</td><td>float32</td><td>{@code <f4}</td><td>4</td></tr>
 *   <tr><td>FLOAT64</td><td>float64</td><td>{@code <f8}</td><td>8</td></tr>
 * </table>
 */
public enum DType {
    /** Signed 8-bit integer. */
    INT8("int8", "|i1", 1, ValueLayout.JAVA_BYTE),
    /** Signed 16-bit integer, little-endian. */
    INT16("int16", "<i2", 2, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)),
    /** Signed 32-bit integer, little-endian. */
    INT32("int32", "<i4", 4, ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)),
    /** Signed 64-bit integer, little-endian. */
    INT64("int64", "<i8", 8, ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)),
    /** Unsigned 8-bit integer (read through a Java {@code byte}; mask with {@code 0xFF}). */
    UINT8("uint8", "|u1", 1, ValueLayout.JAVA_BYTE),
    /** IEEE 754 binary32, little-endian. */
    FLOAT32("float32", "<f4", 4, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)),
    /** IEEE 754 binary64, little-endian. */
    FLOAT64("float64", "<f8", 8, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));

    private final String numpyName;
    private final String typestr;
    private final int byteSize;
    private final ValueLayout layout;

    DType(String numpyName, String typestr, int byteSize, ValueLayout layout) {
        this.numpyName = numpyName;
        this.typestr = typestr;
        this.byteSize = byteSize;
        this.layout = layout;
    }

    /** {@return the NumPy dtype name, for example {@code "float64"}} */
    public String numpyName() {
        return numpyName;
    }

    /** {@return the NumPy array-interface typestr, for example {@code "<f8"} or {@code "|i1"}} */
    public String typestr() {
        return typestr;
    }

    /** {@return the size of one element in bytes (1, 2, 4 or 8)} */
    public int byteSize() {
        return byteSize;
    }

    /** {@return the unaligned little-endian FFM layout of one element} */
    public ValueLayout layout() {
        return layout;
    }

    /**
     * The smallest value of an integer dtype, like NumPy's {@code np.iinfo(t).min}.
     *
     * @return -128, -32768, -2^31 or -2^63 for the signed types, 0 for uint8
     * @throws UnsupportedOperationException for float32 and float64
     */
    public long minValue() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case UINT8 -> 0;
            case FLOAT32, FLOAT64 -> throw new UnsupportedOperationException(numpyName + " is not an integer dtype");
        };
    }

    /**
     * The largest value of an integer dtype, like NumPy's {@code np.iinfo(t).max}.
     *
     * @return 127, 32767, 2^31 - 1, 2^63 - 1 or 255 (uint8)
     * @throws UnsupportedOperationException for float32 and float64
     */
    public long maxValue() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case UINT8 -> 255;
            case FLOAT32, FLOAT64 -> throw new UnsupportedOperationException(numpyName + " is not an integer dtype");
        };
    }

    /** {@return {@code true} for {@link #FLOAT32} and {@link #FLOAT64}} */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * Looks up a dtype by its NumPy typestr. Single-byte types accept {@code |}, {@code <}, {@code >}
     * and {@code =} as prefix (byte order is meaningless for them); multi-byte types need {@code <}
     * (little-endian) or {@code =} (native, which is little-endian on every platform Panamax supports).
     *
     * @param typestr a typestr such as {@code "<f8"}
     * @return the dtype
     * @throws IllegalArgumentException if the typestr is null, big-endian or names a type Panamax does not support
     */
    public static DType fromTypestr(String typestr) {
        if (typestr == null || typestr.length() < 2) {
            throw new IllegalArgumentException("unsupported dtype typestr " + quote(typestr)
                    + ": expected one of " + supportedList());
        }
        char order = typestr.charAt(0);
        String kindSize = typestr.substring(1);
        for (DType t : values()) {
            if (!t.typestr.substring(1).equals(kindSize)) {
                continue;
            }
            if (t.byteSize == 1 && (order == '|' || order == '<' || order == '>' || order == '=')) {
                return t;
            }
            if (order == '<' || order == '=') {
                return t;
            }
            if (order == '>') {
                throw new IllegalArgumentException("big-endian dtype " + quote(typestr)
                        + " is not supported: expected little-endian " + t.typestr);
            }
        }
        throw new IllegalArgumentException("unsupported dtype typestr " + quote(typestr)
                + ": expected one of " + supportedList());
    }

    /**
     * Looks up a dtype by its NumPy name ({@code "float64"}), case-insensitively.
     *
     * @param name a NumPy dtype name
     * @return the dtype
     * @throws IllegalArgumentException if the name is null or not a supported dtype
     */
    public static DType fromNumpyName(String name) {
        if (name != null) {
            String n = name.toLowerCase(Locale.ROOT);
            for (DType t : values()) {
                if (t.numpyName.equals(n)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unsupported dtype name " + quote(name)
                + ": expected one of " + supportedList());
    }

    /**
     * Parses a dtype the way {@code numpy.dtype(text)} does, for the seven types Panamax has: NumPy's names
     * ({@code float64}, {@code double}, {@code float}, {@code single}, {@code int32}, {@code intc}, {@code int64},
     * {@code long}, {@code int_}, {@code int}, {@code intp}, {@code longlong}, {@code int16}, {@code short},
     * {@code int8}, {@code byte}, {@code uint8}, {@code ubyte}), its one-character codes ({@code d}, {@code f},
     * {@code q}, {@code l}, {@code i}, {@code h}, {@code b}, {@code B}, ...) and kind-and-size codes ({@code f8},
     * {@code i4}, {@code u1}, ...), the codes with an optional byte-order prefix ({@code <f8}, {@code =i4},
     * {@code |u1}). Spelling is case-sensitive, as in NumPy ({@code B} is uint8, {@code b} int8). Names mean what
     * NumPy 2 means on 64-bit Linux: {@code int}, {@code int_}, {@code long}, {@code intp} and {@code l} are int64;
     * aliases NumPy 2.0 removed ({@code float_}, {@code int0}) are refused, naming their replacement.
     *
     * <p>Refused, with a message that names the value and what to use instead: types NumPy has and Panamax does
     * not (bool, uint16/32/64, float16, long double, complex, datetime, strings, objects: the message names the
     * closest supported dtype where there is one), big-endian codes ({@code >f8}), structured and sub-array
     * spellings ({@code i4,}, {@code 2f8}), and anything NumPy does not accept.
     *
     * {@snippet :
     * DType.parse("f8");       // FLOAT64, like np.dtype('f8')
     * DType.parse("double");   // FLOAT64
     * DType.parse("<i4");      // INT32
     * DType.parse("long");     // INT64 (C long on 64-bit Linux)
     * DType.parse("u2");       // IllegalArgumentException: ... uint16 ... the closest supported dtype is int32 ...
     * }
     *
     * @param text a NumPy dtype name or code
     * @return the dtype
     * @throws IllegalArgumentException if {@code text} is null or does not name one of the seven supported types
     */
    public static DType parse(String text) {
        return DTypeNames.parse(text);
    }

    /** {@return the NumPy name, as NumPy prints a dtype: {@code float64}, {@code uint8}} */
    @Override
    public String toString() {
        return numpyName;
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (DType t : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(t.numpyName).append(" (").append(t.typestr).append(')');
        }
        return sb.toString();
    }
}
