package dev.panamax.pool;

import dev.panamax.pool.internal.MethodTask;
import dev.panamax.pool.internal.RemoteArgs;
import dev.panamax.pool.internal.Wire;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller side of lambdas and method references sent to workers: finds the static method ({@link MethodRefs}),
 * checks that the workers can load its class and that the arguments suit its parameters, and queues a
 * {@link MethodTask}. Everything that can fail is checked here, before anything is sent.
 */
final class RemoteCalls {
    private final Scheduler scheduler;
    private final AtomicLong jobIds;
    private final Duration timeout;
    private final WorkerClassPath classPath;

    RemoteCalls(Scheduler scheduler, AtomicLong jobIds, Duration timeout, WorkerClassPath classPath) {
        this.scheduler = scheduler;
        this.jobIds = jobIds;
        this.timeout = timeout;
        this.classPath = classPath;
    }

    /**
     * @param f a lambda or method reference made for {@code iface}
     * @param argIndex its position among the parameters of the pool method the caller called
     * @return its static method, whose class the workers can load
     * @throws IllegalArgumentException if it has none, or the workers cannot load it
     */
    MethodRefs.MethodRef resolve(Object f, Class<?> iface, int argIndex) {
        MethodRefs.MethodRef m = MethodRefs.resolve(f, iface, argIndex);
        Class<?> owner;
        try {
            owner = Class.forName(m.owner(), false, f.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(m.owner() + " (the class of " + m + ") cannot be found", e);
        }
        String why = classPath.whyNotLoadable(owner);
        if (why != null) {
            throw new IllegalArgumentException(owner.getName() + " (the class of " + m + ") cannot be loaded by the "
                    + "workers: " + why + " (the workers' class path is " + classPath + ")");
        }
        return m;
    }

    /** A {@link Task} lambda: its body runs in a worker with the context and the arguments. */
    CompletableFuture<Object> submitTask(TaskOptions options, Task task, Object[] args) {
        MethodRefs.MethodRef m = resolve(task, Task.class, 0);
        return enqueue(options, m, MethodTask.TASK, args, true);
    }

    /** A typed function: its method is called with each argument converted to its parameter type. */
    CompletableFuture<Object> call(Object f, Class<?> iface, Object... args) {
        MethodRefs.MethodRef m = resolve(f, iface, 0);
        MethodType t = MethodType.fromMethodDescriptorString(m.descriptor(), f.getClass().getClassLoader());
        String problem = RemoteArgs.typeProblem(t, false);
        if (problem != null) {
            throw new IllegalArgumentException(m + " cannot run in a worker: " + problem);
        }
        Object[] wire = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            wire[i] = RemoteArgs.toWire(args[i], t.parameterType(i), "argument " + i + " of " + m);
        }
        return enqueue(TaskOptions.defaults(), m, MethodTask.CALL, wire, false);
    }

    private CompletableFuture<Object> enqueue(TaskOptions options, MethodRefs.MethodRef m, String mode, Object[] args,
                                              boolean check) {
        List<Object> all = new ArrayList<>(List.of(m.owner(), m.name(), m.descriptor(), mode));
        for (int i = 0; i < args.length; i++) {
            if (check) {
                Wire.checkValue(args[i], "argument " + i);
            }
            all.add(args[i]);
        }
        Job job = new Job(jobIds.incrementAndGet(), MethodTask.class.getName(), List.<Object[]>of(all.toArray()),
                options.timeoutOr(timeout), false, false);
        scheduler.enqueue(List.of(job));
        return job.futures.getFirst();
    }
}
