package dev.panamax.simd;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads of {@link ParallelSupport}: daemon threads, started on first use, that take parts from one
 * queue and, after their last part, spin for {@link #SPIN_NANOS} before parking, as OpenMP's threads do. A part
 * submitted while a worker spins starts within a microsecond or so; waking a parked thread took tens of microseconds
 * on the 2-vCPU VM this was measured on (a parked vCPU must be woken by the host), which made two threads slower
 * than one on 1 Mi elements with a ForkJoinPool. The cost is at most {@link #SPIN_NANOS} of one CPU per worker
 * after each parallel call.
 *
 * <p>A caller waiting for its parts runs queued parts itself, so parts never wait for a busy worker while their
 * caller idles, and nested or concurrent callers cannot deadlock.
 */
final class SpinningWorkers {
    /** How long an idle worker spins before parking: 0.2 ms. */
    static final long SPIN_NANOS = 200_000;

    private static final ConcurrentLinkedQueue<FutureTask<?>> QUEUE = new ConcurrentLinkedQueue<>();
    private static final Worker[] WORKERS = new Worker[Math.max(1, Runtime.getRuntime().availableProcessors() - 1)];

    private SpinningWorkers() {
    }

    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("panamax-kernel-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                FutureTask<?> t = QUEUE.poll();
                if (t != null) {
                    t.run();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (QUEUE.isEmpty()) { // re-check after publishing 'parked': submit() sees one or the other
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static synchronized void start() {
        for (int i = 0; i < WORKERS.length; i++) {
            if (WORKERS[i] == null) {
                Worker w = new Worker(i);
                w.start();
                WORKERS[i] = w;
            }
        }
    }

    /** Queues {@code task} and wakes a parked worker, if none is spinning. */
    static void submit(FutureTask<?> task) {
        if (WORKERS[WORKERS.length - 1] == null) {
            start();
        }
        QUEUE.add(task);
        for (Worker w : WORKERS) {
            if (w.parked) {
                LockSupport.unpark(w);
                return;
            }
        }
    }

    /**
     * Waits for {@code task}, running queued tasks meanwhile.
     *
     * @return the task's result
     * @throws RuntimeException or Error: what the task threw, unwrapped
     */
    static <R> R join(FutureTask<R> task) {
        quietlyJoin(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a kernel part", e);
        }
    }

    /**
     * Waits for {@code task}, running queued tasks meanwhile, without its result or exception (alone: after another
     * part failed).
     */
    static void quietlyJoin(FutureTask<?> task) {
        while (!task.isDone()) {
            FutureTask<?> other = QUEUE.poll();
            if (other != null) {
                other.run();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
