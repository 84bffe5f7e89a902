package dev.panamax.cli;

import dev.panamax.simd.Simd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code panamax simd}: the Vector API capability report of this JVM on this CPU. */
@Command(name = "simd", description = "Show the SIMD capabilities the kernels use (vector sizes, lanes, FMA).")
final class SimdCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Override
    public Integer call() {
        String report = Simd.describe();
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vectorized", Simd.vectorized());
            m.put("report", report);
            root.out().println(Json.write(m));
        } else {
            root.out().println(report.stripTrailing());
        }
        return 0;
    }
}
