package dev.panamax.cli;

import dev.panamax.core.DType;
import dev.panamax.core.internal.JvmCommand;
import dev.panamax.core.LongView;
import dev.panamax.core.Shape;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.QueueConsumer;
import dev.panamax.shm.QueueProducer;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.shm.SharedLock;
import dev.panamax.shm.SharedQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The demo's part on Python's other two tutorial patterns, between real processes: a producer JVM sends numbers
 * through a {@link SharedQueue} to this one until it closes its side; four JVMs add 1 to one shared counter 10000
 * times each under a {@link SharedLock}. The same class is the children's {@code main}.
 */
final class IpcDemo {
    /** Progress steps this part takes. */
    static final int STEPS = 2;
    static final int MESSAGES = 1_000_000;
    static final int ADDERS = 4;
    static final int ADDS = 10_000;

    private final Path dir;
    private final String prefix;
    private final Progress progress;
    private final Consumer<String> say;

    IpcDemo(Path dir, String prefix, Progress progress, Consumer<String> say) {
        this.dir = dir;
        this.prefix = prefix;
        this.progress = progress;
        this.say = say;
    }

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PROCESS);
    }

    /** @return {@code {"messages", "seconds", "processes", "messages_per_second", "process_start_seconds"}} */
    Map<String, Object> queue() throws Exception {
        progress.step("5. a producer process sends " + Text.count(MESSAGES) + " numbers through a queue");
        String name = prefix + "queue";
        long count = 0;
        long sum = 0;
        long started;
        long first = 0;
        long end;
        int status;
        try (SharedQueue q = SharedQueue.create(name, 1 << 20, 1, opts()); QueueConsumer in = q.consumer()) {
            started = System.nanoTime();
            Process p = start("produce", name, Integer.toString(MESSAGES));
            try {
                long[] v = new long[1];
                MemorySegment record = MemorySegment.ofArray(v);
                while ((status = in.take(record, 60, TimeUnit.SECONDS)) >= 0) {
                    if (count++ == 0) {
                        first = System.nanoTime();
                    }
                    sum += v[0];
                }
                end = System.nanoTime();
                finish(p, "producer");
            } finally {
                p.destroyForcibly();
                q.unlink();
            }
        }
        long expected = (long) MESSAGES * (MESSAGES - 1) / 2;
        if (status != QueueConsumer.END || count != MESSAGES || sum != expected) {
            throw new CliException("demo: the queue delivered " + count + " numbers summing to " + sum + ", expected "
                    + MESSAGES + " summing to " + expected + " (status " + status + ")");
        }
        double seconds = (end - first) / 1e9;
        say.accept("");
        say.accept("5. Producer and consumer processes over a SharedQueue (Python: multiprocessing.Queue)");
        say.accept(String.format(Locale.ROOT, "   %s numbers in %.3f s: %s messages/s, all in order, then the end "
                        + "of the stream (the producer's close)", Text.count(MESSAGES), seconds,
                Text.count((long) (MESSAGES / seconds))));
        say.accept(String.format(Locale.ROOT, "   (timed from the first message; the producer JVM took %.2f s to "
                + "start and send it)", (first - started) / 1e9));
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("messages", count);
        part.put("seconds", seconds);
        part.put("processes", 2);
        part.put("messages_per_second", MESSAGES / seconds);
        part.put("process_start_seconds", (first - started) / 1e9);
        return part;
    }

    /** @return {@code {"value", "expected", "seconds", "processes"}} */
    Map<String, Object> counter() throws Exception {
        progress.step("6. " + ADDERS + " processes add to one counter under a lock");
        String lockName = prefix + "lock";
        String counterName = prefix + "counter";
        long value;
        long t0 = System.nanoTime();
        long t1;
        long loops = 0;
        try (SharedLock lock = SharedLock.create(lockName, opts());
             SharedArray counter = SharedArray.create(counterName, DType.INT64, Shape.of(1), opts())) {
            List<Process> ps = new ArrayList<>();
            try {
                for (int i = 0; i < ADDERS; i++) {
                    ps.add(start("add", lockName, counterName, Integer.toString(ADDS)));
                }
                for (Process p : ps) {
                    loops = Math.max(loops, finish(p, "adder"));
                }
                t1 = System.nanoTime();
            } finally {
                ps.forEach(Process::destroyForcibly);
                lock.unlink();
                counter.unlink();
            }
            value = counter.asLongs().get(0);
        }
        long expected = (long) ADDERS * ADDS;
        double seconds = (t1 - t0) / 1e9;
        say.accept("");
        say.accept("6. " + ADDERS + " processes x " + ADDS + " increments of one shared counter under a SharedLock "
                + "(Python: Value + Lock)");
        say.accept(String.format(Locale.ROOT, "   value %d, expected %d, in %.3f s with the processes' start "
                + "(%.1f ms of locked increments in the slowest)", value, expected, seconds, loops / 1e6));
        if (value != expected) {
            throw new CliException("demo: the counter is " + value + ", expected " + expected);
        }
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("value", value);
        part.put("expected", expected);
        part.put("seconds", seconds);
        part.put("processes", ADDERS);
        part.put("loop_seconds", loops / 1e9);
        return part;
    }

    private Process start(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args[0], dir.toString()));
        all.addAll(List.of(args).subList(1, args.length));
        return new ProcessBuilder(JvmCommand.current().jvmArg("-Xmx64m").jvmArg("-XX:+UseSerialGC")
                .mainClass(IpcDemo.class, all.toArray(String[]::new)).build())
                .redirectErrorStream(true).start();
    }

    /** @return the nanoseconds the child reported ({@code "done NANOS"}) once it exited 0 */
    private static long finish(Process p, String what) throws Exception {
        String done = null;
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("done ")) {
                    done = line;
                } else if (!line.startsWith("WARNING: Using incubator modules")) {
                    last = line;
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || done == null) {
            throw new CliException("demo: the " + what + " process failed (" + (p.isAlive() ? "still running"
                    : "exit " + p.exitValue()) + (last == null ? "" : ": " + last) + ")");
        }
        return Long.parseLong(done.substring(5));
    }

    /**
     * The children: {@code produce DIR QUEUE N} sends 0..N-1 and closes; {@code add DIR LOCK COUNTER N} adds 1 to
     * the counter N times under the lock. Each prints {@code done NANOS} (the time of its loop).
     *
     * @param args the command
     * @throws Exception on any failure (exit status 1)
     */
    public static void main(String[] args) throws Exception {
        SegmentOptions opts = SegmentOptions.defaults().directory(Path.of(args[1]));
        long t0;
        switch (args[0]) {
            case "produce" -> {
                try (SharedQueue q = SharedQueue.open(args[2], opts); QueueProducer out = q.producer()) {
                    int n = Integer.parseInt(args[3]);
                    t0 = System.nanoTime();
                    for (long i = 0; i < n; i++) {
                        if (!out.putLong(i, 60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the consumer took nothing for 60 s");
                        }
                    }
                }
            }
            case "add" -> {
                try (SharedLock lock = SharedLock.open(args[2], opts);
                     SharedArray counter = SharedArray.open(args[3], opts)) {
                    LongView value = counter.asLongs();
                    int n = Integer.parseInt(args[4]);
                    t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        try (SharedLock.Held _ = lock.acquire()) {
                            value.set(0, value.get(0) + 1);
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown demo child command " + args[0]);
        }
        System.out.println("done " + (System.nanoTime() - t0));
    }
}
