package dev.panamax.pool;

import dev.panamax.core.IntView;
import dev.panamax.core.Matrix;
import dev.panamax.shm.SharedArray;
import java.io.IOException;

/**
 * Static methods, lambdas and kernels that tests send to real worker JVMs. Each lambda lives in a class of its own:
 * the pool tells lambdas apart by the class that writes them.
 */
public final class RemoteFunctions {
    private RemoteFunctions() {
    }

    /** A long in, a long out: the int-for-long case. */
    public static long square(long x) {
        return x * x;
    }

    /** Another long function, so that a caller holds two candidates. */
    public static long cube(long x) {
        return x * x * x;
    }

    /** A short parameter: an argument that does not fit is refused in the caller. */
    public static int twice(short x) {
        return 2 * x;
    }

    /** Three parameters of three kinds. */
    public static String describe(String name, double x, int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return name + " " + x + " " + s;
    }

    /** A result that cannot travel back. */
    public static float asFloat(long x) {
        return x;
    }

    /** Throws in the worker. */
    public static long fails(long x) {
        throw new IllegalStateException("no square for " + x);
    }

    /** The worker's pid: a function of no argument. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** A Task's body as a static method. */
    public static Object doubled(TaskContext ctx, Object[] args) {
        return (Long) args[0] * 2;
    }

    /** The seed's per-row count as a user kernel: rows [from, from + count) of m, written to the segment args[2]. */
    public static Object countRows(TaskContext ctx, SharedArray m, long from, long count, Object[] args)
            throws IOException {
        int lo = ((Long) args[0]).intValue();
        int hi = ((Long) args[1]).intValue();
        IntView out = ctx.segment((String) args[2], m.path().getParent()).asInts();
        Matrix<IntView> rows = m.asIntMatrix();
        IntView flat = rows.flat();
        long cols = rows.cols();
        for (long r = from; r < from + count; r++) {
            int c = 0;
            for (long j = r * cols, end = j + cols; j < end; j++) {
                int v = flat.get(j);
                c += lo <= v && v <= hi ? 1 : 0;
            }
            out.set(r, c);
        }
        return null;
    }

    /** A lambda Fn1, alone in its class. */
    public static final class AddOne {
        public static final Remote.Fn1<Long, Long> FN = x -> x + 1;
    }

    /** A Task lambda, alone in its class. */
    public static final class TaskLambda {
        public static final Task TASK = (ctx, args) -> "worker " + ctx.workerId() + " got " + args.length;
    }

    /** Two different Fn1 lambdas in one class: neither can be told apart. */
    public static final class TwoLambdas {
        public static final Remote.Fn1<Long, Long> PLUS = x -> x + 1;
        public static final Remote.Fn1<Long, Long> MINUS = x -> x - 1;
    }

    /** The sum of a range of an int32 segment (rows of a 2-D one), as a lambda kernel alone in its class. */
    public static final class SumKernel {
        public static final RangeKernel KERNEL = (ctx, a, from, count, args) -> {
            long s = 0;
            long cols = a.shape().rank() == 2 ? a.shape().dim(1) : 1; // ranges are rows of a 2-D array
            IntView v = a.asInts().slice(from * cols, count * cols);
            for (long i = 0; i < v.length(); i++) {
                s += v.get(i);
            }
            return s;
        };
    }

    /** A named kernel class: the first element of each range of rows of a 2-D int32 array, plus args[0]. */
    public static final class FirstPlus implements RangeKernel {
        @Override
        public Object apply(TaskContext ctx, SharedArray a, long from, long count, Object[] args) {
            return a.asIntMatrix().getLong(from, 0) + (Double) args[0];
        }
    }

    /** Method references kept in fields, alone in their classes: found by class wherever they are passed. */
    public static final class Refs {
        public static final Remote.Fn1<Long, Long> SQUARE = RemoteFunctions::square;
    }

    /** See {@link Refs}. */
    public static final class TwiceRef {
        public static final Remote.Fn1<Short, Integer> TWICE = RemoteFunctions::twice;
    }
}
