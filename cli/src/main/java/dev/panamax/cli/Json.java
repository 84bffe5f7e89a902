package dev.panamax.cli;

import java.util.Collection;
import java.util.Map;

/**
 * A tiny JSON writer for the {@code --json} outputs: maps (in their iteration order), collections, arrays of
 * {@code long}, strings, numbers, booleans and {@code null}.
 *
 * <p>Integers ({@link Integer}, {@link Long}, …) are written as JSON integers. Finite floating-point numbers are
 * written with Java's shortest round-trip representation ({@code 1.0E10} is valid JSON); NaN and the infinities,
 * which JSON cannot express as numbers, are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} (the spellings Python's {@code float()} accepts).
 */
final class Json {
    private Json() {
    }

    /**
     * @param value the value to write
     * @return its JSON text, on one line
     * @throws IllegalArgumentException for a type this writer does not know
     */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b);
            case Double d -> floating(sb, d, Double.toString(d));
            case Float f -> floating(sb, f, Float.toString(f));
            case Byte b -> sb.append(b.longValue());
            case Short s -> sb.append(s.longValue());
            case Integer i -> sb.append(i.longValue());
            case Long l -> sb.append(l.longValue());
            case Enum<?> e -> string(sb, e.name().toLowerCase(java.util.Locale.ROOT));
            case long[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(a[i]);
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    append(sb, e.getValue());
                }
                sb.append('}');
            }
            case Collection<?> c -> {
                sb.append('[');
                boolean first = true;
                for (Object o : c) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    append(sb, o);
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName() + ": " + v);
        }
    }

    private static void floating(StringBuilder sb, double d, String finiteText) {
        if (Double.isNaN(d)) {
            sb.append("\"NaN\"");
        } else if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            sb.append(finiteText);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
