package dev.panamax.cli;

import dev.panamax.shm.Backend;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.Segments;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command. Its options are global: {@link ScopeType#INHERIT} makes each one valid before or after the
 * subcommand name, and picocli stores the value here either way. The subcommands are registered by
 * {@link Main#commandLine}, only the one a command line names when it names one (see {@link #COMMANDS}).
 */
@Command(name = "panamax", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = PanamaxCommand.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Zero-copy shared numeric arrays (.npy segments) and SIMD kernels.",
        footer = {"", "Exit status: 0 success, 1 error (one line on stderr), 2 usage error.",
                "Reference: docs/cli.md in the Panamax sources (docs/kernels.md for the kernels' rules)."})
final class PanamaxCommand implements Runnable {
    /** Every subcommand, in the order the help lists them. */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("create", CreateCommand::new);
        m.put("info", InfoCommand::new);
        m.put("list", ListCommand::new);
        m.put("unlink", UnlinkCommand::new);
        m.put("gc", GcCommand::new);
        m.put("simd", SimdCommand::new);
        m.put("compute", ComputeCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Segment directory (default: $PANAMAX_DIR, or /dev/shm).")
    Path dir;

    @Option(names = "--backend", paramLabel = "ffm|chronicle", scope = ScopeType.INHERIT,
            description = "How segments are mapped (default: ffm).")
    Backend backend = Backend.FFM;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print one JSON value on stdout.")
    boolean json;

    @Option(names = "--allow-foreign", scope = ScopeType.INHERIT,
            description = "Use segments owned by another user (refused by default: anyone may plant a file in "
                    + "/dev/shm); gc: collect other users' files too.")
    boolean allowForeign;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * @return the segment directory: {@code --dir}, else the shm default
     * @throws CliException if it is not a directory
     */
    Path directory() {
        Path d = dir != null ? dir : Segments.defaultDirectory();
        if (!Files.isDirectory(d)) {
            throw new CliException("no such directory: " + d + (dir != null ? " (--dir)" : ""));
        }
        return d;
    }

    /**
     * @return options for this command line's directory, backend and owner policy (lifetime and access as the
     *         defaults)
     */
    SegmentOptions options() {
        return SegmentOptions.defaults().directory(directory()).backend(backend).allowForeignOwner(allowForeign);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Reads the version from the jar manifest (Implementation-Version), so it is never stale. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PanamaxCommand.class.getPackage().getImplementationVersion();
            return new String[] {"panamax " + (v != null ? v : "(development build)")};
        }
    }
}
