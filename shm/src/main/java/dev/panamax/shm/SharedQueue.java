package dev.panamax.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, bounded queue of messages between processes: Python's {@code multiprocessing.Queue} over a shared segment,
 * without pickling or a pipe. Producers copy messages into a ring in the segment; consumers copy them out (or read
 * them in place); both sleep in the kernel when they must wait.
 *
 * {@snippet :
 * // the consumer process creates the queue
 * try (SharedQueue q = SharedQueue.create("jobs", 1 << 20);    // a 1 MiB ring, one producer expected
 *      QueueConsumer in = q.consumer()) {
 *     long[] value = new long[1];
 *     MemorySegment record = MemorySegment.ofArray(value);       // a reusable 8-byte destination, no allocation
 *     int n;
 *     while ((n = in.take(record, 10, TimeUnit.SECONDS)) != QueueConsumer.END) {
 *         if (n == QueueConsumer.EMPTY) {
 *             continue;                                          // timed out: nothing for 10 s
 *         }
 *         if (n == QueueConsumer.ABANDONED) {
 *             throw new IllegalStateException("the producer died before it finished");
 *         }
 *         System.out.println(value[0]);
 *     }
 * }
 *
 * // the producer process
 * try (SharedQueue q = SharedQueue.open("jobs");
 *      QueueProducer out = q.producer()) {
 *     for (long i = 0; i < 1000; i++) {
 *         out.putLong(i, 10, TimeUnit.SECONDS);                  // waits while the ring is full
 *     }
 * }   // the producer's close is the end of its stream: the consumer drains, then take returns END
 * }
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li><b>Lifecycle</b>: exactly that of a {@link SharedArray} (names, directory, lifetimes, {@code list}/{@code info}
 *     /{@code gc}, mode 0600, published only when complete); the file is a 1-D {@code |u1} {@code .npy} array laid
 *     out as {@link IpcLayout} draws, with the extended attribute {@code user.panamax.kind=queue}.</li>
 * <li><b>Messages</b>: 0 to {@link #maxMessageLength()} bytes (an eighth of the capacity), delivered whole, in the
 *     order each producer wrote them. Numeric records travel through heap segments over the caller's arrays
 *     ({@code MemorySegment.ofArray(double[])}), so nothing is allocated per message.</li>
 * <li><b>Producers</b>: the queue is created for a number of producers (1 to 32). Each {@link #producer()} takes one;
 *     when every one of them has closed its side, consumers drain what is left and then see
 *     {@link QueueConsumer#END} (the tutorial's {@code None} sentinel, built in). A producer whose process died
 *     without closing counts as gone: consumers then see {@link QueueConsumer#ABANDONED} instead of {@code END}. A
 *     record a producer was writing when it died is skipped, never delivered half-written, and never blocks the
 *     queue (its claim is kept in the producer's slot, so the consumer knows exactly what to skip).</li>
 * <li><b>Consumers</b>: any number, in any processes. They take turns through a robust lock in the segment, one
 *     message at a time, so each message goes to exactly one consumer and idle consumers share the work. A consumer
 *     killed while taking a message loses that message and nothing else: the next one repairs the ring.</li>
 * <li><b>Waiting</b>: {@code offer}/{@code poll} never wait; {@code put}/{@code take} spin for a few microseconds,
 *     then sleep on a futex in the segment (an idle consumer costs no CPU) and are woken by the other side, or
 *     wake by themselves (at most every 50 ms) to check that the processes they wait for still run.</li>
 * </ul>
 * {@link #close()} closes every producer and consumer made from this handle, then unmaps. It does not unlink.
 */
public final class SharedQueue implements AutoCloseable {
    private final SharedArray array;
    private final MemorySegment data;
    private final int capacity;
    private final int producers;
    private final int maxMessage;
    private final List<AutoCloseable> sides = new ArrayList<>();

    private SharedQueue(SharedArray array) {
        this.array = array;
        this.data = array.segment();
        this.capacity = (int) data.get(ValueLayout.JAVA_LONG, IpcLayout.CAPACITY_OFFSET);
        this.producers = data.get(ValueLayout.JAVA_INT, IpcLayout.PRODUCERS_OFFSET);
        this.maxMessage = data.get(ValueLayout.JAVA_INT, IpcLayout.MAX_MESSAGE_OFFSET);
    }

    /**
     * Creates a queue for one producer in {@link Segments#defaultDirectory()}, lifetime {@link Lifetime#PROCESS}.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param capacity the ring's size in bytes: a power of two from 1024 to 2^30; a message of {@code n} bytes takes
     *                 {@code n + 8} rounded up to 8
     * @return the queue, mapped
     * @throws IllegalArgumentException if the name or the capacity is invalid
     * @throws SegmentExistsException if the name exists
     * @throws InsufficientSpaceException if the file system cannot hold it
     * @throws IOException if the directory cannot be written
     */
    public static SharedQueue create(String name, long capacity) throws IOException {
        return create(name, capacity, 1, SegmentOptions.defaults());
    }

    /**
     * Creates a queue.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param capacity the ring's size in bytes: a power of two from 1024 to 2^30
     * @param producers how many producers will attach, 1 to 32: the stream ends when all of them have closed
     * @param options directory, lifetime, reservation, backend ({@code readOnly} must be false)
     * @return the queue, mapped
     * @throws IllegalArgumentException if the name, capacity or producer count is invalid, or options are read-only
     * @throws SegmentExistsException if the name exists (the existing file is not touched)
     * @throws InsufficientSpaceException if the file system cannot hold it (nothing is left behind)
     * @throws IOException if the directory is missing or cannot be written
     */
    public static SharedQueue create(String name, long capacity, int producers, SegmentOptions options)
            throws IOException {
        Names.check(name);
        int cap = IpcLayout.checkCapacity(capacity);
        int prod = IpcLayout.checkProducers(producers);
        Objects.requireNonNull(options, "options");
        SharedArray a = IpcSegments.create(name, IpcLayout.KIND_QUEUE, IpcLayout.RING_OFFSET + cap, options, d -> {
            d.set(ValueLayout.JAVA_LONG, IpcLayout.CAPACITY_OFFSET, cap);
            d.set(ValueLayout.JAVA_INT, IpcLayout.PRODUCERS_OFFSET, prod);
            d.set(ValueLayout.JAVA_INT, IpcLayout.MAX_MESSAGE_OFFSET, IpcLayout.maxMessage(cap));
        });
        return new SharedQueue(a);
    }

    /**
     * Opens a queue in {@link Segments#defaultDirectory()}.
     *
     * @param name the queue's name
     * @return the queue, mapped; close it when done (this does not unlink it)
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws SegmentException if the file is not a Panamax queue (the message says why)
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedQueue open(String name) throws IOException {
        return open(name, SegmentOptions.defaults());
    }

    /**
     * Opens a queue.
     *
     * @param name the queue's name
     * @param options directory, backend ({@code readOnly} must be false; lifetime and reserve are ignored)
     * @return the queue, mapped; close it when done (this does not unlink it)
     * @throws IllegalArgumentException if the name is invalid or the options are read-only
     * @throws NoSuchSegmentException if there is no such file
     * @throws SegmentException if the file is not a Panamax queue, or its header is damaged (the message says why)
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedQueue open(String name, SegmentOptions options) throws IOException {
        Names.check(name);
        Objects.requireNonNull(options, "options");
        SharedArray a = IpcSegments.open(name, IpcLayout.KIND_QUEUE, IpcLayout.RING_OFFSET + IpcLayout.MIN_CAPACITY,
                options);
        String problem = headerProblem(a.segment().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN),
                a.byteSize());
        if (problem != null) {
            a.close();
            throw new SegmentException("segment '" + name + "' in " + a.path().getParent()
                    + " is not a usable queue: " + problem);
        }
        return new SharedQueue(a);
    }

    /** {@return why the header does not describe a ring of exactly {@code dataBytes - RING_OFFSET} bytes, or null} */
    private static String headerProblem(ByteBuffer b, long dataBytes) {
        long cap = b.getLong((int) IpcLayout.CAPACITY_OFFSET);
        int prod = b.getInt((int) IpcLayout.PRODUCERS_OFFSET);
        int max = b.getInt((int) IpcLayout.MAX_MESSAGE_OFFSET);
        if (cap < IpcLayout.MIN_CAPACITY || cap > IpcLayout.MAX_CAPACITY || Long.bitCount(cap) != 1
                || IpcLayout.RING_OFFSET + cap != dataBytes) {
            return "capacity " + cap + " does not match " + dataBytes + " data bytes";
        }
        if (prod < 1 || prod > IpcLayout.MAX_PRODUCERS) {
            return "producer count " + prod;
        }
        if (max != IpcLayout.maxMessage((int) cap)) {
            return "maximum message " + max + " for capacity " + cap;
        }
        return null;
    }

    /**
     * Removes a queue's name from {@link Segments#defaultDirectory()}; processes that have it open keep using it.
     *
     * @param name the queue's name
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws IOException if the file cannot be removed
     */
    public static void unlink(String name) throws IOException {
        SharedArray.unlink(name);
    }

    /**
     * Removes a queue's name from a directory.
     *
     * @param name the queue's name
     * @param dir the directory
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws IOException if the file cannot be removed
     */
    public static void unlink(String name, Path dir) throws IOException {
        SharedArray.unlink(name, dir);
    }

    /**
     * Removes this queue's name, once; mappings stay valid until closed (see {@link SharedArray#unlink()}).
     *
     * @throws NoSuchSegmentException if the name is already gone or names another file now
     * @throws IOException if the file cannot be removed
     */
    public void unlink() throws IOException {
        array.unlink();
    }

    /**
     * Attaches a producer: one of the {@link #producers()} the queue was created for. Close it to end its stream.
     *
     * @return the producer
     * @throws IllegalStateException if every producer the queue was created for has attached already, or this
     *                               handle is closed
     */
    public synchronized QueueProducer producer() {
        requireOpen();
        int k;
        do {
            k = Words.getIntVolatile(data, IpcLayout.ATTACHED_OFFSET);
            if (k >= producers) {
                throw new IllegalStateException("queue '" + name() + "' was created for " + producers + " producer"
                        + (producers == 1 ? "" : "s") + " and all have attached; create it with more producers");
            }
        } while (!Words.casInt(data, IpcLayout.ATTACHED_OFFSET, k, k + 1));
        long slot = IpcLayout.slot(k);
        data.set(ValueLayout.JAVA_LONG, slot + IpcLayout.SLOT_START, Owner.startStamp(Creator.SELF));
        Words.setLongVolatile(data, slot + IpcLayout.SLOT_WHO, IpcLayout.who(IpcLayout.PRODUCER, Creator.SELF.pid()));
        QueueProducer p = new QueueProducer(this, data, slot);
        forgetClosedSides();
        sides.add(p);
        return p;
    }

    /**
     * Attaches a consumer. Consumers in any number of processes share the messages, each going to one of them.
     *
     * @return the consumer
     * @throws IllegalStateException if {@value IpcLayout#SLOT_COUNT} processes' producers and consumers are attached
     *                               already, or this handle is closed
     */
    public synchronized QueueConsumer consumer() {
        requireOpen();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = producers; i < IpcLayout.SLOT_COUNT; i++) {
                long slot = IpcLayout.slot(i);
                long who = Words.getLongVolatile(data, slot + IpcLayout.SLOT_WHO);
                // Pass 0 takes a free slot; pass 1 also one whose consumer died without closing. The slot is
                // CLAIMING (checked by pid alone) until START holds this process's start, so that nobody judges it
                // by the dead consumer's START meanwhile.
                boolean take = who == 0 || (pass == 1 && !alive(data, slot));
                long claiming = IpcLayout.who(IpcLayout.CLAIMING, Creator.SELF.pid());
                if (take && Words.casLong(data, slot + IpcLayout.SLOT_WHO, who, claiming)) {
                    Words.setLongVolatile(data, slot + IpcLayout.SLOT_START, Owner.startStamp(Creator.SELF));
                    Words.setLongVolatile(data, slot + IpcLayout.SLOT_WHO,
                            IpcLayout.who(IpcLayout.CONSUMER, Creator.SELF.pid()));
                    QueueConsumer c = new QueueConsumer(this, data, slot);
                    forgetClosedSides();
                    sides.add(c);
                    return c;
                }
            }
        }
        throw new IllegalStateException("queue '" + name() + "' has " + (IpcLayout.SLOT_COUNT - producers)
                + " live consumers attached: no room for another");
    }

    /** Drops the producers and consumers closed on their own, so that a loop of consumer() and close() leaks nothing. */
    private void forgetClosedSides() {
        sides.removeIf(s -> s instanceof QueueProducer p ? !p.isOpen() : !((QueueConsumer) s).isOpen());
    }

    /** {@return whether the process in a slot still runs (pid, and start ticks when recorded and settled)} */
    static boolean alive(MemorySegment data, long slot) {
        long who = Words.getLongVolatile(data, slot + IpcLayout.SLOT_WHO);
        long start = IpcLayout.state(who) == IpcLayout.CLAIMING ? 0
                : Words.getLongVolatile(data, slot + IpcLayout.SLOT_START);
        return Owner.alive(IpcLayout.pid(who), start);
    }

    /**
     * What a listing shows of a queue file, read without mapping it.
     *
     * @param file a segment file
     * @return its state, or empty if it is not a Panamax queue (or cannot be read)
     */
    public static Optional<QueueInfo> info(Path file) {
        ByteBuffer b = IpcSegments.peek(file, IpcLayout.KIND_QUEUE, (int) IpcLayout.RING_OFFSET);
        if (b == null) {
            return Optional.empty();
        }
        int prod = b.getInt((int) IpcLayout.PRODUCERS_OFFSET);
        List<Long> producerPids = new ArrayList<>();
        List<Long> consumerPids = new ArrayList<>();
        int died = b.getInt((int) IpcLayout.DEAD_OFFSET);
        for (int i = 0; i < IpcLayout.SLOT_COUNT; i++) {
            int slot = (int) IpcLayout.slot(i);
            long who = b.getLong(slot);
            long start = b.getLong(slot + (int) IpcLayout.SLOT_START);
            int state = IpcLayout.state(who);
            boolean live = who != 0 && Owner.alive(IpcLayout.pid(who), state == IpcLayout.CLAIMING ? 0 : start);
            if (state == IpcLayout.PRODUCER && live) {
                producerPids.add((long) IpcLayout.pid(who));
            } else if (state == IpcLayout.PRODUCER) {
                died++; // dead, not yet noticed by a consumer
            } else if ((state == IpcLayout.CONSUMER || state == IpcLayout.CLAIMING) && live) {
                consumerPids.add((long) IpcLayout.pid(who));
            }
        }
        long head = b.getLong((int) IpcLayout.HEAD_OFFSET);
        long tail = b.getLong((int) IpcLayout.TAIL_OFFSET);
        return Optional.of(new QueueInfo(b.getLong((int) IpcLayout.CAPACITY_OFFSET), Math.max(0, tail - head), prod,
                b.getInt((int) IpcLayout.ATTACHED_OFFSET), b.getInt((int) IpcLayout.CLOSED_OFFSET),
                died, producerPids, consumerPids, head, tail));
    }

    /** {@return the queue's name} */
    public String name() {
        return array.name();
    }

    /** {@return the file} */
    public Path path() {
        return array.path();
    }

    /** {@return the ring's size in bytes} */
    public int capacity() {
        return capacity;
    }

    /** {@return the longest message in bytes: an eighth of the capacity} */
    public int maxMessageLength() {
        return maxMessage;
    }

    /** {@return how many producers the queue was created for} */
    public int producers() {
        return producers;
    }

    /**
     * {@return bytes of the ring in use now (records, headers and padding), from 0 to {@link #capacity()}}
     *
     * @throws IllegalStateException if this handle is closed
     */
    public long usedBytes() {
        requireOpen();
        long head = Words.getLongVolatile(data, IpcLayout.HEAD_OFFSET);
        long tail = Words.getLongVolatile(data, IpcLayout.TAIL_OFFSET);
        return Math.max(0, Math.min(capacity, tail - head));
    }

    /** {@return {@code true} until {@link #close()}} */
    public boolean isOpen() {
        return array.isOpen();
    }

    /**
     * Closes the producers and consumers made from this handle (each producer's close ends its stream), then unmaps.
     * Idempotent. Does not unlink.
     */
    @Override
    public synchronized void close() {
        if (!array.isOpen()) {
            return;
        }
        for (AutoCloseable s : sides.reversed()) {
            try {
                s.close();
            } catch (Exception e) {
                // The sides' close throws nothing checked; unmapping must happen regardless.
            }
        }
        sides.clear();
        array.close();
    }

    @Override
    public String toString() {
        return "SharedQueue[" + name() + ", capacity " + capacity + ", " + producers + " producer"
                + (producers == 1 ? "" : "s") + ", " + path() + (isOpen() ? "" : ", closed") + "]";
    }

    void requireOpen() {
        if (!array.isOpen()) {
            throw new IllegalStateException("queue '" + name() + "' is closed");
        }
    }
}
