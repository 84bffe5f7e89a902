package dev.panamax.cli.internal;

import dev.panamax.cli.Main;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The training run behind the {@code ./panamax} launcher's start-up cache: runs the short commands once, in
 * process, in a scratch directory, so that a JDK 25 AOT cache ({@code -XX:AOTCacheOutput}, JEP 483/514) holds
 * the classes they load, linked. Prints nothing; what it creates it unlinks again.
 *
 * <p>Not a user command (hence this internal package): the launcher runs it once per build, with the same class
 * path and flags as the command itself (the cache is valid only for those).
 */
public final class AotTraining {
    private AotTraining() {
    }

    /**
     * Runs the training commands.
     *
     * @param args one argument: an existing, empty scratch directory
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: AotTraining SCRATCH_DIR");
            System.exit(Main.EXIT_USAGE);
        }
        String dir = args[0];
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (List<String> cmd : List.of(
                List.of("create", "t", "--dtype", "float64", "--shape", "1000,4", "--fill", "random", "--seed", "1"),
                List.of("list"),
                List.of("list", "--json"),
                List.of("info", "t"),
                List.of("info", "t", "--json"),
                List.of("compute", "sum-of-squares", "t", "--json"),
                List.of("compute", "count-in-range-per-row", "t", "--lo", "2", "--hi", "5", "--out", "u"),
                List.of("unlink", "t", "u"),
                List.of("gc", "--dry-run"),
                List.of("info", "missing"),
                List.of("compute", "sum", "t", "--threads", "2", "--workers", "2"),
                List.of("--help"))) {
            String[] full = new String[cmd.size() + 2];
            full[0] = "--dir";
            full[1] = dir;
            for (int i = 0; i < cmd.size(); i++) {
                full[i + 2] = cmd.get(i);
            }
            Main.run(sink, sink, full);
        }
    }
}
