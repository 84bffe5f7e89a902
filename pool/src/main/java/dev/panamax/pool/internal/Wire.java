package dev.panamax.pool.internal;

import dev.panamax.pool.RemoteTaskException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 * A frame is read whole before it is decoded, and every count in it (argument sets, arguments, array and
 * string lengths, stack frames) is checked against the bytes left in the frame before anything is allocated,
 * so a corrupt or hostile frame costs at most its own length. The magic lets the parent skip anything the JVM
 * prints on stdout before {@code main} runs; the worker redirects {@code System.out} to stderr afterwards.
 */
public final class Wire {
    public static final byte[] MAGIC = "\u0000PANAMAX-POOL-1\n".getBytes(StandardCharsets.ISO_8859_1);
    public static final int MAX_FRAME = 64 << 20;
    /** The most elements an array argument or result (or characters of a string) may have: 1 Mi. */
    public static final int MAX_ARRAY_ELEMENTS = 1 << 20;

    public static final byte READY = 1;
    public static final byte JOB = 2;
    public static final byte OUTCOMES = 3;
    public static final byte SHUTDOWN = 4;

    public static final byte FLAG_INITIALIZER = 1;

    private static final int MAX_CAUSE_DEPTH = 8;
    private static final int MAX_STACK_FRAMES = 256;

    private Wire() {
    }

    /** A frame under construction; {@link #sendTo} sends it with one write. */
    public static final class Frame extends ByteArrayOutputStream {
        /** The payload, written after the length and type. */
        public final DataOutputStream data = new DataOutputStream(this);

        /** @param type the frame type, e.g. {@link #JOB} */
        public Frame(byte type) {
            super(256);
            try {
                data.writeInt(0);
                data.writeByte(type);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * Fills in the length and writes the frame with one write, then flushes.
         *
         * @param out the stream
         * @throws IOException if writing fails
         * @throws IllegalArgumentException if the frame exceeds {@link #MAX_FRAME}
         */
        public void sendTo(OutputStream out) throws IOException {
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

    /** A frame read whole: its type and a reader over its payload that never reads or allocates past its end. */
    public static final class Received extends DataInputStream {
        /** The frame type. */
        public final int type;

        private Received(int type, byte[] payload) {
            super(new ByteArrayInputStream(payload));
            this.type = type;
        }

        /** @return the payload bytes not read yet */
        public int remaining() {
            try {
                return in.available();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * Checks a count read from the frame: each of {@code n} items needs at least {@code minBytes} more bytes.
         *
         * @throws IOException naming {@code what} if the frame cannot hold them
         */
        public int count(int n, int minBytes, String what) throws IOException {
            if (n < 0 || (long) n * minBytes > remaining()) {
                throw new IOException("corrupt control stream: " + n + " " + what + " in a frame with " + remaining()
                        + " bytes left");
            }
            return n;
        }
    }

    /**
     * Reads one whole frame.
     *
     * @return the frame, or null at a clean EOF (between frames)
     * @throws IOException if the stream ends inside a frame or the length is outside {@code [1, MAX_FRAME]}
     */
    public static Received read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        byte[] len = in.readNBytes(3);
        if (len.length < 3) {
            throw new EOFException("control stream ended inside a frame header");
        }
        int length = (b0 << 24) | ((len[0] & 0xff) << 16) | ((len[1] & 0xff) << 8) | (len[2] & 0xff);
        if (length < 1 || length > MAX_FRAME) {
            throw new IOException("corrupt control stream: frame length " + length + " outside [1, " + MAX_FRAME + "]");
        }
        int type = in.read();
        byte[] payload = in.readNBytes(length - 1);
        if (type < 0 || payload.length < length - 1) {
            throw new EOFException("control stream ended inside a frame of " + length + " bytes");
        }
        return new Received(type, payload);
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(Received in) throws IOException {
        int n = in.count(in.readInt(), 1, "string bytes");
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code v} is a value the protocol carries.
     *
     * @param what names the value in the message ("argument 2 of task 7")
     * @throws IllegalArgumentException naming the type and the accepted kinds
     */
    public static void checkValue(Object v, String what) {
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
        if (n > MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException(what + " is too large: " + n + " elements, limit "
                    + MAX_ARRAY_ELEMENTS + " (pass large data as a shared segment name)");
        }
    }

    public static void writeValue(DataOutputStream out, Object v) throws IOException {
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

    public static Object readValue(Received in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> in.readBoolean();
            case 2 -> in.readInt();
            case 3 -> in.readLong();
            case 4 -> in.readDouble();
            case 5 -> readString(in);
            case 6 -> in.readNBytes(arrayLength(in, 1));
            case 7 -> {
                int[] a = new int[arrayLength(in, 4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                yield a;
            }
            case 8 -> {
                long[] a = new long[arrayLength(in, 8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                yield a;
            }
            case 9 -> {
                float[] a = new float[arrayLength(in, 4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readFloat();
                }
                yield a;
            }
            case 10 -> {
                double[] a = new double[arrayLength(in, 8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
                }
                yield a;
            }
            default -> throw new IOException("corrupt control stream: value tag " + tag);
        };
    }

    private static int arrayLength(Received in, int elementBytes) throws IOException {
        int n = in.readInt();
        if (n > MAX_ARRAY_ELEMENTS) {
            throw new IOException("corrupt control stream: array length " + n + " over the limit "
                    + MAX_ARRAY_ELEMENTS);
        }
        return in.count(n, elementBytes, "array elements");
    }

    public static void writeThrowable(DataOutputStream out, Throwable t) throws IOException {
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

    public static RemoteTaskException readThrowable(Received in) throws IOException {
        return readThrowable(in, 0);
    }

    private static RemoteTaskException readThrowable(Received in, int depth) throws IOException {
        String cls = readString(in);
        String msg = in.readBoolean() ? readString(in) : null;
        int n = in.readInt();
        if (n > MAX_STACK_FRAMES) {
            throw new IOException("corrupt control stream: " + n + " stack frames");
        }
        // A frame is at least two empty strings, a flag and a line number.
        in.count(n, 13, "stack frames");
        List<StackTraceElement> st = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String c = readString(in);
            String m = readString(in);
            String f = in.readBoolean() ? readString(in) : null;
            st.add(new StackTraceElement(c, m, f, in.readInt()));
        }
        boolean more = in.readBoolean();
        if (more && depth + 1 >= MAX_CAUSE_DEPTH) {
            throw new IOException("corrupt control stream: causes nested deeper than " + MAX_CAUSE_DEPTH);
        }
        RemoteTaskException cause = more ? readThrowable(in, depth + 1) : null;
        return new RemoteTaskException(cls, msg, st.toArray(StackTraceElement[]::new), cause);
    }
}
