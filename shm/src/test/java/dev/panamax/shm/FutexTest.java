package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The futex binding and its polling fallback, on a mapped segment. */
class FutexTest {
    @TempDir
    Path dir;

    @FunctionalInterface
    private interface Wait {
        void wait(MemorySegment seg, long offset, int expected, long nanos);
    }

    private void wakesWhenTheWordChangesAndTimesOutOtherwise(Wait wait, boolean wakeCall) throws Exception {
        try (SharedArray a = SharedArray.create("futex", DType.INT32, Shape.of(16),
                SegmentOptions.defaults().directory(dir))) {
            MemorySegment seg = a.segment();
            long t0 = System.nanoTime();
            wait.wait(seg, 4, 0, 100_000_000L);
            long slept = System.nanoTime() - t0;
            assertTrue(slept >= 90_000_000L, "timed out after " + slept + " ns");

            t0 = System.nanoTime();
            wait.wait(seg, 4, 7, 5_000_000_000L);
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "a word that differs returns at once");

            Thread changer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Words.getAndAddInt(seg, 4, 1);
                if (wakeCall) {
                    Futex.wake(seg, 4, Integer.MAX_VALUE);
                }
            });
            t0 = System.nanoTime();
            while (Words.getIntVolatile(seg, 4) == 0 && System.nanoTime() - t0 < 5_000_000_000L) {
                wait.wait(seg, 4, 0, 5_000_000_000L);
            }
            long woke = System.nanoTime() - t0;
            changer.join();
            assertTrue(woke < 2_000_000_000L, "woken after " + woke + " ns, not at the 5 s timeout");
        }
    }

    @Test
    void theFutexWaitSleepsUntilWokenOrTimedOut() throws Exception {
        assertTrue(Futex.available() || !System.getProperty("os.name").toLowerCase().contains("linux"),
                "futex should be available on Linux: " + Futex.unavailableReason());
        wakesWhenTheWordChangesAndTimesOutOtherwise(Futex::wait, true);
    }

    @Test
    void theFallbackPollsUntilTheWordChangesOrTimesOut() throws Exception {
        wakesWhenTheWordChangesAndTimesOutOtherwise(Futex::fallbackWait, false);
    }
}
