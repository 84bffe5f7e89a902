package dev.panamax.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The writing side of a {@link SharedQueue}, from {@link SharedQueue#producer()}. {@code offer} never waits;
 * {@code put} waits while the ring is full, spinning briefly and then sleeping until a consumer makes room.
 * Nothing is allocated per message. One thread at a time: give each thread its own producer, or synchronize (the
 * slot that makes crash recovery exact holds one claim).
 *
 * <p>{@link #close()} ends this producer's stream: once every producer of the queue has closed, consumers drain
 * the ring and then see {@link QueueConsumer#END}.
 *
 * <p>How a message is written (Agrona's {@code ManyToOneRingBuffer}, plus a claim record for crash recovery): the
 * producer notes the range it is about to claim in its slot, claims it with a compare-and-set on {@code TAIL} (the
 * only producer of a queue created for one stores {@code TAIL} instead, as Agrona's {@code OneToOneRingBuffer}
 * does), copies the payload, then publishes the record header with a release store; a consumer sees a record only
 * once its header is there. If the process dies in between, the consumer finds the dead producer's slot claiming
 * the stuck range and skips it. No message costs a fence on the single-producer path, and none a system call
 * unless a consumer sleeps.
 */
public final class QueueProducer implements AutoCloseable {
    private final SharedQueue queue;
    private final MemorySegment d;
    private final long slot;
    private final int capacity;
    private final long mask;
    private final int maxMessage;
    /** The queue has this producer alone: it claims with a release store of TAIL instead of a compare-and-set. */
    private final boolean alone;
    /** TAIL as this producer last stored it; read only where {@link #alone}, the sole writer of TAIL. */
    private long claimed;
    private long headCache;
    private volatile boolean open = true;

    QueueProducer(SharedQueue queue, MemorySegment data, long slot) {
        this.queue = queue;
        this.d = data;
        this.slot = slot;
        this.capacity = queue.capacity();
        this.mask = capacity - 1;
        this.maxMessage = queue.maxMessageLength();
        this.alone = queue.producers() == 1;
        this.claimed = Words.getLongVolatile(data, IpcLayout.TAIL_OFFSET);
    }

    /**
     * Copies a message into the queue if there is room now.
     *
     * @param message the bytes to send, 0 to {@link SharedQueue#maxMessageLength()} of them
     * @return {@code true} if sent, {@code false} if the ring is full
     * @throws IllegalArgumentException if the message is longer than {@link SharedQueue#maxMessageLength()}
     * @throws IllegalStateException if this producer or its queue is closed
     */
    public boolean offer(MemorySegment message) {
        Objects.requireNonNull(message, "message");
        int length = checkLength(message.byteSize());
        long at = claim(length);
        if (at < 0) {
            return false;
        }
        MemorySegment.copy(message, 0, d, at + IpcLayout.RECORD_HEADER, length);
        commit(at, length);
        return true;
    }

    /**
     * Sends an 8-byte message holding {@code value} (little-endian) if there is room now.
     *
     * @param value the value
     * @return {@code true} if sent, {@code false} if the ring is full
     * @throws IllegalStateException if this producer or its queue is closed
     */
    public boolean offerLong(long value) {
        long at = claim(8);
        if (at < 0) {
            return false;
        }
        d.set(ValueLayout.JAVA_LONG, at + IpcLayout.RECORD_HEADER, value);
        commit(at, 8);
        return true;
    }

    /**
     * Copies a message into the queue, waiting up to {@code timeout} for room.
     *
     * @param message the bytes to send, 0 to {@link SharedQueue#maxMessageLength()} of them
     * @param timeout the longest wait (0: do not wait)
     * @param unit the unit of {@code timeout}
     * @return {@code true} if sent, {@code false} if the ring stayed full for the whole timeout
     * @throws IllegalArgumentException if the message is too long or the timeout negative
     * @throws IllegalStateException if this producer or its queue is closed
     */
    public boolean put(MemorySegment message, long timeout, TimeUnit unit) {
        Objects.requireNonNull(message, "message");
        int length = checkLength(message.byteSize());
        long nanos = Futex.timeoutNanos(timeout, unit);
        long at = awaitClaim(length, nanos);
        if (at < 0) {
            return false;
        }
        MemorySegment.copy(message, 0, d, at + IpcLayout.RECORD_HEADER, length);
        commit(at, length);
        return true;
    }

    /**
     * Sends an 8-byte message holding {@code value}, waiting up to {@code timeout} for room.
     *
     * @param value the value
     * @param timeout the longest wait (0: do not wait)
     * @param unit the unit of {@code timeout}
     * @return {@code true} if sent, {@code false} if the ring stayed full for the whole timeout
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if this producer or its queue is closed
     */
    public boolean putLong(long value, long timeout, TimeUnit unit) {
        long at = awaitClaim(8, Futex.timeoutNanos(timeout, unit));
        if (at < 0) {
            return false;
        }
        d.set(ValueLayout.JAVA_LONG, at + IpcLayout.RECORD_HEADER, value);
        commit(at, 8);
        return true;
    }

    /** {@return {@code true} until {@link #close()}} */
    public boolean isOpen() {
        return open;
    }

    /**
     * Ends this producer's stream and wakes sleeping consumers. Idempotent. Messages already sent stay in the queue.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        if (!queue.isOpen()) {
            return;
        }
        long who = Words.getLongVolatile(d, slot + IpcLayout.SLOT_WHO);
        if (IpcLayout.state(who) == IpcLayout.PRODUCER && Words.casLong(d, slot + IpcLayout.SLOT_WHO, who,
                IpcLayout.who(IpcLayout.PRODUCER_CLOSED, IpcLayout.pid(who)))) {
            Words.getAndAddInt(d, IpcLayout.CLOSED_OFFSET, 1);
        }
        Words.getAndAddInt(d, IpcLayout.DATA_SEQ_OFFSET, 1);
        Futex.wake(d, IpcLayout.DATA_SEQ_OFFSET, Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "QueueProducer[" + queue.name() + (open ? "" : ", closed") + "]";
    }

    private int checkLength(long length) {
        if (length > maxMessage) {
            throw new IllegalArgumentException("message of " + length + " bytes for queue '" + queue.name()
                    + "': the longest is " + maxMessage + " bytes (an eighth of its " + capacity + "-byte ring)");
        }
        return (int) length;
    }

    private long awaitClaim(int length, long nanos) {
        long at = claim(length);
        for (long spinEnd = System.nanoTime() + Math.min(nanos, QueueConsumer.SPIN_NANOS);
             at < 0 && System.nanoTime() - spinEnd < 0; ) {
            Thread.onSpinWait();
            at = claim(length);
        }
        if (at >= 0 || nanos == 0) {
            return at;
        }
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            Words.setIntVolatile(d, IpcLayout.SPACE_SLEEPING_OFFSET, 1);
            int s = Words.getIntVolatile(d, IpcLayout.SPACE_SEQ_OFFSET);
            at = claim(length);
            if (at >= 0) {
                return at;
            }
            Futex.wait(d, IpcLayout.SPACE_SEQ_OFFSET, s, Math.min(left, RobustLock.CHECK_NANOS));
        }
    }

    /**
     * Claims room for a record of {@code length} payload bytes. Package-private (not private) so that the crash
     * tests can claim a record and die before {@link #commit}.
     *
     * @return the data offset of the record's header, or -1 if the ring is full
     */
    long claim(int length) {
        if (!open) {
            throw new IllegalStateException("producer of queue '" + queue.name() + "' is closed");
        }
        queue.requireOpen();
        int record = IpcLayout.recordBytes(length);
        long tail;
        long newTail;
        if (alone) {
            // Nobody races for TAIL (Agrona's OneToOneRingBuffer): a release store, after the note in the slot.
            tail = claimed;
            newTail = tailAfter(tail, record);
            if (newTail < 0) {
                return -1;
            }
            note(tail, newTail);
            Words.setLongRelease(d, IpcLayout.TAIL_OFFSET, newTail);
            claimed = newTail;
        } else {
            do {
                tail = Words.getLongVolatile(d, IpcLayout.TAIL_OFFSET);
                newTail = tailAfter(tail, record);
                if (newTail < 0) {
                    return -1;
                }
                note(tail, newTail);
            } while (!Words.casLong(d, IpcLayout.TAIL_OFFSET, tail, newTail));
        }
        int index = (int) (tail & mask);
        if (newTail - tail != record) {
            Words.setLongRelease(d, IpcLayout.RING_OFFSET + index, header(capacity - index, IpcLayout.TYPE_PADDING));
            index = 0;
        }
        return IpcLayout.RING_OFFSET + index;
    }

    /**
     * {@return TAIL once a record of {@code record} bytes is claimed at {@code tail}, with padding before it when it would cross the end of the ring; -1 if the ring has no room for it}
     *
     */
    private long tailAfter(long tail, int record) {
        int toEnd = capacity - (int) (tail & mask);
        long newTail = tail + (record > toEnd ? toEnd : 0) + record;
        if (newTail - headCache > capacity) {
            headCache = Words.getLongVolatile(d, IpcLayout.HEAD_OFFSET);
            if (newTail - headCache > capacity) {
                return -1;
            }
        }
        return newTail;
    }

    /**
     * Notes a claim in this producer's slot before it is made: if this process dies before the header is written,
     * the consumer finds here what to skip.
     */
    private void note(long tail, long newTail) {
        Words.setLongPlain(d, slot + IpcLayout.SLOT_CLAIM_START, tail);
        Words.setLongPlain(d, slot + IpcLayout.SLOT_CLAIM_END, newTail);
    }

    void commit(long at, int length) {
        // Release, not volatile: a full fence would wait, message after message, for the cache line the consumer
        // has just read. So the DATA_SLEEPING load may pass the store, and a consumer going to sleep at that moment
        // may miss its wake-up: it then finds the message on its own after a short nap (QueueConsumer.take).
        Words.setLongRelease(d, at, header(IpcLayout.RECORD_HEADER + length, IpcLayout.TYPE_MESSAGE));
        if (Words.getIntAcquire(d, IpcLayout.DATA_SLEEPING_OFFSET) != 0
                && Words.casInt(d, IpcLayout.DATA_SLEEPING_OFFSET, 1, 0)) {
            Words.getAndAddInt(d, IpcLayout.DATA_SEQ_OFFSET, 1);
            Futex.wake(d, IpcLayout.DATA_SEQ_OFFSET, Integer.MAX_VALUE);
        }
    }

    static long header(int length, int type) {
        return (length & 0xffffffffL) | ((long) type << 32);
    }
}
