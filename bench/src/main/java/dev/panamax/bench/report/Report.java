package dev.panamax.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The data of one report: Panamax's measurements (mapped from JMH), the peers' measurements from the same run,
 * the physical limits, and the JMH results that are not kernels. Builds the markdown; {@link Charts} draws it.
 */
final class Report {
    /** The near-limit reference every ratio is taken against. */
    static final String C_REFERENCE = "C AVX2 intrinsics multi-accumulator";
    /** The hand-written AVX-512 C kernels, which the reference binary runs only where the CPU has AVX-512. */
    static final String C_AVX512 = "C AVX-512 intrinsics multi-accumulator";
    private static final List<String> GROUP_ORDER = List.of("sumsq f64", "sumsq f32", "count i32", "count f64", "rows i32");

    final List<Measurement> panamax;
    final List<Measurement> peers;
    final List<JmhResult> other;
    final List<JmhResult> jmh;
    final Limits limits;
    /** The run's machine.txt: which SIMD extensions the CPU has, and whether Numba was installed. */
    final String machine;

    Report(List<JmhResult> jmh, List<Measurement> peers, Limits limits) {
        this(jmh, peers, limits, "");
    }

    Report(List<JmhResult> jmh, List<Measurement> peers, Limits limits, String machine) {
        this.machine = machine;
        this.jmh = List.copyOf(jmh);
        this.panamax = new ArrayList<>();
        this.other = new ArrayList<>();
        for (JmhResult r : jmh) {
            BenchmarkMapping.map(r).ifPresentOrElse(panamax::add, () -> other.add(r));
        }
        this.peers = List.copyOf(peers);
        this.limits = limits;
    }

    /** "kernel dtype" groups, the peers' headline kernels first; only groups Panamax measured, if it measured any. */
    List<String> groups() {
        List<Measurement> source = panamax.isEmpty() ? peers : panamax;
        TreeSet<String> found = new TreeSet<>();
        source.forEach(m -> found.add(m.kernel() + " " + m.dtype()));
        List<String> out = new ArrayList<>();
        GROUP_ORDER.stream().filter(found::contains).forEach(out::add);
        found.stream().filter(g -> !GROUP_ORDER.contains(g)).forEach(out::add);
        return out;
    }

    List<Long> sizes(String group) {
        TreeSet<Long> s = new TreeSet<>();
        (panamax.isEmpty() ? peers : panamax).stream().filter(m -> in(m, group)).forEach(m -> s.add(m.n()));
        return List.copyOf(s);
    }

    /** Rows of a group: Panamax first (by threads, then label), then the peers in their own order. */
    List<Series> series(String group) {
        Map<String, Series> out = new LinkedHashMap<>();
        panamax.stream().filter(m -> in(m, group))
                .sorted(Comparator.comparingInt(Measurement::threads).thenComparing(Measurement::impl))
                .forEach(m -> out.computeIfAbsent(m.impl() + "|" + m.threads(), k -> new Series(m.impl(), m.threads(), true))
                        .points.putIfAbsent(m.n(), m));
        peers.stream().filter(m -> in(m, group))
                .forEach(m -> out.computeIfAbsent(m.suite() + "|" + m.impl() + "|" + m.threads(),
                        k -> new Series(m.impl(), m.threads(), false)).points.putIfAbsent(m.n(), m));
        return List.copyOf(out.values());
    }

    Optional<Measurement> reference(String group, long n) {
        return peer(C_REFERENCE, group, n);
    }

    private Optional<Measurement> peer(String impl, String group, long n) {
        return peers.stream().filter(m -> in(m, group) && m.n() == n && m.threads() == 1 && m.impl().equals(impl))
                .findFirst();
    }

    /** {@return true when machine.txt lists the CPU's SIMD extensions and AVX-512 is not among them} */
    boolean cpuLacksAvx512() {
        return machine.lines().anyMatch(l -> l.startsWith("simd:") && !l.contains("avx512f"));
    }

    /** {@return true when bench/run found no Numba for its Python} */
    boolean numbaMissing() {
        return machine.lines().anyMatch(l -> l.startsWith("numba: not installed"));
    }

    /** GB/s of the binding limit for this data: the read bandwidth at its footprint, capped by the L1 compute rate. */
    Optional<Double> limitGbps(String kernel, String dtype, long n, int threads) {
        int esize = Measurement.elementBytes(dtype);
        Optional<Double> bw = limits.bandwidthGbps(threads, n * esize);
        Optional<Double> compute = limits.computeNsPerElement(kernel, dtype).map(ns -> threads * esize / ns);
        if (bw.isPresent() && compute.isPresent()) {
            return Optional.of(Math.min(bw.get(), compute.get()));
        }
        return bw.isPresent() ? bw : compute;
    }

    private static boolean in(Measurement m, String group) {
        return (m.kernel() + " " + m.dtype()).equals(group);
    }

    /** One implementation's points across sizes. */
    static final class Series {
        final String impl;
        final int threads;
        final boolean panamax;
        final Map<Long, Measurement> points = new LinkedHashMap<>();

        Series(String impl, int threads, boolean panamax) {
            this.impl = impl;
            this.threads = threads;
            this.panamax = panamax;
        }

        String label() {
            return impl + (threads > 1 ? " (" + threads + "T)" : "");
        }
    }

    // ---------------------------------------------------------------- markdown

    String markdown(String title, String machine, String command, List<String> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        if (!command.isBlank()) {
            sb.append("Reproduce: `").append(command).append("`\n\n");
        }
        sb.append("Times are **nanoseconds per element** (median over measured iterations or samples); GB/s counts ")
                .append("input bytes only, decimal. Ratios compare with the C AVX2 intrinsics reference on 1 thread ")
                .append("measured in this same run (below 1.00x is faster than C). Limits come from the peers' ")
                .append("tools: the read bandwidth at the data's footprint and the L1 compute limit (").append(limits.source())
                .append(").\n\n");
        methodNote(sb);
        if (!machine.isBlank()) {
            sb.append("<details><summary>Machine</summary>\n\n```\n").append(machine.strip()).append("\n```\n</details>\n\n");
        }
        sb.append("## Headline\n\n").append(headline()).append('\n');
        for (String g : groups()) {
            sb.append("## ").append(groupTitle(g)).append("\n\n");
            String chart = "chart-" + g.replace(' ', '-') + ".png";
            if (charts.contains(chart)) {
                sb.append("![").append(g).append("](").append(chart).append(")\n\n");
            }
            sb.append(timeTable(g)).append('\n');
            sb.append(ratioTable(g)).append('\n');
        }
        if (!other.isEmpty()) {
            sb.append("## Other benchmarks (JMH scores as reported)\n\n");
            sb.append("| benchmark | params | mode | score | ± (99.9%) | unit | median ns/op |\n|---|---|---|---|---|---|---|\n");
            for (JmhResult r : other) {
                sb.append("| ").append(r.className()).append('.').append(r.method()).append(" | ")
                        .append(r.params().isEmpty() ? "" : r.params().toString().replace("|", "/")).append(" | ")
                        .append(r.mode()).append(" | ").append(num(r.score())).append(" | ")
                        .append(Double.isNaN(r.scoreError()) ? "" : num(r.scoreError())).append(" | ")
                        .append(r.unit()).append(" | ").append(num(r.medianNsPerOp())).append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void methodNote(StringBuilder sb) {
        LinkedHashSet<String> settings = new LinkedHashSet<>();
        for (JmhResult r : jmh) {
            settings.add(r.forks() + " fork(s), " + r.warmupIterations() + " warm-up + " + r.measurementIterations()
                    + " measured iterations of " + r.measurementTime());
        }
        sb.append(settings.isEmpty() ? "Panamax: no JMH results. " : "Panamax: JMH, " + String.join("; ", settings) + " per cell. ");
        if (!peers.isEmpty()) {
            sb.append("Peers: their own round-robin harness (median of ")
                    .append(peers.stream().map(m -> Integer.toString(m.samples())).distinct().sorted().reduce((a, b) -> a + "/" + b).orElse("?"))
                    .append(" samples of at least 20 ms each). ");
        } else {
            sb.append("Peers: not run (no peers folder, or it failed), so there are no ratios to C. ");
        }
        sb.append("\n\n");
    }

    static String groupTitle(String group) {
        String[] kd = group.split(" ");
        String k = switch (kd[0]) {
            case "sumsq" -> "sum of squares";
            case "count" -> "count in range";
            case "rows" -> "count in range per row (200000 x 5 matrix)";
            case "sumsqcol" -> "sum of squares per column";
            default -> kd[0];
        };
        return k + ", " + kd[1];
    }

    String timeTable(String group) {
        List<Long> sizes = sizes(group);
        String[] kd = group.split(" ");
        StringBuilder sb = new StringBuilder("ns per element · GB/s\n\n| implementation | T |");
        sizes.forEach(n -> sb.append(' ').append(size(n)).append(" |"));
        sb.append("\n|---|---|").append("---|".repeat(sizes.size())).append('\n');
        for (Series s : series(group)) {
            sb.append("| ").append(s.panamax ? "**" + s.impl + "**" : s.impl).append(" | ").append(s.threads).append(" |");
            for (long n : sizes) {
                Measurement m = s.points.get(n);
                sb.append(' ').append(m == null ? "–" : num(m.nsMed()) + " ns · " + num(m.gbps()) + " GB/s").append(" |");
            }
            sb.append('\n');
        }
        for (int t = 1; t <= 2; t++) {
            int threads = t;
            if (sizes.stream().noneMatch(n -> limitGbps(kd[0], kd[1], n, threads).isPresent())) {
                continue;
            }
            sb.append("| *limit: lower of read bandwidth at this footprint and L1 compute* | ").append(t).append(" |");
            for (long n : sizes) {
                Optional<Double> g = limitGbps(kd[0], kd[1], n, t);
                int esize = Measurement.elementBytes(kd[1]);
                sb.append(' ').append(g.map(v -> num(esize / v) + " ns · " + num(v) + " GB/s").orElse("–")).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    String ratioTable(String group) {
        List<Long> sizes = sizes(group);
        String[] kd = group.split(" ");
        boolean anyRef = sizes.stream().anyMatch(n -> reference(group, n).isPresent());
        StringBuilder sb = new StringBuilder();
        if (anyRef) {
            sb.append("time relative to ").append(C_REFERENCE).append(", 1 thread (same run)\n\n| implementation | T |");
            sizes.forEach(n -> sb.append(' ').append(size(n)).append(" |"));
            sb.append("\n|---|---|").append("---|".repeat(sizes.size())).append('\n');
            for (Series s : series(group)) {
                sb.append("| ").append(s.panamax ? "**" + s.impl + "**" : s.impl).append(" | ").append(s.threads).append(" |");
                for (long n : sizes) {
                    Measurement m = s.points.get(n);
                    Optional<Measurement> ref = reference(group, n);
                    sb.append(' ').append(m == null || ref.isEmpty() ? "–"
                            : String.format(Locale.ROOT, "%.2fx", m.nsMed() / ref.get().nsMed())).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        List<Series> ours = series(group).stream().filter(s -> s.panamax).toList();
        if (!ours.isEmpty() && sizes.stream().anyMatch(n -> limitGbps(kd[0], kd[1], n, 1).isPresent())) {
            sb.append("share of the physical limit reached (GB/s ÷ the limit row above, same thread count)\n\n| implementation | T |");
            sizes.forEach(n -> sb.append(' ').append(size(n)).append(" |"));
            sb.append("\n|---|---|").append("---|".repeat(sizes.size())).append('\n');
            for (Series s : ours) {
                sb.append("| ").append(s.impl).append(" | ").append(s.threads).append(" |");
                for (long n : sizes) {
                    Measurement m = s.points.get(n);
                    Optional<Double> lim = limitGbps(kd[0], kd[1], n, Math.min(s.threads, 2));
                    sb.append(' ').append(m == null || lim.isEmpty() ? "–"
                            : String.format(Locale.ROOT, "%.0f%%", 100 * m.gbps() / lim.get())).append(" |");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * One row per (kernel, size): the fastest Panamax implementation on one thread and on more, against the C AVX2
     * and AVX-512 references (the ratio is to the faster of the two), the best NumPy variant, and Numba on one
     * thread ({@code @njit}, {@code fastmath=True}) and on more ({@code parallel=True} with {@code prange}), all of
     * the same run. A reference that cannot run here says why instead of leaving a blank.
     */
    String headline() {
        StringBuilder sb = new StringBuilder("| kernel | n | Panamax 1T ns/elem (impl) | C AVX2 1T | C AVX-512 1T "
                + "| Panamax ÷ faster C | best NumPy | Numba 1T | Numba 2T | Panamax 2T | share of limit (1T) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        String noAvx512 = cpuLacksAvx512() ? "n/a (no AVX-512)" : "–";
        String noNumba = numbaMissing() ? "n/a (Numba not installed)" : "–";
        List<Measurement> numpy = peers.stream().filter(m -> m.suite().equals("numpy")).toList();
        List<Measurement> numba = peers.stream().filter(m -> m.suite().equals("numba")).toList();
        boolean any = false;
        for (String g : groups()) {
            String[] kd = g.split(" ");
            boolean anyRef = sizes(g).stream().anyMatch(n -> reference(g, n).isPresent());
            for (long n : sizes(g)) {
                if (anyRef && reference(g, n).isEmpty()) {
                    continue;
                }
                Optional<Measurement> one = best(panamax, g, n, 1, 1);
                Optional<Measurement> multi = best(panamax, g, n, 2, Integer.MAX_VALUE);
                if (one.isEmpty() && multi.isEmpty()) {
                    continue;
                }
                any = true;
                Optional<Measurement> ref = reference(g, n);
                Optional<Measurement> ref512 = peer(C_AVX512, g, n);
                Optional<Measurement> fasterC = ref512.isPresent() && (ref.isEmpty()
                        || ref512.get().nsMed() < ref.get().nsMed()) ? ref512 : ref;
                Optional<Measurement> np = best(numpy, g, n, 1, Integer.MAX_VALUE);
                Optional<Double> lim = limitGbps(kd[0], kd[1], n, 1);
                sb.append("| ").append(g).append(" | ").append(size(n)).append(" | ")
                        .append(one.map(m -> num(m.nsMed()) + " (" + m.impl().replaceFirst("^Panamax ?", "") + ")").orElse("–")).append(" | ")
                        .append(ref.map(m -> num(m.nsMed())).orElse("–")).append(" | ")
                        .append(ref512.map(m -> num(m.nsMed())).orElse(noAvx512)).append(" | ")
                        .append(one.isPresent() && fasterC.isPresent()
                                ? String.format(Locale.ROOT, "%.2fx", one.get().nsMed() / fasterC.get().nsMed()) : "–").append(" | ")
                        .append(np.map(m -> num(m.nsMed()) + (m.threads() > 1 ? " (" + m.threads() + "T)" : "")).orElse("–")).append(" | ")
                        .append(best(numba, g, n, 1, 1).map(Report::numbaCell).orElse(noNumba)).append(" | ")
                        .append(best(numba, g, n, 2, Integer.MAX_VALUE).map(Report::numbaCell).orElse(noNumba)).append(" | ")
                        .append(multi.map(m -> num(m.nsMed()) + " (" + m.threads() + "T)").orElse("–")).append(" | ")
                        .append(one.isPresent() && lim.isPresent()
                                ? String.format(Locale.ROOT, "%.0f%%", 100 * one.get().gbps() / lim.get()) : "–").append(" |\n");
            }
        }
        return any ? sb.toString() : "No Panamax kernel benchmarks in this run.\n";
    }

    /** A Numba time with the variant that made it: {@code 0.0500 (fastmath)}, {@code 0.0300 (parallel, 2T)}. */
    private static String numbaCell(Measurement m) {
        String impl = m.impl();
        List<String> how = new ArrayList<>();
        if (impl.contains("parallel=True")) {
            how.add("parallel");
        }
        if (impl.contains("fastmath=True")) {
            how.add("fastmath");
        }
        if (m.threads() > 1) {
            how.add(m.threads() + "T");
        }
        return num(m.nsMed()) + (how.isEmpty() ? "" : " (" + String.join(", ", how) + ")");
    }

    private static Optional<Measurement> best(List<Measurement> from, String group, long n, int minThreads, int maxThreads) {
        return from.stream().filter(m -> in(m, group) && m.n() == n && m.threads() >= minThreads && m.threads() <= maxThreads)
                .min(Comparator.comparingDouble(Measurement::nsMed));
    }

    static String size(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " Mi";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + " Ki";
        }
        return Long.toString(n);
    }

    /** Three significant digits, no exponent: the peers' tables read the same way. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (a >= 0.01) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
