package dev.panamax.spark;

import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.Matrix;
import dev.panamax.core.Npy;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.OffHeapArray;
import dev.panamax.core.Shape;
import dev.panamax.shm.Segments;
import dev.panamax.simd.Kernels;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Host broadcasts and kernels in {@code local[2]}: the driver's JVM is the executor. Uses Kryo for task results, as
 * many applications do, so that what travels back from tasks (placements, reports) is checked with it too.
 */
class LocalModeTest {
    private static final Path SHM = Segments.defaultDirectory();
    private static JavaSparkContext sc;
    private static SparkSession spark;
    private static String prefix;

    @BeforeAll
    static void start() {
        sc = SparkTestSupport.local(SparkTestSupport.conf("panamax-local")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        prefix = HostBroadcast.segmentPrefix(sc.sc().applicationId());
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void arraysOfEachTypeArriveIntactInTasks() throws Exception {
        double[] d = TestData.doubles(100_003);
        float[] f = {1.5f, -2.25f, 3f};
        int[] i = {7, -8, Integer.MAX_VALUE};
        long[] l = {Long.MIN_VALUE, 0, 42};
        HostBroadcast bd = HostBroadcast.of(sc, d);
        HostBroadcast bf = HostBroadcast.of(sc, f);
        HostBroadcast bi = HostBroadcast.of(sc, i);
        HostBroadcast bl = HostBroadcast.of(sc, l);
        try {
            assertArrayEquals(d, sc.parallelize(List.of(0), 1).map(x -> bd.array().asDoubles().toArray()).first());
            assertArrayEquals(f, sc.parallelize(List.of(0), 1).map(x -> bf.array().asFloats().toArray()).first());
            assertArrayEquals(i, sc.parallelize(List.of(0), 1).map(x -> bi.array().asInts().toArray()).first());
            assertArrayEquals(l, sc.parallelize(List.of(0), 1).map(x -> bl.array().asLongs().toArray()).first());
            assertEquals(Shape.of(100_003), bd.shape());
            assertEquals(DType.FLOAT32, bf.dtype());
            assertTrue(bd.name().startsWith(prefix), bd.name());
        } finally {
            for (HostBroadcast b : List.of(bd, bf, bi, bl)) {
                b.destroy();
            }
        }
        assertEquals(List.of(), SparkTestSupport.files(SHM, prefix));
    }

    @Test
    void tasksCannotWriteIntoTheBroadcast() throws Exception {
        HostBroadcast b = HostBroadcast.of(sc, new double[]{1, 2, 3});
        try {
            SparkException e = assertThrows(SparkException.class, () -> sc.parallelize(List.of(0), 1)
                    .map(x -> {
                        b.array().asDoubles().set(0, 9);
                        return 0;
                    }).collect());
            assertTrue(e.getMessage().contains("UnsupportedOperationException"), e.getMessage());
        } finally {
            b.destroy();
        }
    }

    @Test
    void panamaxArraysAndNpyFilesArePublishedWithTheirShape(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.npy");
        try (OffHeapArray m = OffHeapArray.allocate(DType.INT32, Shape.of(1000, 5))) {
            for (int k = 0; k < 5000; k++) {
                m.asInts().set(k, k % 10);
            }
            Npy.write(file, m);
            HostBroadcast fromArray = HostBroadcast.of(sc, m);
            HostBroadcast fromNpy = HostBroadcast.ofNpy(sc, file);
            HostBroadcast fromShared = HostBroadcast.ofSharedNpy(sc, file);
            try {
                for (HostBroadcast b : List.of(fromArray, fromNpy, fromShared)) {
                    assertEquals(Shape.of(1000, 5), b.shape());
                    // per-row counts over each slice's rows: 1000 rows x 3 of 5 values in [4, 6]
                    long inRange = SliceKernels.map(sc, b, 3, s -> {
                        try (OffHeapArray out = OffHeapArray.allocate(DType.INT32, Shape.of(s.rows()))) {
                            Kernels.simd().countInRangePerRow(Matrix.ofInts(s.segment(), s.rows(), s.columns()), 4, 6,
                                    out.asInts());
                            return Kernels.simd().sum(out.asInts());
                        }
                    }).collect().stream().mapToLong(Long::longValue).sum();
                    assertEquals(1500, inRange, b.toString());
                }
            } finally {
                fromArray.destroy();
                fromNpy.destroy();
                fromShared.destroy();
            }
        }
    }

    @Test
    void slicesCoverEveryRowOnce() throws Exception {
        HostBroadcast b = HostBroadcast.of(sc, new long[]{1, 2, 3, 4, 5, 6, 7});
        try {
            List<long[]> parts = SliceKernels.map(sc, b, 10, s -> new long[]{s.firstRow(), s.rows(),
                    Kernels.simd().sum(s.view()).longValue()}).collect();
            assertEquals(10, parts.size());
            long next = 0;
            long total = 0;
            for (long[] p : parts) {
                assertEquals(next, p[0]);
                next += p[1];
                total += p[2];
            }
            assertEquals(7, next);
            assertEquals(28, total);
            assertEquals(140L, SliceKernels.sumOfSquares(sc, b, 3));
            assertEquals(3, SliceKernels.countInRange(sc, b, 2, 3, 5));
        } finally {
            b.destroy();
        }
    }

    @Test
    void kernelsEqualSparksOwnSumOfSquaresAndCount() throws Exception {
        int n = 1_000_003;
        Dataset<Row> ds = TestData.dataset(spark, n, 4).cache();
        Row spark = ds.agg(sum(col("x").multiply(col("x"))), count(col("x"))).first();
        double sparkSum = spark.getDouble(0);
        HostBroadcast b = HostBroadcast.ofColumn(ds, "x");
        try {
            double slices = SliceKernels.sumOfSquares(sc, b, 4).doubleValue();
            double column = ColumnKernels.sumOfSquares(ds, "x").doubleValue();
            double bound = TestData.bound(n, sparkSum);
            assertTrue(Math.abs(slices - sparkSum) <= bound, slices + " vs Spark " + sparkSum + ", bound " + bound);
            assertTrue(Math.abs(column - sparkSum) <= bound, column + " vs Spark " + sparkSum + ", bound " + bound);
            long counted = ColumnKernels.mapPartitions(ds, "x", (v, p) -> v.length()).collect().stream()
                    .mapToLong(Long::longValue).sum();
            assertEquals(spark.getLong(1), counted);
            assertEquals(spark.getLong(1), b.shape().dim(0));
            DoubleView first = b.array().asDoubles();
            assertEquals(TestData.value(12345), first.get(12345));
        } finally {
            b.destroy();
            ds.unpersist();
        }
    }

    @Test
    void columnsWithNullsOrOfOtherTypesAreRefusedByName() {
        Dataset<Row> ds = spark.sql("SELECT CAST(id AS STRING) AS s, IF(id = 2, NULL, id) AS n FROM range(5)");
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> HostBroadcast.ofColumn(ds, "s"));
        assertEquals("column 's' is string: expected double, float, int or long (short and byte become int32)",
                type.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ColumnKernels.sumOfSquares(ds, "nope"));
        assertEquals("no column 'nope' in the Dataset: its columns are [s, n]", missing.getMessage());
        IllegalArgumentException nulls = assertThrows(IllegalArgumentException.class,
                () -> HostBroadcast.ofColumn(ds, "n"));
        assertEquals("column 'n' has a null at row 2: a host broadcast holds numbers only (filter or fill nulls "
                + "first)", nulls.getMessage());
        // kernels skip nulls, as Spark's sum and count do: 0 + 1 + 9 + 16
        assertEquals(26L, ColumnKernels.sumOfSquares(ds, "n"));
    }

    @Test
    void badInputLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "not a numpy file");
        assertThrows(NpyFormatException.class, () -> HostBroadcast.ofNpy(sc, notNpy));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> HostBroadcast.ofNpy(sc, dir.resolve("none.npy")));
        HostBroadcast b = HostBroadcast.of(sc, new int[]{1});
        IllegalArgumentException slices = assertThrows(IllegalArgumentException.class,
                () -> SliceKernels.map(sc, b, 0, s -> 0));
        assertEquals("slices=0: expected at least 1", slices.getMessage());
        b.destroy();
        assertEquals(List.of(), SparkTestSupport.files(SHM, prefix));
    }

    @Test
    void aDestroyedBroadcastFailsClearlyAndDestroyIsIdempotent() throws Exception {
        HostBroadcast b = HostBroadcast.of(sc, new double[]{1, 2});
        assertEquals(1, b.materialize().size());
        b.destroy();
        b.destroy();
        assertFalse(Files.exists(SHM.resolve(b.name())));
        IllegalStateException e = assertThrows(IllegalStateException.class, b::array);
        assertEquals("host broadcast '" + b.name() + "' was destroyed", e.getMessage());
        IllegalStateException m = assertThrows(IllegalStateException.class, b::materialize);
        assertEquals("host broadcast '" + b.name() + "' was destroyed: materialize() needs a live broadcast",
                m.getMessage());
        SparkException task = assertThrows(SparkException.class,
                () -> sc.parallelize(List.of(0), 1).map(x -> b.array().length()).collect());
        assertTrue(SparkTestSupport.messages(task).contains("host broadcast '" + b.name()
                + "' was destroyed: publish a new one"), SparkTestSupport.messages(task));
    }

    @Test
    void materializeReportsTheDriverInLocalMode() throws Exception {
        HostBroadcast b = HostBroadcast.of(sc, new float[1000]);
        try {
            List<Placement> p = b.materialize();
            assertEquals(1, p.size());
            assertEquals("driver", p.get(0).jvm().executorId());
            assertEquals(Placement.How.OPENED, p.get(0).how());
            assertEquals(ProcessHandle.current().pid(), p.get(0).jvm().pid());
            assertTrue(p.get(0).jvm().vectorized());
            assertEquals(List.of(b.name()), SparkTestSupport.files(SHM, b.name()));
        } finally {
            b.destroy();
        }
    }
}
