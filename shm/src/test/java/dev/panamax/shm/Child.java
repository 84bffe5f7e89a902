package dev.panamax.shm;

import dev.panamax.core.internal.JvmCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A running {@link ShmChild} JVM: line-oriented stdin/stdout, always killed in {@link #close()}. */
final class Child implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final List<String> seen = new ArrayList<>();

    private Child(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Child start(Path workDir, String... args) throws IOException {
        return start(workDir, cp -> cp, args);
    }

    /** Starts a child whose class path is this JVM's, rewritten by {@code classPath}. */
    static Child start(Path workDir, UnaryOperator<String> classPath, String... args) throws IOException {
        return start(workDir, List.of(), ShmChild.class, classPath, args);
    }

    /** Starts a child running {@code main} (a test class with a {@code main} method) instead of {@link ShmChild}. */
    static Child start(Path workDir, Class<?> main, UnaryOperator<String> classPath, String... args)
            throws IOException {
        return start(workDir, List.of(), main, classPath, args);
    }

    /**
     * Starts a child under a command prefix, such as {@code runuser -u nobody --} or {@code unshare --pid --fork
     * --mount-proc --kill-child}, with this JVM's class path rewritten by {@code classPath}.
     */
    static Child start(Path workDir, List<String> prefix, UnaryOperator<String> classPath, String... args)
            throws IOException {
        return start(workDir, prefix, ShmChild.class, classPath, args);
    }

    private static Child start(Path workDir, List<String> prefix, Class<?> main, UnaryOperator<String> classPath,
                               String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(JvmCommand.current().jvmArg("-Xmx64m").jvmArg("-XX:TieredStopAtLevel=1")
                .jvmArg("-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"))
                .jvmArgs(JvmCommand.inheritableFlags()).mainClass(main, args).build());
        int cp = cmd.indexOf("-cp");
        cmd.set(cp + 1, classPath.apply(cmd.get(cp + 1)));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectError(workDir.resolve("child-" + System.nanoTime() + ".err").toFile());
        return new Child(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** Reads lines until one equals or starts with {@code prefix}; fails on end of output. */
    String expect(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("child " + process.pid() + " ended without printing '" + prefix + "'; printed " + seen
                + ", exit " + waitExit());
    }

    /** Reads lines until one equals {@code last}; returns the lines before it. Fails on end of output. */
    List<String> until(String last) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (line.equals(last)) {
                return lines;
            }
            lines.add(line);
        }
        throw new IOException("child " + process.pid() + " ended without printing '" + last + "'; printed " + seen
                + ", exit " + waitExit());
    }

    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    void closeStdin() throws IOException {
        in.close();
    }

    int waitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
