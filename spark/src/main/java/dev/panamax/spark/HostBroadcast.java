package dev.panamax.spark;

import dev.panamax.core.ArrayView;
import dev.panamax.core.DType;
import dev.panamax.core.Npy;
import dev.panamax.core.NpyHeader;
import dev.panamax.core.NumericArray;
import dev.panamax.core.Shape;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A numeric array that every executor host of a Spark application holds once, in a shared segment, and that every
 * task reads in place: Spark's {@code broadcast} without a copy in each executor's heap.
 *
 * {@snippet :
 * JavaSparkContext sc = ...;
 * HostBroadcast weights = HostBroadcast.of(sc, new double[50_000_000]);   // driver: one segment on its host
 * weights.materialize();                      // optional: every executor's host gets it now, not at first use
 * List<Double> partials = sc.parallelize(List.of(0, 1, 2, 3), 4).map(i -> {
 *     DoubleView w = weights.array().asDoubles();   // executor: opened once per JVM, zero-copy
 *     return Kernels.sumOfSquares(w.slice(i * 12_500_000L, 12_500_000));
 * }).collect();
 * weights.destroy();                          // or let the application's end remove it
 * }
 *
 * <h2>How the data reaches each host</h2>
 * The driver writes the array into a segment on its own host ({@code PANAMAX_DIR}, else {@code /dev/shm}), named
 * {@code pmx-spark-<application id>-<n>-<random>}. A task that needs it ({@link #array()}) opens that name in its
 * executor's segment directory: executors on the driver's host find the driver's segment. On any other host the
 * first executor that needs it takes a host lock, fetches the bytes and publishes the host's segment; the other
 * executors of that host wait for the lock and open it. The bytes travel by Spark's own machinery: chunks of
 * {@value #CHUNK_BYTES} bytes, one Spark broadcast each (torrent distribution between executors), or, for
 * {@link #ofSharedNpy}, a {@code .npy} file that every host reads at the same path.
 *
 * <h2>Lifetime</h2>
 * {@link #destroy()} removes the broadcast everywhere; otherwise the application's end does (a listener on the
 * driver, and a shutdown hook in each executor). Segments have lifetime {@code PROCESS}, so {@code panamax gc} on a
 * host collects what a crashed application left there once its JVMs are gone. See {@code docs/spark.md}.
 *
 * <p>Instances are serializable handles (name, dtype, shape, transfer) to use in task closures; the driver keeps
 * the state. Executors must run as the driver's user on a shared host (Panamax opens only its user's segments).
 */
public final class HostBroadcast implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Bytes per Spark broadcast when the data travels by broadcast: two of Spark's default 4 MiB blocks. */
    public static final int CHUNK_BYTES = 8 << 20;

    /** the segment name, the same on every host */
    private final String name;
    /** the element type */
    private final DType dtype;
    /** the dimensions */
    private final long[] dims;
    /** the id of the Spark application that published it */
    private final String appId;
    /** how executors get the data when their host has no segment yet */
    private final Delivery delivery;

    private HostBroadcast(String name, DType dtype, Shape shape, String appId, Delivery delivery) {
        this.name = name;
        this.dtype = dtype;
        this.dims = shape.dims();
        this.appId = appId;
        this.delivery = delivery;
    }

    /**
     * Publishes a copy of {@code values} (float64, shape {@code (n)}); driver only.
     *
     * @param sc the application's context
     * @param values the data; not kept
     * @return the handle to use in tasks
     * @throws IllegalStateException if the context is stopped
     * @throws IOException if the driver's segment cannot be created (for example a full {@code /dev/shm})
     */
    public static HostBroadcast of(JavaSparkContext sc, double[] values) throws IOException {
        Objects.requireNonNull(values, "values");
        return publish(sc, DType.FLOAT64, Shape.of(values.length), a -> a.asDoubles().copyFrom(values), null);
    }

    /**
     * Publishes a copy of {@code values} (float32, shape {@code (n)}); driver only.
     *
     * @param sc the application's context
     * @param values the data; not kept
     * @return the handle to use in tasks
     * @throws IllegalStateException if the context is stopped
     * @throws IOException if the driver's segment cannot be created
     */
    public static HostBroadcast of(JavaSparkContext sc, float[] values) throws IOException {
        Objects.requireNonNull(values, "values");
        return publish(sc, DType.FLOAT32, Shape.of(values.length), a -> a.asFloats().copyFrom(values), null);
    }

    /**
     * Publishes a copy of {@code values} (int32, shape {@code (n)}); driver only.
     *
     * @param sc the application's context
     * @param values the data; not kept
     * @return the handle to use in tasks
     * @throws IllegalStateException if the context is stopped
     * @throws IOException if the driver's segment cannot be created
     */
    public static HostBroadcast of(JavaSparkContext sc, int[] values) throws IOException {
        Objects.requireNonNull(values, "values");
        return publish(sc, DType.INT32, Shape.of(values.length), a -> a.asInts().copyFrom(values), null);
    }

    /**
     * Publishes a copy of {@code values} (int64, shape {@code (n)}); driver only.
     *
     * @param sc the application's context
     * @param values the data; not kept
     * @return the handle to use in tasks
     * @throws IllegalStateException if the context is stopped
     * @throws IOException if the driver's segment cannot be created
     */
    public static HostBroadcast of(JavaSparkContext sc, long[] values) throws IOException {
        Objects.requireNonNull(values, "values");
        return publish(sc, DType.INT64, Shape.of(values.length), a -> a.asLongs().copyFrom(values), null);
    }

    /**
     * Publishes a copy of any Panamax array (an {@code OffHeapArray}, a {@code SharedArray}, ...), of any dtype and
     * shape; driver only. The source stays the caller's.
     *
     * @param sc the application's context
     * @param array the data; read once, not kept
     * @return the handle to use in tasks
     * @throws IllegalStateException if the context is stopped or the array is closed
     * @throws IOException if the driver's segment cannot be created
     */
    public static HostBroadcast of(JavaSparkContext sc, NumericArray array) throws IOException {
        Objects.requireNonNull(array, "array");
        MemorySegment source = array.segment();
        return publish(sc, array.dtype(), array.shape(), a -> a.segment().copyFrom(source), null);
    }

    /**
     * Publishes the array of a {@code .npy} file that the driver reads (any {@code .npy} NumPy or Panamax writes,
     * row-major); driver only. The data reaches other hosts by Spark broadcast.
     *
     * @param sc the application's context
     * @param file the file, on the driver's host
     * @return the handle to use in tasks
     * @throws dev.panamax.core.NpyFormatException if the file is not a usable row-major {@code .npy} file
     * @throws IllegalStateException if the context is stopped
     * @throws IOException if the file cannot be read or the driver's segment cannot be created
     */
    public static HostBroadcast ofNpy(JavaSparkContext sc, Path file) throws IOException {
        return fromNpy(sc, file, false);
    }

    /**
     * Publishes the array of a {@code .npy} file that every host can read at the same path (a network file system,
     * a volume mounted on every host); driver only. Each host's first executor reads the file straight into the
     * host's segment: no broadcast, no heap copy on the way. Each host checks that its file has the dtype and shape
     * the driver read.
     *
     * @param sc the application's context
     * @param file the file, at the same absolute path on every host
     * @return the handle to use in tasks
     * @throws dev.panamax.core.NpyFormatException if the file is not a usable row-major {@code .npy} file
     * @throws IllegalStateException if the context is stopped
     * @throws IOException if the file cannot be read or the driver's segment cannot be created
     */
    public static HostBroadcast ofSharedNpy(JavaSparkContext sc, Path file) throws IOException {
        return fromNpy(sc, file, true);
    }

    private static HostBroadcast fromNpy(JavaSparkContext sc, Path file, boolean shared) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader h = Npy.readHeader(ch);
            h.requireRowMajor();
            return publish(sc, h.dtype(), h.shape(), a -> {
                try {
                    PathDelivery.copy(ch, h.dataOffset(), a.segment());
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
                }
            }, shared ? a -> new PathDelivery(file, h.dtype(), h.shape()) : null);
        }
    }

    /**
     * Publishes the values of a numeric column of a Dataset, in the Dataset's order (shape {@code (n)}); driver only.
     * Runs two jobs: a count, then a partition-by-partition pass that streams the values into the driver's segment
     * (the driver's heap holds one partition at a time). Double, float, int and long columns keep their type;
     * short and byte columns become int32.
     *
     * @param ds the Dataset
     * @param column a top-level column name
     * @return the handle to use in tasks
     * @throws IllegalArgumentException if there is no such column, its type is not numeric, or it holds a null (the
     *                                  message names the column and the row)
     * @throws IllegalStateException if the Dataset's row count changed between the two jobs
     * @throws IOException if the driver's segment cannot be created
     */
    public static HostBroadcast ofColumn(Dataset<Row> ds, String column) throws IOException {
        Objects.requireNonNull(ds, "ds");
        ColumnReader reader = ColumnReader.of(ds, column);
        long n = ds.count();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(ds.sparkSession().sparkContext());
        return publish(sc, reader.dtype(), Shape.of(n), a -> reader.copyAll(ds, column, a.segment(), n), null);
    }

    /**
     * Creates the driver's segment, filled, then the transfer for other hosts (Spark broadcasts of its chunks unless
     * {@code delivery} gives another), and registers both for cleanup.
     */
    private static HostBroadcast publish(JavaSparkContext sc, DType dtype, Shape shape,
                                         java.util.function.Consumer<SharedArray> fill,
                                         Function<SharedArray, Delivery> delivery) throws IOException {
        Objects.requireNonNull(sc, "sc");
        if (sc.sc().isStopped()) {
            throw new IllegalStateException("the Spark context of application " + sc.sc().applicationId()
                    + " is stopped: publish host broadcasts while it runs");
        }
        String appId = sc.sc().applicationId();
        String name = Published.newName(appId);
        SharedArray driverCopy = SharedArray.create(name, dtype, shape, SegmentOptions.defaults(), fill);
        try {
            Delivery d = delivery != null ? delivery.apply(driverCopy)
                    : ChunkDelivery.broadcast(sc, driverCopy.segment(), CHUNK_BYTES);
            HostBroadcast b = new HostBroadcast(name, dtype, shape, appId, d);
            Published.register(sc, b, driverCopy);
            return b;
        } catch (RuntimeException | Error e) {
            driverCopy.unlink();
            driverCopy.close();
            throw e;
        }
    }

    /**
     * The array, mapped read-only in this JVM: on an executor (or on the driver), the host's segment, opened on first
     * use and cached for the JVM's life (fetched first if this host does not have it yet). Do not keep views past the
     * broadcast's {@link #destroy()}. There is nothing to close: the mapping belongs to the JVM's cache.
     *
     * @return the array; writes through its views throw {@link UnsupportedOperationException}
     * @throws IllegalStateException if the broadcast was destroyed
     * @throws IOException if the segment can neither be opened nor fetched on this host (for example a full
     *                     {@code /dev/shm}: the message says how many bytes were needed)
     */
    public NumericArray array() throws IOException {
        return HostSegments.get(this).array();
    }

    /**
     * {@return {@code array().view()}: a 1-D view of all elements, of the array's dtype}
     *
     * @throws IllegalStateException if the broadcast was destroyed
     * @throws IOException as {@link #array()}
     */
    public ArrayView view() throws IOException {
        return array().view();
    }

    /**
     * Makes every executor's host hold the array now (rather than at each host's first use), then drops the copies
     * of the transfer that fetching executors keep in their block managers, so the segments are the only copies
     * left on executors. Driver only. Executors that join later get the array at their first use.
     *
     * @return one entry per executor JVM (in local mode: the driver), by executor id
     * @throws IllegalStateException if the broadcast was destroyed, or this is not the driver that published it
     * @throws RuntimeException Spark's {@code SparkException} (not declared: Spark throws it from Scala) if an
     *                          executor cannot get the segment; the message names the executor and the cause
     */
    public List<Placement> materialize() {
        Published.State s = Published.require(name, "materialize()");
        Map<String, Placement> placed = EveryExecutor.run(s.sc(), () -> HostSegments.placement(this));
        delivery.releaseExecutorCopies();
        List<Placement> out = new ArrayList<>(placed.values());
        out.sort(Comparator.comparing(p -> p.jvm().executorId()));
        List<String> scalar = out.stream().filter(p -> !p.jvm().ok()).map(Placement::toString).toList();
        if (!scalar.isEmpty()) {
            System.getLogger("dev.panamax.spark").log(System.Logger.Level.WARNING, "Panamax kernels run scalar "
                    + "(slow) on " + scalar + ": see VectorApiCheck.requireEverywhere for the missing flags");
        }
        return out;
    }

    /**
     * Removes the broadcast: every executor closes its mapping (and the last one on a host that fetched it unlinks
     * that host's segment), the transfer is destroyed, and the driver's segment is unlinked. Driver only.
     * Idempotent. Tasks that use the handle afterwards fail with {@link IllegalStateException}.
     *
     * @throws IllegalStateException if this is not the driver that published it
     */
    public void destroy() {
        Published.State s = Published.remove(name);
        if (s == null) {
            if (!Published.destroyed(name)) {
                Published.require(name, "destroy()");
            }
            return;
        }
        if (!s.sc().sc().isStopped()) {
            String segment = name; // not this: a destroyed handle refuses to be serialized
            try {
                EveryExecutor.run(s.sc(), () -> {
                    HostSegments.release(segment);
                    return Boolean.TRUE;
                });
            } catch (RuntimeException e) {
                System.getLogger("dev.panamax.spark").log(System.Logger.Level.WARNING, "executors could not release"
                        + " host broadcast '" + name + "' (" + e.getMessage() + "); they release it when they exit");
            }
        }
        Published.releaseOnDriver(s);
    }

    /** {@return the segment name, the same on every host} */
    public String name() {
        return name;
    }

    /** {@return the element type} */
    public DType dtype() {
        return dtype;
    }

    /** {@return the dimensions} */
    public Shape shape() {
        return Shape.of(dims);
    }

    /** {@return the size of the data in bytes} */
    public long byteSize() {
        return shape().byteSize(dtype);
    }

    /** {@return the id of the Spark application that published it} */
    public String appId() {
        return appId;
    }

    /**
     * The prefix of every segment name of an application's host broadcasts, for listing or collecting them by
     * hand ({@code panamax list | grep <prefix>}).
     *
     * @param appId a Spark application id ({@code SparkContext.applicationId()})
     * @return {@code pmx-spark-<appId>-}, with characters outside {@code [A-Za-z0-9._-]} replaced by {@code _}
     */
    public static String segmentPrefix(String appId) {
        return Published.prefix(Objects.requireNonNull(appId, "appId"));
    }

    Delivery delivery() {
        return delivery;
    }

    /**
     * Refuses to serialize a broadcast that was destroyed, so no task starts with a handle to a removed segment.
     *
     * @param out the stream
     * @throws IOException if the broadcast was destroyed ({@link InvalidObjectException}) or the stream fails
     */
    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        if (Published.destroyed(name)) {
            throw new InvalidObjectException("host broadcast '" + name + "' was destroyed: publish a new one");
        }
        out.defaultWriteObject();
    }

    @Override
    public String toString() {
        return "HostBroadcast[" + name + ", " + dtype.numpyName() + " " + shape() + ", by " + delivery.describe() + "]";
    }
}
