package dev.panamax.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row in the peers' CSV format ({@code ../shared/peers/README.md}, "Adding the future library"):
 * a kernel at one size with one implementation, times in nanoseconds per element.
 *
 * @param result the kernel's result as text (empty when the harness does not report it, as JMH does not)
 */
record Measurement(String suite, String impl, String kernel, String dtype, long n, int threads,
                   double nsMed, double nsMin, double nsMax, double gbps, int samples, String result) {

    static final String HEADER =
            "suite,impl,kernel,dtype,n,threads,ns_per_elem_med,ns_per_elem_min,ns_per_elem_max,gbps_med,samples,result";

    /** Bytes of input per element for a dtype in the peers' naming ({@code f64}, {@code f32}, {@code i32}, ...). */
    static int elementBytes(String dtype) {
        return switch (dtype) {
            case "f64", "i64" -> 8;
            case "f32", "i32" -> 4;
            case "i16" -> 2;
            case "i8", "u8" -> 1;
            default -> throw new IllegalArgumentException("unknown dtype \"" + dtype + "\": expected f64, f32, i64, i32, i16, i8 or u8");
        };
    }

    String toCsv() {
        return String.join(",", quote(suite), quote(impl), kernel, dtype, Long.toString(n), Integer.toString(threads),
                fmt(nsMed), fmt(nsMin), fmt(nsMax), String.format(Locale.ROOT, "%.3f", gbps),
                Integer.toString(samples), quote(result));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }

    private static String quote(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static void writeCsv(Path file, List<Measurement> rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Measurement m : rows) {
            sb.append(m.toCsv()).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a peers CSV. Lines that are not data rows of the expected header (the C harness's
     * {@code limits} output, for example) make the whole file an error, naming the file and line.
     */
    static List<Measurement> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().strip().equals(HEADER)) {
            throw new IllegalArgumentException(file + ": expected the header \"" + HEADER + "\", got \""
                    + (lines.isEmpty() ? "" : lines.getFirst()) + "\"");
        }
        List<Measurement> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = split(line);
            if (f.size() != 12) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 12 fields, got " + f.size()
                        + " in \"" + line + "\"");
            }
            try {
                out.add(new Measurement(f.get(0), f.get(1), f.get(2), f.get(3), Long.parseLong(f.get(4)),
                        Integer.parseInt(f.get(5)), Double.parseDouble(f.get(6)), Double.parseDouble(f.get(7)),
                        Double.parseDouble(f.get(8)), Double.parseDouble(f.get(9)), Integer.parseInt(f.get(10)),
                        f.get(11)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": a numeric field does not parse in \""
                        + line + "\"", e);
            }
        }
        return out;
    }

    /** RFC 4180 field split: the peers quote impl names that contain commas ("np.dot(a,a)"). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
