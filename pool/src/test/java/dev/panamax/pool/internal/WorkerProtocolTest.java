package dev.panamax.pool.internal;

import dev.panamax.core.internal.JvmCommand;
import dev.panamax.pool.RemoteTaskException;
import dev.panamax.pool.TestTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real worker process spoken to directly, frame by frame, as a corrupt or hostile parent would: counts in a
 * frame are bounded by its length, and a class that is not a task never runs its static initialiser.
 */
class WorkerProtocolTest {
    /** A worker JVM with its raw control channel. */
    private static final class RawWorker implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final InputStream out;

        RawWorker(Path dir, String... jvmArgs) throws IOException {
            List<String> cmd = JvmCommand.current().jvmArgs(List.of(jvmArgs)).jvmArg("-XX:+ExitOnOutOfMemoryError")
                    .mainClass(WorkerMain.class, "0", dir.toString()).build();
            process = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
            in = process.getOutputStream();
            out = process.getInputStream();
            byte[] magic = out.readNBytes(Wire.MAGIC.length);
            assertArrayEquals(Wire.MAGIC, magic, "the handshake starts with the magic");
            Wire.Received ready = Wire.read(out);
            assertNotNull(ready);
            assertEquals(Wire.READY, ready.type);
        }

        void sendRaw(byte[] frame) throws IOException {
            in.write(frame);
            in.flush();
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A JOB frame that declares {@code count} argument sets but carries none of them. */
    private static byte[] jobDeclaring(int count) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(payload);
        d.writeByte(Wire.JOB);
        d.writeLong(1);
        d.writeByte(0);
        Wire.writeString(d, TestTasks.Echo.class.getName());
        d.writeInt(count);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(frame);
        f.writeInt(payload.size());
        f.write(payload.toByteArray());
        return frame.toByteArray();
    }

    @Test
    void aFrameDeclaringMillionsOfArgumentSetsIsRefusedWithoutAllocatingThem(@TempDir Path dir) throws Exception {
        byte[] frame = jobDeclaring(60_000_000);
        assertTrue(frame.length < 100, "a frame of " + frame.length + " bytes");
        try (RawWorker w = new RawWorker(dir, "-Xmx16m")) {
            w.sendRaw(frame);
            assertTrue(w.process.waitFor(30, TimeUnit.SECONDS), "the worker exits on a corrupt frame");
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(err.contains("corrupt control stream: 60000000 argument sets in a frame with 0 bytes left"),
                    err);
            assertFalse(err.contains("OutOfMemoryError"), err);
        }
    }

    @Test
    void countsInsideAFrameAreCheckedAgainstItsLength() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(payload);
        d.writeInt(Integer.MAX_VALUE);
        byte[] bytes = payload.toByteArray();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(frame);
        f.writeInt(bytes.length + 1);
        f.writeByte(Wire.OUTCOMES);
        f.write(bytes);
        Wire.Received r = Wire.read(new java.io.ByteArrayInputStream(frame.toByteArray()));
        IOException e = assertThrows(IOException.class, () -> Wire.readString(r));
        assertTrue(e.getMessage().contains("2147483647 string bytes in a frame with 0 bytes left"), e.getMessage());
    }

    @Test
    void aClassThatIsNotATaskIsRefusedBeforeItsStaticInitialiserRuns(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("marker");
        try (RawWorker w = new RawWorker(dir, "-Dpanamax.test.marker=" + marker)) {
            Wire.Frame f = new Wire.Frame(Wire.JOB);
            f.data.writeLong(7);
            f.data.writeByte(0);
            Wire.writeString(f.data, TestTasks.NotATaskWithStaticInit.class.getName());
            f.data.writeInt(1);
            f.data.writeInt(0);
            f.sendTo(w.in);
            Wire.Received r = Wire.read(w.out);
            assertNotNull(r);
            assertEquals(Wire.OUTCOMES, r.type);
            assertEquals(7, r.readLong());
            assertEquals(1, r.readInt());
            assertFalse(r.readBoolean(), "the job failed");
            RemoteTaskException e = Wire.readThrowable(r);
            assertEquals("java.lang.ClassCastException", e.remoteClassName());
            assertTrue(e.remoteMessage().contains("does not implement dev.panamax.pool.Task"), e.remoteMessage());
            assertFalse(Files.exists(marker), "the static initialiser of a class that is not a task never runs");
        }
    }

    @Test
    void aTruncatedFrameIsAnEndOfStreamNotAHang() {
        byte[] cut = "\u0000\u0000\u0000\u0010\u0002abc".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(java.io.EOFException.class, () -> Wire.read(new java.io.ByteArrayInputStream(cut)));
    }
}
