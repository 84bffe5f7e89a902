package example.consumer;

import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;

/** A task of this project's own, run in a worker JVM: squares a long. */
public final class Square implements Task {
    /** Workers create the task with this constructor. */
    public Square() {
    }

    @Override
    public Object call(TaskContext ctx, Object[] args) {
        long x = (Long) args[0];
        return x * x;
    }
}
