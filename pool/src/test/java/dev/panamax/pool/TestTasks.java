package dev.panamax.pool;

import java.util.ArrayList;
import java.util.List;

/** Tiny tasks the tests run in real worker JVMs (they reach the workers through the test class path). */
public final class TestTasks {
    private TestTasks() {
    }

    /** Returns its first argument unchanged (null if none). */
    public static final class Echo implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return args.length == 0 ? null : args[0];
        }
    }

    /** Returns args[0] * args[0] for a long. */
    public static final class Square implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            long x = (Long) args[0];
            return x * x;
        }
    }

    /** Returns the worker's pid. */
    public static final class Pid implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return ctx.pid();
        }
    }

    /** Sleeps args[0] milliseconds, then returns the worker's pid. */
    public static final class Sleep implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) throws InterruptedException {
            Thread.sleep((Long) args[0]);
            return ctx.pid();
        }
    }

    /** Throws an exception with a cause. */
    public static final class Throw implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            try {
                helper((String) args[0]);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("wrapped: " + e.getMessage(), e);
            }
            return null;
        }

        private static void helper(String msg) {
            throw new IllegalStateException(msg);
        }
    }

    /** Calls System.exit(args[0]). */
    public static final class Exit implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            System.exit((Integer) args[0]);
            return null;
        }
    }

    /** Allocates until the heap is exhausted. */
    public static final class Oom implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }
    }

    /** Prints to System.out (which must not corrupt the control stream), then returns args[0]. */
    public static final class Print implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            System.out.println("hello from the task " + args[0]);
            System.out.print("\u0000PANAMAX-POOL-1\n\u0000\u0000\u0000\u0009garbage");
            System.out.flush();
            return args[0];
        }
    }

    /** Returns an unsupported type. */
    public static final class BadResult implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return new ArrayList<String>();
        }
    }

    /** Initializer: stores args[0] in the worker's attributes. */
    public static final class Init implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            ctx.attributes().put("greeting", args[0]);
            return null;
        }
    }

    /** Initializer that fails. */
    public static final class FailingInit implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            throw new IllegalStateException("initializer refuses");
        }
    }

    /** Returns the greeting the initializer stored, with the worker id. */
    public static final class Greeting implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return ctx.attributes().get("greeting") + "@" + ctx.workerId();
        }
    }

    /** Counts the calls in this worker. */
    public static final class Count implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            int n = (Integer) ctx.attributes().getOrDefault("count", 0) + 1;
            ctx.attributes().put("count", n);
            return n;
        }
    }

    /** Kills its own worker with SIGKILL the first time it runs in a pool (marker file args[0]); idempotent. */
    @Idempotent
    public static final class DieOnceIdempotent implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) throws Exception {
            java.nio.file.Path marker = java.nio.file.Path.of((String) args[0]);
            if (!java.nio.file.Files.exists(marker)) {
                java.nio.file.Files.writeString(marker, "died once");
                Runtime.getRuntime().halt(137);
            }
            return "survived on " + ctx.pid();
        }
    }

    /** Same as {@link DieOnceIdempotent} but not declared idempotent. */
    public static final class DieOnce implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) throws Exception {
            return new DieOnceIdempotent().call(ctx, args);
        }
    }

    /** Not a task at all. */
    public static final class NotATask {
        public Object call(TaskContext ctx, Object[] args) {
            return null;
        }
    }

    /** A task without a no-argument constructor. */
    public static final class NoDefaultConstructor implements Task {
        public NoDefaultConstructor(int x) {
        }

        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return null;
        }
    }

    /** A non-public task. */
    static final class Hidden implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) {
            return null;
        }
    }

    /** Reads element args[1] (a long index) of float64 segment args[0] through the worker's segment cache. */
    public static final class ReadSegment implements Task {
        @Override
        public Object call(TaskContext ctx, Object[] args) throws Exception {
            return ctx.segment((String) args[0]).asDoubles().get((Long) args[1]);
        }
    }

    /** Crashes its JVM: a read of address 0 through FFM is a SIGSEGV the JVM cannot turn into an exception. */
    public static final class CrashJvm implements Task {
        @Override
        @SuppressWarnings("restricted") // reading an address nobody mapped is the point
        public Object call(TaskContext ctx, Object[] args) {
            return java.lang.foreign.MemorySegment.ofAddress(0).reinterpret(8)
                    .get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
        }
    }

    /** Not a task, with a static initialiser that leaves a marker file (named by a system property) when run. */
    public static final class NotATaskWithStaticInit {
        static {
            String marker = System.getProperty("panamax.test.marker");
            if (marker != null) {
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "static initialiser ran");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
