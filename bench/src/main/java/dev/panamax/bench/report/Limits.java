package dev.panamax.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limits measured by the peers ({@code ../shared/peers/RESULTS.md}): the read bandwidth at each
 * memory footprint (a STREAM-like AVX2 read-sum, per thread count) and the per-core L1 compute limit per kernel.
 * Read from that file rather than copied, so a re-measured machine updates the report.
 */
final class Limits {
    private static final Pattern BW_HEADER = Pattern.compile("^\\|\\s*threads\\s*\\|(.*)$");
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9.]+)\\s*(KiB|MiB|GiB)\\s*");
    private static final Pattern CLOCK = Pattern.compile("limit at ([0-9.]+) GHz");
    private static final Pattern COMPUTE = Pattern.compile(
            "^\\|\\s*(\\w+) (f64|f32|i32|i64)\\s*\\|.*\\*\\*([0-9.]+) ns, ([0-9.]+) GB/s\\*\\*");

    /** threads -> footprint in bytes -> GB/s. */
    private final Map<Integer, TreeMap<Long, Double>> bandwidth;
    /** "kernel dtype" -> ns per element at the 1-thread L1 compute limit. */
    private final Map<String, Double> computeNs;
    /** The clock (GHz) the compute limits were computed at; NaN when unknown. */
    private final double clockGhz;
    /** Where the figures come from, for the report. */
    private final String source;

    private Limits(Map<Integer, TreeMap<Long, Double>> bandwidth, Map<String, Double> computeNs, double clockGhz,
                   String source) {
        this.bandwidth = bandwidth;
        this.computeNs = computeNs;
        this.clockGhz = clockGhz;
        this.source = source;
    }

    static Limits none() {
        return new Limits(Map.of(), Map.of(), Double.NaN, "no limits available");
    }

    String source() {
        return source;
    }

    /**
     * These limits with the read bandwidth measured in this run ({@code bench bw}: suite {@code c_bw}, kernel
     * {@code readsum}, float64 elements), replacing the bandwidth from RESULTS.md.
     */
    Limits withBandwidth(List<Measurement> readSum) {
        Map<Integer, TreeMap<Long, Double>> bw = new HashMap<>();
        for (Measurement m : readSum) {
            bw.computeIfAbsent(m.threads(), t -> new TreeMap<>())
                    .put(m.n() * Measurement.elementBytes(m.dtype()), m.gbps());
        }
        if (bw.isEmpty()) {
            return this;
        }
        return new Limits(bw, computeNs, clockGhz, source.replace("read bandwidth from RESULTS.md",
                "read bandwidth measured in this run (C AVX2 read-sum)"));
    }

    /** These limits with the compute limits rescaled from RESULTS.md's clock to the clock measured in this run. */
    Limits withClock(double ghz) {
        if (!(ghz > 0) || !(clockGhz > 0)) {
            return this;
        }
        Map<String, Double> scaled = new HashMap<>();
        computeNs.forEach((k, ns) -> scaled.put(k, ns * clockGhz / ghz));
        return new Limits(bandwidth, scaled, ghz, source.replace("compute limits from RESULTS.md",
                String.format(java.util.Locale.ROOT, "compute limits from RESULTS.md's per-cycle rates at this run's %.2f GHz", ghz)));
    }

    /** The one-thread clock (GHz) from the C harness's {@code limits} output, or NaN. */
    static double clockFromProbe(List<String> probeCsv) {
        for (String line : probeCsv) {
            String[] f = line.split(",");
            if (f.length >= 4 && f[1].equals("clock_ghz_dep_add_chain") && f[2].equals("1")) {
                try {
                    return Double.parseDouble(f[3]);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    static Limits read(Path resultsMd) throws IOException {
        return parse(Files.readAllLines(resultsMd, StandardCharsets.UTF_8));
    }

    static Limits parse(List<String> lines) {
        Map<Integer, TreeMap<Long, Double>> bw = new HashMap<>();
        Map<String, Double> compute = new HashMap<>();
        long[] footprints = null;
        double clock = Double.NaN;
        for (String line : lines) {
            Matcher ck = CLOCK.matcher(line);
            if (ck.find() && Double.isNaN(clock)) {
                clock = Double.parseDouble(ck.group(1));
            }
            Matcher h = BW_HEADER.matcher(line);
            if (h.matches()) {
                String[] cells = h.group(1).split("\\|");
                footprints = new long[cells.length];
                boolean ok = true;
                for (int i = 0; i < cells.length; i++) {
                    Matcher s = SIZE.matcher(cells[i]);
                    if (s.matches()) {
                        double mult = switch (s.group(2)) {
                            case "KiB" -> 1024.0;
                            case "MiB" -> 1024.0 * 1024;
                            default -> 1024.0 * 1024 * 1024;
                        };
                        footprints[i] = (long) (Double.parseDouble(s.group(1)) * mult);
                    } else if (!cells[i].isBlank()) {
                        ok = false;
                    }
                }
                if (!ok) {
                    footprints = null;
                }
                continue;
            }
            if (footprints != null) {
                if (line.startsWith("|---") || line.startsWith("| ---")) {
                    continue;
                }
                String[] cells = line.split("\\|");
                if (cells.length >= 3 && cells[1].strip().matches("\\d+")) {
                    int threads = Integer.parseInt(cells[1].strip());
                    TreeMap<Long, Double> row = bw.computeIfAbsent(threads, t -> new TreeMap<>());
                    for (int i = 0; i < footprints.length && i + 2 < cells.length; i++) {
                        String v = cells[i + 2].strip().split("\\s+")[0];
                        if (footprints[i] > 0 && v.matches("[0-9.]+")) {
                            row.put(footprints[i], Double.parseDouble(v));
                        }
                    }
                    continue;
                }
                footprints = null;
            }
            Matcher c = COMPUTE.matcher(line);
            if (c.find()) {
                compute.put(c.group(1) + " " + c.group(2), Double.parseDouble(c.group(3)));
            }
        }
        return new Limits(bw, compute, clock, "read bandwidth from RESULTS.md; compute limits from RESULTS.md");
    }

    boolean isEmpty() {
        return bandwidth.isEmpty() && computeNs.isEmpty();
    }

    /**
     * The measured read bandwidth (GB/s) for data of this many bytes: the entry at the smallest measured footprint
     * that holds the data (the cache level it lives in), or the largest one for data beyond every footprint.
     */
    Optional<Double> bandwidthGbps(int threads, long bytes) {
        TreeMap<Long, Double> row = bandwidth.get(threads);
        if (row == null || row.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<Long, Double> e = row.ceilingEntry(bytes);
        return Optional.of(e != null ? e.getValue() : row.lastEntry().getValue());
    }

    /** Footprint (bytes) to GB/s, for drawing the bandwidth limit; empty when unknown. */
    TreeMap<Long, Double> bandwidthCurve(int threads) {
        return new TreeMap<>(bandwidth.getOrDefault(threads, new TreeMap<>()));
    }

    /** ns per element at the one-core L1 compute limit of this kernel and dtype. */
    Optional<Double> computeNsPerElement(String kernel, String dtype) {
        return Optional.ofNullable(computeNs.get(kernel + " " + dtype));
    }
}
