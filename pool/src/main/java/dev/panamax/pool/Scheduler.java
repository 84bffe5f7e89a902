package dev.panamax.pool;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The pool's queue and its ready workers: hands queued jobs to idle workers in submission order, enforces task
 * timeouts, turns outcomes and worker deaths into completed futures (retrying a read-only or idempotent job once
 * after a crash), recycles workers after their maximum task count, and asks the {@link Supervisor} for
 * replacements so the pool keeps its size.
 *
 * <p>All state is guarded by one lock; nothing blocking (sending a frame, starting a process, completing a
 * future) happens while it is held.
 */
final class Scheduler implements Supervisor.Events {
    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

    enum State { RUNNING, CLOSING, STOPPING, TERMINATED }

    /** What the scheduler knows about one ready worker. */
    private static final class Slot {
        /** The job it runs, or null when idle. */
        Job current;
        int tasksDone;
        /** Killed by the pool because {@link #current} ran past its timeout. */
        boolean timedOut;
        /** Asked to exit after reaching the maximum tasks per worker. */
        boolean retiring;
    }

    private final int target;
    private final int maxTasksPerWorker;
    private final Supervisor supervisor;
    private final Consumer<WorkerCrash> crashListener;
    private final ScheduledThreadPoolExecutor timer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Ready workers and retiring ones still finishing, with their state; insertion order is start order. */
    private final Map<Worker, Slot> slots = new HashMap<>();
    private final Set<Worker> live = new LinkedHashSet<>();
    /** Workers asked of the supervisor and not ready or failed yet. */
    private int starting;
    private State state = State.RUNNING;

    Scheduler(int target, int maxTasksPerWorker, Supervisor supervisor, Consumer<WorkerCrash> crashListener) {
        this.target = target;
        this.maxTasksPerWorker = maxTasksPerWorker;
        this.supervisor = supervisor;
        this.crashListener = crashListener;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "panamax-pool-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return the number of workers the pool keeps running */
    int size() {
        return target;
    }

    /** Adds the first workers, started by the caller, at once. */
    void addInitial(List<Worker> workers) {
        int missing = 0;
        lock.lock();
        try {
            for (Worker w : workers) {
                registerLocked(w);
            }
            missing = claimMissingLocked(); // any that died between their handshake and now
        } finally {
            lock.unlock();
        }
        supervisor.startReplacements(missing);
    }

    /** @return the pids of the ready workers, in start order */
    List<Long> pids() {
        lock.lock();
        try {
            List<Long> pids = new ArrayList<>(live.size());
            for (Worker w : live) {
                pids.add(w.pid);
            }
            return Collections.unmodifiableList(pids);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- queue

    /**
     * Queues jobs and dispatches what idle workers can take now.
     *
     * @throws IllegalStateException if the pool no longer accepts tasks
     */
    void enqueue(List<Job> jobs) {
        List<Dispatch> sends = new ArrayList<>();
        int missing;
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the pool is " + (state == State.CLOSING ? "closing" : "closed")
                        + "; no new tasks are accepted");
            }
            queue.addAll(jobs);
            missing = claimMissingLocked();
            dispatchLocked(sends);
        } finally {
            lock.unlock();
        }
        afterUnlock(sends, missing);
    }

    private record Dispatch(Worker worker, Job job) {
    }

    /** Hands queued jobs to idle workers (lock held); the caller sends them after unlocking. */
    private void dispatchLocked(List<Dispatch> sends) {
        while (!queue.isEmpty() && !idle.isEmpty()) {
            Job job = queue.poll();
            if (job.abandoned()) {
                continue;
            }
            Worker w = idle.poll();
            slots.get(w).current = job;
            job.attempts++;
            if (job.timeout != null) {
                job.timeoutHandle = timer.schedule(() -> onTimeout(w, job), job.timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
            }
            sends.add(new Dispatch(w, job));
        }
    }

    /** What a change decided under the lock, done after it: send the dispatched jobs, ask for replacements. */
    private void afterUnlock(List<Dispatch> sends, int missing) {
        send(sends);
        supervisor.startReplacements(missing);
    }

    private static void send(List<Dispatch> sends) {
        for (Dispatch d : sends) {
            try {
                d.worker().send(d.job().encode());
            } catch (IOException e) {
                // The worker died: its reader sees EOF and fails or retries the job.
                d.worker().kill();
            }
        }
    }

    private void onTimeout(Worker w, Job job) {
        lock.lock();
        try {
            Slot s = slots.get(w);
            if (s == null || s.current != job) {
                return;
            }
            s.timedOut = true;
        } finally {
            lock.unlock();
        }
        w.kill();
    }

    /** How many workers to ask for now so that the pool keeps its size, counted as starting (lock held). */
    private int claimMissingLocked() {
        boolean wanted = state == State.RUNNING || (state == State.CLOSING && !queue.isEmpty());
        int missing = wanted ? Math.max(0, target - live.size() - starting) : 0;
        starting += missing;
        return missing;
    }

    /** @return whether the worker was added; a dead one (or any, once stopping) is killed instead */
    private boolean registerLocked(Worker w) {
        if (state == State.STOPPING || state == State.TERMINATED || !w.process.isAlive()) {
            w.kill();
            return false;
        }
        slots.put(w, new Slot());
        live.add(w);
        idle.add(w);
        return true;
    }

    // ---------------------------------------------------------------------------------------------- events

    @Override
    public void workerReady(Worker w) {
        List<Dispatch> sends = new ArrayList<>();
        int missing = 0;
        lock.lock();
        try {
            starting--;
            if (!registerLocked(w)) {
                missing = claimMissingLocked(); // it died between its handshake and now
            }
            dispatchLocked(sends);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        afterUnlock(sends, missing);
    }

    @Override
    public void workerStartFailed(IOException failure) {
        List<Job> failed = new ArrayList<>();
        lock.lock();
        try {
            starting--;
            if (live.isEmpty() && starting == 0) {
                // No worker and none coming: fail what waits rather than let it hang. The next submit tries again.
                failed.addAll(queue);
                queue.clear();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.WARNING, "panamax pool: could not start a replacement worker", failure);
        for (Job j : failed) {
            j.failAll(new IllegalStateException("no worker could be started to run " + j.describe() + ": "
                    + failure.getMessage(), failure));
        }
    }

    @Override
    public void onOutcomes(Worker w, long jobId, List<Worker.Outcome> outcomes) {
        List<Dispatch> sends = new ArrayList<>();
        Job job;
        boolean retire = false;
        int missing = 0;
        lock.lock();
        try {
            Slot s = slots.get(w);
            job = s == null ? null : s.current;
            if (job == null || job.id != jobId || outcomes.size() != job.futures.size()) {
                LOG.log(System.Logger.Level.ERROR, "panamax pool: worker " + w.id + " answered job " + jobId
                        + " with " + outcomes.size() + " outcomes, expected " + (job == null ? "none" : "job "
                        + job.id + " with " + job.futures.size()) + "; killing it");
                w.kill();
                return;
            }
            s.current = null;
            if (job.timeoutHandle != null) {
                job.timeoutHandle.cancel(false);
            }
            s.tasksDone += outcomes.size();
            if (maxTasksPerWorker > 0 && s.tasksDone >= maxTasksPerWorker) {
                retire = true;
                s.retiring = true;
                live.remove(w);
                missing = claimMissingLocked();
            } else if (state != State.STOPPING && state != State.TERMINATED) {
                idle.add(w);
            }
            dispatchLocked(sends);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        send(sends);
        if (retire) {
            w.requestExit();
        }
        supervisor.startReplacements(missing);
        for (int i = 0; i < outcomes.size(); i++) {
            Worker.Outcome o = outcomes.get(i);
            if (o.error() == null) {
                job.futures.get(i).complete(o.value());
            } else {
                job.futures.get(i).completeExceptionally(o.error());
            }
        }
    }

    @Override
    public void onExit(Worker w, Supervisor.WorkerExit exit) {
        Job job;
        boolean retry = false;
        boolean stopping;
        boolean timedOut;
        boolean crashed;
        int missing;
        List<Dispatch> sends = new ArrayList<>();
        lock.lock();
        try {
            Slot s = slots.remove(w);
            if (s == null) {
                return; // never became ready: the supervisor reported it as a start failure
            }
            boolean wasLive = live.remove(w);
            idle.remove(w);
            job = s.current;
            timedOut = s.timedOut;
            stopping = state == State.STOPPING || state == State.TERMINATED;
            crashed = !stopping && !timedOut && !s.retiring;
            if (job != null && job.timeoutHandle != null) {
                job.timeoutHandle.cancel(false);
            }
            if (job != null && !stopping && !timedOut && job.retriable && job.attempts < 2) {
                queue.addFirst(job);
                retry = true;
            }
            missing = wasLive ? claimMissingLocked() : 0;
            dispatchLocked(sends);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        afterUnlock(sends, missing);
        if (crashed) {
            WorkerCrash.Outcome o = job == null ? WorkerCrash.Outcome.IDLE
                    : retry ? WorkerCrash.Outcome.RETRIED : WorkerCrash.Outcome.FAILED;
            report(new WorkerCrash(w.id, w.pid, exit.exitCode(), exit.cause(), job == null ? null : job.describe(),
                    o, exit.errorReport()));
        }
        if (job == null || retry) {
            return;
        }
        if (stopping) {
            job.cancelAll();
        } else if (timedOut) {
            job.failAll(new TaskTimeoutException(job.describe() + " exceeded its timeout of " + job.timeout
                    + " on worker " + w.id + " (pid " + w.pid + "); the worker was killed and replaced",
                    job.timeout, w.id, w.pid));
        } else {
            String tail = String.join(" | ", exit.stderrTail());
            job.failAll(new WorkerCrashedException(w.id, w.pid, exit.exitCode(), exit.errorReport(), "worker " + w.id
                    + " (pid " + w.pid + ") died with " + exit.cause() + " while running " + job.describe()
                    + (job.attempts > 1 ? " (attempt " + job.attempts + ")" : "")
                    + (exit.problem() != null ? "; " + exit.problem() : "")
                    + (exit.errorReport() != null ? "; JVM crash report: " + exit.errorReport() : "")
                    + (tail.isEmpty() ? "" : "; last stderr: " + tail)));
        }
    }

    private void report(WorkerCrash crash) {
        try {
            crashListener.accept(crash);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "panamax pool: the worker crash listener failed", e);
        }
    }

    // ---------------------------------------------------------------------------------------------- shutdown

    /**
     * Stops accepting tasks and waits until every queued and running task has finished (replacements included).
     *
     * @return whether this call moved the pool to its end (false if it had ended already)
     */
    boolean drain() {
        boolean interrupted = false;
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSING;
            }
            while (state == State.CLOSING && (!queue.isEmpty() || starting > 0 || anyBusyLocked())) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (state == State.CLOSING) {
                state = State.TERMINATED;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Cancels every queued and running job and refuses new ones; running workers are killed by the caller. */
    void stop() {
        List<Job> cancelled = new ArrayList<>();
        lock.lock();
        try {
            if (state != State.TERMINATED) {
                state = State.STOPPING;
            }
            cancelled.addAll(queue);
            queue.clear();
            for (Slot s : slots.values()) {
                if (s.current != null) {
                    cancelled.add(s.current);
                }
            }
            idle.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Job j : cancelled) {
            j.cancelAll();
        }
    }

    /** Marks the pool ended once its processes are gone. */
    void terminated() {
        lock.lock();
        try {
            state = State.TERMINATED;
            live.clear();
            idle.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
    }

    private boolean anyBusyLocked() {
        for (Worker w : live) {
            if (slots.get(w).current != null) {
                return true;
            }
        }
        return false;
    }
}
