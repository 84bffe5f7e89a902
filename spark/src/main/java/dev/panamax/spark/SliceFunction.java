package dev.panamax.spark;

import java.io.Serializable;

/**
 * What a task computes on its {@link Slice} of a host broadcast; serialized into the task with what it captures.
 *
 * @param <R> the result: one value per slice, serializable
 */
@FunctionalInterface
public interface SliceFunction<R> extends Serializable {
    /**
     * {@return this slice's result}
     *
     * @param slice this partition's rows, read-only, valid during the call
     * @throws Exception anything; the task fails with it
     */
    R apply(Slice slice) throws Exception;
}
