package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worker threads behind {@code Kernels.parallel}: failures, concurrent callers, and parking when idle. */
class SpinningWorkersTest {
    @Test
    void aFailingPartThrowsItsOwnExceptionAfterEveryOtherPartHasFinished() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        AtomicInteger finished = new AtomicInteger();
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ParallelSupport.fork(1 << 20, 4, 1, (from, to) -> {
                    if (from > 0 && to < 1 << 20 && from >= 1 << 19) {
                        throw boom;
                    }
                    sleep(20);
                    return finished.incrementAndGet();
                }));
        assertSame(boom, thrown);
        assertEquals(3, finished.get(), "the other three parts ran to the end before the call returned");
    }

    @Test
    void manyConcurrentCallersGetTheirOwnResultsInPartOrder() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                long n = 100_000L + c;
                results.add(callers.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        List<Long> parts = ParallelSupport.fork(n, 3, 1, (from, to) -> from * 1_000_000_000L + to);
                        for (int p = 0; p < 3; p++) {
                            long from = ParallelSupport.start(n, 3, p, 1), to = ParallelSupport.start(n, 3, p + 1, 1);
                            if (parts.get(p) != from * 1_000_000_000L + to) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void idleWorkersStopSpinningAndPark() {
        ParallelSupport.fork(1 << 20, 2, 1, (from, to) -> to - from);
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Thread> workers;
        do {
            sleep(20); // 100x the spin time
            workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("panamax-kernel-")).toList();
        } while (System.nanoTime() < deadline
                && !workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        assertTrue(!workers.isEmpty(), "workers exist");
        for (Thread t : workers) {
            assertEquals(Thread.State.WAITING, t.getState(), t.getName() + " parked");
            assertTrue(t.isDaemon(), t.getName() + " is a daemon");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
