package dev.panamax.spark;

import dev.panamax.core.ArrayView;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import org.apache.spark.sql.Row;

import java.lang.foreign.MemorySegment;

/**
 * A partition's column values, copied off-heap once so that a kernel can run over them: grows by doubling, and frees
 * its memory at {@link #close()}.
 */
final class ColumnBuffer implements AutoCloseable {
    private static final long INITIAL = 1 << 16;

    private final ColumnReader reader;
    private OffHeapArray array;
    private MemorySegment memory;
    private long size;

    ColumnBuffer(ColumnReader reader) {
        this.reader = reader;
        this.array = OffHeapArray.allocate(reader.dtype(), Shape.of(INITIAL));
        this.memory = array.segment();
    }

    /** Appends field 0 of a row, which is not null. */
    void add(Row r) {
        if (size == array.length()) {
            OffHeapArray bigger = OffHeapArray.allocate(reader.dtype(), Shape.of(Math.multiplyExact(size, 2)));
            MemorySegment.copy(memory, 0, bigger.segment(), 0, memory.byteSize());
            array.close();
            array = bigger;
            memory = bigger.segment();
        }
        reader.put(r, memory, size++);
    }

    /** {@return the values added so far, valid until the next {@link #add} or {@link #close()}} */
    ArrayView view() {
        return Views.of(reader.dtype(), memory.asSlice(0, size * reader.dtype().byteSize()));
    }

    @Override
    public void close() {
        array.close();
    }
}
