package dev.panamax.pool;

import dev.panamax.core.internal.JvmCommand;
import dev.panamax.shm.Backend;
import dev.panamax.shm.Segments;
import dev.panamax.pool.internal.Wire;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A pool of worker JVMs: Python's {@code multiprocessing.Pool} for Java, without its failure modes. Workers run
 * with the same {@code java} binary and Panamax flags as this JVM and the application's class path; they are
 * started in parallel, warm their SIMD kernels up before they report ready, and each runs one {@link Task} at a
 * time. Tasks are dispatched from one queue, in submission order, to whichever worker is idle.
 *
 * {@snippet :
 * try (WorkerPool pool = WorkerPool.builder().workers(2).start()) {
 *     CompletableFuture<Object> f = pool.submit(SquareTask.class, 12L);          // apply_async
 *     List<Object> squares = pool.map(SquareTask.class, List.of(new Object[] {1L}, new Object[] {2L}));   // map
 *     pool.mapUnordered(SquareTask.class, argsList).forEach(System.out::println); // imap_unordered
 *     Number s = pool.kernels().sumOfSquares(SharedArray.open("prices"));         // built-in SIMD kernels
 *     long y = pool.call(Tasks::square, 12L).join();                             // a static method, typed
 * }   // close(): finishes queued work, then the workers exit
 * }
 *
 * <h2>Class path</h2>
 * Workers get this JVM's {@code java.class.path} completed with Panamax's own jars and the application's
 * class loaders' entries when a launcher keeps them elsewhere ({@code mvn exec:java}, an IDE runner); see
 * {@link Builder#classPath}. A task class the workers cannot load is refused in the caller.
 *
 * <h2>Failures</h2>
 * <ul>
 * <li>A task that throws: its future fails with {@link RemoteTaskException} (remote type, message, stack).</li>
 * <li>A worker that dies while running a task ({@code System.exit}, {@code kill -9}, {@code OutOfMemoryError},
 *     a JVM crash): only that task fails, with {@link WorkerCrashedException} naming the worker, its pid, its
 *     exit code or signal and its crash report; the worker is replaced. A task declared {@link Idempotent} (and
 *     every read-only built-in kernel) runs once more first. Every crash is reported to
 *     {@link Builder#onWorkerCrash} (by default, a WARNING log record), so a fault survived is never a fault
 *     hidden.</li>
 * <li>A task past its timeout: its worker is killed and replaced; the future fails with
 *     {@link TaskTimeoutException}.</li>
 * <li>This JVM dies (even {@code kill -9}): the workers' stdin closes and they exit at once, mid-task.</li>
 * <li>A task class or argument the protocol cannot carry: {@link IllegalArgumentException} in the caller.</li>
 * </ul>
 * Workers never outlive {@link #close()} or {@link #shutdownNow()}. A pool that is never closed keeps its
 * workers until this JVM exits. A worker JVM that crashes writes its report into {@link #crashDirectory()}, never
 * into the working directory.
 *
 * <p>Thread-safe: any thread may submit. Futures complete on the pool's reader threads, so dependent actions
 * ({@code thenApply}) should be quick or use an executor.
 */
public final class WorkerPool implements AutoCloseable {
    /** The most elements an array argument or result (or characters of a string) may have: 1 Mi. */
    public static final int MAX_ARRAY_ELEMENTS = Wire.MAX_ARRAY_ELEMENTS;

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

    private final int target;
    private final Duration taskTimeout;
    private final Path directory;
    private final WorkerClassPath classPath;
    private final TaskClasses taskClasses;
    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final PoolKernels kernels;
    private final RemoteCalls remote;
    private final AtomicLong nextJobId = new AtomicLong();

    private WorkerPool(Builder b) throws IOException {
        this.target = b.workers;
        this.taskTimeout = b.taskTimeout;
        this.directory = b.directory != null ? b.directory : Segments.defaultDirectory();
        this.classPath = WorkerClassPath.of(b.classPath, b.initializer == null ? null : b.initializer.getClassLoader(),
                Thread.currentThread().getContextClassLoader());
        this.taskClasses = new TaskClasses(classPath);
        if (b.initializer != null) {
            taskClasses.check(b.initializer);
        }
        this.supervisor = new Supervisor(workerFlags(b), classPath, directory, b.warmUp, b.startTimeout,
                b.taskTimeout, b.initializer, b.initializerArgs, b.output, b.aotCache, nextJobId);
        Consumer<WorkerCrash> crashes = b.crashListener != null ? b.crashListener
                : c -> LOG.log(System.Logger.Level.WARNING, "panamax pool: " + c.describe());
        this.scheduler = new Scheduler(target, b.maxTasksPerWorker, supervisor, crashes);
        supervisor.setEvents(scheduler);
        this.remote = new RemoteCalls(scheduler, nextJobId, taskTimeout, classPath);
        this.kernels = new PoolKernels(scheduler, nextJobId, taskTimeout, remote, taskClasses);
    }

    /** {@return a builder with defaults: one worker per available processor, no timeout, no recycling} */
    public static Builder builder() {
        return new Builder();
    }

    private static List<String> workerFlags(Builder b) {
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
        return flags;
    }

    private void startAll() throws IOException {
        List<Worker> ready;
        try {
            ready = supervisor.startAll(target);
        } catch (IOException | RuntimeException e) {
            scheduler.stop();
            supervisor.terminate(true);
            scheduler.terminated();
            throw e;
        }
        scheduler.addInitial(ready);
    }

    /**
     * The built-in SIMD kernels over shared segments, run in parallel by this pool's workers.
     *
     * @return the kernels of this pool
     */
    public PoolKernels kernels() {
        return kernels;
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
        taskClasses.check(task);
        Object[] a = checkArgs(args, 0);
        Job job = newJob(options, task, List.<Object[]>of(a));
        scheduler.enqueue(List.of(job));
        return job.futures.getFirst();
    }

    /**
     * Runs a task given as a lambda, a method reference or an object of a named task class. A lambda or method
     * reference runs as the static method it stands for (its body, or the method referred to), found in the caller
     * without Java serialization: it must use only its parameters (no captured variables), and the class that
     * writes it must make no other {@code Task} lambda or method reference with a different target (the hidden
     * class of a lambda does not say which one it is; give each its own class). An object of a named class runs as
     * {@link #submit(Class, Object...)} runs its class: the worker makes a new instance, so the object's own state
     * does not travel.
     *
     * {@snippet :
     * CompletableFuture<Object> f = pool.submit((ctx, args) -> (Long) args[0] * 2, 21L);   // 42L
     * }
     *
     * @param task the task
     * @param args its arguments (see {@link #submit(Class, Object...)})
     * @return a future for the task's result
     * @throws IllegalArgumentException if the task's method cannot be found for certain, its class is not on the
     *                                  workers' class path, or an argument has an unsupported type
     * @throws IllegalStateException    if the pool is closed
     */
    public CompletableFuture<Object> submit(Task task, Object... args) {
        Objects.requireNonNull(task, "task");
        if (!MethodRefs.isLambda(task)) {
            return submit(task.getClass(), args);
        }
        return remote.submitTask(TaskOptions.defaults(), task, Objects.requireNonNull(args, "args"));
    }

    /**
     * Calls a static method of no argument in a worker; see {@link #call(Remote.Fn1, Object)}.
     *
     * @param f a method reference to a static method, or a lambda that uses nothing but its parameters
     * @param <R> the result type
     * @return a future for the result
     * @throws IllegalArgumentException if the method cannot be found for certain or cannot run in a worker
     * @throws IllegalStateException    if the pool is closed
     */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> call(Remote.Fn0<R> f) {
        return (CompletableFuture<R>) remote.call(Objects.requireNonNull(f, "f"), Remote.Fn0.class);
    }

    /**
     * Calls a static method in a worker ({@code pool.apply_async(f, (a,))} with a module-level {@code f}). {@code f}
     * is a method reference to a static method of a class on the workers' class path, or a lambda that uses nothing
     * but its parameters; the method is found in the caller by reading the bytecode of the class that wrote
     * {@code f} (never by Java serialization), so that class must make no other {@code Fn1} lambda or method
     * reference with a different target. The argument is checked against the method's parameter type here, before
     * anything is sent: an {@code Integer} for a {@code long} parameter becomes a {@code Long}; a value the type
     * cannot hold, or of another kind, is an {@link IllegalArgumentException}. The method's parameters and result
     * must be boolean, int, long, double (or their boxes, or byte, short and float parameters), String, Object or
     * a primitive array.
     *
     * {@snippet :
     * long y = pool.call(Tasks::square, 12L).join();   // static long square(long x) in a worker: 144
     * }
     *
     * @param f the function
     * @param a its argument
     * @param <A> the argument type
     * @param <R> the result type
     * @return a future for the result; it fails as {@link #submit(Class, Object...)}'s does
     * @throws IllegalArgumentException if the method cannot be found for certain or cannot run in a worker, or the
     *                                  argument does not suit its parameter
     * @throws IllegalStateException    if the pool is closed
     */
    @SuppressWarnings("unchecked")
    public <A, R> CompletableFuture<R> call(Remote.Fn1<A, R> f, A a) {
        return (CompletableFuture<R>) remote.call(Objects.requireNonNull(f, "f"), Remote.Fn1.class, a);
    }

    /**
     * Calls a static method of two arguments in a worker; see {@link #call(Remote.Fn1, Object)}.
     *
     * @param f the function
     * @param a its first argument
     * @param b its second argument
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <R> the result type
     * @return a future for the result
     * @throws IllegalArgumentException as {@link #call(Remote.Fn1, Object)}
     * @throws IllegalStateException    if the pool is closed
     */
    @SuppressWarnings("unchecked")
    public <A, B, R> CompletableFuture<R> call(Remote.Fn2<A, B, R> f, A a, B b) {
        return (CompletableFuture<R>) remote.call(Objects.requireNonNull(f, "f"), Remote.Fn2.class, a, b);
    }

    /**
     * Calls a static method of three arguments in a worker; see {@link #call(Remote.Fn1, Object)}.
     *
     * @param f the function
     * @param a its first argument
     * @param b its second argument
     * @param c its third argument
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <C> the third argument type
     * @param <R> the result type
     * @return a future for the result
     * @throws IllegalArgumentException as {@link #call(Remote.Fn1, Object)}
     * @throws IllegalStateException    if the pool is closed
     */
    @SuppressWarnings("unchecked")
    public <A, B, C, R> CompletableFuture<R> call(Remote.Fn3<A, B, C, R> f, A a, B b, C c) {
        return (CompletableFuture<R>) remote.call(Objects.requireNonNull(f, "f"), Remote.Fn3.class, a, b, c);
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
            out.add(Job.await(f));
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
                    return Job.await(done.take());
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
        taskClasses.check(task);
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
        scheduler.enqueue(jobs);
        return fs;
    }

    private Job newJob(TaskOptions options, Class<? extends Task> task, List<Object[]> argSets) {
        return new Job(nextJobId.incrementAndGet(), task.getName(), List.copyOf(argSets),
                options.timeoutOr(taskTimeout), options.idempotentFor(task), false);
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

    /** {@return the number of workers this pool keeps running} */
    public int size() {
        return target;
    }

    /** {@return the process ids of the ready workers now (replacements appear once ready), in start order} */
    public List<Long> workerPids() {
        return scheduler.pids();
    }

    /** {@return the directory where {@link TaskContext#segment(String)} finds segments} */
    public Path directory() {
        return directory;
    }

    /** {@return the workers' class path, in order} */
    public List<Path> classPath() {
        return classPath.entries();
    }

    /**
     * {@return the temporary directory where a worker JVM that crashes writes its report ({@code
     * hs_err_pid<pid>.log}); removed at close unless a worker wrote one}
     */
    public Path crashDirectory() {
        return supervisor.crashDirectory();
    }

    // ---------------------------------------------------------------------------------------------- shutdown

    /**
     * Stops accepting tasks, waits until every queued and running task has finished (replacing workers that die
     * meanwhile), then lets the workers exit and waits for them. Idempotent.
     */
    @Override
    public void close() {
        if (scheduler.drain()) {
            supervisor.terminate(false);
            scheduler.terminated();
        }
    }

    /**
     * Cancels every queued and running task (their futures fail with {@link CancellationException}), kills the
     * workers and waits for them to exit. Idempotent; also ends a {@link #close()} in progress.
     */
    public void shutdownNow() {
        scheduler.stop();
        supervisor.terminate(true);
        scheduler.terminated();
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
        private boolean warmUp = true;
        private List<Path> classPath;
        private Consumer<WorkerCrash> crashListener;

        private Builder() {
        }

        /**
         * {@return this builder}
         *
         * @param n the number of worker JVMs, at least 1
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
         * Gives the workers Chronicle Bytes' JVM flags ({@link Backend#CHRONICLE_JVM_FLAGS}), needed only when
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
            TaskClasses.checkShape(task);
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
         * Sets the workers' class path, replacing the default: this JVM's {@code java.class.path} completed with
         * the jars (or class directories) of Panamax's modules and the entries of the URL class loaders that
         * loaded the initializer and the calling thread's context class loader. Set it when tasks come from a
         * class loader that is none of those (a plugin loader, a nested jar).
         *
         * @param entries jars and class directories, in order
         * @return this builder
         * @throws IllegalArgumentException if {@code entries} is empty
         */
        public Builder classPath(List<Path> entries) {
            Objects.requireNonNull(entries, "entries");
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("classPath needs at least one entry");
            }
            for (Path p : entries) {
                Objects.requireNonNull(p, "class path entry");
            }
            this.classPath = List.copyOf(entries);
            return this;
        }

        /**
         * Whether each worker runs the built-in SIMD kernels on a scratch segment before it reports ready, so that
         * the first real call runs compiled code instead of interpreted Vector API code (tens of milliseconds per
         * megabyte until the JIT catches up). On by default; it makes {@link #start()} a few hundred milliseconds
         * longer. Turn it off for pools that only run tasks of their own.
         *
         * @param on whether to warm up
         * @return this builder
         */
        public Builder warmUp(boolean on) {
            this.warmUp = on;
            return this;
        }

        /**
         * Receives every worker crash the pool survives (a worker that died while the pool was running and that the
         * pool did not kill itself for a timeout), after its replacement was requested. Default: a WARNING record
         * on the {@code dev.panamax.pool.WorkerPool} logger.
         *
         * @param listener called once per crash, on a pool thread; should be quick
         * @return this builder
         */
        public Builder onWorkerCrash(Consumer<WorkerCrash> listener) {
            this.crashListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Starts the workers in parallel and waits until all are ready.
         *
         * @return the running pool
         * @throws IOException if a worker JVM cannot be started, is not ready within the start timeout, or its
         *                     initializer fails; the message names the worker's last stderr lines, its class path
         *                     and its java command, and no worker is left running
         * @throws IllegalArgumentException if the initializer class cannot be loaded from the workers' class path
         */
        public WorkerPool start() throws IOException {
            WorkerPool p = new WorkerPool(this);
            p.startAll();
            return p;
        }
    }
}
