package dev.panamax.shm;

import java.io.IOException;

/**
 * A shared segment operation failed for a reason about the segment itself (it exists, it is missing, it does
 * not fit, it is not what the caller expected). The message names the segment and what was expected.
 */
public class SegmentException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its message.
     *
     * @param message what went wrong, naming the segment
     */
    public SegmentException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its message and cause.
     *
     * @param message what went wrong, naming the segment
     * @param cause the underlying failure
     */
    public SegmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
