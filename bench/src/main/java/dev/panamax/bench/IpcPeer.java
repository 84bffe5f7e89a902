package dev.panamax.bench;

import dev.panamax.core.internal.JvmCommand;
import dev.panamax.core.LongView;
import dev.panamax.shm.QueueConsumer;
import dev.panamax.shm.QueueProducer;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.shm.SharedLock;
import dev.panamax.shm.SharedQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The other process of {@link IpcBench}: started with the benchmark JVM's class path, it prints {@code ready} once
 * attached and exits when its input ends (the queue's end of stream, a stop message) or its stdin closes.
 * <pre>
 * drain DIR QUEUE                  take everything in place (read(handler)), spinning, until the end of stream
 * drain-agrona FILE                the same with Agrona's OneToOneRingBuffer over FILE, until a message of type 2
 * echo DIR IN OUT                  take a System.nanoTime() from IN (sleeping when empty), put how long ago it was
 *                                  (ns) to OUT, until IN ends
 * adder DIR LOCK COUNTER GO DONE N for each message on GO: N increments of COUNTER[0] under LOCK, then a message on DONE
 * </pre>
 */
public final class IpcPeer {
    /** Agrona message type of the payload; {@link #AGRONA_STOP} ends {@code drain-agrona}. */
    static final int AGRONA_DATA = 1;
    static final int AGRONA_STOP = 2;

    private IpcPeer() {
    }

    /**
     * Starts a peer.
     *
     * @param extraJvmArgs more JVM flags (Agrona's {@code --add-opens})
     * @param args the command
     * @return the process, after it printed {@code ready}
     * @throws IOException if it cannot start or fails before it is ready
     */
    static Process start(List<String> extraJvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(JvmCommand.current().jvmArg("-Xmx256m").jvmArgs(extraJvmArgs)
                .mainClass(IpcPeer.class, args).build());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder line = new StringBuilder();
        for (int c; (c = p.getInputStream().read()) != -1 && c != '\n'; ) {
            line.append((char) c);
        }
        if (!line.toString().equals("ready")) {
            p.destroyForcibly();
            throw new IOException("IpcPeer " + String.join(" ", args) + " did not start: printed '" + line + "'");
        }
        return p;
    }

    /** Maps a file read-write for Agrona, the way its IPC users map the driver's files. */
    static MappedByteBuffer map(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() != -1) {
                    // Exit when the benchmark's JVM goes away.
                }
            } catch (IOException ignored) {
                // Same.
            }
            System.exit(0);
        });
        switch (args[0]) {
            case "drain" -> {
                try (SharedQueue q = SharedQueue.open(args[2], SegmentOptions.defaults().directory(Path.of(args[1])));
                     QueueConsumer in = q.consumer()) {
                    ready();
                    long[] sum = new long[1];
                    QueueConsumer.MessageHandler h = (buf, off, len) -> sum[0] += buf.get(
                            java.lang.foreign.ValueLayout.JAVA_LONG, off);
                    int n;
                    while ((n = in.read(h, 4096)) >= 0) {
                        if (n == 0) {
                            Thread.onSpinWait();
                        }
                    }
                }
            }
            case "drain-agrona" -> {
                Path file = Path.of(args[1]);
                OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(map(file, java.nio.file.Files.size(file))));
                ready();
                boolean[] stop = new boolean[1];
                long[] sum = new long[1];
                while (!stop[0]) {
                    if (ring.read((type, buf, index, length) -> {
                        if (type == AGRONA_STOP) {
                            stop[0] = true;
                        } else {
                            sum[0] += buf.getLong(index);
                        }
                    }, 4096) == 0) {
                        Thread.onSpinWait();
                    }
                }
            }
            case "echo" -> {
                SegmentOptions opts = SegmentOptions.defaults().directory(Path.of(args[1]));
                try (SharedQueue in = SharedQueue.open(args[2], opts); SharedQueue out = SharedQueue.open(args[3], opts);
                     QueueConsumer c = in.consumer(); QueueProducer p = out.producer()) {
                    ready();
                    long[] v = new long[1];
                    MemorySegment seg = MemorySegment.ofArray(v);
                    while (c.take(seg, 1, TimeUnit.HOURS) >= 0) {
                        // The message is the sender's System.nanoTime(): one clock (CLOCK_MONOTONIC) for both.
                        p.putLong(System.nanoTime() - v[0], 1, TimeUnit.HOURS);
                    }
                }
            }
            case "adder" -> {
                SegmentOptions opts = SegmentOptions.defaults().directory(Path.of(args[1]));
                try (SharedLock lock = SharedLock.open(args[2], opts);
                     SharedArray counter = SharedArray.open(args[3], opts);
                     SharedQueue go = SharedQueue.open(args[4], opts); SharedQueue done = SharedQueue.open(args[5], opts);
                     QueueConsumer start = go.consumer(); QueueProducer finished = done.producer()) {
                    ready();
                    LongView value = counter.asLongs();
                    int n = Integer.parseInt(args[6]);
                    MemorySegment seg = MemorySegment.ofArray(new long[1]);
                    while (start.take(seg, 1, TimeUnit.HOURS) >= 0) {
                        for (int i = 0; i < n; i++) {
                            try (SharedLock.Held _ = lock.acquire()) {
                                value.set(0, value.get(0) + 1);
                            }
                        }
                        finished.putLong(n, 1, TimeUnit.HOURS);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown IpcPeer command " + args[0]);
        }
        System.exit(0);
    }

    private static void ready() {
        System.out.println("ready");
        System.out.flush();
    }
}
