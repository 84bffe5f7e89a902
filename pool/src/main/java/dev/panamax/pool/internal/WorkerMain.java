package dev.panamax.pool.internal;

import dev.panamax.shm.SharedArray;
import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of a worker JVM started by {@link dev.panamax.pool.WorkerPool}; not an API (public, in a package
 * the module does not export, so that the {@code java} launcher can start it by name).
 *
 * <p>Threads: two threads take turns (leader/follower). The one holding the reader role reads the next frame
 * from stdin; on a job it hands the role to the other thread and runs the job itself, so a task starts without
 * a thread switch on the critical path while the other thread keeps reading stdin. That is how the worker
 * notices its parent's death (stdin reaches EOF without a SHUTDOWN frame) even while a task runs, and halts at
 * once, mid-task; a SHUTDOWN frame (close, recycling) makes an idle worker exit normally. The parent sends one job at a time, so tasks never run concurrently, but
 * successive tasks may run on either thread. Frames go to the real stdout (file descriptor 1) only;
 * {@code System.out} is redirected to stderr so a task that prints cannot corrupt the frame stream.
 */
public final class WorkerMain {
    private final int workerId;
    private final OutputStream frames;
    private final Context context;
    private final Map<String, Constructor<? extends Task>> constructors = new HashMap<>();

    /** The argument that asks a worker to warm its built-in kernels up before its handshake. */
    public static final String WARM_UP = "--warm-up";

    private final Object lock = new Object();
    private final InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
    /** A thread holds the reader role (lock). */
    private boolean reading;
    /** A job is running (lock). */
    private boolean busy;
    /** Stdin reached EOF or failed (lock). */
    private boolean eof;

    private record Job(long id, int flags, String className, List<Object[]> argSets) {
    }

    /** The parent's request to exit normally (close, or recycling after the maximum tasks). */
    private static final Job SHUTDOWN = new Job(-1, 0, "", List.of());

    private WorkerMain(int workerId, Path directory, OutputStream frames) {
        this.workerId = workerId;
        this.frames = frames;
        this.context = new Context(workerId, ProcessHandle.current().pid(), directory);
    }

    /**
     * Runs the worker until stdin closes.
     *
     * @param args the worker id the pool assigned, the default segment directory, and {@value #WARM_UP} to warm
     *             the built-in kernels up first
     * @throws IOException if the control stream cannot be written at start-up
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals(WARM_UP))) {
            System.err.println("usage: WorkerMain <worker-id> <segment-dir> [" + WARM_UP
                    + "] (started by dev.panamax.pool.WorkerPool)");
            System.exit(2);
        }
        OutputStream frames = new BufferedOutputStream(FrameChannel.open(), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Path dir = Path.of(args[1]);
        if (args.length == 3) {
            KernelWarmup.run(dir);
        }
        WorkerMain w = new WorkerMain(Integer.parseInt(args[0]), dir, frames);
        frames.write(Wire.MAGIC);
        Wire.Frame ready = new Wire.Frame(Wire.READY);
        ready.data.writeLong(ProcessHandle.current().pid());
        ready.sendTo(frames);
        Thread other = new Thread(w::serve, "panamax-worker-1");
        other.setDaemon(true);
        other.start();
        Thread.currentThread().setName("panamax-worker-0");
        w.serve();
    }

    /** One of the two worker threads: take the reader role, read a job, pass the role on, run the job. */
    private void serve() {
        while (true) {
            synchronized (lock) {
                while (reading && !eof) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (eof) {
                    return;
                }
                reading = true;
            }
            Job job = null;
            try {
                job = readJob();
            } catch (IOException e) {
                System.err.println("panamax worker " + workerId + ": control stream failed, exiting: " + e);
            }
            synchronized (lock) {
                reading = false;
                if (job == null) {
                    // Stdin closed without a SHUTDOWN frame: the parent died. Halt now, even mid-task: nobody is
                    // left to receive the result, a task stuck in a loop must not keep this process alive, and
                    // exit-time work (shutdown hooks, writing a class cache) must not delay the exit.
                    Runtime.getRuntime().halt(0);
                }
                if (job == SHUTDOWN) {
                    eof = true;
                    lock.notifyAll();
                    break;
                }
                busy = true;
                lock.notifyAll();
            }
            Wire.Frame out;
            try {
                out = run(job);
            } catch (IOException e) {
                throw new AssertionError("in-memory write failed", e);
            }
            synchronized (lock) {
                busy = false;
                if (eof) {
                    break;
                }
                try {
                    out.sendTo(frames);
                } catch (IOException e) {
                    // stdout is gone, so is the parent: the reader sees EOF next.
                    System.err.println("panamax worker " + workerId + ": cannot send a result: " + e);
                }
            }
        }
        exitSoon();
    }

    /** @return the next job, {@link #SHUTDOWN}, or null at EOF */
    private Job readJob() throws IOException {
        Wire.Received f = Wire.read(in);
        if (f == null) {
            return null;
        }
        if (f.type == Wire.SHUTDOWN) {
            return SHUTDOWN;
        }
        if (f.type != Wire.JOB) {
            throw new IOException("corrupt control stream: unexpected frame type " + f.type);
        }
        long id = f.readLong();
        int flags = f.readUnsignedByte();
        String cls = Wire.readString(f);
        // Every count is bounded by the bytes left in the frame: an argument set takes at least 4 bytes, a value 1.
        int count = f.count(f.readInt(), 4, "argument sets");
        List<Object[]> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object[] a = new Object[f.count(f.readInt(), 1, "arguments")];
            for (int j = 0; j < a.length; j++) {
                a[j] = Wire.readValue(f);
            }
            sets.add(a);
        }
        return new Job(id, flags, cls, sets);
    }

    private Wire.Frame run(Job job) throws IOException {
        Wire.Frame out = new Wire.Frame(Wire.OUTCOMES);
        out.data.writeLong(job.id());
        out.data.writeInt(job.argSets().size());
        Constructor<? extends Task> ctor = null;
        Throwable classProblem = null;
        try {
            ctor = constructor(job.className());
        } catch (Exception | LinkageError e) {
            classProblem = e;
        }
        for (Object[] args : job.argSets()) {
            Object result;
            try {
                if (classProblem != null) {
                    throw classProblem;
                }
                result = ctor.newInstance().call(context, args);
                Wire.checkValue(result, "result of task " + job.className());
            } catch (Throwable t) {
                Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null
                        ? ite.getCause() : t;
                out.data.writeBoolean(false);
                Wire.writeThrowable(out.data, cause);
                continue;
            }
            out.data.writeBoolean(true);
            Wire.writeValue(out.data, result);
        }
        return out;
    }

    /** A normal exit, so shutdown hooks run (and an AOT cache is written when asked); bounded. */
    private static void exitSoon() {
        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(0);
        }, "panamax-worker-exit-guard");
        guard.setDaemon(true);
        guard.start();
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private Constructor<? extends Task> constructor(String name) throws ReflectiveOperationException {
        Constructor<? extends Task> c = constructors.get(name);
        if (c == null) {
            // Loaded without running its static initialiser: a class that is not a Task never runs any code here.
            ClassLoader loader = ClassLoader.getSystemClassLoader();
            Class<?> cls = Class.forName(name, false, loader);
            if (!Task.class.isAssignableFrom(cls)) {
                throw new ClassCastException(name + " does not implement " + Task.class.getName());
            }
            Class.forName(name, true, loader);
            c = (Constructor<? extends Task>) cls.getConstructor();
            constructors.put(name, c);
        }
        return c;
    }

    /** The worker's {@link TaskContext}. */
    private static final class Context implements TaskContext {
        private final int workerId;
        private final long pid;
        private final Path directory;
        private final Map<String, Object> attributes = new HashMap<>();
        private final SegmentCache segments = new SegmentCache();

        Context(int workerId, long pid, Path directory) {
            this.workerId = workerId;
            this.pid = pid;
            this.directory = directory;
        }

        @Override
        public int workerId() {
            return workerId;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        @Override
        public SharedArray segment(String name) throws IOException {
            return segments.get(name, directory);
        }

        @Override
        public SharedArray segment(String name, Path dir) throws IOException {
            return segments.get(name, dir);
        }
    }
}
