package dev.panamax.shm;

/**
 * The binary layout of queue and lock segments (Agrona's {@code RingBufferDescriptor} is the model). A queue or a
 * lock is a plain 1-D {@code |u1} {@code .npy} file whose data (at file byte 4096) holds the words below, so
 * {@code list}, {@code info}, {@code gc} and {@code np.load(path, mmap_mode='r+')} work on it unchanged; the
 * extended attribute {@code user.panamax.kind} says {@code queue}, {@code lock} or {@code semaphore}. Offsets are from the start of
 * the data; every word is little-endian and naturally aligned; the words one side writes often sit on their own
 * pair of cache lines (128 bytes), so that producer and consumer do not share a line.
 *
 * <pre>
 * Queue: data offset
 *      0 +---------------------------------------------------------------+
 *        | MAGIC "PNMXIPC1" (u64)                                        |
 *      8 | VERSION = 1 (i32)   | KIND = 1 queue, 2 lock, 3 semaphore (i32) |
 *     16 | CAPACITY: ring bytes, a power of two (i64)                    |
 *     24 | PRODUCERS: producers expected (i32) | MAX_MESSAGE bytes (i32) |
 *    128 +---------------------------------------------------------------+
 *        | TAIL: bytes ever claimed by producers (i64, CAS; stored by    |
 *        |       the only producer of a queue created for one)           |
 *    256 +---------------------------------------------------------------+
 *        | HEAD: bytes ever consumed (i64)                               |
 *    264 | CONSUMING: where HEAD goes once the record being taken is     |
 *        |            zeroed; above HEAD only while a consumer takes one |
 *    384 +---------------------------------------------------------------+
 *        | DATA_SEQ (i32 futex) | DATA_SLEEPING (i32 flag): consumers    |
 *    512 +---------------------------------------------------------------+
 *        | SPACE_SEQ (i32 futex) | SPACE_SLEEPING (i32 flag): producers  |
 *    640 +---------------------------------------------------------------+
 *        | ATTACHED producers (i32) | CLOSED (i32) | DEAD (i32)          |
 *    768 +---------------------------------------------------------------+
 *        | consumer lock: OWNER (i64) | LOCK_SEQ (i32) | LOCK_SLEEPING   |
 *   4096 +---------------------------------------------------------------+
 *        | 64 slots of 64 bytes, one per attached producer or consumer:  |
 *        |   +0 WHO: state (high i32) | pid (low i32)  (i64, CAS)        |
 *        |   +8 START: the process's start, clock ticks since boot (i64) |
 *        |  +16 CLAIM_START, +24 CLAIM_END: a producer's latest claim    |
 *   8192 +---------------------------------------------------------------+
 *        | ring: CAPACITY bytes of records, each 8-byte aligned:         |
 *        |   +0 LENGTH (i32): 8 + payload bytes; 0 until committed       |
 *        |   +4 TYPE (i32): 1 message, -1 padding (skipped)              |
 *        |   +8 payload                                                  |
 *        +---------------------------------------------------------------+
 *
 * Lock:
 *      0 | MAGIC | VERSION | KIND = 2                                      |
 *    128 | OWNER: holder (i64, CAS, 0 free) | SEQ (i32 futex) | SLEEPING (i32) |
 *    256 | end                                                             |
 *
 * Semaphore:
 *      0 | MAGIC | VERSION | KIND = 3                                      |
 *    128 | PERMITS (i32, CAS, the futex) | SLEEPING (i32)                 |
 *    256 | end                                                             |
 * </pre>
 *
 * <p>A position (HEAD, TAIL, claims) counts bytes since creation and never wraps; its ring index is
 * {@code position & (CAPACITY - 1)}. A record that would cross the end of the ring is preceded by a padding record
 * to the end. An OWNER or a lock word identifies a process as {@code pid << 32 | (start ticks & 0xffffffff)}
 * ({@link Owner}). Slot states: 0 free, 1 producer, 2 producer closed, 3 producer died, 4 consumer,
 * 5 a consumer attaching (its START not yet written: judged by pid alone).
 *
 * <p>Sleeping: a side that must wait sets its {@code *_SLEEPING} flag to 1, reads the {@code *_SEQ} word, checks
 * once more, and sleeps on {@code *_SEQ} with {@code futex(FUTEX_WAIT)}. The other side, after publishing, clears
 * the flag with a compare-and-set and, only if it was the one to clear it, increments {@code *_SEQ} and calls
 * {@code futex(FUTEX_WAKE)}: one system call per sleep, not one per message while a woken sleeper gets scheduled.
 * Consumers fence between moving HEAD and reading {@code SPACE_SLEEPING}; producers do not fence between a record's
 * header and {@code DATA_SLEEPING}, so a consumer's wake-up can be missed as it raises the flag, and it sleeps 0.2 ms
 * at first (then twice as long each time, up to 50 ms).
 */
final class IpcLayout {
    static final long MAGIC = 0x31435049584d4e50L; // "PNMXIPC1" read as a little-endian u64
    static final int VERSION = 1;
    static final int KIND_QUEUE = 1;
    static final int KIND_LOCK = 2;
    static final int KIND_SEMAPHORE = 3;

    static final long MAGIC_OFFSET = 0;
    static final long VERSION_OFFSET = 8;
    static final long KIND_OFFSET = 12;
    static final long CAPACITY_OFFSET = 16;
    static final long PRODUCERS_OFFSET = 24;
    static final long MAX_MESSAGE_OFFSET = 28;
    static final long TAIL_OFFSET = 128;
    static final long HEAD_OFFSET = 256;
    static final long CONSUMING_OFFSET = 264;
    static final long DATA_SEQ_OFFSET = 384;
    static final long DATA_SLEEPING_OFFSET = 388;
    static final long SPACE_SEQ_OFFSET = 512;
    static final long SPACE_SLEEPING_OFFSET = 516;
    static final long ATTACHED_OFFSET = 640;
    static final long CLOSED_OFFSET = 644;
    static final long DEAD_OFFSET = 648;
    static final long CONSUMER_LOCK_OFFSET = 768;

    static final long SLOTS_OFFSET = 4096;
    static final int SLOT_COUNT = 64;
    static final int SLOT_BYTES = 64;
    static final long SLOT_WHO = 0;
    static final long SLOT_START = 8;
    static final long SLOT_CLAIM_START = 16;
    static final long SLOT_CLAIM_END = 24;
    static final int FREE = 0;
    static final int PRODUCER = 1;
    static final int PRODUCER_CLOSED = 2;
    static final int PRODUCER_DEAD = 3;
    static final int CONSUMER = 4;
    static final int CLAIMING = 5;

    static final long RING_OFFSET = 8192;
    static final int RECORD_HEADER = 8;
    static final int ALIGNMENT = 8;
    static final int TYPE_MESSAGE = 1;
    static final int TYPE_PADDING = -1;
    static final int MIN_CAPACITY = 1024;
    static final int MAX_CAPACITY = 1 << 30;
    /** Most producers a queue can be created for: half the slots, so that consumers always find room. */
    static final int MAX_PRODUCERS = SLOT_COUNT / 2;

    /** Lock segment: the robust lock's three words at this offset; the data is this many bytes. */
    static final long LOCK_OFFSET = 128;
    static final int LOCK_DATA_BYTES = 256;
    /** Semaphore segment: PERMITS (i32 futex) and SLEEPING (i32) at this offset; the data is 256 bytes too. */
    static final long PERMITS_OFFSET = 128;
    static final long PERMITS_SLEEPING_OFFSET = 132;

    private IpcLayout() {
    }

    /**
     * @param capacity ring bytes asked for
     * @return the capacity
     * @throws IllegalArgumentException naming the value, unless it is a power of two in
     *                                  [{@value #MIN_CAPACITY}, 2^30]
     */
    static int checkCapacity(long capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("queue capacity " + capacity + " bytes: expected a power of two from "
                    + MIN_CAPACITY + " to " + MAX_CAPACITY + " (1 GiB)");
        }
        return (int) capacity;
    }

    /**
     * @param producers producers asked for
     * @return the count
     * @throws IllegalArgumentException unless it is in [1, {@value #MAX_PRODUCERS}]
     */
    static int checkProducers(int producers) {
        if (producers < 1 || producers > MAX_PRODUCERS) {
            throw new IllegalArgumentException("queue producers " + producers + ": expected 1 to " + MAX_PRODUCERS);
        }
        return producers;
    }

    /** @return the longest payload a queue of this capacity takes: an eighth of the ring, as in Agrona */
    static int maxMessage(int capacity) {
        return capacity / 8;
    }

    /** @return the ring bytes a record with this payload occupies */
    static int recordBytes(int payload) {
        return align(RECORD_HEADER + payload);
    }

    static int align(int n) {
        return (n + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static long slot(int i) {
        return SLOTS_OFFSET + (long) i * SLOT_BYTES;
    }

    static long who(int state, long pid) {
        return ((long) state << 32) | (pid & 0xffffffffL);
    }

    static int state(long who) {
        return (int) (who >>> 32);
    }

    static int pid(long who) {
        return (int) who;
    }
}
