package dev.panamax.pool;

import dev.panamax.pool.internal.Wire;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The parent's handle on one worker JVM: its process, its control channel, and two daemon threads (one reads
 * frames from the worker's stdout, one pumps its stderr, line by line with a {@code [worker N pid P]} prefix,
 * to the pool's output sink). It holds no scheduling state: which job it runs is the {@link Scheduler}'s
 * business. Every field is final or confined to one of its own threads.
 */
final class Worker {
    /** The incubator warning every worker prints at start-up; the parent has printed it already. */
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    /**
     * What the JVM prints while it records or assembles an AOT cache ("AOTConfiguration recorded", "Launching
     * child process ... to assemble AOT cache", "AOTCache creation is complete", ...): housekeeping, never shown.
     */
    private static final Pattern AOT_HOUSEKEEPING = Pattern.compile(
            "^(\\[[^]]*])*\\s*(Temporary AOTConfiguration|AOTConfiguration recorded|Launching child process .* AOT"
                    + "|Reading AOTConfiguration|AOTCache creation|Removed temporary AOT|Picked up JAVA_TOOL_OPTIONS:"
                    + ".*AOT|\\[aot).*");
    private static final int STDERR_TAIL = 8;

    final int id;
    final Process process;
    final long pid;
    final List<String> command;
    /** Completes when the worker's handshake arrives, or fails when it exits first. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Non-null if this worker records the AOT cache as it exits. */
    final AotCache.Training training;
    private final OutputStream stdin;
    private final Thread reader;
    private final Thread stderrPump;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();

    /** What a worker's channel reports; called on the worker's reader thread. */
    interface Listener {
        void onOutcomes(Worker w, long jobId, List<Outcome> outcomes);

        void onExit(Worker w, IOException problem);
    }

    /** One task's result: a value, or the exception the worker reported. */
    record Outcome(Object value, RemoteTaskException error) {
    }

    /** Starts the process; {@link #begin()} starts reading from it. */
    Worker(int id, List<String> command, Listener listener, Consumer<String> output, AotCache.Training training)
            throws IOException {
        this.id = id;
        this.command = List.copyOf(command);
        this.training = training;
        this.process = new ProcessBuilder(command).start();
        this.pid = process.pid();
        this.stdin = process.getOutputStream();
        String prefix = "[worker " + id + " pid " + pid + "] ";
        this.stderrPump = Thread.ofPlatform().daemon().name("panamax-pool-stderr-" + id)
                .unstarted(() -> pumpStderr(prefix, output));
        this.reader = Thread.ofPlatform().daemon().name("panamax-pool-reader-" + id)
                .unstarted(() -> readLoop(listener, output, prefix));
    }

    /** Starts reading the worker's output; its listener hears of it from now on, its exit included. */
    void begin() {
        stderrPump.start();
        reader.start();
    }

    void send(Wire.Frame frame) throws IOException {
        synchronized (stdin) {
            frame.sendTo(stdin);
        }
    }

    /** Asks an idle worker to exit normally: a SHUTDOWN frame, then EOF. */
    void requestExit() {
        try {
            send(new Wire.Frame(Wire.SHUTDOWN));
        } catch (IOException ignored) {
            // the worker is gone already, which is what this asks for
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // same
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to exit, killing it after {@code graceMillis}; then for both threads. */
    void awaitExit(long graceMillis) {
        boolean interrupted = false;
        while (true) {
            try {
                if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Thread t : new Thread[] {reader, stderrPump}) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the worker wrote to stderr (AOT housekeeping left out); waits briefly for the pump. */
    List<String> stderrTail() {
        try {
            stderrPump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    static boolean isHousekeeping(String line) {
        return line.equals(INCUBATOR_WARNING) || AOT_HOUSEKEEPING.matcher(line).matches();
    }

    private void pumpStderr(String prefix, Consumer<String> output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (isHousekeeping(line)) {
                    continue;
                }
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
                output.accept(prefix + line);
            }
        } catch (IOException ignored) {
            // the stream closes when the process dies
        }
    }

    private void readLoop(Listener listener, Consumer<String> output, String prefix) {
        IOException problem = null;
        try {
            InputStream in = new BufferedInputStream(process.getInputStream(), 1 << 16);
            skipToMagic(in, output, prefix);
            Wire.Received f = Wire.read(in);
            if (f == null) {
                throw new EOFException("stdout closed before the worker's handshake");
            }
            if (f.type != Wire.READY) {
                throw new IOException("worker " + id + " sent frame type " + f.type + " instead of READY");
            }
            long reported = f.readLong();
            if (reported != pid) {
                throw new IOException("worker " + id + " reports pid " + reported + ", expected " + pid);
            }
            ready.complete(null);
            while ((f = Wire.read(in)) != null) {
                if (f.type != Wire.OUTCOMES) {
                    throw new IOException("corrupt control stream from worker " + id + ": frame type " + f.type);
                }
                long jobId = f.readLong();
                int n = f.count(f.readInt(), 2, "outcomes");
                List<Outcome> outcomes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    outcomes.add(f.readBoolean() ? new Outcome(Wire.readValue(f), null)
                            : new Outcome(null, Wire.readThrowable(f)));
                }
                listener.onOutcomes(this, jobId, outcomes);
            }
        } catch (IOException e) {
            problem = e;
            // A corrupt stream leaves the worker in an unknown state: make sure it is gone, after a grace period
            // in which a crashing JVM finishes writing its report.
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException ie) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        ready.completeExceptionally(new IOException("worker " + id + " (pid " + pid + ") exited before it was ready"
                + (problem != null && !(problem instanceof EOFException) ? ": " + problem.getMessage() : "")));
        listener.onExit(this, problem);
    }

    /** Skips anything a JVM printed on stdout before our main ran, up to the protocol's magic. */
    private static void skipToMagic(InputStream in, Consumer<String> output, String prefix) throws IOException {
        byte[] m = Wire.MAGIC;
        int matched = 0;
        StringBuilder junk = new StringBuilder();
        while (matched < m.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stdout closed before the worker's handshake");
            }
            if (b == (m[matched] & 0xff)) {
                matched++;
            } else {
                junk.append(new String(m, 0, matched, StandardCharsets.ISO_8859_1));
                matched = b == (m[0] & 0xff) ? 1 : 0;
                if (matched == 0) {
                    junk.append((char) b);
                }
            }
        }
        if (!junk.isEmpty()) {
            for (String line : junk.toString().split("\n")) {
                if (!isHousekeeping(line)) {
                    output.accept(prefix + "(stdout) " + line);
                }
            }
        }
    }
}
