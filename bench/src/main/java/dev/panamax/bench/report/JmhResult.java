package dev.panamax.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a JMH JSON result file ({@code -rf json}): the benchmark, its parameters and its primary
 * metric, with the per-iteration scores converted to nanoseconds per operation.
 *
 * @param benchmark fully qualified {@code Class.method}
 * @param params the {@code @Param} values of this run (empty when it has none)
 * @param nsPerOp every measured iteration, in ns per operation, sorted ascending (one value, the mean,
 *                when JMH kept no raw data)
 * @param score JMH's score in its own unit
 * @param scoreError JMH's 99.9% half-interval in its own unit (NaN when it has none)
 */
record JmhResult(String benchmark, String mode, Map<String, String> params, double[] nsPerOp,
                 double score, double scoreError, String unit, int forks, int warmupIterations,
                 int measurementIterations, String measurementTime) {

    String className() {
        String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    double medianNsPerOp() {
        int k = nsPerOp.length;
        return k % 2 == 1 ? nsPerOp[k / 2] : 0.5 * (nsPerOp[k / 2 - 1] + nsPerOp[k / 2]);
    }

    static List<JmhResult> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static List<JmhResult> parse(String text) {
        if (!(Json.parse(text) instanceof List<?> entries)) {
            throw new IllegalArgumentException("a JMH JSON result is an array of benchmark entries");
        }
        List<JmhResult> out = new ArrayList<>();
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> e)) {
                throw new IllegalArgumentException("a JMH JSON entry must be an object, got " + o);
            }
            String benchmark = str(e, "benchmark");
            if (benchmark.indexOf('.') < 0) {
                throw new IllegalArgumentException("benchmark name \"" + benchmark + "\" is not Class.method");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (e.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            if (!(e.get("primaryMetric") instanceof Map<?, ?> pm)) {
                throw new IllegalArgumentException(benchmark + ": no primaryMetric");
            }
            String unit = str(pm, "scoreUnit");
            double toNs = nsPerOpFactor(unit, benchmark);
            double score = Json.number(pm.get("score"), benchmark + " score");
            double err = pm.get("scoreError") == null ? Double.NaN : Json.number(pm.get("scoreError"), benchmark + " scoreError");
            List<Double> raw = new ArrayList<>();
            if (pm.get("rawData") instanceof List<?> forks) {
                for (Object f : forks) {
                    if (f instanceof List<?> its) {
                        for (Object it : its) {
                            raw.add(Json.number(it, benchmark + " rawData"));
                        }
                    }
                }
            }
            if (raw.isEmpty()) {
                raw.add(score);
            }
            double[] ns = raw.stream().mapToDouble(v -> toNs > 0 ? v * toNs : -toNs / v).sorted().toArray();
            out.add(new JmhResult(benchmark, str(e, "mode"), params, ns, score, err, unit,
                    (int) num(e, "forks"), (int) num(e, "warmupIterations"), (int) num(e, "measurementIterations"),
                    e.get("measurementTime") == null ? "" : String.valueOf(e.get("measurementTime"))));
        }
        return out;
    }

    /**
     * Positive: multiply a time-per-op score by it to get ns/op. Negative: ns/op is {@code -factor / score}
     * (throughput units such as ops/s).
     */
    private static double nsPerOpFactor(String unit, String benchmark) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            case "ops/ns" -> -1;
            case "ops/us" -> -1e3;
            case "ops/ms" -> -1e6;
            case "ops/s" -> -1e9;
            default -> throw new IllegalArgumentException(benchmark + ": unsupported score unit \"" + unit
                    + "\", expected ns/op, us/op, ms/op, s/op or ops/ns, ops/us, ops/ms, ops/s");
        };
    }

    private static String str(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("missing string field \"" + key + "\" in a JMH entry");
        }
        return s;
    }

    private static double num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? 0 : Json.number(v, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JmhResult r && benchmark.equals(r.benchmark) && params.equals(r.params)
                && Arrays.equals(nsPerOp, r.nsPerOp);
    }

    @Override
    public int hashCode() {
        return benchmark.hashCode() * 31 + params.hashCode();
    }

    @Override
    public String toString() {
        return benchmark + params;
    }
}
