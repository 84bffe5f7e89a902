package dev.panamax.shm;

import dev.panamax.core.LongView;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of the queue and lock tests. Commands (one line on stdout per step):
 * <pre>
 * produce DIR NAME ID COUNT      COUNT messages of 8 to 64 bytes ({@link #message}), close, print "done"
 * produce-forever DIR NAME ID    messages until killed; "started" after the first 1000
 * claim-and-hang DIR NAME        send 1 and 2, claim a third record, write half of it, print "claimed", sleep
 * consume DIR NAME               take longs until the end, print "count N sum S status STATUS"
 * read-and-hang DIR NAME         read(handler) whose handler prints "in handler" and sleeps
 * idle-take DIR NAME             print "waiting", take with a 60 s timeout, print "got N"
 * lock-add DIR LOCK COUNTER N    N increments of counter[0] under the lock, print "done died=K"
 * lock-hold DIR LOCK             acquire, print "held", sleep
 * semaphore-section DIR SEM STATE N  N times: acquire, count itself in STATE[0] (most ever in STATE[1]), release
 * </pre>
 */
public final class IpcChild {
    private IpcChild() {
    }

    /** The {@code seq}-th message of producer {@code id}: its length, 8 to 64 bytes; its bytes go into {@code buf}. */
    static int message(int id, long seq, byte[] buf) {
        int len = 8 + (int) ((seq * 7 + id) % 57);
        long first = ((long) id << 40) | seq;
        for (int i = 0; i < 8; i++) {
            buf[i] = (byte) (first >>> (8 * i));
        }
        for (int i = 8; i < len; i++) {
            buf[i] = (byte) (seq * 31 + i + id);
        }
        return len;
    }

    public static void main(String[] args) throws Exception {
        SegmentOptions opts = SegmentOptions.defaults().directory(Path.of(args[1]));
        String name = args[2];
        switch (args[0]) {
            case "produce", "produce-forever" -> {
                int id = Integer.parseInt(args[3]);
                long count = args[0].equals("produce") ? Long.parseLong(args[4]) : Long.MAX_VALUE;
                byte[] buf = new byte[64];
                MemorySegment seg = MemorySegment.ofArray(buf);
                try (SharedQueue q = SharedQueue.open(name, opts); QueueProducer p = q.producer()) {
                    for (long seq = 0; seq < count; seq++) {
                        int len = message(id, seq, buf);
                        if (!p.put(seg.asSlice(0, len), 60, TimeUnit.SECONDS)) {
                            say("full for 60 s at " + seq);
                            System.exit(3);
                        }
                        if (seq == 1000) {
                            say("started");
                        }
                    }
                }
                say("done");
            }
            case "claim-and-hang" -> {
                SharedQueue q = SharedQueue.open(name, opts);
                QueueProducer p = q.producer();
                p.offerLong(1);
                p.offerLong(2);
                long at = p.claim(16); // claimed: TAIL has moved, the record's header is still 0
                // Half the payload, through a second mapping of the same file, as a producer killed mid-copy leaves it.
                SharedArray.open(name, opts).segment().set(ValueLayout.JAVA_LONG, at + 8, 0x5555_5555_5555_5555L);
                say("claimed");
                Thread.sleep(Long.MAX_VALUE);
            }
            case "consume" -> {
                try (SharedQueue q = SharedQueue.open(name, opts); QueueConsumer c = q.consumer()) {
                    long[] v = new long[1];
                    MemorySegment seg = MemorySegment.ofArray(v);
                    long count = 0;
                    long sum = 0;
                    int n;
                    while ((n = c.take(seg, 60, TimeUnit.SECONDS)) >= 0) {
                        count++;
                        sum += v[0];
                    }
                    say("count " + count + " sum " + sum + " status " + n);
                }
            }
            case "read-and-hang" -> {
                SharedQueue q = SharedQueue.open(name, opts);
                QueueConsumer c = q.consumer();
                c.read((b, off, len) -> {
                    say("in handler");
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, 1);
            }
            case "idle-take" -> {
                try (SharedQueue q = SharedQueue.open(name, opts); QueueConsumer c = q.consumer()) {
                    say("waiting");
                    say("got " + c.take(MemorySegment.ofArray(new long[1]), 60, TimeUnit.SECONDS));
                }
            }
            case "lock-add" -> {
                int died = 0;
                try (SharedLock lock = SharedLock.open(name, opts);
                     SharedArray counter = SharedArray.open(args[3], opts)) {
                    LongView value = counter.asLongs();
                    long n = Long.parseLong(args[4]);
                    for (long i = 0; i < n; i++) {
                        try (SharedLock.Held held = lock.acquire()) {
                            died += held.previousOwnerDied() ? 1 : 0;
                            value.set(0, value.get(0) + 1);
                        }
                    }
                }
                say("done died=" + died);
            }
            case "semaphore-section" -> {
                try (SharedSemaphore sem = SharedSemaphore.open(name, opts);
                     SharedArray state = SharedArray.open(args[3], opts)) {
                    AtomicLongArray inside = state.atomicLongs(); // [processes inside now, most ever inside]
                    for (int i = Integer.parseInt(args[4]); i > 0; i--) {
                        sem.acquire();
                        long now = inside.getAndAdd(0, 1) + 1;
                        long max;
                        while (now > (max = inside.getVolatile(1)) && !inside.compareAndSet(1, max, now)) {
                            Thread.onSpinWait();
                        }
                        for (int k = 0; k < 200; k++) {
                            Thread.onSpinWait();
                        }
                        inside.getAndAdd(0, -1);
                        sem.release();
                    }
                }
                say("done");
            }
            case "lock-hold" -> {
                SharedLock lock = SharedLock.open(name, opts);
                SharedLock.Held held = lock.acquire();
                say("held " + held.previousOwnerDied());
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
