package dev.panamax.pool;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerPoolSmokeTest {
    @Test
    void startsAndRuns() throws Exception {
        long t0 = System.nanoTime();
        try (WorkerPool pool = WorkerPool.builder().workers(2).start()) {
            System.err.println("ready in " + (System.nanoTime() - t0) / 1e6 + " ms");
            assertEquals(144L, pool.submit(TestTasks.Square.class, 12L).join());
            long t1 = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                pool.submit(TestTasks.Echo.class, i).join();
            }
            System.err.println("round trip " + (System.nanoTime() - t1) / 2000 / 1e3 + " us");
            t1 = System.nanoTime();
            for (int i = 0; i < 10000; i++) {
                pool.submit(TestTasks.Echo.class, i).join();
            }
            System.err.println("round trip " + (System.nanoTime() - t1) / 10000 / 1e3 + " us");
        }
        System.err.println("closed in " + (System.nanoTime() - t0) / 1e6 + " ms total");
    }
}
