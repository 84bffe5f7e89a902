package dev.panamax.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link DocSnippetsTest}: runs the snippets of one page in order, in this JVM, and records each
 * outcome in the results directory as {@code <class>.started}, then {@code <class>.ok} or {@code <class>.failed}
 * (the stack trace), so that the test knows which snippet was running if this JVM hangs or dies.
 *
 * <p>Usage: {@code DocSnippetRunner RESULTS_DIR CLASS...}
 */
final class DocSnippetRunner {
    private DocSnippetRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            Files.writeString(results.resolve(name + ".started"), "");
            try {
                Class.forName(name).getMethod("run").invoke(null);
                Files.writeString(results.resolve(name + ".ok"), "");
            } catch (Throwable t) {
                Throwable cause = t instanceof InvocationTargetException ite ? ite.getCause() : t;
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace));
                Files.writeString(results.resolve(name + ".failed"), trace.toString(), StandardCharsets.UTF_8);
            }
        }
        // Snippets may leave non-daemon threads behind; the shutdown hooks (PROCESS segments) still run.
        System.exit(0);
    }
}
