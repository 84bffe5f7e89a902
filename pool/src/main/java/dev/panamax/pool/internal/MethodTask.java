package dev.panamax.pool.internal;

import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker side of lambdas and method references ({@code WorkerPool.submit(Task, Object...)},
 * {@code WorkerPool.call(Remote.Fn1, Object)}): calls a static method by class, name and descriptor.
 *
 * <pre>
 * args: owner:String name:String descriptor:String mode:String args...
 *   mode "task": the method is a Task's body, (TaskContext, Object[]): called with the context and args as one array
 *   mode "call": called with args one by one, each converted to its parameter type ({@link RemoteArgs#fromWire})
 * </pre>
 * Private methods (a lambda's body is a private static {@code lambda$...} method) are reached through
 * {@link MethodHandles#privateLookupIn}, which needs the owner's package open to Panamax: every package on the class
 * path is.
 */
public final class MethodTask implements Task {
    /** Mode: the method is a Task's body. */
    public static final String TASK = "task";
    /** Mode: the method is called with its arguments one by one. */
    public static final String CALL = "call";

    private static final Map<String, MethodHandle> HANDLES = new ConcurrentHashMap<>();

    /** Creates the task; the worker calls this once per call. */
    public MethodTask() {
    }

    @Override
    public Object call(TaskContext ctx, Object[] args) throws Exception {
        MethodHandle h = handle((String) args[0], (String) args[1], (String) args[2]);
        Object[] rest = Arrays.copyOfRange(args, 4, args.length);
        if (TASK.equals(args[3])) {
            return invoke(h, ctx, rest);
        }
        MethodType t = h.type();
        for (int i = 0; i < rest.length; i++) {
            rest[i] = RemoteArgs.fromWire(rest[i], t.parameterType(i));
        }
        return invoke(h, rest);
    }

    /** Invokes, rethrowing what the method threw as it is (a Throwable that is neither is wrapped). */
    static Object invoke(MethodHandle h, Object... args) throws Exception {
        try {
            return h.invokeWithArguments(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The static method {@code owner.name descriptor}, looked up once per worker.
     *
     * @throws ReflectiveOperationException if the class or method is missing or its package is not open
     */
    static MethodHandle handle(String owner, String name, String descriptor) throws ReflectiveOperationException {
        String key = owner + "." + name + descriptor;
        MethodHandle h = HANDLES.get(key);
        if (h == null) {
            Class<?> c = Class.forName(owner, true, ClassLoader.getSystemClassLoader());
            // A named Panamax module reads no unnamed module by default; a lookup needs to read the owner's module.
            MethodTask.class.getModule().addReads(c.getModule());
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            h = lookup.findStatic(c, name, MethodType.fromMethodDescriptorString(descriptor, c.getClassLoader()));
            HANDLES.put(key, h);
        }
        return h;
    }
}
