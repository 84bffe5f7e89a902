package dev.panamax.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human-readable sizes, durations, plain-text tables, and text made safe for a terminal. */
final class Text {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Text() {
    }

    /**
     * @param bytes a size in bytes, {@code >= 0}
     * @return {@code "512 B"}, {@code "39.1 KiB"}, {@code "512 MiB"} (binary units, one decimal unless whole)
     */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        String n = String.format(Locale.ROOT, "%.1f", v);
        if (n.endsWith(".0")) {
            n = n.substring(0, n.length() - 2);
        }
        return n + " " + UNITS[unit];
    }

    /**
     * Makes text safe to print on a terminal: every character that is not printable becomes an escape, the way
     * Python's {@code repr} writes it, so a file name or a header cannot move the cursor, change colours, forge a
     * table row with a newline, or stop {@code grep} with a NUL. Escaped: C0 and C1 controls and DEL
     * ({@code \n}, {@code \t}, {@code \r}, else {@code \xNN}), Unicode format characters (bidirectional
     * overrides), line and paragraph separators, lone surrogates, private-use and unassigned code points (a
     * backslash, {@code u} and 4 hex digits, or {@code U} and 8); a backslash is doubled so that an escape cannot be
     * faked.
     *
     * @param s any text, or null
     * @return the text with only printable characters, {@code "null"} for null
     */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String esc = escape(cp);
            if (esc != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.appendCodePoint(cp);
                }
            }
            i += Character.charCount(cp);
        }
        return sb == null ? s : sb.toString();
    }

    /** @return the escape for a code point, or null if it prints as itself */
    private static String escape(int cp) {
        switch (cp) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            case '\r':
                return "\\r";
            default:
                break;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
            return String.format(Locale.ROOT, "\\x%02x", cp);
        }
        if (cp < 0x7f) {
            return null;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE ->
                    cp <= 0xffff ? String.format(Locale.ROOT, "\\u%04x", cp)
                            : String.format(Locale.ROOT, "\\U%08x", cp);
            default -> null;
        };
    }

    /**
     * @param n an element count
     * @return {@code "64 Mi"} for an exact multiple of 2^20, else the number
     */
    static String count(long n) {
        return n >= 1 << 20 && n % (1 << 20) == 0 ? (n >> 20) + " Mi" : Long.toString(n);
    }

    /**
     * @param nanos a duration in nanoseconds
     * @return milliseconds with three significant-ish decimals: {@code "0.412 ms"}, {@code "85.3 ms"}, {@code "1234 ms"}
     */
    static String millis(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /**
     * A table with a header row; columns are as wide as their widest cell, separated by two spaces. Cells are
     * {@linkplain #printable made printable}: one row is always one line.
     */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final boolean[] rightAligned;

        /**
         * @param header the column titles; a title that starts with {@code '>'} makes its column right-aligned
         *               (the {@code '>'} is not printed)
         */
        Table(String... header) {
            rightAligned = new boolean[header.length];
            String[] h = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                rightAligned[i] = header[i].startsWith(">");
                h[i] = rightAligned[i] ? header[i].substring(1) : header[i];
            }
            rows.add(h);
        }

        Table row(Object... cells) {
            if (cells.length != rightAligned.length) {
                throw new IllegalArgumentException("row has " + cells.length + " cells, table has "
                        + rightAligned.length + " columns");
            }
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = printable(String.valueOf(cells[i]));
            }
            rows.add(r);
            return this;
        }

        /** @return the lines of the table, header first, without trailing spaces */
        List<String> lines() {
            int[] width = new int[rightAligned.length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            List<String> out = new ArrayList<>();
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    if (i > 0) {
                        sb.append("  ");
                    }
                    String pad = " ".repeat(width[i] - r[i].length());
                    sb.append(rightAligned[i] ? pad + r[i] : r[i] + pad);
                }
                out.add(sb.toString().stripTrailing());
            }
            return out;
        }
    }
}
