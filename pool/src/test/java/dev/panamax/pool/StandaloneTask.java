package dev.panamax.pool;

/** A top-level task that a test loads again from another directory (a class the workers cannot see). */
public final class StandaloneTask implements Task {
    @Override
    public Object call(TaskContext ctx, Object[] args) {
        return "standalone";
    }
}
