package dev.panamax.pool;

import dev.panamax.core.internal.JvmCommand;
import dev.panamax.pool.internal.WorkerMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Owns the worker processes: builds their command line (flags, class path, AOT cache, crash-report directory),
 * starts them in parallel, waits for each handshake and runs the initializer, starts replacements on request,
 * reaps exits (with how and why each ended), and terminates them all. It reports to its {@link Events} (the
 * {@link Scheduler}) and knows nothing of the queue.
 */
final class Supervisor implements Worker.Listener {
    /** What the supervisor reports. Called without any supervisor lock held. */
    interface Events {
        /** A replacement finished its handshake and initializer. */
        void workerReady(Worker w);

        /** A replacement could not be started (reported once per requested worker). */
        void workerStartFailed(IOException failure);

        /** A ready worker answered a job. */
        void onOutcomes(Worker w, long jobId, List<Worker.Outcome> outcomes);

        /** A ready worker's process ended (reaped). */
        void onExit(Worker w, WorkerExit exit);
    }

    /**
     * How a worker process ended.
     *
     * @param exitCode    its exit status
     * @param cause       {@link WorkerCrash#describeExit} of it
     * @param stderrTail  its last stderr lines
     * @param errorReport its JVM crash report, or null
     * @param problem     what was wrong with its control stream, or null
     */
    record WorkerExit(int exitCode, String cause, List<String> stderrTail, Path errorReport, String problem) {
    }

    private final List<String> jvmFlags;
    private final WorkerClassPath classPath;
    private final Path directory;
    private final boolean warmUp;
    private final Duration startTimeout;
    private final Duration initTimeout;
    private final Class<? extends Task> initializer;
    private final Object[] initializerArgs;
    private final Consumer<String> output;
    private final AotCache aot;
    private final Path crashDir;
    private final AtomicLong jobIds;
    private final AtomicBoolean aotTrainingClaimed = new AtomicBoolean();
    private final AtomicInteger nextWorkerId = new AtomicInteger();
    private volatile Events events;

    private final Object lock = new Object();
    /** Every process started and not reaped yet (lock). */
    private final Set<Worker> processes = new LinkedHashSet<>();
    /** Workers running their initializer, with its job (lock). */
    private final Map<Worker, Job> initializing = new HashMap<>();
    /** Replacement starts in progress (lock). */
    private int launching;
    private boolean terminated;

    Supervisor(List<String> jvmFlags, WorkerClassPath classPath, Path directory, boolean warmUp,
               Duration startTimeout, Duration initTimeout, Class<? extends Task> initializer,
               Object[] initializerArgs, Consumer<String> output, boolean aotCache, AtomicLong jobIds)
            throws IOException {
        this.crashDir = Files.createTempDirectory("panamax-pool-");
        List<String> flags = new ArrayList<>(jvmFlags);
        // A worker JVM that crashes writes its report here, not into the caller's working directory.
        flags.add("-XX:ErrorFile=" + crashDir.resolve("hs_err_pid%p.log"));
        flags.add("-XX:ReplayDataFile=" + crashDir.resolve("replay_pid%p.log"));
        flags.add("-XX:-CreateCoredumpOnCrash");
        this.jvmFlags = List.copyOf(flags);
        this.classPath = classPath;
        this.directory = directory;
        this.warmUp = warmUp;
        this.startTimeout = startTimeout;
        this.initTimeout = initTimeout;
        this.initializer = initializer;
        this.initializerArgs = initializerArgs;
        this.output = output;
        this.aot = aotCache ? AotCache.lookup(jvmFlags, classPath.entries()) : null;
        this.jobIds = jobIds;
    }

    void setEvents(Events events) {
        this.events = events;
    }

    /** @return where workers write JVM crash reports */
    Path crashDirectory() {
        return crashDir;
    }

    // ---------------------------------------------------------------------------------------------- start

    /**
     * Starts {@code n} workers in parallel and waits until all are ready.
     *
     * @return the ready workers
     * @throws IOException if one cannot start, is not ready in time or its initializer fails; every worker
     *                     started is gone then
     */
    List<Worker> startAll(int n) throws IOException {
        List<Worker> launched = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                launched.add(launch());
            }
            for (Worker w : launched) {
                awaitReady(w);
            }
            return launched;
        } catch (IOException | RuntimeException e) {
            for (Worker w : launched) {
                w.kill();
            }
            for (Worker w : launched) {
                w.awaitExit(2000);
            }
            throw e;
        }
    }

    /** Starts {@code n} replacements, each on its own thread; each ends in one {@link Events} call. */
    void startReplacements(int n) {
        for (int i = 0; i < n; i++) {
            synchronized (lock) {
                launching++;
            }
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
        } finally {
            synchronized (lock) {
                launching--;
                lock.notifyAll();
            }
        }
        if (failure == null) {
            events.workerReady(w);
        } else {
            events.workerStartFailed(failure);
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
        List<String> args = new ArrayList<>(List.of(Integer.toString(id), directory.toString()));
        if (warmUp) {
            args.add(WorkerMain.WARM_UP);
        }
        List<String> cmd = JvmCommand.current().classPath(classPath.argument()).jvmArgs(flags)
                .mainClass(WorkerMain.class, args.toArray(String[]::new)).build();
        Worker w;
        try {
            w = new Worker(id, cmd, this, output, training);
        } catch (IOException e) {
            if (training != null) {
                training.finish(false);
            }
            throw new IOException("cannot start worker " + id + ": " + e.getMessage() + "; java command: "
                    + display(cmd), e);
        }
        synchronized (lock) {
            processes.add(w);
            if (terminated) {
                w.kill();
            }
        }
        w.begin();
        return w;
    }

    /** Waits for the worker's handshake (its warm-up included), then runs the initializer; kills it on failure. */
    private void awaitReady(Worker w) throws IOException {
        try {
            w.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (initializer != null) {
                Job init = new Job(jobIds.incrementAndGet(), initializer.getName(), List.<Object[]>of(initializerArgs),
                        initTimeout, false, true);
                synchronized (lock) {
                    initializing.put(w, init);
                }
                w.send(init.encode());
                if (initTimeout == null) {
                    init.futures.getFirst().get();
                } else {
                    init.futures.getFirst().get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (TimeoutException e) {
            w.kill();
            throw startFailure(w, initializing(w) ? "did not finish its initializer " + initializer.getName()
                    + " within " + initTimeout : "was not ready within " + startTimeout, e);
        } catch (ExecutionException e) {
            w.kill();
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw startFailure(w, io.getMessage(), io);
            }
            throw new IOException("initializer " + initializer.getName() + " failed in worker " + w.id + " (pid "
                    + w.pid + "): " + c, c);
        } catch (InterruptedException e) {
            w.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting worker " + w.id, e);
        } catch (IOException e) {
            w.kill();
            throw startFailure(w, "could not be sent its initializer: " + e.getMessage(), e);
        } finally {
            synchronized (lock) {
                initializing.remove(w);
            }
        }
    }

    private boolean initializing(Worker w) {
        synchronized (lock) {
            return initializing.containsKey(w);
        }
    }

    /** One exception that says what failed, the worker's own last words, its class path and its command. */
    private IOException startFailure(Worker w, String what, Throwable cause) {
        String exit = "";
        try {
            if (w.process.waitFor(2, TimeUnit.SECONDS)) {
                exit = " (" + WorkerCrash.describeExit(w.process.exitValue(), w.stderrTail(), null) + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> tail = w.stderrTail();
        String message = what.startsWith("worker ") ? what : "worker " + w.id + " (pid " + w.pid + ") " + what;
        return new IOException(message + exit
                + (tail.isEmpty() ? "" : "; its stderr: " + String.join(" | ", tail))
                + "; its class path: " + classPath + "; its java command: " + display(w.command)
                + " (set WorkerPool.Builder.classPath if the workers need another class path)", cause);
    }

    /** The command without the class path (reported on its own). */
    private static String display(List<String> cmd) {
        List<String> out = new ArrayList<>(cmd.size());
        for (int i = 0; i < cmd.size(); i++) {
            if (cmd.get(i).equals("-cp") && i + 1 < cmd.size()) {
                out.add("-cp CLASSPATH");
                i++;
            } else {
                out.add(cmd.get(i));
            }
        }
        return String.join(" ", out);
    }

    // ---------------------------------------------------------------------------------------------- events

    @Override
    public void onOutcomes(Worker w, long jobId, List<Worker.Outcome> outcomes) {
        Job init;
        synchronized (lock) {
            init = initializing.get(w);
        }
        if (init == null) {
            events.onOutcomes(w, jobId, outcomes);
            return;
        }
        if (init.id != jobId || outcomes.size() != 1) {
            w.kill();
            return;
        }
        Worker.Outcome o = outcomes.getFirst();
        if (o.error() == null) {
            init.futures.getFirst().complete(o.value());
        } else {
            init.futures.getFirst().completeExceptionally(o.error());
        }
    }

    @Override
    public void onExit(Worker w, IOException problem) {
        w.awaitExit(w.training != null ? 60_000 : 5000);
        int code = w.process.exitValue();
        if (w.training != null) {
            w.training.finish(w.ready.isDone() && !w.ready.isCompletedExceptionally() && code == 0);
        }
        Path report = crashDir.resolve("hs_err_pid" + w.pid + ".log");
        List<String> tail = w.stderrTail();
        WorkerExit exit = new WorkerExit(code, WorkerCrash.describeExit(code, tail, Files.exists(report) ? report
                : null), tail, Files.exists(report) ? report : null,
                problem != null && !(problem instanceof java.io.EOFException) ? problem.getMessage() : null);
        Job init;
        synchronized (lock) {
            processes.remove(w);
            init = initializing.remove(w);
        }
        if (init != null) {
            init.failAll(new IOException("worker " + w.id + " (pid " + w.pid + ") died with " + exit.cause()
                    + " while running its initializer " + init.className));
        }
        events.onExit(w, exit);
    }

    // ---------------------------------------------------------------------------------------------- stop

    /**
     * Ends every process: asks idle workers to exit (or kills them all when {@code kill}), waits for them and for
     * replacements being started, then removes the crash-report directory if no worker wrote to it.
     */
    void terminate(boolean kill) {
        List<Worker> all;
        synchronized (lock) {
            terminated = true;
            all = new ArrayList<>(processes);
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
        synchronized (lock) {
            // Starter threads may still be launching a worker; it is killed as soon as it is registered.
            while (launching > 0) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                for (Worker w : processes) {
                    w.kill();
                }
            }
            all = new ArrayList<>(processes);
        }
        for (Worker w : all) {
            w.kill();
            w.awaitExit(2000);
        }
        removeCrashDirIfEmpty();
    }

    private void removeCrashDirIfEmpty() {
        try (Stream<Path> s = Files.list(crashDir)) {
            if (s.findAny().isEmpty()) {
                Files.deleteIfExists(crashDir);
            } else {
                System.getLogger(WorkerPool.class.getName()).log(System.Logger.Level.WARNING,
                        "panamax pool: worker JVM crash reports are kept in " + crashDir);
            }
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
