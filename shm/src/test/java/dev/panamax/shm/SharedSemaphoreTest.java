package dev.panamax.shm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counting semaphore within one process; {@link IpcProcessTest} runs it between JVMs. */
class SharedSemaphoreTest {
    @TempDir
    Path dir;

    private SegmentOptions opts() {
        return SegmentOptions.defaults().directory(dir);
    }

    @Test
    void permitsAreTakenAndGivenBackAndAWaiterIsWokenByARelease() throws Exception {
        try (SharedSemaphore s = SharedSemaphore.create("sem", 2, opts());
             SharedSemaphore other = SharedSemaphore.open("sem", opts())) {
            assertEquals(2, other.availablePermits());
            assertTrue(s.tryAcquire());
            assertTrue(other.acquire(0, TimeUnit.SECONDS));
            assertFalse(s.tryAcquire());
            long t0 = System.nanoTime();
            assertFalse(s.acquire(100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - t0 >= 90_000_000L);
            Thread releaser = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                other.release();
            });
            assertTrue(s.acquire(10, TimeUnit.SECONDS), "woken by the release");
            releaser.join();
            s.release();
            s.release();
            assertEquals(2, s.availablePermits());
            assertEquals(2, SharedSemaphore.permits(s.path()).orElseThrow());
            assertTrue(SharedQueue.info(s.path()).isEmpty());
            assertTrue(SharedLock.holderPid(s.path()).isEmpty());
        }
    }

    @Test
    void badValuesAndUseAfterCloseFailClearly() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedSemaphore.create("neg", -1, opts()));
        assertTrue(e.getMessage().contains("permits -1"), e.getMessage());
        try (SharedLock _ = SharedLock.create("lock", opts())) {
            SegmentException x = assertThrows(SegmentException.class, () -> SharedSemaphore.open("lock", opts()));
            assertTrue(x.getMessage().contains("it is a lock"), x.getMessage());
        }
        SharedSemaphore s = SharedSemaphore.create("full", Integer.MAX_VALUE, opts());
        assertThrows(IllegalStateException.class, s::release);
        assertThrows(IllegalArgumentException.class, () -> s.acquire(-1, TimeUnit.SECONDS));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, s::tryAcquire);
        assertThrows(IllegalStateException.class, s::release);
    }
}
