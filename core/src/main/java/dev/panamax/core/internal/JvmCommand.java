package dev.panamax.core.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the command line of a child JVM that runs Panamax code: the same {@code java} binary as this JVM,
 * the same class path, and the flags Panamax needs ({@code --add-modules jdk.incubator.vector} when this JVM
 * has the Vector API, {@code --enable-native-access=ALL-UNNAMED}). Used by worker pools, tests that start real
 * child processes, and the command-line tool.
 *
 * {@snippet :
 * Process p = new ProcessBuilder(JvmCommand.current().jvmArg("-Xmx64m").mainClass(Worker.class, "7").build())
 *         .start();
 * }
 */
public final class JvmCommand {
    /** Flag that makes the Vector API visible. */
    public static final String VECTOR_MODULE_FLAG = "--add-modules=jdk.incubator.vector";
    /** Flag that allows FFM downcalls ({@code posix_fallocate}) without a warning. */
    public static final String NATIVE_ACCESS_FLAG = "--enable-native-access=ALL-UNNAMED";

    private final Path javaBinary;
    private String classPath;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> programArgs = new ArrayList<>();
    private String mainClass;

    private JvmCommand(Path javaBinary, String classPath) {
        this.javaBinary = javaBinary;
        this.classPath = classPath;
    }

    /**
     * A command for a JVM like this one: same binary, same class path, Panamax's flags.
     *
     * @return a new builder
     * @throws IllegalStateException if this JVM's {@code java} binary cannot be found
     */
    public static JvmCommand current() {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("cannot find this JVM's java binary at " + bin);
        }
        JvmCommand c = new JvmCommand(bin, System.getProperty("java.class.path"));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            c.jvmArgs.add(VECTOR_MODULE_FLAG);
        }
        c.jvmArgs.add(NATIVE_ACCESS_FLAG);
        return c;
    }

    /**
     * The flags this JVM was started with that a child should inherit to behave the same: module access
     * ({@code --add-opens}, {@code --add-exports}), {@code --sun-misc-unsafe-memory-access}, and the
     * {@code chronicle.*} and {@code slf4j.*} system properties, which covers every flag of
     * {@code Backend.CHRONICLE_JVM_FLAGS}. Memory and debugging flags are not inherited.
     *
     * @return the inherited flags, in order
     */
    public static List<String> inheritableFlags() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (isInheritable(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean isInheritable(String flag) {
        return flag.startsWith("--add-opens") || flag.startsWith("--add-exports")
                || flag.startsWith("--sun-misc-unsafe-memory-access") || flag.startsWith("-Dchronicle.")
                || flag.startsWith("-Dslf4j.");
    }

    /** {@return the {@code java} binary this command runs} */
    public Path javaBinary() {
        return javaBinary;
    }

    /**
     * Replaces the class path (this JVM's {@code java.class.path} by default).
     *
     * @param classPath the {@code -cp} argument: entries separated by {@link java.io.File#pathSeparator}
     * @return this builder
     */
    public JvmCommand classPath(String classPath) {
        this.classPath = Objects.requireNonNull(classPath, "classPath");
        return this;
    }

    /**
     * Adds a JVM option such as {@code -Xmx64m}.
     *
     * @param arg the option
     * @return this builder
     */
    public JvmCommand jvmArg(String arg) {
        jvmArgs.add(Objects.requireNonNull(arg, "arg"));
        return this;
    }

    /**
     * Adds JVM options.
     *
     * @param args the options
     * @return this builder
     */
    public JvmCommand jvmArgs(List<String> args) {
        args.forEach(this::jvmArg);
        return this;
    }

    /**
     * Sets the main class and its arguments.
     *
     * @param main the class with a {@code main} method
     * @param args its arguments
     * @return this builder
     */
    public JvmCommand mainClass(Class<?> main, String... args) {
        return mainClass(main.getName(), args);
    }

    /**
     * Sets the main class by name and its arguments.
     *
     * @param main the fully qualified class name
     * @param args its arguments
     * @return this builder
     */
    public JvmCommand mainClass(String main, String... args) {
        this.mainClass = Objects.requireNonNull(main, "main");
        programArgs.clear();
        programArgs.addAll(List.of(args));
        return this;
    }

    /**
     * {@return the full command line: binary, JVM options, {@code -cp}, main class, arguments}
     *
     * @throws IllegalStateException if no main class was set
     */
    public List<String> build() {
        if (mainClass == null) {
            throw new IllegalStateException("no main class set");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary.toString());
        cmd.addAll(jvmArgs);
        if (classPath != null && !classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        cmd.add(mainClass);
        cmd.addAll(programArgs);
        return cmd;
    }
}
