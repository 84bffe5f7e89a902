package dev.panamax.shm;

/**
 * Create found the name already taken; the existing file is left untouched.
 */
public final class SegmentExistsException extends SegmentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its message.
     *
     * @param message what went wrong, naming the segment
     */
    public SegmentExistsException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its message and cause.
     *
     * @param message what went wrong, naming the segment
     * @param cause the underlying failure
     */
    public SegmentExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
