package dev.panamax.shm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one list of the JVM flags Chronicle Bytes needs on JDK 25; everything else uses it: the public
 * {@link dev.panamax.shm.Backend#CHRONICLE_JVM_FLAGS}, the worker pool's {@code chronicleFlags}, the Chronicle
 * module's checks, the benchmarks' {@code @Fork} (hence one compile-time constant per flag), and, through the
 * argument file {@link #main} writes at build time, the Chronicle module's test JVMs and the {@code panamax}
 * launcher. Not an API.
 */
public final class ChronicleFlags {
    /** Chronicle reflects into {@code java.lang.reflect}: without it mapping fails with an {@code AssertionError}. */
    public static final String ADD_OPENS = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle maps files through {@code sun.nio.ch}: without it, an {@code IllegalAccessError}. */
    public static final String ADD_EXPORTS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle's usage analytics off ({@code chronicle-analytics} comes with it). */
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** Chronicle's start-up banner off. */
    public static final String NO_BANNER = "-Dchronicle.announcer.disable=true";
    /**
     * {@code chronicle-core} allocates through {@code sun.misc.Unsafe}, which JDK 24 and later report with four
     * WARNING lines on first use; this allows it quietly (it changes nothing else).
     */
    public static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";
    /** SLF4J 2 prints a notice when no logging provider is present; Chronicle Bytes brings the API only. */
    public static final String QUIET_SLF4J = "-Dslf4j.internal.verbosity=ERROR";

    /** Every flag above, in order. */
    public static final List<String> ALL = List.of(ADD_OPENS, ADD_EXPORTS, NO_ANALYTICS, NO_BANNER, ALLOW_UNSAFE,
            QUIET_SLF4J);

    private ChronicleFlags() {
    }

    /**
     * Writes {@link #ALL} as a {@code java} argument file (one flag a line), for {@code java @file}: the build
     * runs this so that Maven's test JVMs and the shell launcher read the same list.
     *
     * @param args the file to write
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ChronicleFlags <argument-file>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, String.join("\n", ALL) + "\n", StandardCharsets.UTF_8);
    }
}
