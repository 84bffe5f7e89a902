package dev.panamax.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the comparison report of one benchmark run: reads JMH's JSON result and the peers' CSVs, and writes
 * into the output folder {@code panamax.csv} (the peers' CSV columns, suite "panamax"), {@code REPORT.md}
 * (ns per element, GB/s, ratios to the C AVX2 reference and to the physical limits), {@code HEADLINE.md}
 * (the headline table alone) and {@code chart-<kernel>-<dtype>.png}.
 *
 * <pre>
 * ReportMain --jmh jmh.json [--jmh more.json ...] --out DIR [--peers DIR] [--limits RESULTS.md] [--probe limits.probe]
 *            [--machine FILE] [--command TEXT]
 * </pre>
 * {@code --peers} is a folder of the peers' CSVs from the same run; its read-sum rows ({@code bench bw}) replace
 * the bandwidth limits of RESULTS.md, and {@code --probe} (the output of {@code bench limits}) rescales the compute
 * limits to the clock measured in this run.
 * {@code bench/run} calls it; it can be rerun on any saved run folder. Exit status 2 on bad arguments or
 * unreadable input, with the reason on stderr.
 */
public final class ReportMain {
    private ReportMain() {
    }

    /**
     * Command-line entry point.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: ReportMain --jmh jmh.json [--jmh more.json ...] --out DIR [--peers DIR]"
                    + " [--limits RESULTS.md] [--probe limits.probe] [--machine FILE] [--command TEXT]");
            System.out.println("writes panamax.csv, REPORT.md, HEADLINE.md and chart-<kernel>-<dtype>.png into DIR");
            return;
        }
        try {
            Path out = run(args);
            System.out.println("report: " + out.resolve("REPORT.md"));
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            System.err.println("panamax bench report: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Generates the report.
     *
     * @param args the options described in the class comment
     * @return the output folder
     * @throws IllegalArgumentException when an option is unknown or missing its value, {@code --jmh} or
     *                                  {@code --out} is missing, or an input file does not parse
     * @throws IOException              when an input cannot be read or an output cannot be written
     */
    public static Path run(String... args) throws IOException {
        List<Path> jmh = new ArrayList<>();
        Path out = null;
        Path peers = null;
        Path limitsFile = null;
        Path machine = null;
        Path probe = null;
        String command = "";
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + opt + " needs a value");
            }
            String v = args[++i];
            switch (opt) {
                case "--jmh" -> jmh.add(Path.of(v));
                case "--out" -> out = Path.of(v);
                case "--peers" -> peers = Path.of(v);
                case "--limits" -> limitsFile = Path.of(v);
                case "--machine" -> machine = Path.of(v);
                case "--probe" -> probe = Path.of(v);
                case "--command" -> command = v;
                default -> throw new IllegalArgumentException("unknown option \"" + opt
                        + "\": expected --jmh, --out, --peers, --limits, --probe, --machine or --command");
            }
        }
        if (jmh.isEmpty() || out == null) {
            throw new IllegalArgumentException("--jmh FILE and --out DIR are required");
        }
        List<JmhResult> results = new ArrayList<>();
        for (Path f : jmh) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("JMH result " + f + " does not exist or is not a file");
            }
            results.addAll(JmhResult.read(f));
        }
        List<Measurement> peerRows = new ArrayList<>();
        if (peers != null && Files.isDirectory(peers)) {
            try (Stream<Path> files = Files.list(peers)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                    peerRows.addAll(Measurement.readCsv(f));
                }
            }
        }
        Limits limits = limitsFile != null && Files.isRegularFile(limitsFile) ? Limits.read(limitsFile) : Limits.none();
        // The read-sum bandwidth rows are limits, not peers: measured here, they replace RESULTS.md's.
        limits = limits.withBandwidth(peerRows.stream().filter(m -> m.kernel().equals("readsum")).toList());
        peerRows.removeIf(m -> m.kernel().equals("readsum"));
        if (probe != null && Files.isRegularFile(probe)) {
            limits = limits.withClock(Limits.clockFromProbe(Files.readAllLines(probe)));
        }
        String machineText = machine != null && Files.isRegularFile(machine) ? Files.readString(machine) : "";

        Report report = new Report(results, peerRows, limits, machineText);
        Files.createDirectories(out);
        Measurement.writeCsv(out.resolve("panamax.csv"), report.panamax);
        List<String> charts = Charts.write(report, out);
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        Files.writeString(out.resolve("REPORT.md"),
                report.markdown("Panamax benchmark report, " + date, machineText, command, charts), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("HEADLINE.md"), report.headline(), StandardCharsets.UTF_8);
        return out;
    }
}
