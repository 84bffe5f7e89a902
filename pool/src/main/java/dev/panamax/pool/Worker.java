package dev.panamax.pool;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The parent's handle on one worker JVM: its process, its control channel, and two daemon threads (one reads
 * frames from the worker's stdout, one pumps its stderr, line by line with a {@code [worker N pid P]} prefix,
 * to the pool's output sink). Fields marked "pool lock" are guarded by the pool's lock.
 */
final class Worker {
    /** The incubator warning every worker prints at start-up; the parent has printed it already. */
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final int STDERR_TAIL = 6;

    final int id;
    final Process process;
    final long pid;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Non-null if this worker records the AOT cache as it exits. */
    final AotCache.Training training;
    private final OutputStream stdin;
    private final Thread reader;
    private final Thread stderrPump;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();

    /** The job this worker runs (pool lock). */
    Job current;
    /** Tasks completed (pool lock). */
    int tasksDone;
    /** Killed by the pool because {@link #current} ran past its timeout (pool lock). */
    boolean timedOut;
    /** Asked to exit after reaching the pool's maximum tasks per worker (pool lock). */
    boolean retiring;
    /** In the pool's set of ready workers (pool lock). */
    boolean registered;

    interface Listener {
        void onOutcomes(Worker w, long jobId, List<Outcome> outcomes);

        void onExit(Worker w, IOException problem);
    }

    /** One task's result: a value, or the exception the worker reported. */
    record Outcome(Object value, RemoteTaskException error) {
    }

    Worker(int id, List<String> command, Listener listener, Consumer<String> output, AotCache.Training training)
            throws IOException {
        this.id = id;
        this.training = training;
        ProcessBuilder pb = new ProcessBuilder(command);
        this.process = pb.start();
        this.pid = process.pid();
        this.stdin = process.getOutputStream();
        String prefix = "[worker " + id + " pid " + pid + "] ";
        this.stderrPump = Thread.ofPlatform().daemon().name("panamax-pool-stderr-" + id)
                .start(() -> pumpStderr(prefix, output));
        this.reader = Thread.ofPlatform().daemon().name("panamax-pool-reader-" + id)
                .start(() -> readLoop(listener, output, prefix));
    }

    void send(Wire.Frame frame) throws IOException {
        frame.sendTo(stdin);
    }

    /** Asks an idle worker to exit normally: a SHUTDOWN frame, then EOF. */
    void requestExit() {
        try {
            new Wire.Frame(Wire.SHUTDOWN).sendTo(stdin);
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

    /** The last lines the worker wrote to stderr, for crash messages; waits briefly for the pump to drain. */
    String stderrTail() {
        try {
            stderrPump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return String.join(" | ", stderrTail);
        }
    }

    private void pumpStderr(String prefix, Consumer<String> output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals(INCUBATOR_WARNING)) {
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
            DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
            skipToMagic(in, output, prefix);
            int type = Wire.readFrameHeader(in);
            if (type != Wire.READY) {
                throw new IOException("worker " + id + " sent frame type " + type + " instead of READY");
            }
            long reported = in.readLong();
            if (reported != pid) {
                throw new IOException("worker " + id + " reports pid " + reported + ", expected " + pid);
            }
            ready.complete(null);
            while (true) {
                type = Wire.readFrameHeader(in);
                if (type < 0) {
                    break;
                }
                if (type != Wire.OUTCOMES) {
                    throw new IOException("corrupt control stream from worker " + id + ": frame type " + type);
                }
                long jobId = in.readLong();
                int n = in.readInt();
                if (n < 0 || n > Wire.MAX_FRAME) {
                    throw new IOException("corrupt control stream from worker " + id + ": " + n + " outcomes");
                }
                List<Outcome> outcomes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    outcomes.add(in.readBoolean() ? new Outcome(Wire.readValue(in), null)
                            : new Outcome(null, Wire.readThrowable(in)));
                }
                listener.onOutcomes(this, jobId, outcomes);
            }
        } catch (IOException e) {
            problem = e;
            // A corrupt stream leaves the worker in an unknown state: make sure it is gone.
            process.destroyForcibly();
        }
        ready.completeExceptionally(new IOException("worker " + id + " (pid " + pid + ") exited before it was ready"
                + (problem != null ? ": " + problem.getMessage() : "")));
        listener.onExit(this, problem);
    }

    /** Skips anything a JVM printed on stdout before our main ran, up to the protocol's magic. */
    private static void skipToMagic(DataInputStream in, Consumer<String> output, String prefix) throws IOException {
        byte[] m = Wire.MAGIC;
        int matched = 0;
        StringBuilder junk = new StringBuilder();
        while (matched < m.length) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("stdout closed before the worker's handshake");
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
                output.accept(prefix + "(stdout) " + line);
            }
        }
    }
}
