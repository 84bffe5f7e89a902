package example.consumer;

import dev.panamax.pool.Task;
import dev.panamax.pool.TaskContext;
import dev.panamax.simd.Kernels;

/** A task that opens a segment by name in the worker (cached there) and sums it with the SIMD kernel. */
public final class SegmentSum implements Task {
    /** Workers create the task with this constructor. */
    public SegmentSum() {
    }

    @Override
    public Object call(TaskContext ctx, Object[] args) throws Exception {
        return Kernels.sum(ctx.segment((String) args[0]).asDoubles());
    }
}
