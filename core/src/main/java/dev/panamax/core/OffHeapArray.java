package dev.panamax.core;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An in-process array in native memory, owned by a shared {@link Arena} (so any thread may use it),
 * zero-filled, 64-byte aligned. Close it to free the memory; views made from it then throw
 * {@link IllegalStateException} on access instead of crashing.
 *
 * <p>Arrays of 4 MiB and more are mapped 2 MiB aligned and advised for transparent huge pages, as NumPy does for
 * large arrays, on Linux when native access is enabled ({@code --enable-native-access=ALL-UNNAMED}, or the module
 * name): fewer TLB misses when a kernel streams them. Elsewhere they come from the arena like small arrays.
 *
 * {@snippet :
 * try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1_000_000))) {
 *     a.asDoubles().copyFrom(values);
 *     double s = Kernels.sumOfSquares(a.asDoubles());
 * }
 * }
 */
public final class OffHeapArray implements NumericArray, AutoCloseable {
    /** Alignment of the data in bytes: one cache line, and a multiple of every vector size. */
    public static final long ALIGNMENT = 64;

    private final Arena arena;
    private final MemorySegment segment;
    private final DType dtype;
    private final Shape shape;

    private OffHeapArray(DType dtype, Shape shape) {
        this.dtype = dtype;
        this.shape = shape;
        long bytes = shape.byteSize(dtype);
        this.arena = Arena.ofShared();
        try {
            MemorySegment mapped = HugePages.allocate(bytes, arena);
            this.segment = mapped != null ? mapped : arena.allocate(bytes, ALIGNMENT);
        } catch (OutOfMemoryError | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Allocates a zero-filled array.
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @return the array; close it to free the memory
     * @throws IllegalArgumentException if the size overflows
     * @throws OutOfMemoryError if the memory cannot be allocated
     */
    public static OffHeapArray allocate(DType dtype, Shape shape) {
        return new OffHeapArray(Objects.requireNonNull(dtype, "dtype"), Objects.requireNonNull(shape, "shape"));
    }

    /**
     * Allocates an array and fills it before returning it: with a {@link Fill}
     * ({@code allocate(DType.FLOAT64, Shape.of(n), Fill.uniform(42))}) or any code that writes the array. If
     * {@code init} throws, the memory is freed and the exception propagates.
     *
     * {@snippet :
     * try (OffHeapArray a = OffHeapArray.allocate(DType.FLOAT64, Shape.of(1000, 5), Fill.arange());
     *      OffHeapArray b = OffHeapArray.allocate(DType.FLOAT32, Shape.of(1000),
     *              x -> x.asFloats().setAll(i -> (float) Math.sin(i * 0.01)))) {
     *     // a is 0.0, 1.0, 2.0, ... in row-major order
     * }
     * }
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @param init writes the initial values; it must not close the array
     * @return the filled array; close it to free the memory
     * @throws IllegalArgumentException if the size overflows, or a {@link Fill} does not suit the dtype
     * @throws IllegalStateException if {@code init} closed the array
     * @throws NullPointerException if an argument is null
     * @throws OutOfMemoryError if the memory cannot be allocated
     */
    public static OffHeapArray allocate(DType dtype, Shape shape, Consumer<? super OffHeapArray> init) {
        Objects.requireNonNull(init, "init");
        OffHeapArray a = allocate(dtype, shape);
        try {
            init.accept(a);
            if (!a.isOpen()) {
                throw new IllegalStateException("the initialiser closed " + a);
            }
            return a;
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
    }

    /**
     * Copies a Java array into a new 1-D float64 off-heap array.
     *
     * @param values the values
     * @return the array; close it to free the memory
     * @throws NullPointerException if {@code values} is null
     */
    public static OffHeapArray copyOf(double[] values) {
        OffHeapArray a = allocate(DType.FLOAT64, Shape.of(values.length));
        a.asDoubles().copyFrom(values);
        return a;
    }

    /**
     * Copies a Java array into a new 1-D float32 off-heap array.
     *
     * @param values the values
     * @return the array; close it to free the memory
     * @throws NullPointerException if {@code values} is null
     */
    public static OffHeapArray copyOf(float[] values) {
        OffHeapArray a = allocate(DType.FLOAT32, Shape.of(values.length));
        a.asFloats().copyFrom(values);
        return a;
    }

    /**
     * Copies a Java array into a new 1-D int32 off-heap array.
     *
     * @param values the values
     * @return the array; close it to free the memory
     * @throws NullPointerException if {@code values} is null
     */
    public static OffHeapArray copyOf(int[] values) {
        OffHeapArray a = allocate(DType.INT32, Shape.of(values.length));
        a.asInts().copyFrom(values);
        return a;
    }

    /**
     * Copies a Java array into a new 1-D int64 off-heap array.
     *
     * @param values the values
     * @return the array; close it to free the memory
     * @throws NullPointerException if {@code values} is null
     */
    public static OffHeapArray copyOf(long[] values) {
        OffHeapArray a = allocate(DType.INT64, Shape.of(values.length));
        a.asLongs().copyFrom(values);
        return a;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the array has been closed
     */
    @Override
    public MemorySegment segment() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("off-heap array " + dtype.numpyName() + " " + shape + " is closed");
        }
        return segment;
    }

    /** {@return {@code true} until {@link #close()}} */
    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    /** Frees the memory. Idempotent: a second call does nothing. */
    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "OffHeapArray[" + dtype.numpyName() + ", shape=" + shape + (isOpen() ? "" : ", closed") + "]";
    }
}
