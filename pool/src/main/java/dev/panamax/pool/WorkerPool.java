package dev.panamax.pool;

import dev.panamax.core.JvmCommand;
import dev.panamax.shm.Backend;
import dev.panamax.shm.Segments;
import dev.panamax.shm.SharedArray;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A pool of worker JVMs: Python's {@code multiprocessing.Pool} for Java, without its failure modes. Workers run
 * with the same {@code java} binary, class path and Panamax flags as this JVM; they are started in parallel and
 * each runs one {@link Task} at a time. Tasks are dispatched from one queue, in submission order, to whichever
 * worker is idle.
 *
 * {@snippet :
 * try (WorkerPool pool = WorkerPool.builder().workers(2).start()) {
 *     CompletableFuture<Object> f = pool.submit(SquareTask.class, 12L);          // apply_async
 *     List<Object> squares = pool.map(SquareTask.class, List.of(new Object[] {1L}, new Object[] {2L}));   // map
 *     pool.mapUnordered(SquareTask.class, argsList).forEach(System.out::println); // imap_unordered
 * }   // close(): finishes queued work, then the workers exit
 * }
 *
 * <h2>Failures</h2>
 * <ul>
 * <li>A task that throws: its future fails with {@link RemoteTaskException} (remote type, message, stack).</li>
 * <li>A worker that dies while running a task ({@code System.exit}, {@code kill -9}, {@code OutOfMemoryError},
 *     a JVM crash): only that task fails, with {@link WorkerCrashedException} naming the worker, its pid and its
 *     exit code or signal; the worker is replaced. A task declared {@link Idempotent} runs once more first.</li>
 * <li>A task past its timeout: its worker is killed and replaced; the future fails with
 *     {@link TaskTimeoutException}.</li>
 * <li>This JVM dies (even {@code kill -9}): the workers' stdin closes and they exit at once, mid-task.</li>
 * <li>A task class or argument the protocol cannot carry: {@link IllegalArgumentException} in the caller.</li>
 * </ul>
 * Workers never outlive {@link #close()} or {@link #shutdownNow()}. A pool that is never closed keeps its
 * workers until this JVM exits.
 *
 * <p>Thread-safe: any thread may submit. Futures complete on the pool's reader threads, so dependent actions
 * ({@code thenApply}) should be quick or use an executor.
 */
public final class WorkerPool implements AutoCloseable {
    /** The most elements an array argument or result (or characters of a string) may have: 1 Mi. */
    public static final int MAX_ARRAY_ELEMENTS = 1 << 20;

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    /** Checks a task class once; the value is the reason it is unusable, or "" if it is fine. */
    private static final ClassValue<String> TASK_CLASS_PROBLEM = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return taskClassProblem(type);
        }
    };

    private enum State { RUNNING, CLOSING, STOPPING, TERMINATED }

    private final int target;
    private final List<String> jvmFlags;
    private final Duration taskTimeout;
    private final Duration startTimeout;
    private final int maxTasksPerWorker;
    private final String initializerClass;
    private final Object[] initializerArgs;
    private final Consumer<String> output;
    private final Path directory;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Ready workers that take tasks (idle or busy). */
    private final Set<Worker> live = new LinkedHashSet<>();
    /** Every process started and not yet reaped: starting, live, retiring, dying. */
    private final Set<Worker> processes = new LinkedHashSet<>();
    private int starting;
    private State state = State.RUNNING;

    private final AtomicInteger nextWorkerId = new AtomicInteger();
    private final AtomicLong nextJobId = new AtomicLong();
    private final ScheduledThreadPoolExecutor timer;
    private final BuiltinKernels builtins = new BuiltinKernels(this);
    private final AotCache aot;
    private final AtomicBoolean aotTrainingClaimed = new AtomicBoolean();

    private WorkerPool(Builder b) {
        this.target = b.workers;
        this.taskTimeout = b.taskTimeout;
        this.startTimeout = b.startTimeout;
        this.maxTasksPerWorker = b.maxTasksPerWorker;
        this.initializerClass = b.initializer == null ? null : b.initializer.getName();
        this.initializerArgs = b.initializerArgs;
        this.output = b.output;
        this.directory = b.directory != null ? b.directory : Segments.defaultDirectory();
        List<String> flags = new ArrayList<>();
        // Frames own file descriptor 1: JVM warnings and unified logging must go to stderr.
        flags.add("-XX:+DisplayVMOutputToStderr");
        flags.add("-Xlog:disable");
        flags.add("-Xlog:all=warning:stderr");
        // An OutOfMemoryError leaves a JVM in an unknown state: exit, so the pool reports a crash and replaces it.
        flags.add("-XX:+ExitOnOutOfMemoryError");
        flags.add("-XX:+UseSerialGC");
        for (String f : JvmCommand.inheritableFlags()) {
            if (!flags.contains(f)) {
                flags.add(f);
            }
        }
        if (b.chronicleFlags) {
            for (String f : Backend.CHRONICLE_JVM_FLAGS) {
                if (!flags.contains(f)) {
                    flags.add(f);
                }
            }
        }
        flags.addAll(b.jvmArgs);
        this.jvmFlags = List.copyOf(flags);
        this.aot = b.aotCache ? AotCache.lookup(jvmFlags) : null;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "panamax-pool-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return a builder with defaults: one worker per available processor, no timeout, no recycling */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------- start-up

    private void startAll() throws IOException {
        List<Worker> launched = new ArrayList<>();
        try {
            lock.lock();
            try {
                starting += target;
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < target; i++) {
                launched.add(launch());
            }
            for (Worker w : launched) {
                awaitReady(w);
            }
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                starting -= target;
            } finally {
                lock.unlock();
            }
            shutdownNow();
            throw e;
        }
        lock.lock();
        try {
            starting -= target;
            for (Worker w : launched) {
                register(w);
            }
        } finally {
            lock.unlock();
        }
    }

    private Worker launch() throws IOException {
        int id = nextWorkerId.getAndIncrement();
        List<String> flags = new ArrayList<>(jvmFlags);
        AotCache.Training training = null;
        if (aot != null) {
            List<String> use = aot.useFlags();
            if (use != null) {
                flags.addAll(use);
            } else if (!aotTrainingClaimed.getAndSet(true)) {
                training = aot.tryTrain();
                if (training != null) {
                    flags.addAll(training.flags());
                }
            }
        }
        List<String> cmd = JvmCommand.current().jvmArgs(flags).mainClass(WorkerMain.class, Integer.toString(id),
                directory.toString()).build();
        Worker w;
        try {
            w = new Worker(id, cmd, listener, output, training);
        } catch (IOException e) {
            if (training != null) {
                training.finish();
            }
            throw e;
        }
        lock.lock();
        try {
            if (w.process.isAlive() || !w.ready.isDone()) {
                processes.add(w);
            }
            if (state == State.STOPPING || state == State.TERMINATED) {
                w.kill();
            }
        } finally {
            lock.unlock();
        }
        return w;
    }

    /** Waits for the worker's handshake, then runs the initializer; kills the worker on any failure. */
    private void awaitReady(Worker w) throws IOException {
        try {
            w.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (initializerClass != null) {
                Job init = new Job(nextJobId.incrementAndGet(), initializerClass, List.<Object[]>of(initializerArgs),
                        taskTimeout, false, true);
                lock.lock();
                try {
                    w.current = init;
                    scheduleTimeout(w, init);
                } finally {
                    lock.unlock();
                }
                w.send(init.encode());
                init.futures.getFirst().get();
            }
        } catch (TimeoutException e) {
            w.kill();
            throw new IOException("worker " + w.id + " (pid " + w.pid + ") was not ready within " + startTimeout
                    + "; its stderr: " + w.stderrTail(), e);
        } catch (ExecutionException e) {
            w.kill();
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw new IOException(io.getMessage() + "; its stderr: " + w.stderrTail(), io);
            }
            throw new IOException("initializer " + initializerClass + " failed in worker " + w.id + " (pid " + w.pid
                    + "): " + c, c);
        } catch (InterruptedException e) {
            w.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting worker " + w.id, e);
        } catch (IOException e) {
            w.kill();
            throw e;
        }
    }

    /** Adds a ready worker to the pool (lock held). */
    private void register(Worker w) {
        if (state == State.STOPPING || state == State.TERMINATED || !w.process.isAlive()) {
            w.kill();
            return;
        }
        w.registered = true;
        live.add(w);
        idle.add(w);
        List<Dispatch> sends = new ArrayList<>();
        dispatchLocked(sends);
        changed.signalAll();
        if (!sends.isEmpty()) {
            // Sending outside the lock matters only for throughput; here a replacement just became ready.
            timer.execute(() -> send(sends));
        }
    }

    /** How many workers to start now so that the pool has its target size (lock held). */
    private int missingWorkersLocked() {
        boolean wanted = state == State.RUNNING || (state == State.CLOSING && !queue.isEmpty());
        return wanted ? Math.max(0, target - live.size() - starting) : 0;
    }

    private void startReplacements(int n) {
        for (int i = 0; i < n; i++) {
            Thread.ofPlatform().daemon().name("panamax-pool-starter").start(this::startReplacement);
        }
    }

    private void startReplacement() {
        Worker w = null;
        IOException failure = null;
        try {
            w = launch();
            awaitReady(w);
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e);
        }
        List<Job> failed = new ArrayList<>();
        lock.lock();
        try {
            starting--;
            if (failure == null) {
                register(w);
            } else if (live.isEmpty() && starting == 0) {
                // No worker and none coming: fail what waits rather than let it hang. The next submit tries again.
                failed.addAll(queue);
                queue.clear();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            LOG.log(System.Logger.Level.WARNING, "panamax pool: could not start a replacement worker", failure);
            for (Job j : failed) {
                j.failAll(new IllegalStateException("no worker could be started to run " + j.describe() + ": "
                        + failure.getMessage(), failure));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- dispatch

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
            w.current = job;
            job.attempts++;
            scheduleTimeout(w, job);
            sends.add(new Dispatch(w, job));
        }
    }

    private void scheduleTimeout(Worker w, Job job) {
        if (job.timeout != null) {
            job.timeoutHandle = timer.schedule(() -> onTimeout(w, job), job.timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
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
            if (w.current != job) {
                return;
            }
            w.timedOut = true;
        } finally {
            lock.unlock();
        }
        w.kill();
    }

    private final Worker.Listener listener = new Worker.Listener() {
        @Override
        public void onOutcomes(Worker w, long jobId, List<Worker.Outcome> outcomes) {
            handleOutcomes(w, jobId, outcomes);
        }

        @Override
        public void onExit(Worker w, IOException problem) {
            handleExit(w, problem);
        }
    };

    private void handleOutcomes(Worker w, long jobId, List<Worker.Outcome> outcomes) {
        List<Dispatch> sends = new ArrayList<>();
        Job job;
        boolean retire = false;
        int missing = 0;
        lock.lock();
        try {
            job = w.current;
            if (job == null || job.id != jobId || outcomes.size() != job.futures.size()) {
                LOG.log(System.Logger.Level.ERROR, "panamax pool: worker " + w.id + " answered job " + jobId
                        + " with " + outcomes.size() + " outcomes, expected " + (job == null ? "none" : "job "
                        + job.id + " with " + job.futures.size()) + "; killing it");
                w.kill();
                return;
            }
            w.current = null;
            if (job.timeoutHandle != null) {
                job.timeoutHandle.cancel(false);
            }
            if (w.registered) {
                w.tasksDone += outcomes.size();
                if (maxTasksPerWorker > 0 && w.tasksDone >= maxTasksPerWorker) {
                    retire = true;
                    w.retiring = true;
                    live.remove(w);
                    missing = missingWorkersLocked();
                    starting += missing;
                } else if (state != State.STOPPING && state != State.TERMINATED) {
                    idle.add(w);
                }
                dispatchLocked(sends);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        send(sends);
        if (retire) {
            w.requestExit();
        }
        startReplacements(missing);
        for (int i = 0; i < outcomes.size(); i++) {
            Worker.Outcome o = outcomes.get(i);
            if (o.error() == null) {
                job.futures.get(i).complete(o.value());
            } else {
                job.futures.get(i).completeExceptionally(o.error());
            }
        }
    }

    private void handleExit(Worker w, IOException problem) {
        w.awaitExit(w.training != null ? 60_000 : 5000);
        if (w.training != null) {
            w.training.finish();
        }
        int exit = w.process.exitValue();
        Job job;
        boolean retry = false;
        int missing;
        boolean stopping;
        boolean timedOut;
        List<Dispatch> sends = new ArrayList<>();
        lock.lock();
        try {
            processes.remove(w);
            boolean wasLive = live.remove(w);
            idle.remove(w);
            job = w.current;
            w.current = null;
            timedOut = w.timedOut;
            stopping = state == State.STOPPING || state == State.TERMINATED;
            if (job != null && job.timeoutHandle != null) {
                job.timeoutHandle.cancel(false);
            }
            if (job != null && !job.initializer && !stopping && !timedOut && job.retriable && job.attempts < 2) {
                queue.addFirst(job);
                retry = true;
            }
            missing = wasLive || w.registered ? missingWorkersLocked() : 0;
            starting += missing;
            dispatchLocked(sends);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        send(sends);
        startReplacements(missing);
        if (job == null || retry) {
            if (retry) {
                LOG.log(System.Logger.Level.WARNING, "panamax pool: worker " + w.id + " (pid " + w.pid + ") died with "
                        + WorkerCrashedException.describeExit(exit) + " while running idempotent " + job.describe()
                        + "; running it again");
            }
            return;
        }
        if (stopping) {
            job.cancelAll();
        } else if (timedOut) {
            job.failAll(new TaskTimeoutException(job.describe() + " exceeded its timeout of " + job.timeout
                    + " on worker " + w.id + " (pid " + w.pid + "); the worker was killed and replaced",
                    job.timeout, w.id, w.pid));
        } else {
            String tail = w.stderrTail();
            job.failAll(new WorkerCrashedException(w.id, w.pid, exit, "worker " + w.id + " (pid " + w.pid
                    + ") died with " + WorkerCrashedException.describeExit(exit) + " while running " + job.describe()
                    + (job.attempts > 1 ? " (attempt " + job.attempts + ")" : "")
                    + (problem != null && !(problem instanceof java.io.EOFException) ? "; " + problem.getMessage() : "")
                    + (tail.isEmpty() ? "" : "; last stderr: " + tail)));
        }
    }

    // ---------------------------------------------------------------------------------------------- submit

    /**
     * Runs a task in a worker ({@code apply_async}).
     *
     * @param task the task class (public, with a public no-argument constructor)
     * @param args its arguments: null, Boolean, Integer, Long, Double, String or a primitive array
     * @return a future for the task's result; it fails with {@link RemoteTaskException},
     *         {@link WorkerCrashedException}, {@link TaskTimeoutException} or {@link CancellationException}
     * @throws IllegalArgumentException if the class is not a usable task or an argument has an unsupported type
     * @throws IllegalStateException    if the pool is closed
     */
    public CompletableFuture<Object> submit(Class<? extends Task> task, Object... args) {
        return submit(TaskOptions.defaults(), task, args);
    }

    /**
     * Runs a task in a worker with per-submission options.
     *
     * @param options timeout and idempotence for this submission
     * @param task    the task class (public, with a public no-argument constructor)
     * @param args    its arguments (see {@link #submit(Class, Object...)})
     * @return a future for the task's result
     * @throws IllegalArgumentException if the class is not a usable task or an argument has an unsupported type
     * @throws IllegalStateException    if the pool is closed
     */
    public CompletableFuture<Object> submit(TaskOptions options, Class<? extends Task> task, Object... args) {
        Objects.requireNonNull(options, "options");
        checkTaskClass(task);
        Object[] a = checkArgs(args, 0);
        Job job = newJob(options, task, List.<Object[]>of(a));
        enqueue(List.of(job));
        return job.futures.getFirst();
    }

    /**
     * Runs a task once per argument set and returns the results in order ({@code Pool.starmap}). Argument sets
     * are sent in chunks of {@code max(1, n / (4 * workers))}, as Python does.
     *
     * @param task    the task class
     * @param argSets one argument array per call
     * @return the results, in the order of {@code argSets}
     * @throws IllegalArgumentException if the class or an argument is unusable (nothing is submitted then)
     * @throws RemoteTaskException      (or another failure of a task) for the first failed call, in order
     * @throws IllegalStateException    if the pool is closed
     */
    public List<Object> map(Class<? extends Task> task, List<Object[]> argSets) {
        return map(task, argSets, defaultChunk(argSets));
    }

    /**
     * Like {@link #map(Class, List)} with an explicit chunk size: each worker receives {@code chunkSize} argument
     * sets per message, which saves round trips for short tasks. A crash fails (or retries) the whole chunk.
     *
     * @param task      the task class
     * @param argSets   one argument array per call
     * @param chunkSize argument sets per message, at least 1
     * @return the results, in the order of {@code argSets}
     * @throws IllegalArgumentException if {@code chunkSize < 1} or the class or an argument is unusable
     * @throws IllegalStateException    if the pool is closed
     */
    public List<Object> map(Class<? extends Task> task, List<Object[]> argSets, int chunkSize) {
        List<CompletableFuture<Object>> fs = submitAll(TaskOptions.defaults(), task, argSets, chunkSize);
        List<Object> out = new ArrayList<>(fs.size());
        for (CompletableFuture<Object> f : fs) {
            out.add(await(f));
        }
        return out;
    }

    /**
     * Runs a task once per argument set and yields results as they complete ({@code Pool.imap_unordered}).
     * The stream blocks while it waits; a failed call throws its exception when the stream reaches it.
     *
     * @param task    the task class
     * @param argSets one argument array per call
     * @return a sequential stream of the results in completion order
     * @throws IllegalArgumentException if the class or an argument is unusable (nothing is submitted then)
     * @throws IllegalStateException    if the pool is closed
     */
    public Stream<Object> mapUnordered(Class<? extends Task> task, List<Object[]> argSets) {
        List<CompletableFuture<Object>> fs = submitAll(TaskOptions.defaults(), task, argSets, defaultChunk(argSets));
        LinkedBlockingQueue<CompletableFuture<Object>> done = new LinkedBlockingQueue<>();
        for (CompletableFuture<Object> f : fs) {
            f.whenComplete((v, t) -> done.add(f));
        }
        Iterator<Object> it = new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < fs.size();
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                taken++;
                try {
                    return await(done.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for a result");
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliterator(it, fs.size(), Spliterator.SIZED), false);
    }

    /**
     * Submits one call per argument set and waits until all have completed, successfully or not.
     *
     * @param options timeout and idempotence for these calls
     * @param task    the task class
     * @param argSets one argument array per call
     * @return one completed future per argument set, in order
     * @throws IllegalArgumentException if the class or an argument is unusable (nothing is submitted then)
     * @throws IllegalStateException    if the pool is closed
     */
    public List<CompletableFuture<Object>> invokeAll(TaskOptions options, Class<? extends Task> task,
                                                     List<Object[]> argSets) {
        List<CompletableFuture<Object>> fs = submitAll(options, task, argSets, 1);
        for (CompletableFuture<Object> f : fs) {
            try {
                f.join();
            } catch (CompletionException | CancellationException ignored) {
                // invokeAll reports failures through the futures
            }
        }
        return fs;
    }

    /**
     * {@link #invokeAll(TaskOptions, Class, List)} with default options.
     *
     * @param task    the task class
     * @param argSets one argument array per call
     * @return one completed future per argument set, in order
     * @throws IllegalArgumentException if the class or an argument is unusable (nothing is submitted then)
     * @throws IllegalStateException    if the pool is closed
     */
    public List<CompletableFuture<Object>> invokeAll(Class<? extends Task> task, List<Object[]> argSets) {
        return invokeAll(TaskOptions.defaults(), task, argSets);
    }

    /** Built-in kernel ranges: one job per argument set, no class check (the class is ours). */
    List<CompletableFuture<Object>> submitBuiltin(String className, List<Object[]> argSets, boolean retriable) {
        List<Job> jobs = new ArrayList<>(argSets.size());
        List<CompletableFuture<Object>> fs = new ArrayList<>(argSets.size());
        for (Object[] args : argSets) {
            Job j = new Job(nextJobId.incrementAndGet(), className, List.<Object[]>of(args), taskTimeout, retriable,
                    false);
            jobs.add(j);
            fs.add(j.futures.getFirst());
        }
        enqueue(jobs);
        return fs;
    }

    // ---------------------------------------------------------------------------------------------- kernels

    /**
     * Sum of squares of every element, computed in parallel by the workers with the SIMD kernels: one range per
     * worker, partial sums added here in range order. Like {@code Kernels.sumOfSquares}, floating-point results
     * differ from a sequential loop only by reassociation; integer arrays compute in int64, wrapping modulo 2^64
     * as NumPy does, and the result is converted to double (exact below 2^53). Read-only, so a range whose worker
     * dies runs once more.
     *
     * @param a a float64, float32, int32 or int64 segment (any shape, taken flat)
     * @return the sum of squares
     * @throws IllegalArgumentException if the dtype has no kernel or the segment no longer exists by name
     * @throws IllegalStateException    if {@code a} is closed or the pool is closed
     * @throws WorkerCrashedException   if a range failed twice because its workers died
     */
    public double sumOfSquares(SharedArray a) {
        BuiltinKernels.checkArray(a, "a");
        return builtins.sumLike("sumsq", a, 0, a.length());
    }

    /**
     * Sum of squares of the elements {@code [from, from + count)}, in parallel (see {@link #sumOfSquares(SharedArray)}).
     *
     * @param a     the segment, taken flat
     * @param from  the first element index
     * @param count the number of elements
     * @return the sum of squares of the range
     * @throws IndexOutOfBoundsException if the range is not inside the array
     * @throws IllegalArgumentException  if the dtype has no kernel or the segment no longer exists by name
     * @throws IllegalStateException     if {@code a} is closed or the pool is closed
     */
    public double sumOfSquares(SharedArray a, long from, long count) {
        return builtins.sumLike("sumsq", a, from, count);
    }

    /**
     * Sum of every element, in parallel (same rules as {@link #sumOfSquares(SharedArray)}).
     *
     * @param a a float64, float32, int32 or int64 segment
     * @return the sum
     * @throws IllegalArgumentException if the dtype has no kernel or the segment no longer exists by name
     * @throws IllegalStateException    if {@code a} is closed or the pool is closed
     */
    public double sum(SharedArray a) {
        BuiltinKernels.checkArray(a, "a");
        return builtins.sumLike("sum", a, 0, a.length());
    }

    /**
     * Smallest element, in parallel; NaN if any float element is NaN.
     *
     * @param a a non-empty float64, float32, int32 or int64 segment
     * @return the minimum, as a double (exact for int32, float32, float64)
     * @throws IllegalArgumentException if the array is empty, the dtype has no kernel, or the segment is gone
     * @throws IllegalStateException    if {@code a} is closed or the pool is closed
     */
    public double min(SharedArray a) {
        return builtins.minMax("min", a);
    }

    /**
     * Largest element, in parallel; NaN if any float element is NaN.
     *
     * @param a a non-empty float64, float32, int32 or int64 segment
     * @return the maximum, as a double (exact for int32, float32, float64)
     * @throws IllegalArgumentException if the array is empty, the dtype has no kernel, or the segment is gone
     * @throws IllegalStateException    if {@code a} is closed or the pool is closed
     */
    public double max(SharedArray a) {
        return builtins.minMax("max", a);
    }

    /**
     * Number of elements {@code x} with {@code lo <= x <= hi} (NaN never counts), in parallel.
     *
     * @param a  a float64, float32, int32 or int64 segment
     * @param lo the inclusive lower bound
     * @param hi the inclusive upper bound
     * @return the count
     * @throws IllegalArgumentException if the dtype has no kernel or the segment no longer exists by name
     * @throws IllegalStateException    if {@code a} is closed or the pool is closed
     */
    public long countInRange(SharedArray a, double lo, double hi) {
        return builtins.countInRange(a, lo, hi);
    }

    /**
     * For every row of a 2-D array, the number of elements in {@code [lo, hi]}, written to {@code out[row]}; rows
     * are split between the workers, each writing its own rows of {@code out}.
     *
     * @param in  a 2-D float64, float32, int32 or int64 segment
     * @param lo  the inclusive lower bound
     * @param hi  the inclusive upper bound
     * @param out an int32 segment with one element per row of {@code in}, in the same directory
     * @throws IllegalArgumentException if {@code in} is not 2-D, {@code out} is not int32 or has the wrong length,
     *                                  or a segment no longer exists by name
     * @throws IllegalStateException    if a segment or the pool is closed
     */
    public void countInRangePerRow(SharedArray in, double lo, double hi, SharedArray out) {
        builtins.countInRangePerRow(in, lo, hi, out);
    }

    /**
     * For every row of a 2-D array, {@code hypot(in[row, colA], in[row, colB])} written to {@code out[row]}.
     *
     * @param in   a 2-D float64, float32, int32 or int64 segment
     * @param colA the first column
     * @param colB the second column
     * @param out  a float64 segment with one element per row of {@code in}, in the same directory
     * @throws IndexOutOfBoundsException if a column is outside {@code [0, cols)}
     * @throws IllegalArgumentException  if {@code in} is not 2-D, {@code out} is not float64 or has the wrong
     *                                   length, or a segment no longer exists by name
     * @throws IllegalStateException     if a segment or the pool is closed
     */
    public void hypotenusePerRow(SharedArray in, long colA, long colB, SharedArray out) {
        builtins.hypotenusePerRow(in, colA, colB, out);
    }

    /**
     * The sum of squares of each column of a 2-D array: each worker sums its rows, the partial per-column sums
     * are added here in row-range order.
     *
     * @param in a 2-D float64, float32, int32 or int64 segment
     * @return one sum per column
     * @throws IllegalArgumentException if {@code in} is not 2-D or no longer exists by name
     * @throws IllegalStateException    if {@code in} or the pool is closed
     */
    public double[] sumOfSquaresPerColumn(SharedArray in) {
        return builtins.sumOfSquaresPerColumn(in);
    }

    /**
     * Dot product of two arrays of the same dtype and length, in parallel.
     *
     * @param a the first segment
     * @param b the second segment, in the same directory
     * @return the dot product (integer dtypes: int64 wrapping, converted to double)
     * @throws IllegalArgumentException if the dtypes or lengths differ, or a segment no longer exists by name
     * @throws IllegalStateException    if a segment or the pool is closed
     */
    public double dot(SharedArray a, SharedArray b) {
        return builtins.dot(a, b);
    }

    /**
     * Multiplies every element by {@code factor} in place, in parallel. Never retried after a worker crash (a
     * range scaled twice would be wrong): the call fails with {@link WorkerCrashedException} and the array may be
     * partly scaled.
     *
     * @param a      a float64, float32, int32 or int64 segment
     * @param factor the factor; for integer arrays a whole number
     * @throws IllegalArgumentException if the factor is not whole for an integer array, or the segment is gone
     * @throws IllegalStateException    if {@code a} or the pool is closed
     */
    public void scale(SharedArray a, double factor) {
        builtins.scale(a, factor);
    }

    private int defaultChunk(List<Object[]> argSets) {
        Objects.requireNonNull(argSets, "argSets");
        int per = argSets.size() / (4 * target);
        return Math.max(1, argSets.size() % (4 * target) == 0 ? per : per + 1);
    }

    private List<CompletableFuture<Object>> submitAll(TaskOptions options, Class<? extends Task> task,
                                                      List<Object[]> argSets, int chunkSize) {
        Objects.requireNonNull(argSets, "argSets");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        checkTaskClass(task);
        List<Object[]> checked = new ArrayList<>(argSets.size());
        for (int i = 0; i < argSets.size(); i++) {
            checked.add(checkArgs(argSets.get(i), i));
        }
        List<Job> jobs = new ArrayList<>();
        List<CompletableFuture<Object>> fs = new ArrayList<>(checked.size());
        for (int from = 0; from < checked.size(); from += chunkSize) {
            Job j = newJob(options, task, checked.subList(from, Math.min(checked.size(), from + chunkSize)));
            jobs.add(j);
            fs.addAll(j.futures);
        }
        enqueue(jobs);
        return fs;
    }

    private Job newJob(TaskOptions options, Class<? extends Task> task, List<Object[]> argSets) {
        return new Job(nextJobId.incrementAndGet(), task.getName(), List.copyOf(argSets),
                options.timeoutOr(taskTimeout), options.idempotentFor(task), false);
    }

    private void enqueue(List<Job> jobs) {
        List<Dispatch> sends = new ArrayList<>();
        int missing;
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the pool is " + (state == State.CLOSING ? "closing" : "closed")
                        + "; no new tasks are accepted");
            }
            queue.addAll(jobs);
            missing = missingWorkersLocked();
            starting += missing;
            dispatchLocked(sends);
        } finally {
            lock.unlock();
        }
        send(sends);
        startReplacements(missing);
    }

    static Object await(CompletableFuture<Object> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    static void checkTaskClass(Class<?> task) {
        Objects.requireNonNull(task, "task");
        String problem = TASK_CLASS_PROBLEM.get(task);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static String taskClassProblem(Class<?> c) {
        String n = c.getName();
        if (!Task.class.isAssignableFrom(c)) {
            return n + " does not implement " + Task.class.getName();
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return n + " is abstract; a task class must be concrete";
        }
        if (c.isAnonymousClass() || c.isLocalClass() || c.isHidden() || c.isSynthetic()) {
            return n + " is an anonymous, local or hidden class; workers can only load named top-level or static"
                    + " nested classes";
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            return n + " is an inner (non-static) class; make it static";
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            return n + " is not public";
        }
        try {
            Constructor<?> k = c.getConstructor();
            if (!Modifier.isPublic(k.getModifiers())) {
                return n + " has no public no-argument constructor";
            }
        } catch (NoSuchMethodException e) {
            return n + " has no public no-argument constructor";
        }
        ClassLoader app = ClassLoader.getSystemClassLoader();
        try {
            if (Class.forName(n, false, app) != c) {
                return n + " was loaded by " + c.getClassLoader() + ", not from the class path the workers use";
            }
        } catch (ClassNotFoundException e) {
            return n + " is not on the class path the workers use (" + System.getProperty("java.class.path") + ")";
        }
        return "";
    }

    private static Object[] checkArgs(Object[] args, int index) {
        Objects.requireNonNull(args, "args");
        Object[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            Wire.checkValue(copy[i], "argument " + i + (index > 0 ? " of argument set " + index : ""));
        }
        return copy;
    }

    // ---------------------------------------------------------------------------------------------- queries

    /** @return the number of workers this pool keeps running */
    public int size() {
        return target;
    }

    /** @return the process ids of the ready workers now (replacements appear once ready), in start order */
    public List<Long> workerPids() {
        lock.lock();
        try {
            List<Long> pids = new ArrayList<>();
            for (Worker w : live) {
                pids.add(w.pid);
            }
            return Collections.unmodifiableList(pids);
        } finally {
            lock.unlock();
        }
    }

    /** @return the directory where {@link TaskContext#segment(String)} finds segments */
    public Path directory() {
        return directory;
    }

    // ---------------------------------------------------------------------------------------------- shutdown

    /**
     * Stops accepting tasks, waits until every queued and running task has finished (replacing workers that die
     * meanwhile), then lets the workers exit and waits for them. Idempotent.
     */
    @Override
    public void close() {
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
            }
        } finally {
            lock.unlock();
        }
        terminate(false);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cancels every queued and running task (their futures fail with {@link CancellationException}), kills the
     * workers and waits for them to exit. Idempotent; also ends a {@link #close()} in progress.
     */
    public void shutdownNow() {
        List<Job> cancelled = new ArrayList<>();
        lock.lock();
        try {
            if (state != State.TERMINATED) {
                state = State.STOPPING;
            }
            cancelled.addAll(queue);
            queue.clear();
            for (Worker w : processes) {
                if (w.current != null) {
                    cancelled.add(w.current);
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
        terminate(true);
    }

    private boolean anyBusyLocked() {
        for (Worker w : live) {
            if (w.current != null) {
                return true;
            }
        }
        return false;
    }

    private void terminate(boolean kill) {
        List<Worker> all;
        lock.lock();
        try {
            all = new ArrayList<>(processes);
        } finally {
            lock.unlock();
        }
        for (Worker w : all) {
            if (kill) {
                w.kill();
            } else {
                w.requestExit();
            }
        }
        for (Worker w : all) {
            // A worker recording the AOT cache writes it at exit: give it time, once per class path.
            w.awaitExit(kill ? 2000 : w.training != null ? 60_000 : 5000);
        }
        lock.lock();
        try {
            // Starter threads may still be launching a worker; it kills itself on registration. Wait for them.
            while (starting > 0) {
                changed.await(100, TimeUnit.MILLISECONDS);
                for (Worker w : processes) {
                    w.kill();
                }
            }
            state = State.TERMINATED;
            live.clear();
            idle.clear();
            all = new ArrayList<>(processes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        for (Worker w : all) {
            w.awaitExit(2000);
        }
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------- builder

    /** Configures and starts a {@link WorkerPool}. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private final List<String> jvmArgs = new ArrayList<>();
        private boolean chronicleFlags;
        private Duration taskTimeout;
        private Duration startTimeout = Duration.ofSeconds(60);
        private int maxTasksPerWorker;
        private Class<? extends Task> initializer;
        private Object[] initializerArgs = new Object[0];
        private Consumer<String> output = line -> System.err.println(line);
        private Path directory;
        private boolean aotCache = true;

        private Builder() {
        }

        /**
         * @param n the number of worker JVMs, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n < 1} or {@code n > 1024}
         */
        public Builder workers(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("workers must be in [1, 1024], got " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * Adds JVM options for the workers, after Panamax's own (so they win), e.g. {@code -Xmx512m}.
         *
         * @param args the options
         * @return this builder
         */
        public Builder jvmArgs(String... args) {
            for (String a : args) {
                jvmArgs.add(Objects.requireNonNull(a, "jvm arg"));
            }
            return this;
        }

        /**
         * Gives the workers Chronicle Bytes' {@code --add-opens}/{@code --add-exports} flags, needed only when
         * tasks use the Chronicle bridge. Off by default (flags this JVM has are passed on regardless).
         *
         * @param on whether to add them
         * @return this builder
         */
        public Builder chronicleFlags(boolean on) {
            this.chronicleFlags = on;
            return this;
        }

        /**
         * Sets the default timeout of every task, measured from when a worker receives it. Default: none.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder taskTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("taskTimeout must be positive, got " + timeout);
            }
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * How long to wait for a worker JVM to become ready (including the initializer). Default 60 s.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Recycles a worker (a fresh JVM replaces it) after it has run {@code n} tasks, like Python's
         * {@code maxtasksperchild}. Default 0: never.
         *
         * @param n tasks per worker, or 0 for unlimited
         * @return this builder
         * @throws IllegalArgumentException if {@code n < 0}
         */
        public Builder maxTasksPerWorker(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxTasksPerWorker must be >= 0, got " + n);
            }
            this.maxTasksPerWorker = n;
            return this;
        }

        /**
         * A task every worker runs once when it starts, before any other task (a replacement runs it too). If
         * it fails, the worker is discarded: {@link #start()} fails, and a replacement that cannot initialize
         * is reported in the log.
         *
         * @param task the initializer task class
         * @param args its arguments
         * @return this builder
         * @throws IllegalArgumentException if the class or an argument is unusable
         */
        public Builder initializer(Class<? extends Task> task, Object... args) {
            checkTaskClass(task);
            this.initializer = task;
            this.initializerArgs = checkArgs(args, 0);
            return this;
        }

        /**
         * Where worker stderr lines go, each prefixed with {@code [worker N pid P]}. Default: this JVM's
         * {@code System.err}.
         *
         * @param sink called from a pump thread per worker, one line at a time
         * @return this builder
         */
        public Builder workerOutput(Consumer<String> sink) {
            this.output = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * The directory of the shared segments the built-in kernels open. Default: {@code PANAMAX_DIR} or
         * {@code /dev/shm}.
         *
         * @param dir the segment directory
         * @return this builder
         */
        public Builder directory(Path dir) {
            this.directory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Whether workers use a JDK AOT cache (the successor of AppCDS) kept under {@code ~/.cache/panamax}, keyed
         * by the JVM, the worker flags and the class path. On by default; it applies only when the class path is
         * all jar files. The first pool records the cache in one worker, which makes that pool's close slower
         * once (the JVM writes the cache as the worker exits).
         *
         * @param on whether to use (and create) the cache
         * @return this builder
         */
        public Builder aotCache(boolean on) {
            this.aotCache = on;
            return this;
        }

        /**
         * Starts the workers in parallel and waits until all are ready.
         *
         * @return the running pool
         * @throws IOException if a worker JVM cannot be started, is not ready within the start timeout, or its
         *                     initializer fails; no worker is left running then
         */
        public WorkerPool start() throws IOException {
            WorkerPool p = new WorkerPool(this);
            p.startAll();
            return p;
        }
    }
}
