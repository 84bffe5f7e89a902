package dev.panamax.pool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a {@link Task} may safely run twice with the same arguments (it only reads shared memory, or
 * writes the same values again). When the worker running such a task dies, the pool runs the task once more on
 * a replacement worker before failing its future with {@link WorkerCrashedException}. Tasks without this
 * annotation are never retried, since a second run could repeat a side effect. {@link TaskOptions#idempotent}
 * overrides the annotation for one submission.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Idempotent {
}
