package dev.panamax.cli;

import static dev.panamax.cli.CliRun.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.shm.Lifetime;
import dev.panamax.shm.QueueConsumer;
import dev.panamax.shm.QueueProducer;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedLock;
import dev.panamax.shm.SharedQueue;
import dev.panamax.shm.SharedSemaphore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list} and {@code info} on queues, locks and semaphores: their state, read from the files. */
class IpcCommandsTest {
    @TempDir
    Path dir;

    @Test
    void listAndInfoShowQueuesLocksAndSemaphoresWithTheirState() throws Exception {
        SegmentOptions opts = SegmentOptions.defaults().directory(dir).lifetime(Lifetime.PERSISTENT);
        long me = ProcessHandle.current().pid();
        try (SharedQueue q = SharedQueue.create("jobs", 1 << 16, 2, opts);
             QueueProducer p = q.producer();
             QueueConsumer _ = q.consumer();
             SharedLock lock = SharedLock.create("mutex", opts);
             SharedLock.Held _ = lock.acquire();
             SharedSemaphore _ = SharedSemaphore.create("slots", 3, opts)) {
            p.offerLong(1);
            p.offerLong(2);
            String table = in(dir, "list").ok().out();
            assertTrue(table.contains("queue") && table.contains("32 B of 64 KiB, producers 1/2, consumers 1"),
                    table);
            assertTrue(table.contains("lock") && table.contains("held by " + me), table);
            assertTrue(table.contains("semaphore") && table.contains("3 permits free"), table);
            assertEquals(Map.of("permits", 3L), in(dir, "info", "slots", "--json").ok().json().get("semaphore"));

            String text = in(dir, "info", "jobs").ok().out();
            assertTrue(text.contains("kind:") && text.contains("queue (open)"), text);
            assertTrue(text.contains("64 KiB ring (65536 bytes), messages up to 8 KiB"), text);
            assertTrue(text.contains("2 expected, 1 attached, 0 closed, 0 died; running: " + me), text);

            Map<String, Object> j = in(dir, "info", "jobs", "--json").ok().json();
            assertEquals("queue", j.get("kind"));
            @SuppressWarnings("unchecked")
            Map<String, Object> queue = (Map<String, Object>) j.get("queue");
            assertEquals(65536L, queue.get("capacity"));
            assertEquals(32L, queue.get("used_bytes"));
            assertEquals(2L, queue.get("producers"));
            assertEquals(List.of(me), queue.get("producer_pids"));
            assertEquals(List.of(me), queue.get("consumer_pids"));
            assertEquals(Boolean.FALSE, queue.get("ended"));

            Map<String, Object> l = in(dir, "info", "mutex", "--json").ok().json();
            assertEquals("lock", l.get("kind"));
            assertEquals(Map.of("holder_pid", me), l.get("lock"));
        }
        String after = in(dir, "list").ok().out();
        assertTrue(after.contains("32 B of 64 KiB, producers 0/2, consumers 0") && after.contains("free"), after);
    }
}
