package dev.panamax.pool;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A worker process that died while its pool was running (not one the pool asked to exit or killed on a task
 * timeout): what {@link WorkerPool.Builder#onWorkerCrash} receives, once per crash, on a pool thread. The pool
 * has already started a replacement.
 *
 * {@snippet :
 * WorkerPool pool = WorkerPool.builder()
 *         .onWorkerCrash(c -> System.err.println("panamax: " + c.describe()))
 *         .start();
 * }
 *
 * @param workerId    the pool's id of the dead worker
 * @param pid         its process id
 * @param exitCode    its exit status as {@link Process#exitValue()} reports it (128 + n for signal n)
 * @param cause       how it ended, e.g. {@code "signal 9 (SIGKILL)"}, {@code "exit code 3 (OutOfMemoryError)"},
 *                    {@code "exit code 7"}
 * @param task        what it was running ({@code "task com.example.MyTask"}), or {@code null} if it was idle
 * @param outcome     what became of that task
 * @param errorReport the JVM's crash report ({@code hs_err_pid<pid>.log}) if it wrote one, else {@code null}
 */
public record WorkerCrash(int workerId, long pid, int exitCode, String cause, String task, Outcome outcome,
                          Path errorReport) {
    /** What became of the task the worker was running. */
    public enum Outcome {
        /** The worker was idle: nothing was lost. */
        IDLE,
        /** The task was read-only or declared {@link Idempotent}: it runs again on another worker. */
        RETRIED,
        /** The task failed with a {@link WorkerCrashedException}. */
        FAILED
    }

    /**
     * Describes one crash.
     *
     * @throws NullPointerException if {@code cause} or {@code outcome} is null
     */
    public WorkerCrash {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** {@return the signal that killed the worker ({@code exitCode - 128}, e.g. 9 for SIGKILL), or 0 if it exited} */
    public int signal() {
        return signalOf(exitCode);
    }

    /**
     * {@return one line for a log or a terminal, e.g. {@code "worker 1 (pid 4242) died (signal 9 (SIGKILL)) while
     * running task com.example.MyTask; it was run again"}}
     */
    public String describe() {
        String what = switch (outcome) {
            case IDLE -> " while idle";
            case RETRIED -> " while running " + task + "; it was run again";
            case FAILED -> " while running " + task + "; it failed";
        };
        return "worker " + workerId + " (pid " + pid + ") died (" + cause + ")" + what
                + (errorReport != null ? "; JVM crash report: " + errorReport : "");
    }

    /** " with SIGSEGV" from the first lines of a HotSpot crash report ({@code #  SIGSEGV (0xb) at pc=...}). */
    private static String crashSignal(Path report) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(report)) {
            return lines.limit(20).map(String::strip).filter(l -> l.matches("#\\s+SIG[A-Z]+ \\(0x.*"))
                    .map(l -> " with " + l.substring(1).strip().split(" ")[0]).findFirst().orElse("");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    static int signalOf(int exitCode) {
        return exitCode > 128 ? exitCode - 128 : 0;
    }

    /**
     * Says how a worker ended. Exit code 3 is an {@code OutOfMemoryError} (workers run with
     * {@code -XX:+ExitOnOutOfMemoryError}) only when the worker's stderr says so; a task may call
     * {@code System.exit(3)} too.
     *
     * @param exitCode   the exit status
     * @param stderrTail the worker's last stderr lines
     * @param report     its crash report, or null
     * @return e.g. {@code "signal 9 (SIGKILL)"}, {@code "exit code 3 (OutOfMemoryError: Java heap space)"}
     */
    static String describeExit(int exitCode, List<String> stderrTail, Path report) {
        int sig = signalOf(exitCode);
        if (report != null) {
            return (sig == 0 ? "exit code " + exitCode : "signal " + sig) + ": the JVM crashed" + crashSignal(report);
        }
        if (sig == 0) {
            for (String line : stderrTail) {
                int at = line.indexOf("java.lang.OutOfMemoryError");
                if (at >= 0 && line.contains("Terminating due to")) {
                    return "exit code " + exitCode + " (" + line.substring(at + "java.lang.".length()).strip() + ")";
                }
            }
            return "exit code " + exitCode;
        }
        String name = switch (sig) {
            case 9 -> " (SIGKILL)";
            case 15 -> " (SIGTERM)";
            case 11 -> " (SIGSEGV)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            default -> "";
        };
        return "signal " + sig + name;
    }
}
