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
     * Parses either a NumPy name ({@code float64}) or a typestr ({@code <f8}).
     *
     * @param text a NumPy name or typestr
     * @return the dtype
     * @throws IllegalArgumentException if {@code text} is neither
     */
    public static DType parse(String text) {
        if (text != null && !text.isEmpty() && "|<>=".indexOf(text.charAt(0)) >= 0) {
            return fromTypestr(text);
        }
        return fromNumpyName(text);
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    private static String supportedList() {
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
