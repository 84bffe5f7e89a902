package dev.panamax.pool.internal;

import dev.panamax.core.internal.Libc;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The worker's end of the frame channel: its original standard output, moved to a private file descriptor so that
 * nothing else can write into it. A JVM writes to file descriptor 1 on its own (the banner of a fatal error, some
 * warnings), which would corrupt the frames; after {@code fd = dup(1); dup2(2, 1)} all of that goes to stderr,
 * where the pool shows it as the worker's output, and only this channel writes to the pipe. Where the calls are
 * not available (not Linux, no native access), the frames stay on file descriptor 1.
 */
final class FrameChannel {
    private FrameChannel() {
    }

    /** @return the stream that carries the worker's frames to the pool */
    static OutputStream open() {
        if (Libc.linux() && Libc.nativeAccessEnabled()) {
            int fd = Libc.dup(1);
            if (fd >= 0) {
                try {
                    // The pipe opened again through /proc: a stream of our own on the same pipe, at fd 'fd'.
                    OutputStream out = new FileOutputStream("/proc/self/fd/" + fd);
                    if (Libc.dup2(2, 1) >= 0) {
                        return out;
                    }
                    out.close();
                } catch (IOException | RuntimeException e) {
                    // fall back to file descriptor 1
                }
            }
        }
        return new FileOutputStream(FileDescriptor.out);
    }
}
