package dev.panamax.shm;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The reading side of a {@link SharedQueue}, from {@link SharedQueue#consumer()}. {@code poll} never waits;
 * {@code take} waits for a message, spinning a few microseconds and then sleeping on a futex until a producer wakes
 * it, so an idle consumer costs no CPU. Both return the message's length, or a negative status:
 * <ul>
 * <li>{@link #EMPTY}: nothing now ({@code poll}), or nothing within the timeout ({@code take});</li>
 * <li>{@link #END}: every producer of the queue closed its side and every message has been taken;</li>
 * <li>{@link #ABANDONED}: every producer closed or died, at least one died without closing, and everything that was
 *     completely written has been taken.</li>
 * </ul>
 * Consumers in several processes (or threads, each with its own consumer) take turns through a robust lock in the
 * segment, so each message goes to one of them. Producers are checked for liveness every 50 ms while a consumer
 * waits (and at most that often by {@code poll}): a record a dead producer left half-written is skipped.
 */
public final class QueueConsumer implements AutoCloseable {
    /** Status: no message now, or none within the timeout. */
    public static final int EMPTY = -1;
    /** Status: every producer closed its side normally, and every message has been taken. */
    public static final int END = -2;
    /** Status: every producer is gone, at least one died without closing; every complete message has been taken. */
    public static final int ABANDONED = -3;
    /** How long {@code take} spins before it sleeps: a producer's next message usually comes sooner. */
    static final long SPIN_NANOS = 20_000;
    /**
     * {@code take}'s sleep after it raises {@code DATA_SLEEPING}; each next one is twice as long, up to 50 ms. Bounds
     * the delay of a wake-up missed in that moment (see {@code QueueProducer.commit}) to about this.
     */
    static final long FIRST_NAP_NANOS = 200_000;

    /** Receives messages in place, from {@link #read}. */
    @FunctionalInterface
    public interface MessageHandler {
        /**
         * Called once per message, in order, while the consumer holds the queue's consumer lock.
         *
         * @param buffer the queue's mapped data; valid to read only during the call
         * @param offset byte offset of the message in {@code buffer} (8-byte aligned)
         * @param length its length in bytes
         */
        void onMessage(MemorySegment buffer, long offset, int length);
    }

    private final SharedQueue queue;
    private final MemorySegment d;
    private final long slot;
    private final int capacity;
    private final long mask;
    private final int producers;
    private final RobustLock lock;
    private long nextCheck = System.nanoTime();
    private volatile boolean open = true;

    QueueConsumer(SharedQueue queue, MemorySegment data, long slot) {
        this.queue = queue;
        this.d = data;
        this.slot = slot;
        this.capacity = queue.capacity();
        this.mask = capacity - 1;
        this.producers = queue.producers();
        this.lock = new RobustLock(data, IpcLayout.CONSUMER_LOCK_OFFSET);
    }

    /**
     * Takes the next message if there is one now, copying it into {@code destination}.
     *
     * @param destination where the message goes, from byte 0; at least {@link SharedQueue#maxMessageLength()}
     *                    bytes is always enough (for fixed-size records, the record's size)
     * @return the message's length in bytes, or {@link #EMPTY}, {@link #END} or {@link #ABANDONED}
     * @throws IllegalArgumentException if the next message is longer than {@code destination}; it stays first in
     *                                  the queue
     * @throws IllegalStateException if this consumer or its queue is closed
     */
    public int poll(MemorySegment destination) {
        Objects.requireNonNull(destination, "destination");
        lock();
        try {
            int n = takeOne(destination);
            return n == EMPTY ? whenEmpty(destination) : n;
        } finally {
            unlock();
        }
    }

    /**
     * Takes the next message, waiting up to {@code timeout} for one, copying it into {@code destination}.
     *
     * @param destination where the message goes, from byte 0
     * @param timeout the longest wait (0: do not wait)
     * @param unit the unit of {@code timeout}
     * @return the message's length in bytes, or {@link #EMPTY} (timed out), {@link #END} or {@link #ABANDONED}
     * @throws IllegalArgumentException if the next message is longer than {@code destination} (it stays first in
     *                                  the queue), or the timeout is negative
     * @throws IllegalStateException if this consumer or its queue is closed
     */
    public int take(MemorySegment destination, long timeout, TimeUnit unit) {
        long nanos = Futex.timeoutNanos(timeout, unit);
        int n = poll(destination);
        if (n != EMPTY || timeout == 0) {
            return n;
        }
        for (long spinEnd = System.nanoTime() + SPIN_NANOS; System.nanoTime() - spinEnd < 0; ) {
            Thread.onSpinWait();
            if (ready()) {
                n = poll(destination);
                if (n != EMPTY) {
                    return n;
                }
            }
        }
        long deadline = System.nanoTime() + nanos;
        long nap = FIRST_NAP_NANOS;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return EMPTY;
            }
            // Producers read DATA_SLEEPING without a fence (QueueProducer.commit): one publishing just as the flag
            // goes from 0 to 1 may not see it and not wake this consumer. A short nap after that bounds the delay.
            if (Words.getIntVolatile(d, IpcLayout.DATA_SLEEPING_OFFSET) == 0) {
                nap = FIRST_NAP_NANOS;
            }
            Words.setIntVolatile(d, IpcLayout.DATA_SLEEPING_OFFSET, 1);
            int s = Words.getIntVolatile(d, IpcLayout.DATA_SEQ_OFFSET);
            n = poll(destination);
            if (n != EMPTY) {
                return n;
            }
            Futex.wait(d, IpcLayout.DATA_SEQ_OFFSET, s, Math.min(left, nap));
            nap = Math.min(2 * nap, RobustLock.CHECK_NANOS);
        }
    }

    /**
     * Hands the messages available now to {@code handler} in place, without copying, up to {@code limit} of them
     * and up to the end of the ring (call again for more). The consumer lock is held during the calls: other
     * consumers wait, so keep the handler short. A handler that throws consumes the messages handed so far,
     * including the one it threw on.
     *
     * @param handler receives each message
     * @param limit the most messages to hand over (at least 1)
     * @return how many messages were handed over (0 if none now), or {@link #END} or {@link #ABANDONED}
     * @throws IllegalArgumentException if {@code limit} is below 1
     * @throws IllegalStateException if this consumer or its queue is closed
     */
    public int read(MessageHandler handler, int limit) {
        Objects.requireNonNull(handler, "handler");
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + ": expected 1 or more");
        }
        lock();
        try {
            long head = Words.getLongVolatile(d, IpcLayout.HEAD_OFFSET);
            int index = (int) (head & mask);
            int block = capacity - index;
            int bytes = 0;
            int count = 0;
            try {
                while (bytes < block && count < limit) {
                    long h = Words.getLongAcquire(d, IpcLayout.RING_OFFSET + index + bytes);
                    int length = (int) h;
                    if (length == 0) {
                        break;
                    }
                    long at = IpcLayout.RING_OFFSET + index + bytes;
                    bytes += IpcLayout.align(length);
                    if ((int) (h >>> 32) == IpcLayout.TYPE_MESSAGE) {
                        count++;
                        handler.onMessage(d, at + IpcLayout.RECORD_HEADER, length - IpcLayout.RECORD_HEADER);
                    }
                }
            } finally {
                if (bytes > 0) {
                    consume(head, index, bytes);
                }
            }
            if (count == 0 && bytes == 0) {
                int s = whenEmpty(null);
                return s == EMPTY ? 0 : s;
            }
            return count;
        } finally {
            unlock();
        }
    }

    /** {@return {@code true} until {@link #close()}} */
    public boolean isOpen() {
        return open;
    }

    /** Detaches this consumer (its slot is freed). Idempotent. Messages stay for other consumers. */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        if (queue.isOpen()) {
            long who = Words.getLongVolatile(d, slot + IpcLayout.SLOT_WHO);
            if (IpcLayout.state(who) == IpcLayout.CONSUMER) {
                Words.casLong(d, slot + IpcLayout.SLOT_WHO, who, 0);
            }
        }
    }

    @Override
    public String toString() {
        return "QueueConsumer[" + queue.name() + (open ? "" : ", closed") + "]";
    }

    /** {@return whether a poll now would return something other than {@link #EMPTY} (without locking)} */
    private boolean ready() {
        long head = Words.getLongVolatile(d, IpcLayout.HEAD_OFFSET);
        return Words.getLongVolatile(d, IpcLayout.RING_OFFSET + (head & mask)) != 0
                || Words.getIntVolatile(d, IpcLayout.CLOSED_OFFSET) >= producers;
    }

    private void lock() {
        if (!open) {
            throw new IllegalStateException("consumer of queue '" + queue.name() + "' is closed");
        }
        queue.requireOpen();
        if (lock.acquire(Long.MAX_VALUE) == RobustLock.OWNER_DIED) {
            repair();
        }
    }

    private void unlock() {
        lock.release();
        // The release above is a volatile store, so this load cannot pass the HEAD store made under the lock.
        if (Words.getIntVolatile(d, IpcLayout.SPACE_SLEEPING_OFFSET) != 0
                && Words.casInt(d, IpcLayout.SPACE_SLEEPING_OFFSET, 1, 0)) {
            Words.getAndAddInt(d, IpcLayout.SPACE_SEQ_OFFSET, 1);
            Futex.wake(d, IpcLayout.SPACE_SEQ_OFFSET, Integer.MAX_VALUE);
        }
    }

    /**
     * A consumer died holding the lock. If it was taking a record ({@code CONSUMING} above {@code HEAD}), that record
     * was delivered to it: finish zeroing it and move {@code HEAD} past it.
     */
    private void repair() {
        long head = Words.getLongVolatile(d, IpcLayout.HEAD_OFFSET);
        long consuming = Words.getLongVolatile(d, IpcLayout.CONSUMING_OFFSET);
        if (consuming > head && consuming - head <= capacity - (head & mask)) {
            consume(head, (int) (head & mask), (int) (consuming - head));
        }
    }

    /** Takes one message under the lock, skipping padding; {@link #EMPTY} if none is committed at the head. */
    private int takeOne(MemorySegment destination) {
        long head = Words.getLongVolatile(d, IpcLayout.HEAD_OFFSET);
        while (true) {
            int index = (int) (head & mask);
            long h = Words.getLongAcquire(d, IpcLayout.RING_OFFSET + index);
            int length = (int) h;
            if (length == 0) {
                return EMPTY;
            }
            int record = IpcLayout.align(length);
            if ((int) (h >>> 32) != IpcLayout.TYPE_MESSAGE) {
                consume(head, index, record);
                head += record;
                continue;
            }
            int payload = length - IpcLayout.RECORD_HEADER;
            if (payload > destination.byteSize()) {
                throw new IllegalArgumentException("next message of queue '" + queue.name() + "' is " + payload
                        + " bytes, the destination holds " + destination.byteSize() + ": it stays in the queue");
            }
            MemorySegment.copy(d, IpcLayout.RING_OFFSET + index + IpcLayout.RECORD_HEADER, destination, 0, payload);
            consume(head, index, record);
            return payload;
        }
    }

    /** Zeroes {@code bytes} of records from {@code head} (at ring {@code index}) and moves HEAD past them. */
    private void consume(long head, int index, int bytes) {
        Words.setLongPlain(d, IpcLayout.CONSUMING_OFFSET, head + bytes);
        long at = IpcLayout.RING_OFFSET + index;
        if (bytes <= 64) {
            for (int i = 0; i < bytes; i += 8) {
                Words.setLongPlain(d, at + i, 0);
            }
        } else {
            d.asSlice(at, bytes).fill((byte) 0);
        }
        Words.setLongRelease(d, IpcLayout.HEAD_OFFSET, head + bytes);
    }

    /**
     * Nothing is committed at the head. Tells the end of the stream from a wait, and at most every 50 ms checks
     * that the producers still run, skipping a record that a dead producer left half-written.
     */
    private int whenEmpty(MemorySegment destination) {
        while (true) {
            int closed = Words.getIntVolatile(d, IpcLayout.CLOSED_OFFSET);
            int dead = Words.getIntVolatile(d, IpcLayout.DEAD_OFFSET);
            long tail = Words.getLongVolatile(d, IpcLayout.TAIL_OFFSET);
            long head = Words.getLongVolatile(d, IpcLayout.HEAD_OFFSET);
            // Read after the counts: a producer commits before it closes, so a record it sent is visible now.
            if (Words.getLongAcquire(d, IpcLayout.RING_OFFSET + (head & mask)) != 0) {
                if (destination == null) {
                    return EMPTY; // read() takes it on its next call
                }
                int n = takeOne(destination);
                if (n != EMPTY) {
                    return n;
                }
                continue;
            }
            boolean gone = closed + dead >= producers;
            if (gone && tail == head) {
                return dead == 0 ? END : ABANDONED;
            }
            long now = System.nanoTime();
            if (!gone && now - nextCheck < 0) {
                return EMPTY;
            }
            nextCheck = now + RobustLock.CHECK_NANOS;
            boolean changed = markDeadProducers();
            if (tail != head && skipDeadClaim(head)) {
                changed = true;
            }
            if (!changed) {
                // Every producer is gone, yet a claimed record will never complete and no dead claim covers it.
                return gone && tail != head ? ABANDONED : EMPTY;
            }
        }
    }

    /** {@return whether a producer was newly found dead (its slot is marked and counted)} */
    private boolean markDeadProducers() {
        boolean found = false;
        for (int i = 0; i < producers; i++) {
            long s = IpcLayout.slot(i);
            long who = Words.getLongVolatile(d, s + IpcLayout.SLOT_WHO);
            if (IpcLayout.state(who) == IpcLayout.PRODUCER && !SharedQueue.alive(d, s)
                    && Words.casLong(d, s + IpcLayout.SLOT_WHO, who,
                    IpcLayout.who(IpcLayout.PRODUCER_DEAD, IpcLayout.pid(who)))) {
                Words.getAndAddInt(d, IpcLayout.DEAD_OFFSET, 1);
                found = true;
            }
        }
        return found;
    }

    /**
     * If the uncommitted record at {@code head} lies in the claim of a dead producer and in no live producer's,
     * turns the rest of that claim into padding.
     *
     * @return whether something was skipped
     */
    private boolean skipDeadClaim(long head) {
        long end = Long.MAX_VALUE;
        for (int i = 0; i < producers; i++) {
            long s = IpcLayout.slot(i);
            int state = IpcLayout.state(Words.getLongVolatile(d, s + IpcLayout.SLOT_WHO));
            long start = Words.getLongVolatile(d, s + IpcLayout.SLOT_CLAIM_START);
            long stop = Words.getLongVolatile(d, s + IpcLayout.SLOT_CLAIM_END);
            if (start <= head && head < stop) {
                if (state == IpcLayout.PRODUCER) {
                    return false; // a live producer is still writing it
                }
                if (state == IpcLayout.PRODUCER_DEAD) {
                    end = Math.min(end, stop);
                }
            }
        }
        if (end == Long.MAX_VALUE || Words.getLongVolatile(d, IpcLayout.RING_OFFSET + (head & mask)) != 0) {
            return false;
        }
        for (long from = head; from < end; ) {
            int index = (int) (from & mask);
            int n = (int) Math.min(end - from, capacity - index);
            Words.setLongRelease(d, IpcLayout.RING_OFFSET + index, QueueProducer.header(n, IpcLayout.TYPE_PADDING));
            from += n;
        }
        return true;
    }
}
