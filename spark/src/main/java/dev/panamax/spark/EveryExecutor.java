package dev.panamax.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Runs a function once in every executor JVM of an application: to open a segment everywhere, warm the kernels up,
 * or check each JVM's flags. Spark places tasks where it likes, so this runs jobs of more tasks than there are
 * executors, each JVM runs the function for the first of its tasks and answers the rest from memory, and jobs repeat
 * (up to {@value #ROUNDS} in all) until every registered executor has answered.
 *
 * {@snippet :
 * Map<String, Long> pids = EveryExecutor.run(sc, () -> ProcessHandle.current().pid());   // {"0": 4242, "1": 4243}
 * }
 */
public final class EveryExecutor {
    private static final int ROUNDS = 5;
    /** Answers of this JVM to recent runs, so that a JVM that gets several tasks of a run computes once. */
    private static final Map<String, Answer<?>> ANSWERS = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer<?>> eldest) {
            return size() > 64;
        }
    };

    private EveryExecutor() {
    }

    /**
     * A function to run in an executor; it is serialized with its captured values.
     *
     * @param <R> the result type: serializable, small
     */
    @FunctionalInterface
    public interface Task<R> extends Serializable {
        /**
         * {@return the result for this JVM}
         *
         * @throws Exception anything; the job then fails with it
         */
        R call() throws Exception;
    }

    /**
     * Runs {@code task} once in each executor JVM registered now (in local mode: once, in the driver's JVM).
     *
     * @param sc the application's context
     * @param task the function
     * @param <R> its result type
     * @return the result of each JVM by Spark executor id ({@code "driver"} in local mode), sorted by id; executors
     *         that got no task in {@value #ROUNDS} jobs (busy with other jobs, or gone meanwhile) are missing
     * @throws RuntimeException Spark's {@code SparkException} (not declared: Spark throws it from Scala) if the task
     *                          fails in an executor
     */
    public static <R> Map<String, R> run(JavaSparkContext sc, Task<R> task) {
        String runId = UUID.randomUUID().toString();
        int expected = executorCount(sc);
        int slots = Math.max(2 * expected, sc.defaultParallelism());
        Map<String, R> out = new TreeMap<>();
        for (int round = 0; round < ROUNDS && out.size() < expected; round++) {
            List<Answer<R>> answers = sc.parallelize(IntStream.range(0, slots).boxed().toList(), slots)
                    .map(i -> answer(runId, task)).collect();
            for (Answer<R> a : answers) {
                out.putIfAbsent(a.executorId, a.value);
            }
        }
        return out;
    }

    /** {@return the executors registered now: 1 in local mode (the driver), else the status tracker's count less the driver} */
    static int executorCount(JavaSparkContext sc) {
        if (sc.sc().isLocal()) {
            return 1;
        }
        return Math.max(1, sc.sc().statusTracker().getExecutorInfos().length - 1);
    }

    /** {@return this JVM's executor id, {@code "driver"} in local mode, or {@code "none"} outside Spark} */
    static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }

    @SuppressWarnings("unchecked")
    private static <R> Answer<R> answer(String runId, Task<R> task) throws Exception {
        synchronized (ANSWERS) {
            Answer<?> a = ANSWERS.get(runId);
            if (a == null) {
                a = new Answer<>(executorId(), task.call());
                ANSWERS.put(runId, a);
            }
            return (Answer<R>) a;
        }
    }

    /**
     * One JVM's answer: its executor id and the task's result.
     *
     * @param <R> the result type
     */
    private static final class Answer<R> implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        /** the executor id of the JVM that answered */
        private final String executorId;
        /** the task's result; {@link Task#call} results must be serializable, as every Spark task result is */
        @SuppressWarnings("serial") // R is a type variable: javac cannot see that Spark only returns serializable ones
        private final R value;

        Answer(String executorId, R value) {
            this.executorId = executorId;
            this.value = value;
        }
    }
}
