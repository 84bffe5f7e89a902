package dev.panamax.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts: throughput (GB/s) against size per kernel, one line per implementation, the limits as dashed lines. */
final class Charts {
    private static final Color[] PANAMAX = {new Color(0xC0392B), new Color(0xE67E22), new Color(0x8E44AD),
            new Color(0xD35400), new Color(0x6C3483), new Color(0xB03A2E), new Color(0xF1948A), new Color(0x7D3C98)};
    private static final Color[] PEERS = {new Color(0x1F618D), new Color(0x117A65), new Color(0x2E86C1),
            new Color(0x28B463), new Color(0x5D6D7E), new Color(0x148F77), new Color(0x85C1E9)};

    private Charts() {
    }

    /**
     * The lines worth drawing: KernelBench's implementations (every Panamax series if KernelBench did not run), the C
     * reference and the best NumPy and Numba forms. The tables have them all.
     */
    static boolean charted(Report.Series s, boolean kernelBenchPresent) {
        if (s.panamax) {
            // KernelBench's lines when it ran; the other classes' variants stay in the tables, or the chart is unreadable
            return !kernelBenchPresent || !s.impl.endsWith(")");
        }
        String i = s.impl;
        return i.equals(Report.C_REFERENCE)
                || (s.threads == 1 && (i.startsWith("numpy np.dot(a,a) [OpenBLAS 1") || i.startsWith("numpy np.count_nonzero")
                || i.equals("numba @njit(fastmath=True)") || i.equals("numba @njit")));
    }

    /**
     * Writes {@code chart-<kernel>-<dtype>.png} for every group with at least two sizes and returns the file names.
     * Needs no display: the JVM runs headless.
     */
    static List<String> write(Report report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        for (String g : report.groups()) {
            List<Long> sizes = report.sizes(g);
            if (sizes.size() < 2) {
                continue;
            }
            String name = "chart-" + g.replace(' ', '-') + ".png";
            XYChart chart = chart(report, g, sizes);
            try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            written.add(name);
        }
        return written;
    }

    static XYChart chart(Report report, String group, List<Long> sizes) {
        String[] kd = group.split(" ");
        int esize = Measurement.elementBytes(kd[1]);
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title(Report.groupTitle(group) + ": throughput against size (higher is better)")
                .xAxisTitle("elements (log)").yAxisTitle("GB/s of input (log)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setXAxisDecimalPattern("#,###").setYAxisDecimalPattern("0.#");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(7);
        int pc = 0;
        int qc = 0;
        double lo = sizes.getFirst();
        double hi = sizes.getLast();
        List<Report.Series> all = report.series(group);
        boolean kernelBench = all.stream().anyMatch(s -> s.panamax && !s.impl.endsWith(")"));
        for (Report.Series s : all) {
            if (!charted(s, kernelBench)) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            new TreeMap<>(s.points).forEach((n, m) -> {
                x.add((double) n);
                y.add(m.gbps());
            });
            if (x.isEmpty()) {
                continue;
            }
            XYSeries xs = chart.addSeries(s.label(), x, y);
            xs.setLineColor(s.panamax ? PANAMAX[pc % PANAMAX.length] : PEERS[qc % PEERS.length]);
            xs.setMarkerColor(xs.getLineColor());
            xs.setLineWidth(s.panamax ? 3f : 1.5f);
            xs.setMarker(s.panamax ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            if (s.panamax) {
                pc++;
            } else {
                qc++;
            }
        }
        for (int t = 1; t <= 2; t++) {
            TreeMap<Long, Double> curve = report.limits.bandwidthCurve(t);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Map.Entry<Long, Double> e : curve.entrySet()) {
                double n = (double) e.getKey() / esize;
                // Below 256 KiB the 2-thread read-sum measures fork/join, not bandwidth: leave it out of the line.
                if (n >= lo / 2 && n <= hi * 2 && (t == 1 || e.getKey() >= 256 * 1024)) {
                    x.add(n);
                    y.add(e.getValue());
                }
            }
            if (x.size() >= 2) {
                XYSeries ls = chart.addSeries("limit: read bandwidth, " + t + "T (L1 … DRAM)", x, y);
                ls.setLineColor(t == 1 ? Color.DARK_GRAY : Color.GRAY);
                ls.setLineStyle(t == 1 ? SeriesLines.DASH_DASH : SeriesLines.DOT_DOT);
                ls.setMarker(SeriesMarkers.NONE);
            }
        }
        report.limits.computeNsPerElement(kd[0], kd[1]).ifPresent(ns -> {
            XYSeries cs = chart.addSeries("limit: L1 compute, 1 core", List.of(lo, hi), List.of(esize / ns, esize / ns));
            cs.setLineColor(Color.BLACK);
            cs.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f));
            cs.setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }
}
