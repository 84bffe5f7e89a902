package dev.panamax.pool.internal;

import dev.panamax.pool.RangeKernel;
import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;
import dev.panamax.shm.SharedArray;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker side of user kernels ({@link RangeKernel}): one range of one segment.
 *
 * <pre>
 * args: kind:String target:String target2:String target3:String dir:String name:String from:long count:long args...
 *   kind "class":  target = className, target2 and target3 empty             (a named RangeKernel class)
 *   kind "method": target = owner, target2 = method, target3 = descriptor   (a lambda or method reference)
 * </pre>
 * The range's pages are mapped first, and the segment is checked against truncation before and after the kernel,
 * as for the built-in kernels ({@link KernelTask#guarded}).
 */
public final class RangeTask implements Task {
    /** Kind: a named {@link RangeKernel} class. */
    public static final String CLASS = "class";
    /** Kind: a lambda or method reference. */
    public static final String METHOD = "method";

    private static final Map<String, Constructor<? extends RangeKernel>> KERNELS = new ConcurrentHashMap<>();

    /** Creates the task; the worker calls this once per range. */
    public RangeTask() {
    }

    @Override
    public Object call(TaskContext ctx, Object[] args) throws Exception {
        SharedArray a = ctx.segment((String) args[5], Path.of((String) args[4]));
        long from = (Long) args[6];
        long count = (Long) args[7];
        long perRow = elementsPerRow(a);
        a.prefault(from * perRow, count * perRow);
        Object[] rest = Arrays.copyOfRange(args, 8, args.length);
        if (CLASS.equals(args[0])) {
            RangeKernel k = constructor((String) args[1]).newInstance();
            return KernelTask.guarded(a, null, () -> k.apply(ctx, a, from, count, rest));
        }
        var h = MethodTask.handle((String) args[1], (String) args[2], (String) args[3]);
        return KernelTask.guarded(a, null, () -> MethodTask.invoke(h, ctx, a, from, count, rest));
    }

    /** Elements per index of the first axis: 1 for a 1-D array, the product of the other dimensions otherwise. */
    public static long elementsPerRow(SharedArray a) {
        long[] dims = a.shape().dims();
        long per = 1;
        for (int i = 1; i < dims.length; i++) {
            per *= dims[i];
        }
        return per;
    }

    @SuppressWarnings("unchecked")
    private static Constructor<? extends RangeKernel> constructor(String name) throws ReflectiveOperationException {
        Constructor<? extends RangeKernel> c = KERNELS.get(name);
        if (c == null) {
            // Loaded without its static initialiser first: a class that is not a RangeKernel never runs code here.
            Class<?> cls = Class.forName(name, false, ClassLoader.getSystemClassLoader());
            if (!RangeKernel.class.isAssignableFrom(cls)) {
                throw new ClassCastException(name + " does not implement " + RangeKernel.class.getName());
            }
            Class.forName(name, true, ClassLoader.getSystemClassLoader());
            c = (Constructor<? extends RangeKernel>) cls.getConstructor();
            KERNELS.put(name, c);
        }
        return c;
    }
}
