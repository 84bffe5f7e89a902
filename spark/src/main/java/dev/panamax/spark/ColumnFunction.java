package dev.panamax.spark;

import dev.panamax.core.ArrayView;

import java.io.Serializable;

/**
 * What a task computes on a partition's values of a numeric column, copied off-heap; serialized into the task with
 * what it captures.
 *
 * @param <R> the result: one value per partition, serializable
 */
@FunctionalInterface
public interface ColumnFunction<R> extends Serializable {
    /**
     * {@return this partition's result}
     *
     * @param values the partition's non-null values in row order, off-heap, valid during the call
     * @param partition the partition index
     * @throws Exception anything; the task fails with it
     */
    R apply(ArrayView values, int partition) throws Exception;
}
