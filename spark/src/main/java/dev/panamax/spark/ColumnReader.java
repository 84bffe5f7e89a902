package dev.panamax.spark;

import dev.panamax.core.DType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Iterator;

/** Reads a numeric column's value from field 0 of a row into off-heap memory, by the column's Spark type. */
enum ColumnReader {
    DOUBLE(DType.FLOAT64) {
        @Override
        void put(Row r, MemorySegment dst, long index) {
            dst.setAtIndex(F64, index, r.getDouble(0));
        }
    },
    FLOAT(DType.FLOAT32) {
        @Override
        void put(Row r, MemorySegment dst, long index) {
            dst.setAtIndex(F32, index, r.getFloat(0));
        }
    },
    INT(DType.INT32) {
        @Override
        void put(Row r, MemorySegment dst, long index) {
            dst.setAtIndex(I32, index, r.getInt(0));
        }
    },
    SHORT(DType.INT32) {
        @Override
        void put(Row r, MemorySegment dst, long index) {
            dst.setAtIndex(I32, index, r.getShort(0));
        }
    },
    BYTE(DType.INT32) {
        @Override
        void put(Row r, MemorySegment dst, long index) {
            dst.setAtIndex(I32, index, r.getByte(0));
        }
    },
    LONG(DType.INT64) {
        @Override
        void put(Row r, MemorySegment dst, long index) {
            dst.setAtIndex(I64, index, r.getLong(0));
        }
    };

    private static final ValueLayout.OfDouble F64 = (ValueLayout.OfDouble) DType.FLOAT64.layout();
    private static final ValueLayout.OfFloat F32 = (ValueLayout.OfFloat) DType.FLOAT32.layout();
    private static final ValueLayout.OfInt I32 = (ValueLayout.OfInt) DType.INT32.layout();
    private static final ValueLayout.OfLong I64 = (ValueLayout.OfLong) DType.INT64.layout();

    private final DType dtype;

    ColumnReader(DType dtype) {
        this.dtype = dtype;
    }

    /** {@return the dtype the values take off-heap} */
    DType dtype() {
        return dtype;
    }

    /** Writes field 0 of {@code r}, which is not null, as element {@code index} of {@code dst}. */
    abstract void put(Row r, MemorySegment dst, long index);

    /**
     * {@return the reader for a top-level column of {@code ds}}
     *
     * @throws IllegalArgumentException if there is no such column (the message lists the columns) or its type is
     *                                  not numeric
     */
    static ColumnReader of(Dataset<Row> ds, String column) {
        StructType schema = ds.schema();
        if (column == null || !Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "' in the Dataset: its columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        StructField f = schema.apply(column);
        DataType t = f.dataType();
        if (t.equals(DataTypes.DoubleType)) {
            return DOUBLE;
        } else if (t.equals(DataTypes.FloatType)) {
            return FLOAT;
        } else if (t.equals(DataTypes.IntegerType)) {
            return INT;
        } else if (t.equals(DataTypes.ShortType)) {
            return SHORT;
        } else if (t.equals(DataTypes.ByteType)) {
            return BYTE;
        } else if (t.equals(DataTypes.LongType)) {
            return LONG;
        }
        throw new IllegalArgumentException("column '" + column + "' is " + t.simpleString()
                + ": expected double, float, int or long (short and byte become int32)");
    }

    /**
     * Streams the column's {@code n} values into {@code dst} on the driver, one partition at a time.
     *
     * @throws IllegalArgumentException at the first null, naming the column and the row
     * @throws IllegalStateException if the column does not have exactly {@code n} rows
     */
    void copyAll(Dataset<Row> ds, String column, MemorySegment dst, long n) {
        Iterator<Row> rows = ds.select(ds.col(column)).toLocalIterator();
        long i = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            if (i == n) {
                throw new IllegalStateException("column '" + column + "' has more than the " + n
                        + " rows counted a moment ago: the Dataset is not deterministic (cache it first)");
            }
            if (r.isNullAt(0)) {
                throw new IllegalArgumentException("column '" + column + "' has a null at row " + i
                        + ": a host broadcast holds numbers only (filter or fill nulls first)");
            }
            put(r, dst, i++);
        }
        if (i != n) {
            throw new IllegalStateException("column '" + column + "' has " + i + " rows, but " + n
                    + " were counted a moment ago: the Dataset is not deterministic (cache it first)");
        }
    }
}
