package dev.panamax.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a JMH benchmark (class, method, {@code @Param}s) onto the peers' axes: kernel, dtype, size, threads and
 * an implementation label. The benchmark classes are written by several people, so this reads conventions
 * rather than one fixed schema:
 * <ul>
 *   <li>kernel: a {@code kernel} param, else the method name ({@code sumOfSquares}/{@code sumsq} → sumsq,
 *       {@code countInRangePerRow}/{@code perRow}/{@code rows} → rows, {@code countInRange}/{@code count} →
 *       count, then dot, sum, min, max, scale, hypot);</li>
 *   <li>dtype: a {@code dtype}/{@code type} param, else a type word in the method or class name
 *       ({@code F64}, {@code Double}, {@code float32}, {@code Int}, ...), else float64 (int32 for per-row);</li>
 *   <li>size: a {@code n}/{@code size}/{@code length}/{@code elements} param; per-row kernels without one
 *       are the peers' 200000 x 5 matrix ({@code rows} x {@code cols} params when present);</li>
 *   <li>threads: a {@code threads} param, else digits after "parallel"/"threads" in the method name, else 2
 *       for a parallel method (this machine has 2 vCPUs) and 1 otherwise;</li>
 *   <li>impl: "Panamax" plus the remaining method words and the other string params, in order, plus the class
 *       name in parentheses for any class but {@code KernelBench} ("Panamax shared (MappedKernelBench)").</li>
 * </ul>
 * Benchmarks without a recognisable kernel or size (segment lifecycle, pool round trips) map to
 * nothing and are reported by their JMH names instead.
 */
final class BenchmarkMapping {
    /** The peers' per-row benchmark: 200000 rows x 5 int32 columns. */
    static final long PEERS_ROWS_ELEMENTS = 200_000L * 5;

    private static final Set<String> SIZE_PARAMS = Set.of("n", "size", "length", "elements", "len", "count");
    private static final Set<String> DTYPE_PARAMS = Set.of("dtype", "type", "elementtype", "datatype");
    private static final Set<String> NON_LABEL_PARAMS = Set.of("threads", "kernel", "rows", "cols", "lo", "hi", "seed");

    /** Longest names first, so "countinrangeperrow" wins over "countinrange" and "sumofsquares" over "sum". */
    private static final String[][] KERNELS = {
            {"sumofsquaresper", "sumsqcol"}, {"countinrangeperrow", "rows"}, {"perrow", "rows"},
            {"sumofsquares", "sumsq"}, {"sumsq", "sumsq"}, {"countinrange", "count"}, {"hypot", "hypot"},
            {"count", "count"}, {"rows", "rows"}, {"dot", "dot"}, {"sum", "sum"}, {"min", "min"}, {"max", "max"},
            {"scale", "scale"},
    };
    private static final Pattern WORDS = Pattern.compile("[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*(?![a-z])|[0-9]+");
    private static final Pattern THREAD_DIGITS = Pattern.compile("(?:parallel|threads?)_?(\\d+)|(\\d+)_?threads?");

    private BenchmarkMapping() {
    }

    /** The peers' dtype name for a NumPy, Java or Panamax spelling, or empty if it is not a dtype word. */
    static Optional<String> dtype(String word) {
        return Optional.ofNullable(switch (word.toLowerCase(Locale.ROOT)) {
            case "f64", "float64", "double", "doubles", "doubleview" -> "f64";
            case "f32", "float32", "float", "floats", "floatview" -> "f32";
            case "i32", "int32", "int", "ints", "integer", "intview" -> "i32";
            case "i64", "int64", "long", "longs", "longview" -> "i64";
            case "i16", "int16", "short" -> "i16";
            case "i8", "int8", "byte" -> "i8";
            case "u8", "uint8" -> "u8";
            default -> null;
        });
    }

    /** The measurement this benchmark stands for, or empty when it is not a kernel at a known size and dtype. */
    static Optional<Measurement> map(JmhResult r) {
        String method = r.method();
        String lower = method.toLowerCase(Locale.ROOT);
        Map<String, String> params = r.params();

        String kernel = param(params, Set.of("kernel")).orElse(null);
        String kernelWord = null;
        if (kernel == null) {
            for (String[] k : KERNELS) {
                if (lower.contains(k[0])) {
                    kernel = k[1];
                    kernelWord = k[0];
                    break;
                }
            }
        }
        if (kernel == null) {
            return Optional.empty();
        }

        List<String> words = words(method);
        String dtype = null;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (DTYPE_PARAMS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                dtype = dtype(e.getValue()).orElse(null);
            }
        }
        if (dtype == null) {
            for (String w : words) {
                dtype = dtype(w).orElse(null);
                if (dtype != null) {
                    break;
                }
            }
        }
        if (dtype == null) {
            for (String w : words(r.className())) {
                dtype = dtype(w).orElse(null);
                if (dtype != null) {
                    break;
                }
            }
        }
        if (dtype == null) {
            // Unnamed: the peers' per-row matrix is int32; every other kernel's headline dtype is float64.
            dtype = kernel.equals("rows") ? "i32" : "f64";
        }

        long n = -1;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (SIZE_PARAMS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                n = parseLong(e.getValue());
            }
        }
        if (n <= 0 && kernel.equals("rows")) {
            long rows = param(params, Set.of("rows")).map(BenchmarkMapping::parseLong).orElse(200_000L);
            long cols = param(params, Set.of("cols")).map(BenchmarkMapping::parseLong).orElse(5L);
            n = rows > 0 && cols > 0 ? rows * cols : PEERS_ROWS_ELEMENTS;
        }
        if (n <= 0) {
            return Optional.empty();
        }

        boolean parallel = lower.contains("parallel") || lower.contains("threads");
        int threads = param(params, Set.of("threads")).map(v -> (int) parseLong(v)).filter(t -> t > 0).orElse(-1);
        if (threads < 0) {
            Matcher m = THREAD_DIGITS.matcher(lower);
            threads = m.find() ? Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)) : parallel ? 2 : 1;
        }

        StringBuilder label = new StringBuilder("Panamax");
        String kw = kernelWord;
        String rest = kw == null ? method : method.replaceFirst("(?i)" + Pattern.quote(methodSpan(method, kw)), " ");
        for (String w : words(rest)) {
            if (dtype(w).isPresent() || w.matches("\\d+")) {
                continue;
            }
            // "parallel2": the digits are the thread count, shown in its own column
            label.append(' ').append(w.toLowerCase(Locale.ROOT).replaceFirst("^(parallel|threads?)_?\\d+$", "$1"));
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (SIZE_PARAMS.contains(key) || DTYPE_PARAMS.contains(key) || NON_LABEL_PARAMS.contains(key)) {
                continue;
            }
            label.append(' ').append(e.getValue().toLowerCase(Locale.ROOT));
        }

        // Benchmarks outside KernelBench (shm's hand-written loops, the mapped-segment axis) say where they come from.
        if (!r.className().equals("KernelBench")) {
            label.append(" (").append(r.className()).append(')');
        }
        double nsOp = r.medianNsPerOp();
        double[] all = r.nsPerOp();
        double med = nsOp / n;
        int bytes = Measurement.elementBytes(dtype) * (kernel.equals("dot") ? 2 : 1);
        return Optional.of(new Measurement("panamax", label.toString().replaceAll("\\s+", " "), kernel, dtype, n,
                threads, med, all[0] / n, all[all.length - 1] / n, bytes / med, all.length, ""));
    }

    /** The exact characters of the method name that spell the kernel word, ignoring case. */
    private static String methodSpan(String method, String kernelWord) {
        int at = method.toLowerCase(Locale.ROOT).indexOf(kernelWord);
        return method.substring(at, at + kernelWord.length());
    }

    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = WORDS.matcher(s);
        while (m.find()) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Optional<String> param(Map<String, String> params, Set<String> names) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (names.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
