package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the command in-process with captured stdout and stderr, and checks the exit-status contract. */
final class CliRun {
    private CliRun() {
    }

    /** What a run printed and returned. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : err.lines().toList();
        }

        Map<String, Object> json() {
            return MiniJson.object(out.strip());
        }

        /** Asserts exit status 0 and nothing on stderr. */
        Result ok() {
            assertEquals(0, status, () -> "expected success, got " + status + "; stderr: " + err + "; stdout: " + out);
            assertEquals("", err, "stderr of a successful run");
            return this;
        }

        /** Asserts the given status with exactly one stderr line {@code panamax: …} and nothing on stdout. */
        Result fails(int expected) {
            assertEquals(expected, status, () -> "exit status; stderr: " + err + "; stdout: " + out);
            assertEquals(1, errLines().size(), () -> "expected one stderr line, got: " + err);
            assertTrue(err.startsWith("panamax: "), () -> "stderr: " + err);
            assertEquals("", out, "stdout of a failed run");
            return this;
        }
    }

    static Result run(String... args) {
        return run(cl -> { }, args);
    }

    static Result run(Consumer<CommandLine> setup, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args);
        setup.accept(cl);
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Runs with {@code --dir dir} prepended. */
    static Result in(Path dir, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    /** Name, size and modification time of every file in the directory, sorted: equal means untouched. */
    static List<String> snapshot(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
