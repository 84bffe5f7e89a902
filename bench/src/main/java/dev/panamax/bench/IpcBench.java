package dev.panamax.bench;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.QueueConsumer;
import dev.panamax.shm.QueueProducer;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.Segments;
import dev.panamax.shm.SharedArray;
import dev.panamax.shm.SharedLock;
import dev.panamax.shm.SharedQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Queues and locks between processes (issue 15), each against its reference in the same run:
 * <ul>
 * <li>{@code queuePutLong} vs {@code agronaWrite}: one producer (this JVM) and one consumer process ({@link IpcPeer}
 *     draining in place, spinning), 8-byte messages, 1 MiB rings in {@code /dev/shm}; operations per second are
 *     messages per second. Targets: at least 100x Python's {@code multiprocessing.Queue} ({@code bench/py/bench_ipc.py},
 *     about 160 thousand a second) and within 2x of Agrona's {@code OneToOneRingBuffer} over the same kind of
 *     mapping (a file in {@code /dev/shm} mapped by both processes).</li>
 * <li>{@code wakeRoundTrip}: the consumer process sleeps in {@code take} (this JVM waits 1 ms before each call, well
 *     past its 20 µs spin), this JVM puts a long and takes the echo from a second queue: the wake-up of a sleeping
 *     consumer plus one more hand-over. Target: median under 50 µs, p99 under 200 µs for the wake-up alone, which
 *     the trial prints at its end ({@code wake one-way ...}): the peer echoes how long each message took from the
 *     call to {@code put} to its {@code take} returning, by {@code System.nanoTime()} in both processes.</li>
 * <li>{@code lockAcquireRelease}: an uncontended {@code SharedLock} acquire and release (target under 100 ns).</li>
 * <li>{@code lockedAdds4x10000}: four processes, started once, each add 1 to one shared counter 10000 times under
 *     the lock per operation (the tutorial's counter without process start); {@code lockedAdds4x10000WithJvmStart}
 *     starts the four JVMs every time, as Python's {@code Value} + {@code Lock} version does with its processes
 *     (115-129 ms there, including their start).</li>
 * </ul>
 * Run: {@code java -jar bench/target/benchmarks.jar IpcBench -f 1 -wi 3 -i 5}.
 */
@Fork(value = 1, jvmArgsAppend = {BenchFlags.VECTOR, BenchFlags.NATIVE, BenchFlags.AGRONA_OPENS, "-Xms512m",
        "-Xmx512m"})
public class IpcBench {
    static final String PREFIX = "panamax-ipcbench-" + ProcessHandle.current().pid() + "-";
    static final int RING = 1 << 20;

    static SegmentOptions opts() {
        return SegmentOptions.defaults().lifetime(Lifetime.PROCESS);
    }

    static Path dir() {
        return Segments.defaultDirectory();
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** A queue and a consumer process draining it. */
    @State(Scope.Benchmark)
    public static class PanamaxPipe {
        SharedQueue queue;
        QueueProducer out;
        Process peer;

        @Setup(Level.Trial)
        public void start() throws IOException {
            queue = SharedQueue.create(PREFIX + "pipe", RING, 1, opts());
            peer = IpcPeer.start(List.of(), "drain", dir().toString(), queue.name());
            out = queue.producer();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            out.close(); // the end of the stream: the peer drains and exits
            IpcBench.stop(peer);
            queue.close();
            queue.unlink();
        }
    }

    /** Agrona's ring over a file in the same directory, and a consumer process draining it. */
    @State(Scope.Benchmark)
    public static class AgronaPipe {
        Path file;
        OneToOneRingBuffer ring;
        UnsafeBuffer one;
        Process peer;

        @Setup(Level.Trial)
        public void start() throws IOException {
            file = dir().resolve(PREFIX + "agrona");
            Files.deleteIfExists(file);
            ring = new OneToOneRingBuffer(new UnsafeBuffer(IpcPeer.map(file, RING + RingBufferDescriptor.TRAILER_LENGTH)));
            one = new UnsafeBuffer(new byte[8]);
            peer = IpcPeer.start(List.of(BenchFlags.AGRONA_OPENS), "drain-agrona", file.toString());
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            while (!ring.write(IpcPeer.AGRONA_STOP, one, 0, 8)) {
                Thread.onSpinWait();
            }
            IpcBench.stop(peer);
            Files.deleteIfExists(file);
        }
    }

    /** One 8-byte message to the consumer process, waiting while the ring is full. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public boolean queuePutLong(PanamaxPipe s) {
        return s.out.putLong(42, 10, TimeUnit.SECONDS);
    }

    /** The same with Agrona's {@code OneToOneRingBuffer.write}, spinning while the ring is full. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public boolean agronaWrite(AgronaPipe s) {
        s.one.putLong(0, 42);
        while (!s.ring.write(IpcPeer.AGRONA_DATA, s.one, 0, 8)) {
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * A queue to an echoing process and one back. The peer answers each message with how long it took to arrive:
     * its {@code System.nanoTime()} when its {@code take} returned minus the one in the message, taken just before
     * the {@code put} (on Linux both read {@code CLOCK_MONOTONIC}, one clock for every process). Those one-way times
     * of the measurement iterations are printed at the end of the trial, as percentiles.
     */
    @State(Scope.Benchmark)
    public static class EchoPipe {
        SharedQueue there;
        SharedQueue back;
        QueueProducer out;
        QueueConsumer in;
        Process peer;
        final long[] value = new long[1];
        final MemorySegment seg = MemorySegment.ofArray(value);
        final long[] oneWay = new long[1 << 20];
        int samples;
        boolean measuring;

        @Setup(Level.Trial)
        public void start() throws IOException {
            there = SharedQueue.create(PREFIX + "there", 1 << 16, 1, opts());
            back = SharedQueue.create(PREFIX + "back", 1 << 16, 1, opts());
            in = back.consumer();
            peer = IpcPeer.start(List.of(), "echo", dir().toString(), there.name(), back.name());
            out = there.producer();
        }

        /** The peer goes back to sleep in its take. */
        @Setup(Level.Invocation)
        public void letItSleep() throws InterruptedException {
            Thread.sleep(1);
        }

        /** One-way times are kept from measurement iterations only. */
        @Setup(Level.Iteration)
        public void iteration(IterationParams params) {
            measuring = params.getType() == IterationType.MEASUREMENT;
        }

        void record(long nanos) {
            if (measuring && samples < oneWay.length) {
                oneWay[samples++] = nanos;
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            System.out.println(oneWayReport(Arrays.copyOf(oneWay, samples)));
            out.close();
            IpcBench.stop(peer);
            there.close();
            back.close();
            there.unlink();
            back.unlink();
        }
    }

    /**
     * Put to a consumer that sleeps in {@code take}, and take its echo: one wake-up and one hand-over (two wake-ups
     * when the echo comes after this thread's own spin in {@code take}). The one-way times go to the trial's report.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 2)
    public long wakeRoundTrip(EchoPipe s) {
        s.out.putLong(System.nanoTime(), 1, TimeUnit.SECONDS);
        if (s.in.take(s.seg, 10, TimeUnit.SECONDS) != 8) {
            throw new IllegalStateException("no echo within 10 s");
        }
        s.record(s.value[0]);
        return s.value[0];
    }

    /** @return one line: percentiles of one-way wake-up times (put called to take returned, another process) */
    static String oneWayReport(long[] nanos) {
        if (nanos.length == 0) {
            return "wake one-way: no samples";
        }
        Arrays.sort(nanos);
        StringBuilder b = new StringBuilder("wake one-way (put called -> take returned in the sleeping process), "
                + nanos.length + " samples, us:");
        double[] at = {0.5, 0.9, 0.99, 0.999};
        String[] names = {"p50", "p90", "p99", "p99.9"};
        for (int i = 0; i < at.length; i++) {
            b.append(String.format(" %s %.1f", names[i], nanos[(int) Math.min(nanos.length - 1,
                    Math.ceil(at[i] * nanos.length) - 1)] / 1e3));
        }
        return b.append(String.format(" max %.1f", nanos[nanos.length - 1] / 1e3)).toString();
    }

    /** An uncontended lock. */
    @State(Scope.Benchmark)
    public static class Lock {
        SharedLock lock;

        @Setup(Level.Trial)
        public void create() throws IOException {
            lock = SharedLock.create(PREFIX + "lock", opts());
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            lock.close();
            lock.unlink();
        }
    }

    /** {@code try (var h = lock.acquire()) {}}, nobody else wanting the lock. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public boolean lockAcquireRelease(Lock s) {
        try (SharedLock.Held h = s.lock.acquire()) {
            return h.previousOwnerDied();
        }
    }

    /** Four adder processes, a lock, a counter, and the queues that start them and report back. */
    @State(Scope.Benchmark)
    public static class Adders {
        static final int PROCESSES = 4;
        static final int ADDS = 10_000;
        SharedLock lock;
        SharedArray counter;
        SharedQueue go;
        SharedQueue done;
        QueueProducer start;
        QueueConsumer finished;
        final List<Process> peers = new ArrayList<>();
        final MemorySegment seg = MemorySegment.ofArray(new long[1]);
        long expected;

        @Setup(Level.Trial)
        public void start() throws IOException {
            lock = SharedLock.create(PREFIX + "adders-lock", opts());
            counter = SharedArray.create(PREFIX + "adders-counter", DType.INT64, Shape.of(1), opts());
            go = SharedQueue.create(PREFIX + "go", 4096, 1, opts());
            done = SharedQueue.create(PREFIX + "done", 4096, PROCESSES, opts());
            finished = done.consumer();
            for (int i = 0; i < PROCESSES; i++) {
                peers.add(IpcPeer.start(List.of(), "adder", dir().toString(), lock.name(), counter.name(), go.name(),
                        done.name(), Integer.toString(ADDS)));
            }
            start = go.producer();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            start.close();
            for (Process p : peers) {
                IpcBench.stop(p);
            }
            if (counter.asLongs().get(0) != expected) {
                throw new IllegalStateException("counter " + counter.asLongs().get(0) + ", expected " + expected);
            }
            for (AutoCloseable c : new AutoCloseable[] {lock, counter, go, done}) {
                c.close();
            }
            lock.unlink();
            counter.unlink();
            go.unlink();
            done.unlink();
        }
    }

    /** One round: four warm processes add 10000 each under the lock; returns when all four reported. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 2)
    public long lockedAdds4x10000(Adders s) {
        for (int i = 0; i < Adders.PROCESSES; i++) {
            s.start.putLong(i, 1, TimeUnit.SECONDS);
        }
        for (int i = 0; i < Adders.PROCESSES; i++) {
            if (s.finished.take(s.seg, 60, TimeUnit.SECONDS) != 8) {
                throw new IllegalStateException("an adder did not report within 60 s");
            }
        }
        s.expected += (long) Adders.PROCESSES * Adders.ADDS;
        return s.expected;
    }

    /** A lock and a counter for the version with process start. */
    @State(Scope.Thread)
    public static class ColdAdders {
        SharedLock lock;
        SharedArray counter;

        @Setup(Level.Invocation)
        public void create() throws IOException {
            lock = SharedLock.create(PREFIX + "cold-lock", opts());
            counter = SharedArray.create(PREFIX + "cold-counter", DType.INT64, Shape.of(1), opts());
        }

        @TearDown(Level.Invocation)
        public void remove() throws IOException {
            long v = counter.asLongs().get(0);
            lock.close();
            counter.close();
            lock.unlink();
            counter.unlink();
            if (v != (long) Adders.PROCESSES * Adders.ADDS) {
                throw new IllegalStateException("counter " + v);
            }
        }
    }

    /** Four JVMs started, each adding 10000 under the lock, until all exited: Python's measurement, on the JVM. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public int lockedAdds4x10000WithJvmStart(ColdAdders s) throws Exception {
        List<Process> ps = new ArrayList<>();
        try {
            for (int i = 0; i < Adders.PROCESSES; i++) {
                ps.add(new ProcessBuilder(dev.panamax.core.internal.JvmCommand.current().jvmArg("-Xmx64m")
                        .jvmArg("-XX:+UseSerialGC").jvmArg("-XX:TieredStopAtLevel=1")
                        .mainClass(LockedAdds.class, dir().toString(), s.lock.name(), s.counter.name(),
                                Integer.toString(Adders.ADDS)).build())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            int status = 0;
            for (Process p : ps) {
                status |= p.waitFor();
            }
            if (status != 0) {
                throw new IllegalStateException("an adder JVM failed");
            }
            return status;
        } finally {
            ps.forEach(Process::destroyForcibly);
        }
    }

    /** The tutorial's adder as a program of its own: {@code DIR LOCK COUNTER N}. */
    public static final class LockedAdds {
        private LockedAdds() {
        }

        /**
         * Adds 1 to {@code COUNTER[0]} {@code N} times under {@code LOCK}.
         *
         * @param args DIR LOCK COUNTER N
         * @throws IOException if a segment cannot be opened
         */
        public static void main(String[] args) throws IOException {
            SegmentOptions opts = SegmentOptions.defaults().directory(Path.of(args[0]));
            try (SharedLock lock = SharedLock.open(args[1], opts); SharedArray counter = SharedArray.open(args[2], opts)) {
                dev.panamax.core.LongView v = counter.asLongs();
                for (int i = Integer.parseInt(args[3]); i > 0; i--) {
                    try (SharedLock.Held _ = lock.acquire()) {
                        v.set(0, v.get(0) + 1);
                    }
                }
            }
        }
    }
}
