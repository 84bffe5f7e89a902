package dev.panamax.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of the {@code panamax} command (run it with the {@code ./panamax} launcher, which passes the JVM
 * flags Panamax needs).
 *
 * <p>Exit status: 0 on success; 1 on an error, with exactly one line {@code panamax: <what went wrong>} on
 * stderr (and the stack trace after it with {@code --verbose}); 2 on a usage error, also one line.
 */
public final class Main {
    /** Exit status of a user error: a missing segment, a bad dtype, an existing output. */
    static final int EXIT_ERROR = 1;
    /** Exit status of a usage error: an unknown option, a missing argument, impossible flag combinations. */
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    /**
     * Runs the command line and exits the JVM with its status.
     *
     * @param args the command line, for example {@code list --json}
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the command line in this JVM, with the given streams (the entry of tests and of the launcher's training
     * run).
     *
     * @param out where the command's output goes
     * @param err where its error line (and, with {@code --verbose}, the stack trace) goes
     * @param args the command line
     * @return the exit status: 0, {@value #EXIT_ERROR} or {@value #EXIT_USAGE}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, args).execute(args);
    }

    /**
     * The configured command line for {@code args}: streams, case-insensitive enums, the one-line error handlers,
     * and the subcommands. Picocli builds its model of a command by reflection, which is most of a short
     * command's start-up time, so when {@code args} name a command only that one is registered; otherwise (help,
     * version, an unknown or missing command) all of them are, for the listing or the error message.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new PanamaxCommand());
        String only = commandName(args);
        for (Map.Entry<String, Supplier<Object>> c : PanamaxCommand.COMMANDS.entrySet()) {
            if (only == null || only.equals(c.getKey())) {
                cl.addSubcommand(c.getKey(), c.getValue().get());
            }
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, given) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("panamax: " + oneLine(ex.getMessage()) + " (see '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            if (root(cmd).verbose) {
                printStackTrace(ex, cmd.getErr());
            }
            cmd.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable t = unwrap(ex);
            cmd.getErr().println("panamax: " + oneLine(message(t)));
            if (root(cmd).verbose) {
                printStackTrace(t, cmd.getErr());
            }
            cmd.getErr().flush();
            return EXIT_ERROR;
        });
        return cl;
    }

    /**
     * @return the command {@code args} name (the first argument that is not a global option or its value), or
     *         null when they name none, ask for help or the version first, or name the {@code help} command
     */
    static String commandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--dir") || a.equals("--backend")) {
                i++;
            } else if (a.startsWith("--dir=") || a.startsWith("--backend=") || a.equals("--json")
                    || a.equals("--verbose") || a.equals("--allow-foreign")) {
                continue;
            } else {
                return PanamaxCommand.COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
            }
        }
        return null;
    }

    private static PanamaxCommand root(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return (PanamaxCommand) c.getCommand();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof java.io.UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** What went wrong, in words; the JDK's file exceptions carry only a path as their message. */
    static String message(Throwable t) {
        String m = t.getMessage();
        return switch (t) {
            case NoSuchFileException e -> "no such file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileAlreadyExistsException e -> "already exists: " + e.getFile();
            case CliException e -> m;
            case java.io.IOException e -> m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
            case IllegalArgumentException e when m != null && !m.isBlank() -> m;
            case IllegalStateException e when m != null && !m.isBlank() -> m;
            case IndexOutOfBoundsException e when m != null && !m.isBlank() -> m;
            case UnsupportedOperationException e when m != null && !m.isBlank() -> m;
            case Exception e when m != null && !m.isBlank() && e.getClass().getName().startsWith("dev.panamax.") -> m;
            case OutOfMemoryError e -> "out of Java heap memory (" + m + ")";
            default -> "internal error: " + t;
        };
    }

    /** One printable line: line breaks become "; ", every other non-printable character an escape. */
    static String oneLine(String s) {
        return s == null ? "" : Text.printable(s.strip().replaceAll("\\s*\\R\\s*", "; "));
    }

    /** A stack trace, each line made printable (exception messages quote file names and header bytes). */
    private static void printStackTrace(Throwable t, PrintWriter err) {
        java.io.StringWriter trace = new java.io.StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        for (String line : trace.toString().lines().toList()) {
            // Tabs indent the frames; everything else that does not print is escaped.
            String[] parts = line.split("\t", -1);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = Text.printable(parts[i]);
            }
            err.println(String.join("\t", parts));
        }
    }
}
