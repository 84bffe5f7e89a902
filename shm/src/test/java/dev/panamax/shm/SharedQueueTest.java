package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue within one process: formats, limits, wrap-around, end of stream, errors. */
class SharedQueueTest {
    @TempDir
    Path dir;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir);
    }

    @Test
    void messagesOfEveryLengthArriveInOrderAcrossManyWrapsOfTheRing() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 1024, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer()) {
            assertEquals(128, q.maxMessageLength());
            MemorySegment out = MemorySegment.ofArray(new byte[128]);
            for (int i = 0; i < 20_000; i++) {
                int len = i % 129;
                byte[] msg = new byte[len];
                for (int k = 0; k < len; k++) {
                    msg[k] = (byte) (i * 31 + k);
                }
                assertTrue(p.offer(MemorySegment.ofArray(msg)), "room for message " + i);
                if (i % 3 == 2) {
                    continue; // let a few accumulate, so records wrap at every position
                }
                while (true) {
                    int n = c.poll(out);
                    if (n == QueueConsumer.EMPTY) {
                        break;
                    }
                    assertTrue(n >= 0, "status " + n);
                }
            }
            assertEquals(QueueConsumer.EMPTY, c.poll(out));
            assertEquals(0, q.usedBytes());
        }
    }

    @Test
    void contentAndOrderSurviveTheRoundTrip() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 4096, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer()) {
            double[] row = {1.5, -2.25, 3.0};
            assertTrue(p.offer(MemorySegment.ofArray(row)));
            assertTrue(p.offerLong(42));
            assertTrue(p.offer(MemorySegment.ofArray(new byte[0])));
            double[] got = new double[3];
            assertEquals(24, c.poll(MemorySegment.ofArray(got)));
            assertArrayEquals(row, got);
            long[] v = new long[1];
            assertEquals(8, c.take(MemorySegment.ofArray(v), 1, TimeUnit.SECONDS));
            assertEquals(42, v[0]);
            assertEquals(0, c.poll(MemorySegment.ofArray(v)));
            assertEquals(QueueConsumer.EMPTY, c.poll(MemorySegment.ofArray(v)));
        }
    }

    @Test
    @SuppressWarnings("try") // the producer closes inside the block on purpose: the consumer then sees END
    void readHandsMessagesInPlaceAndConsumesThem() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 4096, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer()) {
            for (long i = 0; i < 10; i++) {
                assertTrue(p.offerLong(i));
            }
            long[] sum = new long[1];
            int n = c.read((buf, off, len) -> sum[0] += buf.get(ValueLayout.JAVA_LONG, off), 4);
            assertEquals(4, n);
            assertEquals(0 + 1 + 2 + 3, sum[0]);
            assertEquals(6, c.read((buf, off, len) -> sum[0] += buf.get(ValueLayout.JAVA_LONG, off), 100));
            assertEquals(45, sum[0]);
            assertEquals(0, c.read((buf, off, len) -> sum[0]++, 100));
            p.close();
            assertEquals(QueueConsumer.END, c.read((buf, off, len) -> sum[0]++, 100));
        }
    }

    @Test
    void closingTheLastProducerEndsTheStreamAfterTheConsumerDrainsIt() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 4096, 2, opts());
             QueueConsumer c = q.consumer()) {
            QueueProducer a = q.producer();
            QueueProducer b = q.producer();
            assertThrows(IllegalStateException.class, q::producer, "only 2 producers");
            a.offerLong(1);
            a.close();
            b.offerLong(2);
            MemorySegment v = MemorySegment.ofArray(new long[1]);
            assertEquals(8, c.poll(v));
            assertEquals(8, c.poll(v));
            assertEquals(QueueConsumer.EMPTY, c.poll(v), "b is still open");
            b.close();
            assertEquals(QueueConsumer.END, c.take(v, 5, TimeUnit.SECONDS));
            assertEquals(QueueConsumer.END, c.poll(v), "END stays");
            assertThrows(IllegalStateException.class, () -> a.offerLong(3));
            QueueInfo info = SharedQueue.info(q.path()).orElseThrow();
            assertTrue(info.ended());
            assertEquals(2, info.producersClosed());
        }
    }

    @Test
    void aFullQueueRefusesOfferAndTimesOutPutThenAcceptsOnceAConsumerMakesRoom() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 1024, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer()) {
            int sent = 0;
            while (p.offerLong(sent)) {
                sent++;
            }
            assertEquals(1024 / 16, sent, "16-byte records fill the ring exactly");
            assertEquals(1024, q.usedBytes());
            long t0 = System.nanoTime();
            assertFalse(p.putLong(-1, 200, TimeUnit.MILLISECONDS));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= 190_000_000L && waited < 5_000_000_000L, "waited " + waited + " ns");
            Thread drain = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.poll(MemorySegment.ofArray(new long[1]));
            });
            assertTrue(p.putLong(-1, 10, TimeUnit.SECONDS), "woken when the consumer made room");
            drain.join();
        }
    }

    @Test
    void aSleepingConsumerIsWokenByAPut() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 4096, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer()) {
            long[] v = new long[1];
            int[] n = new int[1];
            Thread t = Thread.ofPlatform().start(() -> n[0] = c.take(MemorySegment.ofArray(v), 30, TimeUnit.SECONDS));
            Thread.sleep(200);
            long t0 = System.nanoTime();
            p.putLong(7, 1, TimeUnit.SECONDS);
            t.join();
            long woke = System.nanoTime() - t0;
            assertEquals(8, n[0]);
            assertEquals(7, v[0]);
            assertTrue(woke < 1_000_000_000L, "woke after " + woke + " ns, far less than the 30 s timeout");
        }
    }

    @Test
    void aConsumerWhoseWakeUpWasMissedFindsTheMessageOnItsOwnWithinMilliseconds() throws Exception {
        // A producer checks DATA_SLEEPING without a fence, so a consumer that goes to sleep as a message is published
        // may not be woken. Here the message is published without any wake-up, a millisecond into the sleep.
        try (SharedQueue q = SharedQueue.create("q", 4096, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer();
             SharedArray raw = SharedArray.open("q", opts())) {
            MemorySegment d = raw.segment();
            long[] found = new long[9];
            for (int i = 0; i < found.length; i++) {
                Words.setIntVolatile(d, IpcLayout.DATA_SLEEPING_OFFSET, 0);
                long[] v = new long[1];
                long[] at = new long[1];
                Thread t = Thread.ofPlatform().start(() -> {
                    assertEquals(8, c.take(MemorySegment.ofArray(v), 30, TimeUnit.SECONDS));
                    at[0] = System.nanoTime();
                });
                while (Words.getIntVolatile(d, IpcLayout.DATA_SLEEPING_OFFSET) == 0) {
                    Thread.onSpinWait();
                }
                Thread.sleep(1);
                long record = p.claim(8);
                d.set(ValueLayout.JAVA_LONG, record + IpcLayout.RECORD_HEADER, i);
                long t0 = System.nanoTime();
                Words.setLongRelease(d, record, QueueProducer.header(IpcLayout.RECORD_HEADER + 8,
                        IpcLayout.TYPE_MESSAGE));
                t.join();
                assertEquals(i, v[0]);
                found[i] = at[0] - t0;
            }
            java.util.Arrays.sort(found);
            assertTrue(found[found.length / 2] < 20_000_000L, "found after " + java.util.Arrays.toString(found)
                    + " ns: the consumer sleeps 0.2, 0.4, 0.8 ms ... at first, not the 50 ms between liveness checks");
        }
    }

    @Test
    void badSizesNamesAndUsesFailWithTheValueInTheMessageAndLeaveNothingBehind() throws Exception {
        for (long cap : new long[] {0, 1000, 512, 3000, 1L << 31}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SharedQueue.create("bad", cap, 1, opts()));
            assertTrue(e.getMessage().contains("capacity " + cap), e.getMessage());
        }
        for (int producers : new int[] {0, -1, 33}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SharedQueue.create("bad", 4096, producers, opts()));
            assertTrue(e.getMessage().contains("producers " + producers), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SharedQueue.create("../x", 4096, 1, opts()));
        assertThrows(IllegalArgumentException.class, () -> SharedQueue.create(".hidden", 4096, 1, opts()));
        assertThrows(IllegalArgumentException.class,
                () -> SharedQueue.create("ro", 4096, 1, opts().readOnly(true)));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "nothing left behind");
        }
        try (SharedQueue q = SharedQueue.create("q", 1024, 1, opts());
             QueueProducer p = q.producer();
             QueueConsumer c = q.consumer()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.offer(MemorySegment.ofArray(new byte[129])));
            assertTrue(e.getMessage().contains("129 bytes") && e.getMessage().contains("128"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.putLong(1, -1, TimeUnit.SECONDS));
            p.offer(MemorySegment.ofArray(new byte[100]));
            e = assertThrows(IllegalArgumentException.class, () -> c.poll(MemorySegment.ofArray(new byte[99])));
            assertTrue(e.getMessage().contains("100 bytes") && e.getMessage().contains("99"), e.getMessage());
            assertEquals(100, c.poll(MemorySegment.ofArray(new byte[100])), "the message stayed first");
            assertThrows(SegmentExistsException.class, () -> SharedQueue.create("q", 1024, 1, opts()));
        }
    }

    @Test
    void openRefusesFilesThatAreNotQueuesAndSaysWhy() throws Exception {
        try (SharedArray a = SharedArray.create("array", DType.FLOAT64, Shape.of(10), opts());
             SharedArray _ = SharedArray.create("bytes", DType.UINT8, Shape.of(20_000), opts());
             SharedLock l = SharedLock.create("lock", opts())) {
            SegmentException e = assertThrows(SegmentException.class, () -> SharedQueue.open("array", opts()));
            assertTrue(e.getMessage().contains("1-D uint8"), e.getMessage());
            e = assertThrows(SegmentException.class, () -> SharedQueue.open("bytes", opts()));
            assertTrue(e.getMessage().contains("magic"), e.getMessage());
            e = assertThrows(SegmentException.class, () -> SharedQueue.open("lock", opts()));
            assertTrue(e.getMessage().contains("it is a lock"), e.getMessage());
            assertTrue(SharedQueue.info(a.path()).isEmpty());
            assertTrue(SharedQueue.info(l.path()).isEmpty());
        }
        assertThrows(NoSuchSegmentException.class, () -> SharedQueue.open("missing", opts()));
    }

    @Test
    void theQueueFileIsAPlainNpyArrayMarkedAsAQueueAndListedWithItsState() throws Exception {
        try (SharedQueue q = SharedQueue.create("q", 4096, 3, opts());
             QueueProducer p = q.producer();
             QueueConsumer _ = q.consumer()) {
            p.offerLong(1);
            SegmentInfo s = Segments.info("q", dir);
            assertEquals(DType.UINT8, s.dtype());
            assertEquals(Shape.of(8192 + 4096), s.shape());
            assertEquals(Lifetime.PROCESS, s.lifetime());
            try (SegmentFile f = SegmentFile.open("q", q.path())) {
                assertEquals("queue", Attributes.readKind(f.fd()));
            }
            QueueInfo info = SharedQueue.info(q.path()).orElseThrow();
            assertEquals(4096, info.capacity());
            assertEquals(16, info.usedBytes());
            assertEquals(3, info.producers());
            assertEquals(1, info.producersAttached());
            assertEquals(List.of(ProcessHandle.current().pid()), info.producerPids());
            assertEquals(List.of(ProcessHandle.current().pid()), info.consumerPids());
            assertFalse(info.ended());
        }
    }

    @Test
    void useAfterCloseIsAnIllegalStateExceptionAndCloseClosesTheSides() throws Exception {
        SharedQueue q = SharedQueue.create("q", 4096, 1, opts());
        QueueProducer p = q.producer();
        QueueConsumer c = q.consumer();
        q.close();
        q.close();
        assertFalse(p.isOpen());
        assertFalse(c.isOpen());
        assertThrows(IllegalStateException.class, () -> p.offerLong(1));
        assertThrows(IllegalStateException.class, () -> c.poll(MemorySegment.ofArray(new long[1])));
        assertThrows(IllegalStateException.class, q::producer);
        assertNull(null);
        try (SharedQueue again = SharedQueue.open("q", opts());
             QueueConsumer c2 = again.consumer()) {
            assertEquals(QueueConsumer.END, c2.poll(MemorySegment.ofArray(new long[1])),
                    "closing the queue handle closed its producer: the stream ended");
        }
    }
}
