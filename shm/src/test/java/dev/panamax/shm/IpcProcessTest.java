package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queues and locks between real JVMs ({@link IpcChild}), including producers and holders killed with SIGKILL. */
class IpcProcessTest {
    @TempDir
    Path dir;
    @TempDir
    Path work;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir);
    }

    private Child child(String... args) throws Exception {
        return Child.start(work, IpcChild.class, cp -> cp, args);
    }

    @Test
    void fourProducerJvmsTwoMillionMessagesArriveInOrderOnceEachAndIntact() throws Exception {
        int producers = 4;
        long each = 500_000;
        long[] next = new long[producers];
        long bytes = 0;
        int status;
        try (SharedQueue q = SharedQueue.create("many", 1 << 16, producers, opts());
             QueueConsumer c = q.consumer()) {
            List<Child> cs = new ArrayList<>();
            try {
                for (int id = 0; id < producers; id++) {
                    cs.add(child("produce", dir.toString(), "many", Integer.toString(id), Long.toString(each)));
                }
                byte[] got = new byte[64];
                byte[] want = new byte[64];
                MemorySegment seg = MemorySegment.ofArray(got);
                int n;
                while ((n = c.take(seg, 60, TimeUnit.SECONDS)) >= 0) {
                    long first = seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
                    int id = (int) (first >>> 40);
                    long seq = first & ((1L << 40) - 1);
                    assertTrue(id >= 0 && id < producers, "producer id " + id);
                    assertEquals(next[id], seq, "producer " + id + ": messages in order, none lost or repeated");
                    int len = IpcChild.message(id, seq, want);
                    assertEquals(len, n, "length of message " + seq + " of producer " + id);
                    assertTrue(java.util.Arrays.equals(got, 0, n, want, 0, n), "bytes of message " + seq);
                    next[id]++;
                    bytes += n;
                }
                status = n;
                for (Child ch : cs) {
                    ch.expect("done");
                    assertEquals(0, ch.waitExit());
                }
            } finally {
                cs.forEach(Child::close);
            }
        }
        assertEquals(QueueConsumer.END, status);
        for (int id = 0; id < producers; id++) {
            assertEquals(each, next[id], "all messages of producer " + id);
        }
        assertTrue(bytes > 2_000_000 * 8, "bytes " + bytes);
    }

    @Test
    void aConsumerJvmDrainsAndSeesTheEndWhenTheProducerCloses() throws Exception {
        try (SharedQueue q = SharedQueue.create("eos", 4096, 1, opts());
             Child c = child("consume", dir.toString(), "eos")) {
            try (QueueProducer p = q.producer()) {
                for (long i = 1; i <= 10_000; i++) {
                    assertTrue(p.putLong(i, 30, TimeUnit.SECONDS));
                }
            }
            assertEquals("count 10000 sum " + (10_000L * 10_001 / 2) + " status " + QueueConsumer.END,
                    c.expect("count"));
            assertEquals(0, c.waitExit());
        }
    }

    @Test
    void threeConsumerJvmsShareTheMessagesEachTakenExactlyOnceAndAllSeeTheEnd() throws Exception {
        long n = 300_000;
        try (SharedQueue q = SharedQueue.create("shared", 1 << 12, 1, opts())) {
            List<Child> cs = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    cs.add(child("consume", dir.toString(), "shared"));
                }
                try (QueueProducer p = q.producer()) {
                    for (long i = 1; i <= n; i++) {
                        assertTrue(p.putLong(i, 30, TimeUnit.SECONDS));
                    }
                }
                long count = 0;
                long sum = 0;
                for (Child c : cs) {
                    String[] w = c.expect("count").split(" "); // count N sum S status X
                    assertEquals(Integer.toString(QueueConsumer.END), w[5], String.join(" ", w));
                    count += Long.parseLong(w[1]);
                    sum += Long.parseLong(w[3]);
                    assertEquals(0, c.waitExit());
                }
                assertEquals(n, count, "each message taken once");
                assertEquals(n * (n + 1) / 2, sum, "each message taken once");
            } finally {
                cs.forEach(Child::close);
            }
        }
    }

    @Test
    void aProducerKilledInTheMiddleOfAWriteIsSkippedAndTheOthersMessagesFollow() throws Exception {
        try (SharedQueue q = SharedQueue.create("half", 4096, 2, opts());
             QueueConsumer c = q.consumer();
             Child h = child("claim-and-hang", dir.toString(), "half")) {
            h.expect("claimed");
            long[] v = new long[1];
            MemorySegment seg = MemorySegment.ofArray(v);
            try (QueueProducer p = q.producer()) {
                p.offerLong(3); // behind the stuck record
                takeOneAndTwoButNotTheHalfWrittenThird(c, seg, v);
                h.kill9();
                long t0 = System.nanoTime();
                assertEquals(8, c.take(seg, 5, TimeUnit.SECONDS), "the dead producer's record is skipped");
                assertEquals(3, v[0]);
                long took = System.nanoTime() - t0;
                assertTrue(took < 2_000_000_000L, "skipped after " + took + " ns");
                assertEquals(QueueConsumer.EMPTY, c.poll(seg));
                QueueInfo info = SharedQueue.info(q.path()).orElseThrow();
                assertEquals(1, info.producersDied());
                assertEquals(List.of(ProcessHandle.current().pid()), info.producerPids());
            }
            assertEquals(QueueConsumer.ABANDONED, c.take(seg, 5, TimeUnit.SECONDS),
                    "all producers gone, one without closing");
        }
    }

    @Test
    void theOnlyProducerKilledInTheMiddleOfAWriteEndsTheStreamAsAbandonedWithoutDeliveringHalfARecord()
            throws Exception {
        // A queue of one producer claims with a release store of TAIL, not a compare-and-set: the same guarantees.
        try (SharedQueue q = SharedQueue.create("alone", 4096, 1, opts());
             QueueConsumer c = q.consumer();
             Child h = child("claim-and-hang", dir.toString(), "alone")) {
            h.expect("claimed");
            long[] v = new long[2];
            MemorySegment seg = MemorySegment.ofArray(v);
            takeOneAndTwoButNotTheHalfWrittenThird(c, seg, v);
            assertEquals(24, q.usedBytes(), "the claimed record: 8 bytes of header and 16 of payload");
            h.kill9();
            long t0 = System.nanoTime();
            assertEquals(QueueConsumer.ABANDONED, c.take(seg, 5, TimeUnit.SECONDS));
            long took = System.nanoTime() - t0;
            assertTrue(took < 2_000_000_000L, "abandoned after " + took + " ns");
            assertEquals(0, q.usedBytes(), "the dead producer's claim is skipped");
            assertEquals(1, SharedQueue.info(q.path()).orElseThrow().producersDied());
        }
    }

    /** Takes the 1 and 2 that {@code claim-and-hang} sent; its half-written third record is waited for, not taken. */
    private static void takeOneAndTwoButNotTheHalfWrittenThird(QueueConsumer c, MemorySegment seg, long[] v) {
        assertEquals(8, c.take(seg, 5, TimeUnit.SECONDS));
        assertEquals(1, v[0]);
        assertEquals(8, c.take(seg, 5, TimeUnit.SECONDS));
        assertEquals(2, v[0]);
        assertEquals(QueueConsumer.EMPTY, c.take(seg, 300, TimeUnit.MILLISECONDS),
                "the half-written record of a live producer is waited for, never delivered");
    }

    @Test
    void aProducerKilledAtARandomMomentLosesOnlyItsUnsentTail() throws Exception {
        try (SharedQueue q = SharedQueue.create("killed", 1 << 14, 1, opts());
             QueueConsumer c = q.consumer();
             Child p = child("produce-forever", dir.toString(), "killed", "5")) {
            byte[] got = new byte[64];
            byte[] want = new byte[64];
            MemorySegment seg = MemorySegment.ofArray(got);
            long seq = 0;
            int n;
            long killAt = 20_000;
            while ((n = c.take(seg, 10, TimeUnit.SECONDS)) >= 0) {
                long first = seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
                assertEquals((5L << 40) | seq, first, "gapless prefix");
                int len = IpcChild.message(5, seq, want);
                assertEquals(len, n);
                assertTrue(java.util.Arrays.equals(got, 0, n, want, 0, n), "bytes of message " + seq);
                if (++seq == killAt) {
                    p.kill9();
                }
            }
            assertEquals(QueueConsumer.ABANDONED, n);
            assertTrue(seq >= killAt, "received " + seq);
        }
    }

    @Test
    void anIdleConsumerSleepsInTheKernelAndWakesForAPut() throws Exception {
        try (SharedQueue q = SharedQueue.create("idle", 4096, 1, opts());
             QueueProducer p = q.producer();
             Child c = child("idle-take", dir.toString(), "idle")) {
            c.expect("waiting");
            ProcessHandle h = ProcessHandle.of(c.pid()).orElseThrow();
            Thread.sleep(500); // let its start-up work finish
            Duration before = h.info().totalCpuDuration().orElseThrow();
            Thread.sleep(1000);
            Duration idle = h.info().totalCpuDuration().orElseThrow().minus(before);
            assertTrue(idle.toMillis() < 150, "an idle consumer used " + idle.toMillis() + " ms of CPU in 1 s"
                    + (Futex.available() ? "" : " (no futex: " + Futex.unavailableReason() + ")"));
            p.putLong(99, 1, TimeUnit.SECONDS);
            assertEquals("got 8", c.expect("got"));
            assertEquals(0, c.waitExit());
        }
    }

    @Test
    void aConsumerKilledWhileHoldingTheConsumerSideDoesNotBlockTheOthers() throws Exception {
        try (SharedQueue q = SharedQueue.create("consumers", 4096, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer();
             Child dying = child("read-and-hang", dir.toString(), "consumers")) {
            p.offerLong(10);
            dying.expect("in handler");
            p.offerLong(11);
            dying.kill9();
            long[] v = new long[1];
            MemorySegment seg = MemorySegment.ofArray(v);
            assertEquals(8, c.take(seg, 5, TimeUnit.SECONDS));
            assertEquals(10, v[0], "the message whose handler never returned is delivered again");
            assertEquals(8, c.take(seg, 5, TimeUnit.SECONDS));
            assertEquals(11, v[0]);
        }
    }

    @Test
    void theSlotOfAConsumerKilledWithKill9IsReusedAndTheSlotsHaveALimit() throws Exception {
        try (SharedQueue q = SharedQueue.create("slots", 4096, 1, opts());
             Child dead = child("idle-take", dir.toString(), "slots")) {
            dead.expect("waiting");
            assertEquals(List.of(dead.pid()), SharedQueue.info(q.path()).orElseThrow().consumerPids());
            dead.kill9();
            assertEquals(List.of(), SharedQueue.info(q.path()).orElseThrow().consumerPids(), "only live consumers");
            List<QueueConsumer> mine = new ArrayList<>();
            for (int i = 0; i < 63; i++) {
                mine.add(q.consumer()); // 64 slots, one for the producer: the dead consumer's slot is taken again
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, q::consumer);
            assertTrue(e.getMessage().contains("63 live consumers"), e.getMessage());
            mine.getFirst().close();
            mine.set(0, q.consumer());
            assertEquals(63, SharedQueue.info(q.path()).orElseThrow().consumerPids().size());
        }
    }

    @Test
    void fourJvmsAddingTenThousandEachUnderTheLockReachExactly40000() throws Exception {
        try (SharedLock lock = SharedLock.create("lock", opts());
             SharedArray counter = SharedArray.create("counter", DType.INT64, Shape.of(1), opts())) {
            List<Child> cs = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    cs.add(child("lock-add", dir.toString(), "lock", "counter", "10000"));
                }
                for (Child ch : cs) {
                    assertEquals("done died=0", ch.expect("done"));
                    assertEquals(0, ch.waitExit());
                }
            } finally {
                cs.forEach(Child::close);
            }
            assertEquals(40_000, counter.asLongs().get(0));
            assertTrue(lock.holderPid().isEmpty(), "free at the end");
        }
    }

    @Test
    void aSemaphoreOfTwoPermitsLetsAtMostTwoOfThreeJvmsInAtOnce() throws Exception {
        try (SharedSemaphore sem = SharedSemaphore.create("sem", 2, opts());
             SharedArray state = SharedArray.create("inside", DType.INT64, Shape.of(2), opts())) {
            List<Child> cs = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    cs.add(child("semaphore-section", dir.toString(), "sem", "inside", "3000"));
                }
                for (Child ch : cs) {
                    ch.expect("done");
                    assertEquals(0, ch.waitExit());
                }
            } finally {
                cs.forEach(Child::close);
            }
            long most = state.asLongs().get(1);
            assertTrue(most >= 1 && most <= 2, "at most 2 inside at once, saw " + most);
            assertEquals(0, state.asLongs().get(0));
            assertEquals(2, sem.availablePermits());
        }
    }

    @Test
    void aLockHolderKilledWithKill9PassesTheLockOnWithTheSignalThatItDied() throws Exception {
        try (SharedLock lock = SharedLock.create("robust", opts());
             Child holder = child("lock-hold", dir.toString(), "robust")) {
            assertEquals("held false", holder.expect("held"));
            assertEquals(holder.pid(), lock.holderPid().orElseThrow());
            assertEquals(holder.pid(), SharedLock.holderPid(lock.path()).orElseThrow());
            assertEquals(null, lock.acquire(200, TimeUnit.MILLISECONDS), "a live holder keeps it");
            assertEquals(null, lock.tryAcquire());
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(200);
                    holder.kill9();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long t0 = System.nanoTime();
            try (SharedLock.Held held = lock.acquire(10, TimeUnit.SECONDS)) {
                long took = System.nanoTime() - t0;
                assertTrue(held != null, "acquired from the dead holder");
                assertTrue(held.previousOwnerDied());
                assertTrue(took < 2_000_000_000L, "took " + took + " ns");
                assertEquals(ProcessHandle.current().pid(), lock.holderPid().orElseThrow());
            }
            waiter.join();
            try (SharedLock.Held again = lock.acquire()) {
                assertFalse(again.previousOwnerDied(), "released normally since");
            }
        }
        try (Stream<Path> s = Files.list(work)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash");
        }
    }
}
