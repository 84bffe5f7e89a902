package dev.panamax.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human-readable sizes, durations and plain-text tables. */
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

    /** A table with a header row; columns are as wide as their widest cell, separated by two spaces. */
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
                r[i] = String.valueOf(cells[i]);
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
