package dev.panamax.pool;

/**
 * Typed functions that run in a worker: {@link WorkerPool#call(Remote.Fn1, Object)} and its siblings take a method
 * reference to a static method, or a lambda that uses only its parameters, of a class on the workers' class path.
 *
 * <p>The function does not travel: the pool finds the static method it stands for (reading the bytecode of the
 * class that wrote it, never by Java serialization; see {@link WorkerPool#call(Remote.Fn1, Object)} for the rules),
 * and the worker calls that method by name. The arguments are checked against the method's own parameter types in
 * the caller: the compiler already refuses {@code call(Tasks::square, 41)} for {@code static long square(long x)}
 * ({@code 41L} compiles), and a value that does not fit at run time is refused before anything is sent.
 *
 * {@snippet :
 * public final class Tasks {
 *     public static long square(long x) {
 *         return x * x;
 *     }
 * }
 * long y = pool.call(Tasks::square, 12L).join();   // 144, computed in a worker
 * }
 */
public final class Remote {
    private Remote() {
    }

    /**
     * A function of no argument that runs in a worker.
     *
     * @param <R> the result type: Boolean, Integer, Long, Double, String, a primitive array, or null
     */
    @FunctionalInterface
    public interface Fn0<R> {
        /**
         * {@return the result, sent back to the caller}
         *
         * @throws Exception anything: the caller's future fails with a {@link RemoteTaskException}
         */
        R apply() throws Exception;
    }

    /**
     * A function of one argument that runs in a worker.
     *
     * @param <A> the argument type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Fn1<A, R> {
        /**
         * {@return the result, sent back to the caller}
         *
         * @param a the argument
         * @throws Exception anything: the caller's future fails with a {@link RemoteTaskException}
         */
        R apply(A a) throws Exception;
    }

    /**
     * A function of two arguments that runs in a worker.
     *
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Fn2<A, B, R> {
        /**
         * {@return the result, sent back to the caller}
         *
         * @param a the first argument
         * @param b the second argument
         * @throws Exception anything: the caller's future fails with a {@link RemoteTaskException}
         */
        R apply(A a, B b) throws Exception;
    }

    /**
     * A function of three arguments that runs in a worker.
     *
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <C> the third argument type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Fn3<A, B, C, R> {
        /**
         * {@return the result, sent back to the caller}
         *
         * @param a the first argument
         * @param b the second argument
         * @param c the third argument
         * @throws Exception anything: the caller's future fails with a {@link RemoteTaskException}
         */
        R apply(A a, B b, C c) throws Exception;
    }
}
