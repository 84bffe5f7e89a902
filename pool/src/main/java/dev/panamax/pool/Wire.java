package dev.panamax.pool;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control protocol between the pool and a worker: length-prefixed binary frames over the worker's stdin
 * (parent to worker) and the worker's real stdout (worker to parent). Data never travels here, only task names,
 * small arguments and small results.
 *
 * <pre>
 * stream (worker to parent) := MAGIC frame*          stream (parent to worker) := frame*
 *
 * frame := +-------------------+-----------+----------------------+
 *          | length (int32 BE) | type (u8) | payload (length - 1) |     1 &lt;= length &lt;= MAX_FRAME
 *          +-------------------+-----------+----------------------+
 *
 * READY    (worker)  pid:i64
 * JOB      (parent)  jobId:i64 flags:u8 className:str count:i32 { argc:i32 value*argc }*count
 * OUTCOMES (worker)  jobId:i64 count:i32 { ok:u8 (value | throwable) }*count
 * SHUTDOWN (parent)  (empty) exit normally; EOF without it means the parent died: halt at once
 *
 * value     := tag:u8 body          tags: 0 null, 1 boolean(u8), 2 int(i32), 3 long(i64), 4 double(f64),
 *                                         5 str, 6 byte[], 7 int[], 8 long[], 9 float[], 10 double[]
 *                                         (arrays: n:i32 then n elements, big-endian)
 * str       := n:i32 then n bytes of UTF-8
 * throwable := className:str hasMessage:u8 [message:str] frames:i32 { class:str method:str
 *              hasFile:u8 [file:str] line:i32 }*frames hasCause:u8 [throwable]
 * </pre>
 *
 * The magic lets the parent skip anything the JVM might print on stdout before {@code main} runs; the worker
 * redirects {@code System.out} to stderr, so nothing else reaches the frame stream afterwards.
 */
final class Wire {
    static final byte[] MAGIC = "\u0000PANAMAX-POOL-1\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int MAX_FRAME = 64 << 20;

    static final byte READY = 1;
    static final byte JOB = 2;
    static final byte OUTCOMES = 3;
    static final byte SHUTDOWN = 4;

    static final byte FLAG_INITIALIZER = 1;

    private static final int MAX_CAUSE_DEPTH = 8;
    private static final int MAX_STACK_FRAMES = 256;

    private Wire() {
    }

    /** A frame under construction; {@link #sendTo} sends it with one write. */
    static final class Frame extends ByteArrayOutputStream {
        final DataOutputStream data = new DataOutputStream(this);

        Frame(byte type) {
            super(256);
            try {
                data.writeInt(0);
                data.writeByte(type);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        void sendTo(OutputStream out) throws IOException {
            int length = count - 4;
            if (length > MAX_FRAME) {
                throw new IllegalArgumentException("frame of " + length + " bytes exceeds the limit of " + MAX_FRAME);
            }
            buf[0] = (byte) (length >>> 24);
            buf[1] = (byte) (length >>> 16);
            buf[2] = (byte) (length >>> 8);
            buf[3] = (byte) length;
            out.write(buf, 0, count);
            out.flush();
        }
    }

    /** Reads one frame's type and leaves {@code in} positioned at its payload; returns -1 at a clean EOF. */
    static int readFrameHeader(DataInputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return -1;
        }
        int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (length < 1 || length > MAX_FRAME) {
            throw new IOException("corrupt control stream: frame length " + length + " outside [1, " + MAX_FRAME + "]");
        }
        return in.readUnsignedByte();
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME) {
            throw new IOException("corrupt control stream: string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code v} is a value the protocol carries.
     *
     * @param what names the value in the message ("argument 2 of task 7")
     * @throws IllegalArgumentException naming the type and the accepted kinds
     */
    static void checkValue(Object v, String what) {
        int n;
        switch (v) {
            case null -> { return; }
            case Boolean b -> { return; }
            case Integer i -> { return; }
            case Long l -> { return; }
            case Double d -> { return; }
            case String s -> n = s.length();
            case byte[] a -> n = a.length;
            case int[] a -> n = a.length;
            case long[] a -> n = a.length;
            case float[] a -> n = a.length;
            case double[] a -> n = a.length;
            default -> throw new IllegalArgumentException(what + " has unsupported type " + v.getClass().getName()
                    + "; expected null, Boolean, Integer, Long, Double, String, byte[], int[], long[], float[]"
                    + " or double[] (pass large data as a shared segment name)");
        }
        if (n > WorkerPool.MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException(what + " is too large: " + n + " elements, limit "
                    + WorkerPool.MAX_ARRAY_ELEMENTS + " (pass large data as a shared segment name)");
        }
    }

    static void writeValue(DataOutputStream out, Object v) throws IOException {
        switch (v) {
            case null -> out.writeByte(0);
            case Boolean b -> { out.writeByte(1); out.writeBoolean(b); }
            case Integer i -> { out.writeByte(2); out.writeInt(i); }
            case Long l -> { out.writeByte(3); out.writeLong(l); }
            case Double d -> { out.writeByte(4); out.writeDouble(d); }
            case String s -> { out.writeByte(5); writeString(out, s); }
            case byte[] a -> { out.writeByte(6); out.writeInt(a.length); out.write(a); }
            case int[] a -> {
                out.writeByte(7);
                out.writeInt(a.length);
                for (int x : a) {
                    out.writeInt(x);
                }
            }
            case long[] a -> {
                out.writeByte(8);
                out.writeInt(a.length);
                for (long x : a) {
                    out.writeLong(x);
                }
            }
            case float[] a -> {
                out.writeByte(9);
                out.writeInt(a.length);
                for (float x : a) {
                    out.writeFloat(x);
                }
            }
            case double[] a -> {
                out.writeByte(10);
                out.writeInt(a.length);
                for (double x : a) {
                    out.writeDouble(x);
                }
            }
            default -> throw new IllegalArgumentException("unsupported type " + v.getClass().getName());
        }
    }

    static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> in.readBoolean();
            case 2 -> in.readInt();
            case 3 -> in.readLong();
            case 4 -> in.readDouble();
            case 5 -> readString(in);
            case 6 -> in.readNBytes(arrayLength(in));
            case 7 -> {
                int[] a = new int[arrayLength(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                yield a;
            }
            case 8 -> {
                long[] a = new long[arrayLength(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                yield a;
            }
            case 9 -> {
                float[] a = new float[arrayLength(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readFloat();
                }
                yield a;
            }
            case 10 -> {
                double[] a = new double[arrayLength(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
                }
                yield a;
            }
            default -> throw new IOException("corrupt control stream: value tag " + tag);
        };
    }

    private static int arrayLength(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > WorkerPool.MAX_ARRAY_ELEMENTS) {
            throw new IOException("corrupt control stream: array length " + n);
        }
        return n;
    }

    static void writeThrowable(DataOutputStream out, Throwable t) throws IOException {
        writeThrowable(out, t, 0);
    }

    private static void writeThrowable(DataOutputStream out, Throwable t, int depth) throws IOException {
        writeString(out, t.getClass().getName());
        String msg = t.getMessage();
        out.writeBoolean(msg != null);
        if (msg != null) {
            writeString(out, msg);
        }
        StackTraceElement[] st = t.getStackTrace();
        int n = Math.min(st.length, MAX_STACK_FRAMES);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            StackTraceElement e = st[i];
            writeString(out, e.getClassName());
            writeString(out, e.getMethodName());
            out.writeBoolean(e.getFileName() != null);
            if (e.getFileName() != null) {
                writeString(out, e.getFileName());
            }
            out.writeInt(e.getLineNumber());
        }
        Throwable cause = t.getCause();
        boolean more = cause != null && cause != t && depth + 1 < MAX_CAUSE_DEPTH;
        out.writeBoolean(more);
        if (more) {
            writeThrowable(out, cause, depth + 1);
        }
    }

    static RemoteTaskException readThrowable(DataInputStream in) throws IOException {
        String cls = readString(in);
        String msg = in.readBoolean() ? readString(in) : null;
        int n = in.readInt();
        if (n < 0 || n > MAX_STACK_FRAMES) {
            throw new IOException("corrupt control stream: " + n + " stack frames");
        }
        List<StackTraceElement> st = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String c = readString(in);
            String m = readString(in);
            String f = in.readBoolean() ? readString(in) : null;
            st.add(new StackTraceElement(c, m, f, in.readInt()));
        }
        RemoteTaskException cause = in.readBoolean() ? readThrowable(in) : null;
        return new RemoteTaskException(cls, msg, st.toArray(StackTraceElement[]::new), cause);
    }

}
